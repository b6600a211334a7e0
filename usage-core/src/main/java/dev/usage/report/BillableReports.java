package dev.usage.report;

import static com.google.common.base.Preconditions.checkArgument;

import dev.usage.event.TenantId;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the member usage, billable metrics and credit usage reports share: the merge rule for
 * ranges, newest-first scans, capped lists and percentages.
 */
final class BillableReports {

  /** How a percentage of a report is rounded: one decimal place, half up. */
  static final int PERCENT_SCALE = 1;

  static final RoundingMode PERCENT_ROUNDING = RoundingMode.HALF_UP;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private BillableReports() {}

  /** Checks that two reports to merge are of one tenant. */
  static void checkSameTenant(String report, TenantId tenant, TenantId other) {
    checkArgument(tenant.equals(other), "%s of tenant %s cannot merge a report of tenant %s", report, tenant, other);
  }

  /** Checks that {@code days} are the days of {@code range}, in order. */
  static void checkDays(String what, UsageRange range, List<LocalDate> days) {
    checkArgument(days.size() == range.dayCount(), "%s has %s days but range %s has %s",
        what, days.size(), range, range.dayCount());
    for (int i = 0; i < days.size(); i++) {
      LocalDate expected = range.start().plusDays(i);
      checkArgument(days.get(i).equals(expected), "%s lists day %s where range %s has %s",
          what, days.get(i), range, expected);
    }
  }

  /** Returns the index of {@code day} in the days of {@code range}. */
  static int dayIndex(UsageRange range, LocalDate day) {
    long i = day.toEpochDay() - range.start().toEpochDay();
    if (i < 0 || i >= range.dayCount()) {
      throw new IllegalStateException("store returned day " + day + " outside range " + range);
    }
    return (int) i;
  }

  /**
   * Returns a tenant's newest events in a range that pass {@code filter}, at most {@code limit},
   * newest first, reading as few pages as it can.
   */
  static List<PricedEvent> newest(UsageStore store, TenantId tenant, UsageRange range, EventFilter filter,
      int limit) {
    List<PricedEvent> events = new ArrayList<>(Math.min(limit, ScanQuery.MAX_PAGE_SIZE));
    if (limit == 0) {
      return List.of();
    }
    ScanQuery query = ScanQuery.firstPage(tenant, range.startInstant(), range.endInstant(), filter,
        Math.min(limit, ScanQuery.MAX_PAGE_SIZE));
    while (true) {
      EventPage page = store.scan(query);
      for (PricedEvent e : page.events()) {
        events.add(e);
        if (events.size() == limit) {
          return List.copyOf(events);
        }
      }
      Optional<String> next = page.nextCursor();
      if (next.isEmpty()) {
        return List.copyOf(events);
      }
      query = query.after(next.get());
    }
  }

  /**
   * Returns the first {@code limit} items of {@code newer} followed by {@code older}: the newest
   * items of two adjacent ranges' newest-first lists.
   */
  static <T> List<T> recap(List<T> newer, List<T> older, int limit) {
    List<T> all = new ArrayList<>(newer);
    all.addAll(older);
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /** Returns {@code part} of {@code whole} in percent, at scale 1, half up; {@code whole} above zero. */
  static BigDecimal percent(long part, long whole) {
    return BigDecimal.valueOf(part).multiply(HUNDRED)
        .divide(BigDecimal.valueOf(whole), PERCENT_SCALE, PERCENT_ROUNDING);
  }

  /** Checks that a list limit is 0 to the largest page a store serves. */
  static int checkLimit(String what, int limit) {
    checkArgument(limit >= 0 && limit <= ScanQuery.MAX_PAGE_SIZE,
        "%s must be 0 to %s but was %s", what, ScanQuery.MAX_PAGE_SIZE, limit);
    return limit;
  }
}
