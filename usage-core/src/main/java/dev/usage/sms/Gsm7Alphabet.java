package dev.usage.sms;

/**
 * Maps a UTF-16 code unit to its cost in septets under the GSM 7 bit default alphabet.
 *
 * <p>The table is built once from 3GPP TS 23.038 clause 6.2.1 "GSM 7 bit Default Alphabet" and
 * clause 6.2.1.1 "GSM 7 bit default alphabet extension table", cross-checked against the Unicode
 * Consortium's mapping {@code MAPPINGS/ETSI/GSM0338.TXT}. This class is immutable and thread-safe.
 */
final class Gsm7Alphabet {

  /** The code unit is not in the default alphabet; the message must be sent as UCS-2. */
  static final int NOT_GSM = 0;

  /** The code unit is in the basic table: one septet. */
  static final int BASIC = 1;

  /** The code unit is in the extension table: the escape septet 0x1B, then its own septet. */
  static final int EXTENSION = 2;

  /**
   * The basic table in code order 0x00 to 0x7F, with code 0x1B (the escape to the extension table)
   * left out. The escape is a shift, not a character: U+001B in Java text has no GSM meaning, and
   * Unicode's fallback of showing a lone escape as U+00A0 is for decoders, so U+00A0 must not
   * encode to it. Capital C cedilla alone sits at 0x09; Unicode lists small c cedilla only as a
   * commented-out display alternative, so it stays UCS-2, as do the Greek capitals that look like
   * Latin letters.
   */
  static final String BASIC_CHARACTERS =
      "@\u00A3$\u00A5\u00E8\u00E9\u00F9\u00EC\u00F2\u00C7\n\u00D8\u00F8\r\u00C5\u00E5"
          + "\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039E\u00C6\u00E6\u00DF\u00C9"
          + " !\"#\u00A4%&'()*+,-./"
          + "0123456789:;<=>?"
          + "\u00A1ABCDEFGHIJKLMNO"
          + "PQRSTUVWXYZ\u00C4\u00D6\u00D1\u00DC\u00A7"
          + "\u00BFabcdefghijklmno"
          + "pqrstuvwxyz\u00E4\u00F6\u00F1\u00FC\u00E0";

  /**
   * The extension table's characters, in code order: form feed (0x0A, the page break), ^ (0x14),
   * { } (0x28, 0x29), \ (0x2F), [ ~ ] (0x3C to 0x3E), | (0x40) and the euro sign (0x65). Codes 0x0D
   * (CR2) and 0x1B (SS2) are reserved controls, not characters.
   */
  static final String EXTENSION_CHARACTERS = "\f^{}\\[~]|\u20AC";

  private static final char EURO_SIGN = '\u20AC';

  /**
   * Septet costs for code units below U+03AA, one past the highest basic character (U+03A9 Greek
   * capital omega). A 938-byte table stays in L1 cache, where a full 64 KiB one would not; the euro
   * sign, the only character above it, costs one extra compare.
   */
  private static final byte[] SEPTETS = new byte['\u03A9' + 1];

  static {
    for (int i = 0; i < BASIC_CHARACTERS.length(); i++) {
      SEPTETS[BASIC_CHARACTERS.charAt(i)] = BASIC;
    }
    for (int i = 0; i < EXTENSION_CHARACTERS.length(); i++) {
      char c = EXTENSION_CHARACTERS.charAt(i);
      if (c != EURO_SIGN) {
        SEPTETS[c] = EXTENSION;
      }
    }
  }

  private Gsm7Alphabet() {}

  /**
   * Returns the septets that {@code c} costs: {@link #BASIC}, {@link #EXTENSION}, or {@link
   * #NOT_GSM} when the message must fall back to UCS-2. Surrogates are never GSM.
   */
  static int septets(char c) {
    if (c < SEPTETS.length) {
      return SEPTETS[c];
    }
    return c == EURO_SIGN ? EXTENSION : NOT_GSM;
  }
}
