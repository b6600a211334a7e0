package dev.usage.store;

import java.util.Arrays;

/**
 * A column of {@code long} values kept as {@code int}s while every value fits one, which
 * quantities, billable quantities and micro-credits of single events almost always do: half the
 * bytes of a {@code long[]}. The first value that does not fit widens the whole column to {@code
 * long}s, once, so that a value is never lost or clamped.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class NumberColumn {

  private int[] narrow;
  /** Null while every value fits an int; then the only array. */
  private long[] wide;

  /**
   * Creates a column of {@code capacity} zeros.
   *
   * @param capacity not negative
   */
  NumberColumn(int capacity) {
    narrow = new int[capacity];
  }

  /** Returns the number of values the column holds before it must be resized. */
  int capacity() {
    return wide != null ? wide.length : narrow.length;
  }

  /** Returns whether the column had to widen to {@code long}s. */
  boolean isWide() {
    return wide != null;
  }

  /** Returns the values as {@code int}s, or null if the column is wide; the caller must not change them. */
  int[] ints() {
    return narrow;
  }

  /** Returns the value at a row. */
  long get(int row) {
    return wide != null ? wide[row] : narrow[row];
  }

  /** Sets the value at a row, widening the column if it does not fit an int. */
  void set(int row, long value) {
    if (wide != null) {
      wide[row] = value;
    } else if ((int) value == value) {
      narrow[row] = (int) value;
    } else {
      long[] w = new long[narrow.length];
      for (int r = 0; r < narrow.length; r++) {
        w[r] = narrow[r];
      }
      narrow = null;
      wide = w;
      wide[row] = value;
    }
  }

  /** Copies the column into an array of {@code capacity} values. */
  void resize(int capacity) {
    if (wide != null) {
      wide = Arrays.copyOf(wide, capacity);
    } else {
      narrow = Arrays.copyOf(narrow, capacity);
    }
  }

  /**
   * Returns the first {@code n} values as {@code long}s: the column itself when it is wide, else
   * {@code scratch} filled with them, so that a query's row loops read one kind of array.
   *
   * @param scratch an array of at least {@code n} values, which the caller may overwrite
   * @param n the number of rows
   * @return an array whose first {@code n} values are the column's; the caller must not change it
   */
  long[] longs(long[] scratch, int n) {
    if (wide != null) {
      return wide;
    }
    int[] v = narrow;
    for (int r = 0; r < n; r++) {
      scratch[r] = v[r];
    }
    return scratch;
  }
}
