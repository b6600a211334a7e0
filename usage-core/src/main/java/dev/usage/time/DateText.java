package dev.usage.time;

import static java.util.Objects.requireNonNull;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Strict reading of the text forms, and the year bounds that keep them round-trippable. */
final class DateText {

  static final int MIN_YEAR = 0;
  static final int MAX_YEAR = 9999;

  /** The first instant of year 0000 in UTC; instant ranges may not start before it. */
  static final Instant MIN_INSTANT = LocalDate.of(MIN_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC)
      .toInstant();

  /** The first instant of year 10000 in UTC; instant ranges may not end after it. */
  static final Instant MAX_INSTANT = LocalDate.of(MAX_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC)
      .toInstant();

  private DateText() {}

  /**
   * Reads exactly {@code YYYY-MM-DD}. {@link LocalDate#parse} is not enough on its own: it reads
   * signed years such as {@code +2026-04-01}, which would let two texts name one date.
   */
  static LocalDate parseDate(CharSequence text) {
    requireNonNull(text, "text");
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      throw malformedDate(text, null);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    if (year < 0 || month < 0 || day < 0) {
      throw malformedDate(text, null);
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw malformedDate(text, e);
    }
  }

  /** Reads an ISO-8601 instant such as {@code 2026-04-01T00:00:00Z}, as {@link Instant#parse}. */
  static Instant parseInstant(CharSequence text) {
    requireNonNull(text, "text");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw InvalidRangeException.malformed(e, "malformed instant '" + text
          + "', expected ISO-8601 like 2026-04-01T00:00:00Z");
    }
  }

  /** Reads a zone ID such as {@code Europe/Berlin} or {@code +05:30}. */
  static ZoneId parseZone(CharSequence text) {
    try {
      return ZoneId.of(text.toString());
    } catch (DateTimeException e) {
      throw InvalidRangeException.malformed(e, "malformed zone '" + text
          + "', expected a region like Europe/Berlin or an offset like +05:30");
    }
  }

  /** Rejects dates whose {@code toString()} is not four-digit {@code YYYY-MM-DD}. */
  static void checkYear(LocalDate date, String name) {
    if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
      throw InvalidRangeException.of(Reason.UNSUPPORTED_YEAR, name + " " + date
          + " is outside the supported years 0000 to 9999");
    }
  }

  private static int digits(CharSequence text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      // Character.isDigit would also accept Arabic-Indic and other non-ASCII digits.
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static InvalidRangeException malformedDate(CharSequence text, Throwable cause) {
    return InvalidRangeException.malformed(cause, "malformed date '" + text + "', expected YYYY-MM-DD");
  }
}
