package dev.usage.event;

/**
 * Checks that text is well-formed UTF-16, so that every store, the JSON of reports and the Kafka
 * record format (all UTF-8) keep it as given: a lone surrogate has no UTF-8 form and would come
 * back as {@code ?}, changing an id or a value between its first delivery and its second.
 */
final class WellFormed {

  private WellFormed() {}

  /**
   * Returns the index of the first lone surrogate in {@code text}, or -1 if there is none.
   *
   * @param text any text
   * @return the index of a high surrogate not followed by a low one, or of a low surrogate not
   *     preceded by a high one; -1 if the text is well-formed
   */
  static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
