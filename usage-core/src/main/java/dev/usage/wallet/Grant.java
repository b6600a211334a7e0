package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Credit added to a wallet: an amount, usable from {@link #effectiveAt()} until {@link
 * #expiresAt()}, drawn in the order of {@link #priority()}.
 *
 * <p>A grant is usable at an instant {@code t} when {@code effectiveAt ≤ t < expiresAt}: the
 * expiry instant itself is the first instant it is gone.
 *
 * <p>Debits draw from usable grants in this order, the wallet's <em>draw order</em>:
 *
 * <ol>
 *   <li>lower {@link #priority()} first (priority 0 before priority 10);
 *   <li>then the soonest expiry first, grants that never expire last, so that credit about to lapse
 *       is used before it is lost;
 *   <li>then the oldest {@link #effectiveAt()} first;
 *   <li>then by {@link #id()}, so that the order is total and the same on every run.
 * </ol>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the idempotency key of the grant within its wallet: 1 to 300 characters, no control
 *     characters
 * @param kind why it was added
 * @param amount the credit, above zero
 * @param priority lower is drawn first; any {@code int}, 0 by default
 * @param effectiveAt the first instant the credit is usable
 * @param expiresAt the first instant the credit is no longer usable, after {@code effectiveAt}; empty
 *     if it never expires
 */
public record Grant(
    String id, GrantKind kind, Credits amount, int priority, Instant effectiveAt, Optional<Instant> expiresAt) {

  /** The longest id accepted. */
  public static final int MAX_ID_LENGTH = 300;

  /** The order debits draw grants in. */
  public static final Comparator<Grant> DRAW_ORDER = Comparator.comparingInt(Grant::priority)
      .thenComparing(g -> g.expiresAt().orElse(Instant.MAX))
      .thenComparing(Grant::effectiveAt)
      .thenComparing(Grant::id);

  /**
   * Validates the grant.
   *
   * @throws IllegalArgumentException if the id is malformed, the amount is not above zero or the
   *     expiry is not after the effective time
   * @param id the idempotency key of the grant within its wallet: 1 to 300 characters, no control
   *     characters
   * @param kind why it was added
   * @param amount the credit, above zero
   * @param priority lower is drawn first; any {@code int}, 0 by default
   * @param effectiveAt the first instant the credit is usable
   * @param expiresAt the first instant the credit is no longer usable, after {@code effectiveAt}; empty
   *     if it never expires
   */
  public Grant {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(amount, "amount");
    requireNonNull(effectiveAt, "effectiveAt");
    requireNonNull(expiresAt, "expiresAt");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("grant id must be 1 to " + MAX_ID_LENGTH
          + " characters without control characters but was '" + id + "'");
    }
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("amount of grant " + id + " must be above zero but was " + amount);
    }
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(effectiveAt)) {
      throw new IllegalArgumentException("expiry " + expiresAt.get() + " of grant " + id
          + " must be after its effective time " + effectiveAt);
    }
  }

  /**
   * Obtains a grant of priority 0 that never expires.
   *
   * @param id the idempotency key within the wallet
   * @param kind why it is added
   * @param amount the credit, above zero
   * @param effectiveAt the first instant the credit is usable
   * @return the grant
   * @throws IllegalArgumentException if the id is malformed or the amount not above zero
   */
  public static Grant of(String id, GrantKind kind, Credits amount, Instant effectiveAt) {
    return new Grant(id, kind, amount, 0, effectiveAt, Optional.empty());
  }

  /**
   * Returns a copy with another priority.
   *
   * @param priority lower is drawn first
   * @return the copy
   */
  public Grant withPriority(int priority) {
    return new Grant(id, kind, amount, priority, effectiveAt, expiresAt);
  }

  /**
   * Returns a copy that expires.
   *
   * @param expiresAt the first instant the credit is gone, after the effective time
   * @return the copy
   * @throws IllegalArgumentException if {@code expiresAt} is not after the effective time
   */
  public Grant withExpiry(Instant expiresAt) {
    return new Grant(id, kind, amount, priority, effectiveAt, Optional.of(requireNonNull(expiresAt, "expiresAt")));
  }

  /**
   * Returns whether the credit is usable at {@code instant}.
   *
   * @param instant any instant
   * @return true if {@code effectiveAt ≤ instant < expiresAt}
   */
  public boolean isUsableAt(Instant instant) {
    requireNonNull(instant, "instant");
    return !effectiveAt.isAfter(instant) && expiresAt.map(instant::isBefore).orElse(true);
  }
}
