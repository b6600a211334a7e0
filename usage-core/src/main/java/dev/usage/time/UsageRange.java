package dev.usage.time;

import static java.util.Objects.requireNonNull;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import org.threeten.extra.Interval;
import org.threeten.extra.LocalDateRange;

/**
 * An inclusive range of calendar days in a zone, such as {@code 2026-04-01/2026-04-30}, that
 * covers the half-open instant interval {@code [startInstant(), endInstant())}.
 *
 * <p>Both {@link #start()} and {@link #endInclusive()} are included, as a user means when asking
 * for "1 to 30 April". The zone is UTC unless given, because usage is bucketed by UTC day. A day
 * in the zone runs from its start of day to the next day's start of day, so across a daylight
 * saving change it lasts 23 or 25 hours.
 *
 * <p>Every range has 1 to {@value #MAX_DAYS} days and years 0000 to 9999; each factory, the
 * constructor, {@link #union} and the splits enforce this, so a range in hand is always one a
 * caller may ask for. Rule breaks throw {@link InvalidRangeException}.
 *
 * <p>Presets such as {@link #lastDays(int, Clock)} and {@link #billingPeriod(int, Clock)} read
 * the current instant from an injected {@link Clock} and take today as the date in the range's
 * zone: UTC, or the zone passed to the overload that takes one. The clock's own zone is ignored,
 * so a server's default zone never shifts a report by a day.
 *
 * <p>{@link #toString()} gives {@code 2026-04-01/2026-04-30} in UTC and
 * {@code 2026-04-01/2026-04-30[America/Los_Angeles]} otherwise; {@link #parse(CharSequence)} is
 * its exact inverse.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param start the first day, inclusive
 * @param endInclusive the last day, inclusive
 * @param zone the zone whose calendar days these are; normalised, so {@code ZoneId.of("UTC")}
 *     becomes {@link ZoneOffset#UTC}
 */
public record UsageRange(LocalDate start, LocalDate endInclusive, ZoneId zone) {

  /** The most days a range may cover: a leap year. */
  public static final int MAX_DAYS = 366;

  /**
   * Validates and normalises a range.
   *
   * @throws NullPointerException if any argument is null
   * @throws InvalidRangeException if the end is before the start, the range has more than
   *     {@value #MAX_DAYS} days, or a year is outside 0000 to 9999
   * @param start the first day, inclusive
   * @param endInclusive the last day, inclusive
   * @param zone the zone whose calendar days these are; normalised, so {@code ZoneId.of("UTC")}
   *     becomes {@link ZoneOffset#UTC}
   */
  public UsageRange {
    requireNonNull(start, "start");
    requireNonNull(endInclusive, "endInclusive");
    // Normalising makes "UTC", "Etc/UTC" and "Z" one zone, so equals and toString agree.
    zone = requireNonNull(zone, "zone").normalized();
    DateText.checkYear(start, "start date");
    DateText.checkYear(endInclusive, "end date");
    if (endInclusive.isBefore(start)) {
      throw InvalidRangeException.of(Reason.END_BEFORE_START, "end date " + endInclusive + " is before start date "
          + start);
    }
    long days = endInclusive.toEpochDay() - start.toEpochDay() + 1;
    if (days > MAX_DAYS) {
      throw InvalidRangeException.of(Reason.TOO_LONG, "range " + start + "/" + endInclusive + " has " + days
          + " days, more than the limit of " + MAX_DAYS);
    }
  }

  /**
   * Obtains a range of UTC days.
   *
   * @param start the first day, inclusive
   * @param endInclusive the last day, inclusive, not before {@code start}
   * @return the range, not null
   * @throws InvalidRangeException if the range breaks a rule in the class description
   */
  public static UsageRange of(LocalDate start, LocalDate endInclusive) {
    return new UsageRange(start, endInclusive, ZoneOffset.UTC);
  }

  /**
   * Obtains a range of days in a zone.
   *
   * @param start the first day, inclusive
   * @param endInclusive the last day, inclusive, not before {@code start}
   * @param zone the zone of the days
   * @return the range, not null
   * @throws InvalidRangeException if the range breaks a rule in the class description
   */
  public static UsageRange of(LocalDate start, LocalDate endInclusive, ZoneId zone) {
    return new UsageRange(start, endInclusive, zone);
  }

  /**
   * Obtains a range of UTC days from two {@code YYYY-MM-DD} texts, both inclusive.
   *
   * @param start the first day, exactly {@code YYYY-MM-DD}
   * @param endInclusive the last day, exactly {@code YYYY-MM-DD}
   * @return the range, not null
   * @throws InvalidRangeException if a text is malformed or the range breaks a rule
   */
  public static UsageRange parse(CharSequence start, CharSequence endInclusive) {
    return parse(start, endInclusive, ZoneOffset.UTC);
  }

  /**
   * Obtains a range of days in a zone from two {@code YYYY-MM-DD} texts, both inclusive.
   *
   * <p>Parsing is strict: {@code 2026-4-1}, {@code 2026-02-30}, {@code +2026-04-01} and text with
   * whitespace are rejected.
   *
   * @param start the first day, exactly {@code YYYY-MM-DD}
   * @param endInclusive the last day, exactly {@code YYYY-MM-DD}
   * @param zone the zone of the days
   * @return the range, not null
   * @throws InvalidRangeException if a text is malformed or the range breaks a rule
   */
  public static UsageRange parse(CharSequence start, CharSequence endInclusive, ZoneId zone) {
    requireNonNull(start, "start");
    requireNonNull(endInclusive, "endInclusive");
    requireNonNull(zone, "zone");
    return new UsageRange(DateText.parseDate(start), DateText.parseDate(endInclusive), zone);
  }

  /**
   * Obtains a range from the text {@link #toString()} gives: {@code 2026-04-01/2026-04-30} for
   * UTC, or {@code 2026-04-01/2026-04-30[Europe/Berlin]} with a zone ID in brackets.
   *
   * @param text the range text
   * @return the range, not null
   * @throws InvalidRangeException if the text is malformed or the range breaks a rule
   */
  public static UsageRange parse(CharSequence text) {
    String s = requireNonNull(text, "text").toString();
    String dates = s;
    ZoneId zone = ZoneOffset.UTC;
    int open = s.indexOf('[');
    if (open >= 0 || s.indexOf(']') >= 0) {
      // Zone IDs hold '/', so the zone is cut off before looking for the dates' separator.
      if (open < 0 || s.indexOf(']') != s.length() - 1) {
        throw malformedRange(s);
      }
      zone = DateText.parseZone(s.substring(open + 1, s.length() - 1));
      dates = s.substring(0, open);
    }
    int slash = dates.indexOf('/');
    if (slash < 0 || dates.indexOf('/', slash + 1) >= 0) {
      throw malformedRange(s);
    }
    return parse(dates.substring(0, slash), dates.substring(slash + 1), zone);
  }

  // Presets. The clock supplies only the instant: "today" is the date in the range's zone, UTC
  // unless given, never the clock's zone, so a server in any zone reports the same UTC days.

  /**
   * Obtains the range of today alone, in UTC.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return today's one-day range, not null
   */
  public static UsageRange today(Clock clock) {
    return today(clock, ZoneOffset.UTC);
  }

  /**
   * Obtains the range of today alone, in a zone.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose today it is
   * @return today's one-day range, not null
   */
  public static UsageRange today(Clock clock, ZoneId zone) {
    LocalDate today = today0(clock, zone);
    return new UsageRange(today, today, zone);
  }

  /**
   * Obtains the {@code n} UTC days ending today, today included: {@code lastDays(7, clock)} on 30
   * April is 24 to 30 April.
   *
   * @param n the number of days, from 1 to {@value #MAX_DAYS}
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return the range, not null
   * @throws IllegalArgumentException if {@code n} is less than 1
   * @throws InvalidRangeException if {@code n} is more than {@value #MAX_DAYS}
   */
  public static UsageRange lastDays(int n, Clock clock) {
    return lastDays(n, clock, ZoneOffset.UTC);
  }

  /**
   * Obtains the {@code n} days ending today in a zone, today included.
   *
   * @param n the number of days, from 1 to {@value #MAX_DAYS}
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose days they are
   * @return the range, not null
   * @throws IllegalArgumentException if {@code n} is less than 1
   * @throws InvalidRangeException if {@code n} is more than {@value #MAX_DAYS}
   */
  public static UsageRange lastDays(int n, Clock clock, ZoneId zone) {
    if (n < 1) {
      throw new IllegalArgumentException("day count " + n + " is less than 1");
    }
    LocalDate today = today0(clock, zone);
    return new UsageRange(today.minusDays(n - 1L), today, zone);
  }

  /**
   * Obtains the UTC days from the first of the current month to today, both included.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return the range, one day long on the first of a month, not null
   */
  public static UsageRange monthToDate(Clock clock) {
    return monthToDate(clock, ZoneOffset.UTC);
  }

  /**
   * Obtains the days from the first of the current month to today in a zone, both included.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose days they are
   * @return the range, one day long on the first of a month, not null
   */
  public static UsageRange monthToDate(Clock clock, ZoneId zone) {
    LocalDate today = today0(clock, zone);
    return new UsageRange(today.withDayOfMonth(1), today, zone);
  }

  /**
   * Obtains every UTC day of the current month, including days still to come.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return the range from the first to the last of the month, not null
   */
  public static UsageRange thisMonth(Clock clock) {
    return thisMonth(clock, ZoneOffset.UTC);
  }

  /**
   * Obtains every day of the current month in a zone, including days still to come.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose days they are
   * @return the range from the first to the last of the month, not null
   */
  public static UsageRange thisMonth(Clock clock, ZoneId zone) {
    return month(YearMonth.from(today0(clock, zone)), zone);
  }

  /**
   * Obtains every UTC day of the month before the current one.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return the range from the first to the last of last month, not null
   */
  public static UsageRange lastMonth(Clock clock) {
    return lastMonth(clock, ZoneOffset.UTC);
  }

  /**
   * Obtains every day of the month before the current one in a zone.
   *
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose days they are
   * @return the range from the first to the last of last month, not null
   */
  public static UsageRange lastMonth(Clock clock, ZoneId zone) {
    return month(YearMonth.from(today0(clock, zone)).minusMonths(1), zone);
  }

  /**
   * Obtains the current UTC billing period of a cycle that starts on a day of each month.
   *
   * <p>A period starts on {@code anchorDayOfMonth}, or on the last day of a month too short to
   * have it, and ends the day before the next period starts. With anchor 31 the periods are 31
   * January to 27 February, 28 February to 30 March, 31 March to 29 April, and so on; with
   * anchor 1 they are calendar months.
   *
   * @param anchorDayOfMonth the day of the month each period starts on, from 1 to 31
   * @param clock the clock that gives the current instant; its zone is ignored
   * @return the period containing today, not null
   * @throws IllegalArgumentException if the anchor is outside 1 to 31
   */
  public static UsageRange billingPeriod(int anchorDayOfMonth, Clock clock) {
    return billingPeriod(anchorDayOfMonth, clock, ZoneOffset.UTC);
  }

  /**
   * Obtains the current billing period, in a zone, of a cycle that starts on a day of each month;
   * see {@link #billingPeriod(int, Clock)}.
   *
   * @param anchorDayOfMonth the day of the month each period starts on, from 1 to 31
   * @param clock the clock that gives the current instant; its zone is ignored
   * @param zone the zone whose days they are
   * @return the period containing today, not null
   * @throws IllegalArgumentException if the anchor is outside 1 to 31
   */
  public static UsageRange billingPeriod(int anchorDayOfMonth, Clock clock, ZoneId zone) {
    if (anchorDayOfMonth < 1 || anchorDayOfMonth > 31) {
      throw new IllegalArgumentException("billing anchor day " + anchorDayOfMonth + " is outside 1 to 31");
    }
    LocalDate today = today0(clock, zone);
    YearMonth month = YearMonth.from(today);
    LocalDate start = periodStart(month, anchorDayOfMonth);
    if (today.isBefore(start)) {
      month = month.minusMonths(1);
      start = periodStart(month, anchorDayOfMonth);
    }
    LocalDate next = periodStart(month.plusMonths(1), anchorDayOfMonth);
    return new UsageRange(start, next.minusDays(1), zone);
  }

  /**
   * Returns the first instant of the range: the start of {@link #start()} in the zone.
   *
   * @return the inclusive start instant, not null
   */
  public Instant startInstant() {
    return start.atStartOfDay(zone).toInstant();
  }

  /**
   * Returns the instant just after the range: the start of the day after
   * {@link #endInclusive()} in the zone.
   *
   * @return the exclusive end instant, not null
   */
  public Instant endInstant() {
    return endInclusive.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * Returns the number of days in the range, counting both ends.
   *
   * @return the day count, from 1 to {@value #MAX_DAYS}
   */
  public int dayCount() {
    return (int) (endInclusive.toEpochDay() - start.toEpochDay() + 1);
  }

  /**
   * Returns every day of the range in order, from {@link #start()} to {@link #endInclusive()}.
   *
   * @return an unmodifiable list of {@link #dayCount()} consecutive days, not null
   */
  public List<LocalDate> days() {
    return new DayList(start, dayCount());
  }

  /**
   * Checks whether a day is in the range, ends included.
   *
   * @param day the day to check
   * @return true if {@code day} is from {@link #start()} to {@link #endInclusive()}
   */
  public boolean contains(LocalDate day) {
    requireNonNull(day, "day");
    return !day.isBefore(start) && !day.isAfter(endInclusive);
  }

  /**
   * Checks whether an instant is in {@code [startInstant(), endInstant())}.
   *
   * @param instant the instant to check
   * @return true if the instant falls on a day of the range in its zone
   */
  public boolean contains(Instant instant) {
    requireNonNull(instant, "instant");
    return !instant.isBefore(startInstant()) && instant.isBefore(endInstant());
  }

  /**
   * Returns the calendar day, in the range's zone, on which an instant falls. The instant need not
   * be in the range; {@code contains(dayOf(i))} equals {@code contains(i)}.
   *
   * @param instant the instant to bucket
   * @return the day in the zone, not null
   */
  public LocalDate dayOf(Instant instant) {
    requireNonNull(instant, "instant");
    return LocalDate.ofInstant(instant, zone);
  }

  /**
   * Checks whether this range ends the day before the other starts, or starts the day after it
   * ends, in the same zone; such ranges share no day and leave no gap.
   *
   * @param other the other range
   * @return true if the ranges are in one zone and touch without overlapping
   */
  public boolean abuts(UsageRange other) {
    requireNonNull(other, "other");
    return zone.equals(other.zone)
        && (endInclusive.plusDays(1).equals(other.start)
            || other.endInclusive.plusDays(1).equals(start));
  }

  /**
   * Checks whether this range shares at least one day with the other, in the same zone.
   *
   * @param other the other range
   * @return true if the ranges are in one zone and have a day in common
   */
  public boolean overlaps(UsageRange other) {
    requireNonNull(other, "other");
    return zone.equals(other.zone)
        && !start.isAfter(other.endInclusive)
        && !other.start.isAfter(endInclusive);
  }

  /**
   * Checks whether this range overlaps or abuts the other, so that {@link #union} can join them.
   *
   * @param other the other range
   * @return true if the ranges are in one zone and leave no day between them
   */
  public boolean isConnected(UsageRange other) {
    return overlaps(other) || abuts(other);
  }

  /**
   * Returns the smallest range covering this range and the other, which must overlap or abut it.
   *
   * <p>The union is bound by the {@value #MAX_DAYS}-day limit like any other range: two
   * adjacent ranges of 200 days do not join. Keeping the limit everywhere means no code path can
   * build a range a caller could not have asked for.
   *
   * @param other a range in the same zone that overlaps or abuts this one
   * @return the joined range, not null
   * @throws InvalidRangeException if the zones differ, the ranges leave a gap, or the union has
   *     more than {@value #MAX_DAYS} days
   */
  public UsageRange union(UsageRange other) {
    requireNonNull(other, "other");
    if (!zone.equals(other.zone)) {
      throw InvalidRangeException.of(Reason.ZONE_MISMATCH, "range " + other + " is in zone " + other.zone.getId()
          + ", not in zone " + zone.getId() + " of range " + this);
    }
    if (!isConnected(other)) {
      // Guessing the gap's days in would report usage nobody asked for; LocalDateRange refuses too.
      throw InvalidRangeException.of(Reason.DISCONNECTED, "range " + other + " neither overlaps nor abuts range "
          + this);
    }
    LocalDate first = start.isBefore(other.start) ? start : other.start;
    LocalDate last = endInclusive.isAfter(other.endInclusive) ? endInclusive : other.endInclusive;
    return new UsageRange(first, last, zone);
  }

  /**
   * Cuts the range at month boundaries: one piece per calendar month it touches, the first and
   * last possibly partial. Pieces are in order, abut each other and together cover the range.
   *
   * @return the pieces, from 1 to 13, in an unmodifiable list, not null
   */
  public List<UsageRange> splitByMonth() {
    List<UsageRange> pieces = new ArrayList<>();
    LocalDate cursor = start;
    while (!cursor.isAfter(endInclusive)) {
      LocalDate monthEnd = YearMonth.from(cursor).atEndOfMonth();
      LocalDate pieceEnd = monthEnd.isBefore(endInclusive) ? monthEnd : endInclusive;
      pieces.add(new UsageRange(cursor, pieceEnd, zone));
      cursor = pieceEnd.plusDays(1);
    }
    return List.copyOf(pieces);
  }

  /**
   * Cuts the range into consecutive pieces of {@code n} days, the last possibly shorter. Pieces
   * are in order, abut each other and together cover the range.
   *
   * @param n the most days per piece, at least 1
   * @return the pieces in an unmodifiable list, not null
   * @throws IllegalArgumentException if {@code n} is less than 1
   */
  public List<UsageRange> splitByDays(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("piece length " + n + " is less than 1 day");
    }
    List<UsageRange> pieces = new ArrayList<>();
    LocalDate cursor = start;
    while (!cursor.isAfter(endInclusive)) {
      LocalDate pieceEnd = cursor.plusDays(n - 1L);
      if (pieceEnd.isAfter(endInclusive)) {
        pieceEnd = endInclusive;
      }
      pieces.add(new UsageRange(cursor, pieceEnd, zone));
      cursor = pieceEnd.plusDays(1);
    }
    return List.copyOf(pieces);
  }

  /**
   * Converts to the equivalent threeten-extra date range, which drops the zone.
   *
   * @return the range of the same days, not null
   */
  public LocalDateRange toLocalDateRange() {
    return LocalDateRange.ofClosed(start, endInclusive);
  }

  /**
   * Converts to the half-open instant interval {@code [startInstant(), endInstant())}.
   *
   * @return the interval, not null
   */
  public Interval toInterval() {
    return Interval.of(startInstant(), endInstant());
  }

  /**
   * Returns {@code start/endInclusive}, followed by {@code [zone]} unless the zone is UTC, e.g.
   * {@code 2026-04-01/2026-04-30[America/Los_Angeles]}.
   *
   * @return the text {@link #parse(CharSequence)} reads back to an equal range, not null
   */
  @Override
  public String toString() {
    String dates = start + "/" + endInclusive;
    return zone.equals(ZoneOffset.UTC) ? dates : dates + "[" + zone.getId() + "]";
  }

  private static LocalDate today0(Clock clock, ZoneId zone) {
    requireNonNull(clock, "clock");
    requireNonNull(zone, "zone");
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  private static UsageRange month(YearMonth month, ZoneId zone) {
    return new UsageRange(month.atDay(1), month.atEndOfMonth(), zone);
  }

  /** Clamps the anchor to the month's length, so anchor 31 starts February's period on 28/29. */
  private static LocalDate periodStart(YearMonth month, int anchorDayOfMonth) {
    return month.atDay(Math.min(anchorDayOfMonth, month.lengthOfMonth()));
  }

  private static InvalidRangeException malformedRange(String text) {
    return InvalidRangeException.malformed(null, "malformed range '" + text
        + "', expected YYYY-MM-DD/YYYY-MM-DD, optionally followed by [zone]");
  }

  /** A view computed from the start, so days() costs no allocation per day until read. */
  private static final class DayList extends AbstractList<LocalDate> implements RandomAccess {
    private final LocalDate start;
    private final int size;

    DayList(LocalDate start, int size) {
      this.start = start;
      this.size = size;
    }

    @Override
    public LocalDate get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(
            "day index " + index + " is outside 0 to " + (size - 1));
      }
      return start.plusDays(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
