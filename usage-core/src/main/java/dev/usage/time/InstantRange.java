package dev.usage.time;

import static java.util.Objects.requireNonNull;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.threeten.extra.Interval;

/**
 * A half-open range of instants, {@code [startInstant, endInstant)}, such as
 * {@code 2026-04-01T00:00:00Z/2026-04-02T12:00:00Z}, for callers that hold instants rather than
 * calendar days.
 *
 * <p>The end is exclusive and strictly after the start, so a range is never empty. Its days are
 * the UTC days it touches, from the day of the start to the day of the last instant before the
 * end: a range from noon to noon touches two days. There may be at most {@value
 * UsageRange#MAX_DAYS} of them, the same limit as {@link UsageRange}, so that
 * {@link #toUsageRange()} always succeeds and a store never scans more day buckets than for a
 * day range. Instants must lie in the years 0000 to 9999 in UTC.
 *
 * <p>{@link #toString()} gives {@code start/end} as threeten-extra's {@link Interval} does, and
 * {@link #parse(CharSequence)} is its exact inverse.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param startInstant the first instant, inclusive
 * @param endInstant the instant just after the range, exclusive
 */
public record InstantRange(Instant startInstant, Instant endInstant) {

  /**
   * Validates a range.
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRangeException if the end is not after the start, the range touches more than
   *     {@value UsageRange#MAX_DAYS} UTC days, or an instant is outside the years 0000 to 9999
   * @param startInstant the first instant, inclusive
   * @param endInstant the instant just after the range, exclusive
   */
  public InstantRange {
    requireNonNull(startInstant, "startInstant");
    requireNonNull(endInstant, "endInstant");
    if (startInstant.isBefore(DateText.MIN_INSTANT)) {
      throw InvalidRangeException.of(Reason.UNSUPPORTED_YEAR, "start instant " + startInstant
          + " is outside the supported years 0000 to 9999");
    }
    if (endInstant.isAfter(DateText.MAX_INSTANT)) {
      throw InvalidRangeException.of(Reason.UNSUPPORTED_YEAR, "end instant " + endInstant
          + " is outside the supported years 0000 to 9999");
    }
    if (!endInstant.isAfter(startInstant)) {
      throw InvalidRangeException.of(Reason.END_BEFORE_START, "end instant " + endInstant
          + " is not after start instant " + startInstant);
    }
    long days = touchedDays(startInstant, endInstant);
    if (days > UsageRange.MAX_DAYS) {
      throw InvalidRangeException.of(Reason.TOO_LONG, "range " + startInstant + "/" + endInstant + " touches " + days
          + " UTC days, more than the limit of " + UsageRange.MAX_DAYS);
    }
  }

  /**
   * Obtains a range from its inclusive start and exclusive end.
   *
   * @param startInstant the first instant, inclusive
   * @param endInstant the instant just after the range, strictly after {@code startInstant}
   * @return the range, not null
   * @throws InvalidRangeException if the range breaks a rule in the class description
   */
  public static InstantRange of(Instant startInstant, Instant endInstant) {
    return new InstantRange(startInstant, endInstant);
  }

  /**
   * Obtains a range from two ISO-8601 instants such as {@code 2026-04-01T00:00:00Z}, read as
   * {@link Instant#parse} does; the end is exclusive.
   *
   * @param startInstant the first instant, inclusive
   * @param endInstant the instant just after the range, exclusive
   * @return the range, not null
   * @throws InvalidRangeException if a text is malformed or the range breaks a rule
   */
  public static InstantRange parse(CharSequence startInstant, CharSequence endInstant) {
    requireNonNull(startInstant, "startInstant");
    requireNonNull(endInstant, "endInstant");
    return new InstantRange(
        DateText.parseInstant(startInstant), DateText.parseInstant(endInstant));
  }

  /**
   * Obtains a range from the text {@link #toString()} gives, such as
   * {@code 2026-04-01T00:00:00Z/2026-04-02T00:00:00Z}.
   *
   * @param text the range text, two ISO-8601 instants joined by {@code /}
   * @return the range, not null
   * @throws InvalidRangeException if the text is malformed or the range breaks a rule
   */
  public static InstantRange parse(CharSequence text) {
    String s = requireNonNull(text, "text").toString();
    int slash = s.indexOf('/');
    if (slash < 0 || s.indexOf('/', slash + 1) >= 0) {
      throw InvalidRangeException.malformed(null, "malformed instant range '" + s
          + "', expected two ISO-8601 instants joined by '/'");
    }
    return parse(s.substring(0, slash), s.substring(slash + 1));
  }

  /**
   * Returns the UTC days the range touches, in order: from the day of the start to the day of
   * the last instant before the end.
   *
   * @return an unmodifiable list of {@link #dayCount()} consecutive days, not null
   */
  public List<LocalDate> days() {
    return toUsageRange().days();
  }

  /**
   * Returns the number of UTC days the range touches.
   *
   * @return the day count, from 1 to {@value UsageRange#MAX_DAYS}
   */
  public int dayCount() {
    return (int) touchedDays(startInstant, endInstant);
  }

  /**
   * Checks whether an instant is in {@code [startInstant, endInstant)}.
   *
   * @param instant the instant to check
   * @return true if the instant is at or after the start and before the end
   */
  public boolean contains(Instant instant) {
    requireNonNull(instant, "instant");
    return !instant.isBefore(startInstant) && instant.isBefore(endInstant);
  }

  /**
   * Returns the UTC day range this range touches, which covers it and may extend past either end
   * to whole days.
   *
   * @return the smallest UTC day range containing every instant of this range, not null
   */
  public UsageRange toUsageRange() {
    return UsageRange.of(firstDay(startInstant), lastDay(endInstant));
  }

  /**
   * Converts to the equal threeten-extra interval.
   *
   * @return the interval {@code [startInstant, endInstant)}, not null
   */
  public Interval toInterval() {
    return Interval.of(startInstant, endInstant);
  }

  /**
   * Returns {@code startInstant/endInstant} in ISO-8601, e.g.
   * {@code 2026-04-01T00:00:00Z/2026-04-02T00:00:00Z}.
   *
   * @return the text {@link #parse(CharSequence)} reads back to an equal range, not null
   */
  @Override
  public String toString() {
    return startInstant + "/" + endInstant;
  }

  private static long touchedDays(Instant start, Instant end) {
    return lastDay(end).toEpochDay() - firstDay(start).toEpochDay() + 1;
  }

  private static LocalDate firstDay(Instant start) {
    return LocalDate.ofInstant(start, ZoneOffset.UTC);
  }

  /** The day of the last instant before the exclusive end, so an end at midnight adds no day. */
  private static LocalDate lastDay(Instant end) {
    return LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
  }
}
