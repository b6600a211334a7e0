package dev.usage.wallet;

/**
 * How close usage is to its limit, by the {@link Thresholds} of a wallet.
 *
 * <p>Bands are ordered: {@code OK < WARNING < CRITICAL}, so {@link #compareTo(Enum)} says which is
 * worse.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum HealthBand {
  /** Below the warning threshold. */
  OK,
  /** At or above the warning threshold, below the critical one. */
  WARNING,
  /** At or above the critical threshold. */
  CRITICAL
}
