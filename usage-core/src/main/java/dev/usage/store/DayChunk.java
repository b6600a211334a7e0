package dev.usage.store;

import dev.usage.event.DimensionKey;
import java.util.Arrays;

/**
 * One tenant's events of one UTC day, column by column, in the order they were recorded.
 *
 * <p>No event object is kept: a row is its columns, and a scan rebuilds the {@link
 * dev.usage.pricing.PricedEvent} from them (see {@link TenantEvents#event}). A dimension column
 * is allocated when the first event of the day carries the dimension, so that a day of calls
 * pays nothing for the SMS campaign column; likewise the columns of reversals.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class DayChunk {

  static final long NANOS_PER_DAY = 86_400_000_000_000L;
  /** The capacity of a day nothing predicts. */
  static final int MIN_CAPACITY = 16;
  private static final int DIMENSIONS = DimensionKey.values().length;

  /** The UTC epoch day, as {@link java.time.LocalDate#toEpochDay()} counts. */
  final long epochDay;
  /** The chunk's place in its tenant's order of creation, which id entries name: never changes. */
  final int ordinal;
  int size;
  /** Nanoseconds since the start of the UTC day, 0 to {@link #NANOS_PER_DAY} - 1. */
  long[] nanoOfDay;
  /** Ids in the tenant's metric dictionary, from 1. */
  int[] metric;
  long[] quantity;
  long[] billable;
  long[] creditsMicros;
  /** Per {@link DimensionKey} ordinal, ids in that dimension's dictionary (0 = absent), or null. */
  final int[][] dimensions = new int[DIMENSIONS][];
  /** The offset of each row's id in the tenant's {@link IdArena}. */
  int[] idOffset;
  /** Each row's code in its tenant's dictionary of {@link SharedParts}. */
  int[] shared;
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
    nanoOfDay = new long[capacity];
    metric = new int[capacity];
    quantity = new long[capacity];
    billable = new long[capacity];
    creditsMicros = new long[capacity];
    idOffset = new int[capacity];
    shared = new int[capacity];
  }

  /** Returns the number of rows the columns hold before they grow. */
  int capacity() {
    return nanoOfDay.length;
  }

  /**
   * Appends an event's row and returns its index; the caller then sets its id, shared parts and
   * dimensions, and, for a reversal, {@link #reversed}.
   */
  int add(long nanos, int metricId, long quantity, long billableQuantity, long micros, boolean isReversal) {
    if (size == nanoOfDay.length) {
      grow();
    }
    int row = size++;
    nanoOfDay[row] = nanos;
    metric[row] = metricId;
    this.quantity[row] = quantity;
    billable[row] = billableQuantity;
    creditsMicros[row] = micros;
    if (isReversal) {
      if (reversal == null) {
        reversal = new byte[nanoOfDay.length];
        reversed = new int[nanoOfDay.length];
      }
      reversal[row] = 1;
    }
    return row;
  }

  /** Sets the dictionary id of a dimension value of a row. */
  void dimension(int dimension, int row, int id) {
    int[] column = dimensions[dimension];
    if (column == null) {
      column = new int[nanoOfDay.length];
      dimensions[dimension] = column;
    }
    column[row] = id;
  }

  /**
   * Shrinks the columns to the events and an eighth more if more than half of them is empty,
   * which only a predicted capacity that was too large leaves: a finished day then keeps no more
   * slack than doubling would have left, as the class Javadoc of InMemoryUsageStore counts.
   */
  void trimIfSparse() {
    if (capacity() > 2 * size && capacity() > MIN_CAPACITY) {
      resize(Math.max(MIN_CAPACITY, size + (size >> 3)));
    }
  }

  private void grow() {
    // Doubling keeps appends amortised O(1); a finished day keeps up to half its arrays as slack,
    // which the class Javadoc of InMemoryUsageStore counts in its memory estimate.
    resize(capacity() * 2);
  }

  private void resize(int capacity) {
    nanoOfDay = Arrays.copyOf(nanoOfDay, capacity);
    metric = Arrays.copyOf(metric, capacity);
    quantity = Arrays.copyOf(quantity, capacity);
    billable = Arrays.copyOf(billable, capacity);
    creditsMicros = Arrays.copyOf(creditsMicros, capacity);
    idOffset = Arrays.copyOf(idOffset, capacity);
    shared = Arrays.copyOf(shared, capacity);
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
