package dev.usage.report;

import dev.usage.time.UsageRange;
import java.time.Clock;

/**
 * The period presets of the billable metrics and credit usage pages. Each gives UTC days.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum BillablePeriod {
  /** Today alone. */
  TODAY,
  /** The 7 days ending today, today included. */
  LAST_7_DAYS,
  /** The 30 days ending today, today included: the credit usage page's default. */
  LAST_30_DAYS,
  /** Every day of the current month, including days still to come. */
  THIS_MONTH,
  /** Every day of the month before the current one. */
  LAST_MONTH,
  /**
   * The current billing period, from the tenant's billing anchor day: the billable metrics page's
   * default. With anchor day 1 it is {@link #THIS_MONTH}.
   */
  BILLING_PERIOD;

  /**
   * Returns the days of this period as of now, for a billing cycle that starts on the first of the
   * month.
   *
   * @param clock gives the current instant; its zone is ignored
   * @return the UTC range
   */
  public UsageRange range(Clock clock) {
    return range(1, clock);
  }

  /**
   * Returns the days of this period as of now.
   *
   * @param anchorDay the day of the month the tenant's billing periods start on, 1 to 31; only
   *     {@link #BILLING_PERIOD} reads it
   * @param clock gives the current instant; its zone is ignored
   * @return the UTC range
   * @throws IllegalArgumentException if the anchor day is outside 1 to 31
   */
  public UsageRange range(int anchorDay, Clock clock) {
    UsageRange billingPeriod = UsageRange.billingPeriod(anchorDay, clock);
    return switch (this) {
      case TODAY -> UsageRange.today(clock);
      case LAST_7_DAYS -> UsageRange.lastDays(7, clock);
      case LAST_30_DAYS -> UsageRange.lastDays(30, clock);
      case THIS_MONTH -> UsageRange.thisMonth(clock);
      case LAST_MONTH -> UsageRange.lastMonth(clock);
      case BILLING_PERIOD -> billingPeriod;
    };
  }
}
