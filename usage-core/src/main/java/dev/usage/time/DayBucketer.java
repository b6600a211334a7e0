package dev.usage.time;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * Assigns epoch milliseconds to the days of a {@link UsageRange} without allocating, for the hot
 * aggregation path where a {@code ZonedDateTime} per event would dominate the cost.
 *
 * <p>{@link #utcEpochDay(long)} buckets by UTC day with one division. An instance built by
 * {@link #of(UsageRange)} holds the start instant of each day of a range, in any zone, and
 * {@link #dayIndex(long)} finds an instant's day by binary search over those boundaries, or by
 * one division when the zone has a fixed offset. Either way the answer equals
 * {@code LocalDate.ofInstant(instant, zone)}, including on 23- and 25-hour days.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class DayBucketer {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final UsageRange range;
  /** Start of each day in epoch millis, plus the range's end: dayCount + 1 ascending values. */
  private final long[] boundaries;
  private final boolean fixedOffset;

  private DayBucketer(UsageRange range) {
    this.range = range;
    int dayCount = range.dayCount();
    this.boundaries = new long[dayCount + 1];
    LocalDate day = range.start();
    for (int i = 0; i <= dayCount; i++) {
      boundaries[i] = day.atStartOfDay(range.zone()).toInstant().toEpochMilli();
      day = day.plusDays(1);
    }
    this.fixedOffset = range.zone().getRules().isFixedOffset();
  }

  /**
   * Returns the UTC epoch day, as {@link LocalDate#toEpochDay()} counts, on which an instant
   * falls; days before 1970 are negative.
   *
   * @param epochMilli the instant in milliseconds since 1970-01-01T00:00:00Z, any value
   * @return {@code LocalDate.ofInstant(Instant.ofEpochMilli(epochMilli), UTC).toEpochDay()}
   */
  public static long utcEpochDay(long epochMilli) {
    // floorDiv, not '/', so that 1969-12-31T23:59:59.999Z (-1 ms) is day -1, not day 0.
    return Math.floorDiv(epochMilli, MILLIS_PER_DAY);
  }

  /**
   * Obtains a bucketer for the days of a range in the range's zone.
   *
   * @param range the range whose days are the buckets
   * @return the bucketer, not null
   */
  public static DayBucketer of(UsageRange range) {
    return new DayBucketer(requireNonNull(range, "range"));
  }

  /**
   * Returns the index in {@link UsageRange#days()} of the day on which an instant falls, or -1
   * if the instant is outside {@code [startInstant, endInstant)}. Returning -1 rather than
   * throwing keeps events outside the range cheap to skip.
   *
   * @param epochMilli the instant in milliseconds since 1970-01-01T00:00:00Z, any value
   * @return the day index from 0 to {@code dayCount() - 1}, or -1 if outside the range
   */
  public int dayIndex(long epochMilli) {
    long[] b = boundaries;
    int last = b.length - 1;
    if (epochMilli < b[0] || epochMilli >= b[last]) {
      return -1;
    }
    if (fixedOffset) {
      return (int) ((epochMilli - b[0]) / MILLIS_PER_DAY);
    }
    // The largest i with b[i] <= epochMilli. Taking the largest matters where a zone skipped a
    // whole day (Pacific/Apia, 2011-12-30): that day's start equals the next day's, and no
    // instant belongs to it.
    int lo = 0;
    int hi = last - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (b[mid] <= epochMilli) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * Returns the day at an index, as {@code range().days().get(index)}.
   *
   * @param index the day index, from 0 to {@code dayCount() - 1}
   * @return the day, not null
   * @throws IndexOutOfBoundsException if the index is outside 0 to {@code dayCount() - 1}
   */
  public LocalDate day(int index) {
    if (index < 0 || index >= dayCount()) {
      throw new IndexOutOfBoundsException(
          "day index " + index + " is outside 0 to " + (dayCount() - 1));
    }
    return range.start().plusDays(index);
  }

  /**
   * Returns the number of days, and so of buckets.
   *
   * @return the range's day count
   */
  public int dayCount() {
    return boundaries.length - 1;
  }

  /**
   * Returns the range whose days are the buckets.
   *
   * @return the range, not null
   */
  public UsageRange range() {
    return range;
  }

  @Override
  public String toString() {
    return "DayBucketer[" + range + "]";
  }
}
