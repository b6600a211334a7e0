package dev.usage.store;

import java.util.Arrays;
import java.util.HashMap;

/**
 * One tenant's distinct {@link SharedParts}, each under a dense code from 0.
 *
 * <p>Events of one fact, and most events in a row, share their parts: the codes of the last few
 * distinct parts are tried first, comparing the parts' fields, which are usually the same objects
 * (a rate card's traces are made once), before the parts are hashed, which reads every field of a
 * pricing trace.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class SharedPartsDictionary {

  private static final int RECENT = 8;

  private final HashMap<SharedParts, Integer> codes = new HashMap<>();
  private SharedParts[] values = new SharedParts[8];
  private int size;
  private final int[] recent = new int[RECENT];
  private int recentCount;
  private int nextRecent;

  /**
   * Returns the code of {@code parts}, giving it the next code if it is new.
   *
   * @param parts the parts of an event
   * @return its code
   */
  int intern(SharedParts parts) {
    for (int i = 0; i < recentCount; i++) {
      int code = recent[i];
      if (values[code].equals(parts)) {
        return code;
      }
    }
    Integer known = codes.get(parts);
    int code;
    if (known != null) {
      code = known;
    } else {
      code = size++;
      if (code == values.length) {
        values = Arrays.copyOf(values, code * 2);
      }
      values[code] = parts;
      codes.put(parts, code);
    }
    recent[nextRecent] = code;
    nextRecent = (nextRecent + 1) % RECENT;
    if (recentCount < RECENT) {
      recentCount++;
    }
    return code;
  }

  /**
   * Returns the parts with a code.
   *
   * @param code from 0 to the number of distinct parts less one
   * @return the parts
   */
  SharedParts value(int code) {
    return values[code];
  }
}
