package dev.usage.store;

import dev.usage.event.DimensionKey;
import java.util.Arrays;

/**
 * One tenant's distinct row shapes, each under a dense code from 0: a shape is what many rows
 * have in common, the metric, the code of the {@link SharedParts} and the values of the
 * dimensions whose values repeat across events (channel, direction, provider, model, phone
 * number, ...). A row keeps one {@code int} code instead of a column per dimension.
 *
 * <p>The dimensions whose values name one fact or one person ({@link DimensionKey#CALL_ID},
 * {@link DimensionKey#CONTACT}) are not part of a shape: one shape per call would cost more than
 * the column. Queries translate a shape code through the per-dimension arrays ({@link #metric},
 * {@link #dimension(int)}), once per distinct shape rather than once per row where they can.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class RowShapes {

  private static final DimensionKey[] DIMENSIONS = DimensionKey.values();
  /** Whether a dimension is kept in its own column rather than in the shape. */
  static final boolean[] OWN_COLUMN = new boolean[DIMENSIONS.length];

  static {
    OWN_COLUMN[DimensionKey.CALL_ID.ordinal()] = true;
    OWN_COLUMN[DimensionKey.CONTACT.ordinal()] = true;
  }

  /**
   * A bit of {@link #mask}: the row's call id is the fact part of its event id ({@code call_42}
   * of {@code call_42/voice_minutes}), as {@link dev.usage.event.UsageFacts#call} makes them, so
   * that no column or dictionary holds it.
   */
  static final int FACT_CALL_ID = 1 << 30;

  private static final int WIDTH = DIMENSIONS.length;

  private int size;
  /** Per code: the metric's dictionary id. */
  int[] metric = new int[16];
  /** Per code: the code of the shared parts. */
  int[] shared = new int[16];
  /** Per code: the code of its tuple of dimension values. */
  private int[] tuple = new int[16];
  /** Per dimension ordinal and code: the value's dictionary id, 0 when absent; null for own columns. */
  private final int[][] dimensions = new int[DIMENSIONS.length][];
  /** Per code: the dimensions present, one bit per ordinal, and {@link #FACT_CALL_ID}. */
  int[] mask = new int[16];
  /**
   * Open addressing over shapes, {@link #SLOT} ints a slot: code + 1 (0 for a free slot), then
   * the key (metric, shared parts, tuple, flags), so that a probe reads one cache line.
   */
  private int[] table = new int[32 * SLOT];
  private int slots = 32;
  private int shift = 32 - 5;
  private static final int SLOT = 5;

  // The distinct tuples of values of the dimensions kept in shapes, WIDTH ids each: a fact's
  // events share one, so it is looked up once per fact and each event's shape by four ints.
  private int tuples;
  private int[] tupleIds = new int[16 * WIDTH];
  private int[] tupleMask = new int[16];
  private int[] tupleTable = new int[32];
  private int tupleShift = 32 - 5;

  RowShapes() {
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (!OWN_COLUMN[d]) {
        dimensions[d] = new int[16];
      }
    }
  }

  /** Returns the number of distinct shapes. */
  int size() {
    return size;
  }

  /**
   * Returns the per-code dictionary ids of a dimension kept in shapes.
   *
   * @param dimension a dimension ordinal for which {@link #OWN_COLUMN} is false
   * @return the ids, indexed by code; valid until the next {@link #intern}
   */
  int[] dimension(int dimension) {
    return dimensions[dimension];
  }

  /**
   * Returns the code of a tuple of dimension values, giving it the next code if it is new.
   *
   * @param dimensionIds per dimension ordinal, the value's dictionary id or 0; entries of own
   *     columns are ignored
   * @return the tuple's code, for {@link #intern}
   */
  int tuple(int[] dimensionIds) {
    int hash = 0;
    int present = 0;
    for (int d = 0; d < WIDTH; d++) {
      if (!OWN_COLUMN[d]) {
        hash = hash * 31 + dimensionIds[d];
        if (dimensionIds[d] != 0) {
          present |= 1 << d;
        }
      }
    }
    int[] t = tupleTable;
    int m = t.length - 1;
    int i = (hash * 0x9E3779B9) >>> tupleShift;
    for (int c; (c = t[i] - 1) >= 0; i = (i + 1) & m) {
      if (tupleMask[c] == present && sameTuple(c, dimensionIds)) {
        return c;
      }
    }
    int code = tuples++;
    if (code == tupleMask.length) {
      tupleMask = Arrays.copyOf(tupleMask, code * 2);
      tupleIds = Arrays.copyOf(tupleIds, code * 2 * WIDTH);
    }
    tupleMask[code] = present;
    for (int d = 0; d < WIDTH; d++) {
      tupleIds[code * WIDTH + d] = OWN_COLUMN[d] ? 0 : dimensionIds[d];
    }
    t[i] = code + 1;
    if (tuples * 2 > t.length) {
      int[] grown = new int[t.length * 2];
      tupleShift--;
      int gm = grown.length - 1;
      for (int c = 0; c < tuples; c++) {
        int h = 0;
        for (int d = 0; d < WIDTH; d++) {
          if (!OWN_COLUMN[d]) {
            h = h * 31 + tupleIds[c * WIDTH + d];
          }
        }
        int j = (h * 0x9E3779B9) >>> tupleShift;
        while (grown[j] != 0) {
          j = (j + 1) & gm;
        }
        grown[j] = c + 1;
      }
      tupleTable = grown;
    }
    return code;
  }

  private boolean sameTuple(int code, int[] dimensionIds) {
    int o = code * WIDTH;
    for (int d = 0; d < WIDTH; d++) {
      if (!OWN_COLUMN[d] && tupleIds[o + d] != dimensionIds[d]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the code of a shape, giving it the next code if it is new.
   *
   * @param metricId the metric's dictionary id
   * @param sharedCode the code of the shared parts
   * @param tupleCode what {@link #tuple} returned for the event's dimension values
   * @param flags {@link #FACT_CALL_ID} and the call id's bit, or 0
   * @return the code
   */
  int intern(int metricId, int sharedCode, int tupleCode, int flags) {
    int hash = ((metricId * 31 + sharedCode) * 31 + tupleCode) * 31 + flags;
    int[] t = table;
    int m = slots - 1;
    int i = index(hash);
    for (int o; t[o = i * SLOT] != 0; i = (i + 1) & m) {
      if (t[o + 3] == tupleCode && t[o + 1] == metricId && t[o + 2] == sharedCode && t[o + 4] == flags) {
        return t[o] - 1;
      }
    }
    int present = tupleMask[tupleCode] | flags;
    int code = size++;
    if (code == metric.length) {
      int capacity = code * 2;
      metric = Arrays.copyOf(metric, capacity);
      shared = Arrays.copyOf(shared, capacity);
      tuple = Arrays.copyOf(tuple, capacity);
      mask = Arrays.copyOf(mask, capacity);
      for (int d = 0; d < DIMENSIONS.length; d++) {
        if (dimensions[d] != null) {
          dimensions[d] = Arrays.copyOf(dimensions[d], capacity);
        }
      }
    }
    metric[code] = metricId;
    shared[code] = sharedCode;
    tuple[code] = tupleCode;
    mask[code] = present;
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (dimensions[d] != null) {
        dimensions[d][code] = tupleIds[tupleCode * WIDTH + d];
      }
    }
    put(t, i, code, flags);
    if (size * 2 > slots) {
      rehash();
    }
    return code;
  }

  private void put(int[] t, int i, int code, int flags) {
    int o = i * SLOT;
    t[o] = code + 1;
    t[o + 1] = metric[code];
    t[o + 2] = shared[code];
    t[o + 3] = tuple[code];
    t[o + 4] = flags;
  }

  private void rehash() {
    slots *= 2;
    int[] t = new int[slots * SLOT];
    shift--;
    int m = slots - 1;
    for (int c = 0; c < size; c++) {
      // mask holds the tuple's bits and the flags; the flags alone went into the hash.
      int flags = mask[c] & ~tupleMask[tuple[c]];
      int i = index(((metric[c] * 31 + shared[c]) * 31 + tuple[c]) * 31 + flags);
      while (t[i * SLOT] != 0) {
        i = (i + 1) & m;
      }
      put(t, i, c, flags);
    }
    table = t;
  }

  private int index(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }
}
