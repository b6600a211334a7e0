package dev.usage.sms;

import java.util.List;
import java.util.Objects;

/**
 * The encoding, size and segments of one SMS text, as returned by {@link
 * SmsSegments#analyze(CharSequence)}.
 *
 * <p>Units are septets for {@link SmsEncoding#GSM_7}, counting an extension character as two, and
 * UTF-16 code units for {@link SmsEncoding#UCS_2}. Empty text is one empty segment of zero units,
 * since an empty message is still one message to send and bill.
 *
 * <p>The constructor checks that the counts agree with each other and that each segment fits its
 * encoding's limit; it does not re-read the segments' text, so a hand-built value can still claim
 * units its text does not have. Prefer {@link SmsSegments#analyze(CharSequence)}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param encoding the encoding the whole message is sent in
 * @param characterCount the Unicode code points in the text, an unpaired surrogate counting as one
 * @param unitCount the units of the whole text, the sum of {@code unitsPerSegment}
 * @param segments the text of each segment in sending order; they concatenate to the text
 * @param unitsPerSegment the units of each segment, in the same order as {@code segments}
 */
public record SmsAnalysis(
    SmsEncoding encoding,
    int characterCount,
    int unitCount,
    List<String> segments,
    List<Integer> unitsPerSegment) {

  /**
   * Creates an analysis, copying both lists.
   *
   * @throws NullPointerException if {@code encoding}, a list, or an element of a list is null
   * @throws IllegalArgumentException if a count is negative, there are no segments, the lists
   *     differ in size, a segment holds more units than its encoding allows, or {@code unitCount}
   *     is not the sum of {@code unitsPerSegment}
   * @param encoding the encoding the whole message is sent in
   * @param characterCount the Unicode code points in the text, an unpaired surrogate counting as one
   * @param unitCount the units of the whole text, the sum of {@code unitsPerSegment}
   * @param segments the text of each segment in sending order; they concatenate to the text
   * @param unitsPerSegment the units of each segment, in the same order as {@code segments}
   */
  public SmsAnalysis {
    Objects.requireNonNull(encoding, "encoding");
    // List.copyOf returns lists built by List.of unchanged, so analyze() pays for no second copy.
    segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    unitsPerSegment = List.copyOf(Objects.requireNonNull(unitsPerSegment, "unitsPerSegment"));
    if (characterCount < 0) {
      throw new IllegalArgumentException("character count " + characterCount + " is negative");
    }
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("segments " + segments + " are empty; empty text is one empty segment");
    }
    if (segments.size() != unitsPerSegment.size()) {
      throw new IllegalArgumentException("units per segment has " + unitsPerSegment.size() + " entries but there are "
          + segments.size() + " segments");
    }
    int limit = encoding.limitFor(segments.size());
    long sum = 0;
    for (int i = 0; i < unitsPerSegment.size(); i++) {
      int units = unitsPerSegment.get(i);
      if (units < 0 || units > limit) {
        throw new IllegalArgumentException("segment " + i + " holds " + units + " units, outside 0 to " + limit
            + " for its encoding and segment count");
      }
      sum += units;
    }
    if (unitCount != sum) {
      throw new IllegalArgumentException("unit count " + unitCount + " is not the sum of units per segment " + sum);
    }
  }

  /** {@return the number of segments, each billed as one SMS; at least 1} */
  public int segmentCount() {
    return segments.size();
  }
}
