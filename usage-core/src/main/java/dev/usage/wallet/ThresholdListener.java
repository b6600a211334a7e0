package dev.usage.wallet;

/**
 * Told when a wallet's usage rises to or past a threshold.
 *
 * <p>Each threshold is reported once as usage crosses it upward, not again on every debit above it.
 * When usage falls back below a threshold (a top-up, an expiring spent grant), the threshold is
 * re-armed and a later rise reports it again. A change that jumps over both thresholds reports
 * both, warning first.
 *
 * <p>The wallet calls listeners after it has released its lock, on the thread whose call made or
 * noticed the change. A listener that throws is logged and skipped; the wallet's operation has
 * already succeeded and is not affected.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ThresholdListener {

  /**
   * Receives a crossing.
   *
   * @param crossing what was crossed, by how much usage, when
   */
  void onCrossing(ThresholdCrossing crossing);
}
