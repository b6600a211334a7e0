package dev.usage.time;

import static java.util.Objects.requireNonNull;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.AbstractList;
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
   */
  public UsageRange {
    requireNonNull(start, "start");
    requireNonNull(endInclusive, "endInclusive");
    // Normalising makes "UTC", "Etc/UTC" and "Z" one zone, so equals and toString agree.
    zone = requireNonNull(zone, "zone").normalized();
    DateText.checkYear(start, "start date");
    DateText.checkYear(endInclusive, "end date");
    if (endInclusive.isBefore(start)) {
      throw InvalidRangeException.of(Reason.END_BEFORE_START,
          "end date %s is before start date %s", endInclusive, start);
    }
    long days = endInclusive.toEpochDay() - start.toEpochDay() + 1;
    if (days > MAX_DAYS) {
      throw InvalidRangeException.of(Reason.TOO_LONG,
          "range %s/%s has %s days, more than the limit of %s", start, endInclusive, days,
          MAX_DAYS);
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
   * be in the range; {@code contains(dayOf(i))} equals {@code contains(i)}. For many events use
   * {@link DayBucketer}, which allocates nothing per call.
   *
   * @param instant the instant to bucket
   * @return the day in the zone, not null
   */
  public LocalDate dayOf(Instant instant) {
    requireNonNull(instant, "instant");
    return LocalDate.ofInstant(instant, zone);
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

  private static InvalidRangeException malformedRange(String text) {
    return InvalidRangeException.malformed(null,
        "malformed range '%s', expected YYYY-MM-DD/YYYY-MM-DD, optionally followed by [zone]",
        text);
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
        throw new IndexOutOfBoundsException("day index " + index + " is outside 0 to " + size);
      }
      return start.plusDays(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
