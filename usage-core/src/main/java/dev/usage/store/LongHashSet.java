package dev.usage.store;

/**
 * A set of non-zero {@code long}s: the (group slot, value id) pairs a distinct count has seen.
 *
 * <p>One flat set for all groups, rather than a set per group, so that a query with thousands of
 * small groups allocates a handful of arrays instead of thousands of sets.
 *
 * <p>This class is not thread-safe; each query has its own.
 */
final class LongHashSet {

  private long[] table = new long[64];
  private int size;

  /**
   * Adds a value.
   *
   * @param value any value but 0, which marks empty positions
   * @return true if the value was not in the set
   */
  boolean add(long value) {
    long[] t = table;
    int mask = t.length - 1;
    for (int i = hash(value) & mask; ; i = (i + 1) & mask) {
      long v = t[i];
      if (v == 0) {
        t[i] = value;
        if (++size * 2 > t.length) {
          grow();
        }
        return true;
      }
      if (v == value) {
        return false;
      }
    }
  }

  private void grow() {
    long[] old = table;
    long[] t = new long[old.length * 2];
    int mask = t.length - 1;
    for (long v : old) {
      if (v != 0) {
        int i = hash(v) & mask;
        while (t[i] != 0) {
          i = (i + 1) & mask;
        }
        t[i] = v;
      }
    }
    table = t;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
