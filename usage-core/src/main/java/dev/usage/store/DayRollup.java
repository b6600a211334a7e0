package dev.usage.store;

import dev.usage.event.DimensionKey;
import java.util.Arrays;

/**
 * A day chunk's events summed per (metric, channel, direction): what the most common questions,
 * totals per day and metric and breakdowns by channel and direction, need from a whole day.
 *
 * <p>Kept up to date as events are recorded, so that such a question reads a few dozen cells per
 * day instead of every event. Each cell holds the statistics of an {@link
 * dev.usage.spi.AggregateRow} (count, reversals, exact sums with their high words and the largest
 * quantity). Days cut by a query's range, days split by its zone, and questions about other
 * dimensions read the rows instead.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class DayRollup {

  static final int CHANNEL = DimensionKey.CHANNEL.ordinal();
  static final int DIRECTION = DimensionKey.DIRECTION.ordinal();
  static final int STRIDE = 5;
  static final int COUNT = 0;
  static final int SUM = 1;
  static final int BILLABLE = 2;
  static final int CREDITS = 3;
  static final int MAX = 4;
  private static final int ID_BITS = 21;

  /** False once an id no longer fits a cell key; queries then read the rows. */
  boolean usable = true;
  int cells;
  int[] metric;
  int[] channel;
  int[] direction;
  long[] stats;
  /** The number of times each cell's three sums wrapped, 3 per cell. */
  long[] high;
  /** The reversals among each cell's events. */
  long[] reversals;
  private long[] tableKeys;
  private int[] tableCells;
  private int shift;

  /**
   * Creates an empty rollup with room for {@code expectedCells} cells before it grows.
   *
   * @param expectedCells not negative; rounded up to a power of two, at least 8
   */
  DayRollup(int expectedCells) {
    // A tenant's days have about the same cells; growing from 8 to a day's hundred-odd cells
    // copied the stats four times, a tenth of what an append allocated.
    int capacity = Math.max(8, Integer.highestOneBit(Math.max(1, expectedCells - 1)) << 1);
    metric = new int[capacity];
    channel = new int[capacity];
    direction = new int[capacity];
    stats = new long[capacity * STRIDE];
    high = new long[capacity * 3];
    reversals = new long[capacity];
    tableKeys = new long[capacity * 2];
    tableCells = new int[capacity * 2];
    shift = 64 - Integer.numberOfTrailingZeros(capacity * 2);
  }

  /** Adds an event, just recorded in its chunk, to its cell. */
  void add(int metricId, int channelId, int directionId, boolean reversal, long quantity, long billable,
      long creditsMicros) {
    // Ids below 2^21 pack into one key; beyond (two million metrics or channels in a tenant)
    // the rollup gives up rather than grow a wider key.
    if ((metricId | channelId | directionId) >>> ID_BITS != 0) {
      usable = false;
    }
    if (!usable) {
      return;
    }
    int c = cell(metricId, channelId, directionId);
    int o = c * STRIDE;
    long[] s = stats;
    s[o + COUNT]++;
    if (reversal) {
      reversals[c]++;
    }
    s[o + SUM] = add(s[o + SUM], quantity, c, 0);
    s[o + BILLABLE] = add(s[o + BILLABLE], billable, c, 1);
    s[o + CREDITS] = add(s[o + CREDITS], creditsMicros, c, 2);
    s[o + MAX] = Math.max(s[o + MAX], quantity);
  }

  private long add(long a, long b, int c, int which) {
    long x = a + b;
    if (((a ^ x) & (b ^ x)) < 0) {
      high[c * 3 + which] += b < 0 ? -1 : 1;
    }
    return x;
  }

  private int cell(int metricId, int channelId, int directionId) {
    long key = ((long) metricId << (2 * ID_BITS)) | ((long) channelId << ID_BITS) | directionId;
    int mask = tableKeys.length - 1;
    for (int i = index(key); ; i = (i + 1) & mask) {
      int c = tableCells[i] - 1;
      if (c < 0) {
        return newCell(i, key, metricId, channelId, directionId);
      }
      if (tableKeys[i] == key) {
        return c;
      }
    }
  }

  private int newCell(int i, long key, int metricId, int channelId, int directionId) {
    int c = cells++;
    if (c == metric.length) {
      int capacity = c * 2;
      metric = Arrays.copyOf(metric, capacity);
      channel = Arrays.copyOf(channel, capacity);
      direction = Arrays.copyOf(direction, capacity);
      stats = Arrays.copyOf(stats, capacity * STRIDE);
      high = Arrays.copyOf(high, capacity * 3);
      reversals = Arrays.copyOf(reversals, capacity);
    }
    metric[c] = metricId;
    channel[c] = channelId;
    direction[c] = directionId;
    stats[c * STRIDE + MAX] = Long.MIN_VALUE;
    tableKeys[i] = key;
    tableCells[i] = c + 1;
    if (cells * 2 > tableKeys.length) {
      rehash();
    }
    return c;
  }

  private void rehash() {
    long[] oldKeys = tableKeys;
    int[] oldCells = tableCells;
    tableKeys = new long[oldKeys.length * 2];
    tableCells = new int[oldCells.length * 2];
    shift--;
    int mask = tableKeys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldCells[j] != 0) {
        int i = index(oldKeys[j]);
        while (tableCells[i] != 0) {
          i = (i + 1) & mask;
        }
        tableKeys[i] = oldKeys[j];
        tableCells[i] = oldCells[j];
      }
    }
  }

  private int index(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
