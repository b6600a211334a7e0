package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * A keyset position in a newest-first scan: the time and id of the last event of a page. Stores
 * may use it to issue and read their cursors, so that paging never needs an offset.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param occurredAt the time of the last event returned
 * @param id the id of the last event returned
 */
public record ScanCursor(Instant occurredAt, EventId id) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * Validates.
   *
   * @param occurredAt the time of the last event returned
   * @param id the id of the last event returned
   */
  public ScanCursor {
    requireNonNull(occurredAt, "occurredAt");
    requireNonNull(id, "id");
  }

  /**
   * Reads a cursor made by {@link #encode()}.
   *
   * @param text the cursor text
   * @return the cursor
   * @throws IllegalArgumentException if the text is not such a cursor
   */
  public static ScanCursor decode(String text) {
    requireNonNull(text, "cursor");
    try {
      String[] parts = new String(DECODER.decode(text), StandardCharsets.UTF_8).split("\n", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("malformed scan cursor '" + text + "'");
      }
      Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
      return new ScanCursor(at, EventId.of(parts[2].startsWith("\n") ? fromUtf16Hex(parts[2]) : parts[2]));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException("malformed scan cursor '" + text + "'", e);
    }
  }

  /** {@return the cursor as an opaque URL-safe string} */
  public String encode() {
    String value = id.value();
    // UTF-8 cannot carry a lone surrogate (it becomes '?', and the next page starts at the wrong
    // id), so such an id travels as its UTF-16 code units in hexadecimal, after a line feed that
    // no id starts with (ids hold no control characters); other ids keep the form cursors
    // issued before had.
    String idPart = isWellFormed(value) ? value : toUtf16Hex(value);
    String plain = occurredAt.getEpochSecond() + "\n" + occurredAt.getNano() + "\n" + idPart;
    return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String toUtf16Hex(String s) {
    StringBuilder b = new StringBuilder(1 + 4 * s.length()).append('\n');
    for (int i = 0; i < s.length(); i++) {
      String unit = Integer.toHexString(s.charAt(i));
      b.append("0".repeat(4 - unit.length())).append(unit);
    }
    return b.toString();
  }

  /** Reads what {@link #toUtf16Hex} wrote; throws IllegalArgumentException if it is not that. */
  private static String fromUtf16Hex(String text) {
    if ((text.length() - 1) % 4 != 0) {
      throw new IllegalArgumentException("malformed id in scan cursor");
    }
    char[] units = new char[(text.length() - 1) / 4];
    for (int i = 0; i < units.length; i++) {
      units[i] = (char) Integer.parseInt(text, 1 + 4 * i, 5 + 4 * i, 16);
    }
    return new String(units);
  }

  /**
   * Returns whether an event at {@code at} with {@code eventId} comes after this position in a
   * newest-first scan.
   *
   * @param at the event's time
   * @param eventId the event's id
   * @return true if the event belongs to a later page
   */
  public boolean precedes(Instant at, EventId eventId) {
    int byTime = at.compareTo(occurredAt);
    return byTime < 0 || (byTime == 0 && compareIds(eventId, id) < 0);
  }

  /**
   * Compares event ids in code-point order, which is the byte order of their UTF-8 form and so the
   * order of a binary ({@code COLLATE "C"}) SQL index; {@link String#compareTo} differs from it
   * for characters above U+FFFF.
   *
   * @param a an id
   * @param b another id
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   */
  public static int compareIds(EventId a, EventId b) {
    String x = a.value();
    String y = b.value();
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int cx = x.codePointAt(i);
      int cy = y.codePointAt(j);
      if (cx != cy) {
        return Integer.compare(cx, cy);
      }
      i += Character.charCount(cx);
      j += Character.charCount(cy);
    }
    return Integer.compare(x.length() - i, y.length() - j);
  }
}
