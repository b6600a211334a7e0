package dev.usage.store;

import dev.usage.event.DimensionKey;
import dev.usage.pricing.PricedEvent;
import java.util.Arrays;

/**
 * One tenant's events of one UTC day, column by column, in the order they were recorded.
 *
 * <p>Queries read the primitive columns and touch the {@link PricedEvent} objects only to return
 * them from a scan or to break a tie between two events of the same instant. A dimension column
 * is allocated when the first event of the day carries the dimension, so that a day of calls
 * pays nothing for the SMS campaign column.
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
  PricedEvent[] events;
  /** 1 where the row is a reversal, else 0; null while the day has none, so queries skip it. */
  byte[] reversal;
  /** The day's events summed per metric, channel and direction. */
  final DayRollup rollup;

  /**
   * Creates an empty chunk with room for {@code capacity} events and {@code rollupCells} rollup
   * cells before it grows.
   *
   * @param capacity at least {@link #MIN_CAPACITY}
   * @param rollupCells not negative
   */
  DayChunk(long epochDay, int capacity, int rollupCells) {
    this.epochDay = epochDay;
    rollup = new DayRollup(rollupCells);
    nanoOfDay = new long[capacity];
    metric = new int[capacity];
    quantity = new long[capacity];
    billable = new long[capacity];
    creditsMicros = new long[capacity];
    events = new PricedEvent[capacity];
  }

  /** Appends an event's row and returns its index; the caller then sets its dimensions. */
  int add(long nanos, int metricId, PricedEvent e) {
    if (size == events.length) {
      grow();
    }
    int row = size++;
    nanoOfDay[row] = nanos;
    metric[row] = metricId;
    quantity[row] = e.event().quantity();
    billable[row] = e.billableQuantity();
    creditsMicros[row] = e.credits().micros();
    events[row] = e;
    if (e.event().isReversal()) {
      if (reversal == null) {
        reversal = new byte[events.length];
      }
      reversal[row] = 1;
    }
    return row;
  }

  /** Sets the dictionary id of a dimension value of a row. */
  void dimension(int dimension, int row, int id) {
    int[] column = dimensions[dimension];
    if (column == null) {
      column = new int[events.length];
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
    if (events.length > 2 * size && events.length > MIN_CAPACITY) {
      resize(Math.max(MIN_CAPACITY, size + (size >> 3)));
    }
  }

  private void grow() {
    // Doubling keeps appends amortised O(1); a finished day keeps up to half its arrays as slack,
    // which the class Javadoc of InMemoryUsageStore counts in its memory estimate.
    resize(events.length * 2);
  }

  private void resize(int capacity) {
    nanoOfDay = Arrays.copyOf(nanoOfDay, capacity);
    metric = Arrays.copyOf(metric, capacity);
    quantity = Arrays.copyOf(quantity, capacity);
    billable = Arrays.copyOf(billable, capacity);
    creditsMicros = Arrays.copyOf(creditsMicros, capacity);
    events = Arrays.copyOf(events, capacity);
    if (reversal != null) {
      reversal = Arrays.copyOf(reversal, capacity);
    }
    for (int d = 0; d < DIMENSIONS; d++) {
      if (dimensions[d] != null) {
        dimensions[d] = Arrays.copyOf(dimensions[d], capacity);
      }
    }
  }
}
