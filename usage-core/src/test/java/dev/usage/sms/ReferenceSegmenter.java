package dev.usage.sms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A slow, independent model of SMS segmenting for tests: its own transcription of the GSM 03.38
 * tables as sets, and the fewest segments found by dynamic programming rather than greedily.
 */
final class ReferenceSegmenter {

  /**
   * The basic table of 3GPP TS 23.038 figure 6.2.1 column by column (b7b6b5 = 0 to 7), each
   * column's rows b4b3b2b1 = 0 to F. Column 1 row B is the escape to the extension table, written
   * here as U+001B and taken out of {@link #BASIC}.
   */
  static final List<String> BASIC_COLUMNS =
      List.of(
          "@£$¥èéùìòÇ\nØø\rÅå",
          "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ",
          " !\"#¤%&'()*+,-./",
          "0123456789:;<=>?",
          "¡ABCDEFGHIJKLMNO",
          "PQRSTUVWXYZÄÖÑÜ§",
          "¿abcdefghijklmno",
          "pqrstuvwxyzäöñüà");

  /** The extension table of TS 23.038 clause 6.2.1.1, as code to character. */
  static final String EXTENSION = "\u000C^{}\\[~]|€";

  static final Set<Character> BASIC = new HashSet<>();

  static {
    for (String column : BASIC_COLUMNS) {
      for (char c : column.toCharArray()) {
        BASIC.add(c);
      }
    }
    BASIC.remove('\u001B');
  }

  private ReferenceSegmenter() {}

  static boolean isGsm(CharSequence text) {
    return text.chars().allMatch(c -> BASIC.contains((char) c) || EXTENSION.indexOf(c) >= 0);
  }

  /** Returns the indivisible pieces of {@code text} in the encoding it would be sent in. */
  static List<Piece> pieces(CharSequence text) {
    boolean gsm = isGsm(text);
    List<Piece> pieces = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (gsm) {
        pieces.add(new Piece(i, i + 1, EXTENSION.indexOf(c) >= 0 ? 2 : 1));
        i++;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        pieces.add(new Piece(i, i + 2, 2));
        i += 2;
      } else {
        pieces.add(new Piece(i, i + 1, 1));
        i++;
      }
    }
    return pieces;
  }

  static SmsEncoding encoding(CharSequence text) {
    return isGsm(text) ? SmsEncoding.GSM_7 : SmsEncoding.UCS_2;
  }

  static int units(CharSequence text) {
    return pieces(text).stream().mapToInt(Piece::units).sum();
  }

  /** Returns the units {@code segment} costs when its message is sent in {@code encoding}. */
  static int units(String segment, SmsEncoding encoding) {
    if (encoding == SmsEncoding.UCS_2) {
      return segment.length();
    }
    return segment.chars().map(c -> EXTENSION.indexOf(c) >= 0 ? 2 : 1).sum();
  }

  /** Returns the fewest segments {@code text} fits in, by dynamic programming over its pieces. */
  static int minimumSegments(CharSequence text) {
    List<Piece> pieces = pieces(text);
    SmsEncoding encoding = encoding(text);
    int total = pieces.stream().mapToInt(Piece::units).sum();
    if (total <= encoding.singleSegmentLimit()) {
      return 1;
    }
    int limit = encoding.multipartSegmentLimit();
    // fewest[k] is the fewest segments holding the first k pieces.
    int[] fewest = new int[pieces.size() + 1];
    for (int k = 1; k <= pieces.size(); k++) {
      fewest[k] = Integer.MAX_VALUE;
      int units = 0;
      for (int j = k - 1; j >= 0; j--) {
        units += pieces.get(j).units();
        if (units > limit) {
          break;
        }
        fewest[k] = Math.min(fewest[k], fewest[j] + 1);
      }
    }
    return fewest[pieces.size()];
  }

  /** A character that must not be split, spanning code units {@code start} to {@code end}. */
  record Piece(int start, int end, int units) {}
}
