package dev.usage.store;

import java.util.Arrays;

/**
 * Encodes the strings of one column (metric keys, or the values of one dimension) as dense ids
 * from 1, so that columns hold {@code int}s and queries compare ids; 0 stands for "absent".
 *
 * <p>Open addressing over parallel arrays rather than a {@code HashMap<String, Integer>}: no
 * entry objects and no boxed ids once past the small-integer cache.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class StringDictionary {

  private String[] table = new String[16];
  private int[] tableIds = new int[16];
  private int shift = 32 - 4;
  /** values[id] for ids 1..size; values[0] is unused (absent). */
  private String[] values = new String[16];
  private int size;

  /** Returns the number of distinct strings, which is also the largest id. */
  int size() {
    return size;
  }

  /** Returns the string of an id from 1 to {@link #size()}. */
  String value(int id) {
    return values[id];
  }

  /** Returns the id of {@code value}, or 0 if it was never interned. */
  int find(String value) {
    String[] t = table;
    int mask = t.length - 1;
    for (int i = index(value.hashCode()); ; i = (i + 1) & mask) {
      String s = t[i];
      if (s == null) {
        return 0;
      }
      if (s == value || s.equals(value)) {
        return tableIds[i];
      }
    }
  }

  /** Returns the id of {@code value}, giving it the next id if it is new. */
  int intern(String value) {
    String[] t = table;
    int mask = t.length - 1;
    int i = index(value.hashCode());
    for (String s; (s = t[i]) != null; i = (i + 1) & mask) {
      if (s == value || s.equals(value)) {
        return tableIds[i];
      }
    }
    int id = ++size;
    if (id == values.length) {
      values = Arrays.copyOf(values, id * 2);
    }
    values[id] = value;
    t[i] = value;
    tableIds[i] = id;
    if (size * 2 > t.length) {
      rehash(t.length * 2);
    }
    return id;
  }

  private void rehash(int capacity) {
    String[] t = new String[capacity];
    int[] ids = new int[capacity];
    int mask = capacity - 1;
    shift--;
    for (int id = 1; id <= size; id++) {
      int i = index(values[id].hashCode());
      while (t[i] != null) {
        i = (i + 1) & mask;
      }
      t[i] = values[id];
      ids[i] = id;
    }
    table = t;
    tableIds = ids;
  }

  private int index(int hash) {
    // Fibonacci hashing: similar strings' hashes differ in low bits only, and the high bits of
    // the product depend on all of them.
    return (hash * 0x9E3779B9) >>> shift;
  }
}
