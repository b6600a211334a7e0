package dev.usage.sms;

/**
 * The character encoding an SMS is sent in, with the capacity of one segment in that encoding's
 * units.
 *
 * <p>A short message carries at most 140 octets of user data (3GPP TS 23.040 clause 9.2.3.24
 * "TP-User Data"). A concatenated message spends 6 of them on the user data header that numbers
 * the parts (clause 9.2.3.24.1 "Concatenated Short Messages"), which leaves 134 octets: 153 whole
 * septets or 67 UCS-2 code units. This class is immutable and thread-safe.
 */
public enum SmsEncoding {

  /**
   * The GSM 7 bit default alphabet and its extension table (3GPP TS 23.038 clause 6.2.1); units are
   * septets, and an extension character costs two (the escape and the character).
   */
  GSM_7(160, 153),

  /**
   * UCS-2 (3GPP TS 23.038 clause 6.2.3), sent in practice as UTF-16; units are UTF-16 code units,
   * so a character outside the Basic Multilingual Plane costs two.
   */
  UCS_2(70, 67);

  private final int singleSegmentLimit;
  private final int multipartSegmentLimit;

  SmsEncoding(int singleSegmentLimit, int multipartSegmentLimit) {
    this.singleSegmentLimit = singleSegmentLimit;
    this.multipartSegmentLimit = multipartSegmentLimit;
  }

  /** {@return the units a message may hold and still be sent as one segment: 160 or 70} */
  public int singleSegmentLimit() {
    return singleSegmentLimit;
  }

  /** {@return the units each segment of a concatenated message holds at most: 153 or 67} */
  public int multipartSegmentLimit() {
    return multipartSegmentLimit;
  }

  /** Returns the most units one of {@code segmentCount} segments may hold. */
  int limitFor(int segmentCount) {
    return segmentCount == 1 ? singleSegmentLimit : multipartSegmentLimit;
  }
}
