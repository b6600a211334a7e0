package dev.usage.wallet;

/**
 * Why credit was added to a wallet. The kind is for people reading the ledger; it does not change
 * how credit is drawn, which {@link Grant#priority()} and expiry decide.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum GrantKind {
  /** The credit a plan grants each period. */
  PLAN_GRANT,
  /** Credit the tenant bought. */
  TOP_UP,
  /** Free credit from a promotion, usually expiring. */
  PROMOTION,
  /** A correction by an operator, such as a goodwill credit or a refund. */
  ADJUSTMENT
}
