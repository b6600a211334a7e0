package dev.usage.report;

import dev.usage.time.UsageRange;
import java.time.Clock;

/**
 * The period presets of the billable metrics page, besides its default, the current billing
 * period ({@link BillableMetricsReport#defaultRange(int, Clock)}). Each gives UTC days.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum BillablePeriod {
  /** Today alone. */
  TODAY,
  /** The 7 days ending today, today included. */
  LAST_7_DAYS,
  /** Every day of the current month, including days still to come. */
  THIS_MONTH,
  /** Every day of the month before the current one. */
  LAST_MONTH;

  /**
   * Returns the days of this period as of now.
   *
   * @param clock gives the current instant; its zone is ignored
   * @return the UTC range, not null
   */
  public UsageRange range(Clock clock) {
    return switch (this) {
      case TODAY -> UsageRange.today(clock);
      case LAST_7_DAYS -> UsageRange.lastDays(7, clock);
      case THIS_MONTH -> UsageRange.thisMonth(clock);
      case LAST_MONTH -> UsageRange.lastMonth(clock);
    };
  }
}
