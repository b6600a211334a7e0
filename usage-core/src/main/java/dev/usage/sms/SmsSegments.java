package dev.usage.sms;

import java.util.List;
import java.util.Objects;

/**
 * Splits SMS text into the segments a carrier sends and bills, after 3GPP TS 23.038 and TS 23.040.
 *
 * <p>Both methods read the text once to choose the encoding and count units and code points, and
 * a second time only when a multipart message holds an extension character or a surrogate pair,
 * whose two units must share a segment. Neither allocates per character: {@link
 * #segmentCount(CharSequence)} allocates nothing, and {@link #analyze(CharSequence)} allocates the
 * segment strings and a few objects per segment. The text must not change while a method reads
 * it. This class is immutable and thread-safe.
 */
public final class SmsSegments {

  private SmsSegments() {}

  /**
   * Returns the encoding, size and segments of {@code text}.
   *
   * <p>The message is {@link SmsEncoding#GSM_7} when every character is in the GSM 7 bit default
   * alphabet or its extension table, and {@link SmsEncoding#UCS_2} otherwise, including when the
   * text holds U+001B or an unpaired surrogate. It is one segment when its units fit {@link
   * SmsEncoding#singleSegmentLimit()}; otherwise segments are filled greedily to {@link
   * SmsEncoding#multipartSegmentLimit()}, never splitting an extension character's two septets or a
   * surrogate pair, which leaves such a segment one unit short.
   *
   * <p>A single segment is {@code text.toString()}, so a {@code String} is not copied; the segments
   * of a multipart message are {@code text.subSequence(start, end).toString()}.
   *
   * @param text any text, possibly empty; empty text is one empty segment
   * @return the analysis; never null
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} needs more than {@link Integer#MAX_VALUE}
   *     septets, which takes over a billion extension characters
   */
  public static SmsAnalysis analyze(CharSequence text) {
    Objects.requireNonNull(text, "text");
    long scan = scanGsm7(text);
    if (scan >= 0) {
      return analyzeGsm7(text, checkedSeptets(text, scan));
    }
    return analyzeUcs2(text, (int) ~scan);
  }

  /**
   * Returns the number of segments {@code text} is sent as, which is what a carrier bills; equal to
   * {@code analyze(text).segmentCount()} but without allocating.
   *
   * @param text any text, possibly empty; empty text is one segment
   * @return the segment count; at least 1
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} needs more than {@link Integer#MAX_VALUE}
   *     septets
   */
  public static int segmentCount(CharSequence text) {
    Objects.requireNonNull(text, "text");
    long scan = scanGsm7(text);
    int length = text.length();
    if (scan >= 0) {
      int septets = checkedSeptets(text, scan);
      if (septets <= SmsEncoding.GSM_7.singleSegmentLimit()) {
        return 1;
      }
      if (septets == length) {
        return ceilDiv(length, SmsEncoding.GSM_7.multipartSegmentLimit());
      }
      return cutGsm7(text, null, null);
    }
    if (length <= SmsEncoding.UCS_2.singleSegmentLimit()) {
      return 1;
    }
    if (countSurrogatePairs(text, (int) ~scan) == 0) {
      return ceilDiv(length, SmsEncoding.UCS_2.multipartSegmentLimit());
    }
    return cutUcs2(text, null, null);
  }

  /**
   * Returns the septets of {@code text} if it is all GSM 7 bit, or else {@code ~i} (a negative
   * number) for the index {@code i} of its first character that is not, so the UCS-2 path can skip
   * what was already read. Packing both into a long keeps the hot loop free of allocation; the
   * long sum cannot overflow, as each of at most 2^31 characters adds at most 2.
   */
  private static long scanGsm7(CharSequence text) {
    int length = text.length();
    long septets = 0;
    for (int i = 0; i < length; i++) {
      int cost = Gsm7Alphabet.septets(text.charAt(i));
      if (cost == Gsm7Alphabet.NOT_GSM) {
        return ~i;
      }
      septets += cost;
    }
    return septets;
  }

  private static int checkedSeptets(CharSequence text, long septets) {
    if (septets > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("text of " + text.length() + " characters needs " + septets
          + " septets, more than the " + Integer.MAX_VALUE + " an SmsAnalysis can count");
    }
    return (int) septets;
  }

  private static SmsAnalysis analyzeGsm7(CharSequence text, int septets) {
    SmsEncoding encoding = SmsEncoding.GSM_7;
    // Every GSM character is one code point in the Basic Multilingual Plane.
    int characters = text.length();
    if (septets <= encoding.singleSegmentLimit()) {
      return single(encoding, text, characters, septets);
    }
    if (septets == characters) {
      return fixedCuts(encoding, text, characters);
    }
    int capacity = septets / (encoding.multipartSegmentLimit() - 1) + 1;
    int[] ends = new int[capacity];
    int[] units = new int[capacity];
    int count = cutGsm7(text, ends, units);
    return multipart(encoding, text, characters, septets, ends, units, count);
  }

  private static SmsAnalysis analyzeUcs2(CharSequence text, int firstNonGsm) {
    SmsEncoding encoding = SmsEncoding.UCS_2;
    int length = text.length();
    int pairs = countSurrogatePairs(text, firstNonGsm);
    int characters = length - pairs;
    if (length <= encoding.singleSegmentLimit()) {
      return single(encoding, text, characters, length);
    }
    if (pairs == 0) {
      return fixedCuts(encoding, text, characters);
    }
    int capacity = length / (encoding.multipartSegmentLimit() - 1) + 1;
    int[] ends = new int[capacity];
    int[] units = new int[capacity];
    int count = cutUcs2(text, ends, units);
    return multipart(encoding, text, characters, length, ends, units, count);
  }

  /**
   * Counts high surrogates directly followed by a low surrogate, from {@code from} on. No pair
   * starts before the first non-GSM character, as a high surrogate is itself not GSM.
   */
  private static int countSurrogatePairs(CharSequence text, int from) {
    int length = text.length();
    int pairs = 0;
    for (int i = from; i < length; i++) {
      if (Character.isHighSurrogate(text.charAt(i))
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        pairs++;
        i++;
      }
    }
    return pairs;
  }

  /**
   * Fills multipart GSM 7 bit segments greedily and returns how many there are, recording each
   * segment's end index and septets when the arrays are given. An extension character never
   * straddles two segments: TS 23.038 clause 6.2.1.1 makes the escape and its character one
   * character, and a receiver that showed each segment alone would print the wrong glyph. Greedy
   * filling is minimal here, as no character costs more than a segment holds.
   */
  private static int cutGsm7(CharSequence text, int[] ends, int[] units) {
    int limit = SmsEncoding.GSM_7.multipartSegmentLimit();
    int length = text.length();
    int count = 0;
    int used = 0;
    for (int i = 0; i < length; i++) {
      int cost = Gsm7Alphabet.septets(text.charAt(i));
      if (used + cost > limit) {
        count = record(ends, units, count, i, used);
        used = 0;
      }
      used += cost;
    }
    return record(ends, units, count, length, used);
  }

  /**
   * Fills multipart UCS-2 segments greedily, as {@link #cutGsm7} does. A surrogate pair is one
   * character, and a handset cannot show either half alone, so the pair moves whole to the next
   * segment; an unpaired surrogate is one unit that may go anywhere.
   */
  private static int cutUcs2(CharSequence text, int[] ends, int[] units) {
    int limit = SmsEncoding.UCS_2.multipartSegmentLimit();
    int length = text.length();
    int count = 0;
    int used = 0;
    int i = 0;
    while (i < length) {
      int cost =
          Character.isHighSurrogate(text.charAt(i))
                  && i + 1 < length
                  && Character.isLowSurrogate(text.charAt(i + 1))
              ? 2
              : 1;
      if (used + cost > limit) {
        count = record(ends, units, count, i, used);
        used = 0;
      }
      used += cost;
      i += cost;
    }
    return record(ends, units, count, length, used);
  }

  private static int record(int[] ends, int[] units, int count, int end, int used) {
    if (ends != null) {
      ends[count] = end;
      units[count] = used;
    }
    return count + 1;
  }

  private static SmsAnalysis single(
      SmsEncoding encoding, CharSequence text, int characters, int units) {
    return new SmsAnalysis(
        encoding, characters, units, List.of(text.toString()), List.of(units));
  }

  /** Cuts text whose every character costs one unit at each multipart limit, without a walk. */
  private static SmsAnalysis fixedCuts(SmsEncoding encoding, CharSequence text, int characters) {
    int limit = encoding.multipartSegmentLimit();
    int length = text.length();
    int count = ceilDiv(length, limit);
    String[] segments = new String[count];
    Integer[] units = new Integer[count];
    for (int k = 0; k < count; k++) {
      int start = k * limit;
      int end = Math.min(start + limit, length);
      segments[k] = text.subSequence(start, end).toString();
      units[k] = end - start;
    }
    return new SmsAnalysis(encoding, characters, length, List.of(segments), List.of(units));
  }

  private static SmsAnalysis multipart(
      SmsEncoding encoding,
      CharSequence text,
      int characters,
      int totalUnits,
      int[] ends,
      int[] units,
      int count) {
    String[] segments = new String[count];
    Integer[] boxedUnits = new Integer[count];
    int start = 0;
    for (int k = 0; k < count; k++) {
      segments[k] = text.subSequence(start, ends[k]).toString();
      boxedUnits[k] = units[k];
      start = ends[k];
    }
    return new SmsAnalysis(
        encoding, characters, totalUnits, List.of(segments), List.of(boxedUnits));
  }

  /** Returns {@code dividend / divisor} rounded up, for a dividend of zero or more and a positive divisor. */
  static int ceilDiv(int dividend, int divisor) {
    // Java 17 has no Math.ceilDiv. Lengths are never negative here; unlike (dividend + divisor - 1)
    // this cannot overflow near Integer.MAX_VALUE.
    return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
  }
}
