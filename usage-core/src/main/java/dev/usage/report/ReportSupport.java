package dev.usage.report;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * What the reports share: the one store query each makes, newest-first scans, minutes,
 * percentages, merging and the checks of their values.
 */
final class ReportSupport {

  /**
   * The value reports show for a dimension an event does not carry. {@code Dimensions} refuses
   * empty values, so it never stands for a real phone number, provider or model, and it sorts
   * first, as stores sort absent values.
   */
  static final String ABSENT = "";

  /**
   * Decimal places of the minutes reports serve: a minute is a whole number of seconds over 60, so
   * six places keep each value within a microminute (0.00006 s) of the exact one.
   */
  static final int MINUTES_SCALE = 6;

  private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);

  /** How a percentage of a report is rounded: one decimal place, half up. */
  static final int PERCENT_SCALE = 1;

  static final RoundingMode PERCENT_ROUNDING = RoundingMode.HALF_UP;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private ReportSupport() {}

  /**
   * Aggregates a tenant's events on the days of {@code range}, days in the range's zone.
   *
   * @param filter which events; its metrics decide what the report reads
   * @param groupBy the group keys, {@link GroupKey#METRIC} among them
   */
  static List<AggregateRow> aggregate(
      UsageStore store, TenantId tenant, UsageRange range, EventFilter filter, GroupKey... groupBy) {
    requireNonNull(store, "store");
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    return store.aggregate(AggregateQuery.builder(tenant, range).filter(filter).groupBy(groupBy).build());
  }

  /** Returns a filter that keeps these metrics only. */
  static EventFilter metrics(Metric... metrics) {
    return EventFilter.all().withMetrics(metrics);
  }

  /** Returns the value of {@code key} in {@code row}, or {@link #ABSENT}. */
  static String value(AggregateRow row, GroupKey key) {
    return row.get(key).orElse(ABSENT);
  }

  /** Returns exact seconds as minutes, rounded half up to {@value #MINUTES_SCALE} places. */
  static BigDecimal minutes(long seconds) {
    return BigDecimal.valueOf(seconds).divide(SECONDS_PER_MINUTE, MINUTES_SCALE, RoundingMode.HALF_UP);
  }

  /**
   * Returns each day's seconds as minutes such that the days add up to {@link #minutes} of their
   * total exactly: each day is the rounded minutes of the seconds through that day less those
   * through the day before. Rounding each day alone would let a client that sums the days miss the
   * total in the last place; this way each day is still within a unit of the last place of its
   * exact value.
   */
  static List<BigDecimal> minutesAddingUp(long[] seconds) {
    List<BigDecimal> days = new ArrayList<>(seconds.length);
    BigDecimal before = minutes(0);
    long through = 0;
    for (long s : seconds) {
      through = add(through, s);
      BigDecimal now = minutes(through);
      days.add(now.subtract(before));
      before = now;
    }
    return days;
  }

  /** Adds two quantities of a report, refusing to wrap. */
  static long add(long a, long b) {
    return UsageOverflowException.addExact(a, b, "report total");
  }

  /** Sums a quantity over a report's rows, refusing to wrap. */
  static <T> long sum(List<T> rows, ToLongFunction<? super T> field) {
    long total = 0;
    for (T row : rows) {
      total = add(total, field.applyAsLong(row));
    }
    return total;
  }

  /**
   * Returns the range of a report merged from a report over {@code first} and one over {@code
   * next}, which must start the day after {@code first} ends, in the same zone.
   *
   * @throws IllegalArgumentException if {@code next} does not directly follow {@code first}, or
   *     the union is longer than a range may be
   */
  static UsageRange follow(UsageRange first, UsageRange next) {
    requireNonNull(next, "other");
    if (!first.zone().equals(next.zone()) || !first.endInclusive().plusDays(1).equals(next.start())) {
      throw new IllegalArgumentException("report range " + next + " must start the day after report range " + first
          + " ends, in the same zone");
    }
    return first.union(next);
  }

  /** Returns {@code a} followed by {@code b}. */
  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  /**
   * Checks that {@code items} are in strictly ascending {@code order}: sorted, no key twice.
   *
   * @throws IllegalArgumentException naming {@code what} and the first offending pair
   */
  static <T> void checkStrictlyAscending(List<T> items, Comparator<? super T> order, String what) {
    for (int i = 1; i < items.size(); i++) {
      if (order.compare(items.get(i - 1), items.get(i)) >= 0) {
        throw new IllegalArgumentException(what + " must be sorted with no key twice but " + items.get(i - 1)
            + " comes before " + items.get(i));
      }
    }
  }

  /**
   * Checks that each row's day lies in the report's range, and that the rows are in strictly
   * ascending {@code order}.
   *
   * @param what the rows' name in the singular, e.g. {@code phone row}
   * @throws IllegalArgumentException naming the day and the range, or the first pair out of order
   */
  static <T extends DatedRow> void checkDayRows(UsageRange range, List<T> rows, Comparator<? super T> order,
      String what) {
    for (T row : rows) {
      if (!range.contains(row.date())) {
        throw new IllegalArgumentException(what + " day " + row.date() + " is outside report range " + range);
      }
    }
    checkStrictlyAscending(rows, order, what + "s");
  }

  /** Checks that two reports to merge are of one tenant. */
  static void checkSameTenant(String report, TenantId tenant, TenantId other) {
    if (!tenant.equals(other)) {
      throw new IllegalArgumentException(report + " of tenant " + tenant + " cannot merge a report of tenant " + other);
    }
  }

  /** Checks that {@code days} are the days of {@code range}, in order. */
  static void checkDays(String what, UsageRange range, List<LocalDate> days) {
    if (days.size() != range.dayCount()) {
      throw new IllegalArgumentException(what + " has " + days.size() + " days but range " + range + " has "
          + range.dayCount());
    }
    for (int i = 0; i < days.size(); i++) {
      LocalDate expected = range.start().plusDays(i);
      if (!days.get(i).equals(expected)) {
        throw new IllegalArgumentException(what + " lists day " + days.get(i) + " where range " + range + " has "
            + expected);
      }
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
    if (limit < 0 || limit > ScanQuery.MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(what + " must be 0 to " + ScanQuery.MAX_PAGE_SIZE + " but was " + limit);
    }
    return limit;
  }
}
