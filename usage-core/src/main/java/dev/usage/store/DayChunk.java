package dev.usage.store;

import dev.usage.event.DimensionKey;
import java.util.Arrays;

/**
 * One tenant's events of one UTC day, column by column, in the order they were recorded.
 *
 * <p>No event object is kept: a row is its columns, and a scan rebuilds the {@link
 * dev.usage.pricing.PricedEvent} from them (see {@link TenantEvents#event}). A row's metric,
 * shared parts and repeating dimension values are one {@link RowShapes} code; the dimensions
 * that name one fact or person have columns of their own, allocated when the first event of the
 * day carries the dimension, so that a day of SMS pays nothing for the call id column; likewise
 * the columns of reversals and of sub-millisecond times. Numbers are {@code int}s until one does
 * not fit ({@link NumberColumn}).
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class DayChunk {

  static final long NANOS_PER_DAY = 86_400_000_000_000L;
  static final long NANOS_PER_MILLI = 1_000_000L;
  /** The capacity of a day nothing predicts. */
  static final int MIN_CAPACITY = 16;
  private static final int DIMENSIONS = DimensionKey.values().length;

  /** The UTC epoch day, as {@link java.time.LocalDate#toEpochDay()} counts. */
  final long epochDay;
  /** The chunk's place in its tenant's order of creation, which id entries name: never changes. */
  final int ordinal;
  int size;
  /** Milliseconds since the start of the UTC day, 0 to 86,399,999. */
  private int[] milliOfDay;
  /** The nanoseconds within the millisecond; null while every time of the day is whole milliseconds. */
  private int[] nanoOfMilli;
  final NumberColumn quantity;
  final NumberColumn billable;
  final NumberColumn creditsMicros;
  /** Each row's code in its tenant's {@link RowShapes}. */
  int[] shape;
  /**
   * Per {@link DimensionKey} ordinal of a dimension with a column of its own ({@link
   * RowShapes#OWN_COLUMN}), ids in that dimension's dictionary (0 = absent), or null.
   */
  final int[][] dimensions = new int[DIMENSIONS][];
  /** The dimensions some row of the day carries, one bit per ordinal. */
  int dimensionMask;
  /** The offset of each row's id in the tenant's {@link IdArena}. */
  int[] idOffset;
  /** 1 where the row is a reversal, else 0; null while the day has none, so queries skip it. */
  byte[] reversal;
  /** Where the row is a reversal, the arena offset of the id it reverses; null with {@link #reversal}. */
  int[] reversed;
  /** The day's events summed per metric, channel and direction. */
  final DayRollup rollup;

  /**
   * Creates an empty chunk with room for {@code capacity} events and {@code rollupCells} rollup
   * cells before it grows.
   *
   * @param ordinal the number of chunks its tenant created before
   * @param capacity at least {@link #MIN_CAPACITY}
   * @param rollupCells not negative
   */
  DayChunk(long epochDay, int ordinal, int capacity, int rollupCells) {
    this.epochDay = epochDay;
    this.ordinal = ordinal;
    rollup = new DayRollup(rollupCells);
    milliOfDay = new int[capacity];
    quantity = new NumberColumn(capacity);
    billable = new NumberColumn(capacity);
    creditsMicros = new NumberColumn(capacity);
    shape = new int[capacity];
    idOffset = new int[capacity];
  }

  /** Returns the number of rows the columns hold before they grow. */
  int capacity() {
    return milliOfDay.length;
  }

  /** Returns the nanoseconds since the start of the UTC day of a row. */
  long nanoOfDay(int row) {
    long t = milliOfDay[row] * NANOS_PER_MILLI;
    return nanoOfMilli == null ? t : t + nanoOfMilli[row];
  }

  /**
   * Returns every row's nanoseconds since the start of the UTC day, in {@code scratch} if it is
   * large enough, else in a new array.
   */
  long[] nanosOfDay(long[] scratch) {
    long[] t = scratch.length >= size ? scratch : new long[size];
    int[] ms = milliOfDay;
    for (int r = 0; r < size; r++) {
      t[r] = ms[r] * NANOS_PER_MILLI;
    }
    if (nanoOfMilli != null) {
      for (int r = 0; r < size; r++) {
        t[r] += nanoOfMilli[r];
      }
    }
    return t;
  }

  /**
   * Appends an event's row and returns its index; the caller then sets its id and own-column
   * dimensions, and, for a reversal, {@link #reversed}.
   *
   * @param nanos nanoseconds since the start of the day, below {@link #NANOS_PER_DAY}
   */
  int add(long nanos, int shapeCode, long quantity, long billableQuantity, long micros, boolean isReversal) {
    if (size == milliOfDay.length) {
      grow();
    }
    int row = size++;
    milliOfDay[row] = (int) (nanos / NANOS_PER_MILLI);
    int sub = (int) (nanos % NANOS_PER_MILLI);
    if (sub != 0) {
      if (nanoOfMilli == null) {
        nanoOfMilli = new int[milliOfDay.length];
      }
      nanoOfMilli[row] = sub;
    }
    shape[row] = shapeCode;
    this.quantity.set(row, quantity);
    billable.set(row, billableQuantity);
    creditsMicros.set(row, micros);
    if (isReversal) {
      if (reversal == null) {
        reversal = new byte[milliOfDay.length];
        reversed = new int[milliOfDay.length];
      }
      reversal[row] = 1;
    }
    return row;
  }

  /** Sets the dictionary id of a dimension value of a row, for a dimension with its own column. */
  void dimension(int dimension, int row, int id) {
    int[] column = dimensions[dimension];
    if (column == null) {
      column = new int[milliOfDay.length];
      dimensions[dimension] = column;
    }
    column[row] = id;
  }

  /** Returns whether a row is a reversal. */
  boolean isReversal(int row) {
    return reversal != null && reversal[row] != 0;
  }

  /**
   * Shrinks the columns to the events if more than a 64th of them is empty: a day that has ended
   * rarely gets more events, and every empty row costs as much as a full one. A late event for
   * the day grows it again by doubling.
   */
  void trimIfSparse() {
    if (capacity() > size + (size >> 6) && capacity() > MIN_CAPACITY) {
      resize(Math.max(MIN_CAPACITY, size));
    }
  }

  private void grow() {
    // Doubling keeps appends amortised O(1); trimIfSparse gives the slack back when the day ends.
    resize(capacity() * 2);
  }

  private void resize(int capacity) {
    milliOfDay = Arrays.copyOf(milliOfDay, capacity);
    if (nanoOfMilli != null) {
      nanoOfMilli = Arrays.copyOf(nanoOfMilli, capacity);
    }
    quantity.resize(capacity);
    billable.resize(capacity);
    creditsMicros.resize(capacity);
    shape = Arrays.copyOf(shape, capacity);
    idOffset = Arrays.copyOf(idOffset, capacity);
    if (reversal != null) {
      reversal = Arrays.copyOf(reversal, capacity);
      reversed = Arrays.copyOf(reversed, capacity);
    }
    for (int d = 0; d < DIMENSIONS; d++) {
      if (dimensions[d] != null) {
        dimensions[d] = Arrays.copyOf(dimensions[d], capacity);
      }
    }
  }
}
