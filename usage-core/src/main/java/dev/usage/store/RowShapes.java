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

  private int size;
  /** Per code: the metric's dictionary id. */
  int[] metric = new int[16];
  /** Per code: the code of the shared parts. */
  int[] shared = new int[16];
  /** Per dimension ordinal and code: the value's dictionary id, 0 when absent; null for own columns. */
  private final int[][] dimensions = new int[DIMENSIONS.length][];
  /** Per code: the dimensions present, one bit per ordinal. */
  int[] mask = new int[16];
  /** Open addressing: code + 1, or 0 for a free slot. */
  private int[] table = new int[32];
  private int shift = 32 - 5;

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
   * Returns the code of a shape, giving it the next code if it is new.
   *
   * @param metricId the metric's dictionary id
   * @param sharedCode the code of the shared parts
   * @param dimensionIds per dimension ordinal, the value's dictionary id or 0; entries of own
   *     columns are ignored
   * @param flags {@link #FACT_CALL_ID} and the call id's bit, or 0
   * @return the code
   */
  int intern(int metricId, int sharedCode, int[] dimensionIds, int flags) {
    int hash = metricId * 31 + sharedCode;
    int present = flags;
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (!OWN_COLUMN[d]) {
        hash = hash * 31 + dimensionIds[d];
        if (dimensionIds[d] != 0) {
          present |= 1 << d;
        }
      }
    }
    hash = hash * 31 + present;
    int[] t = table;
    int m = t.length - 1;
    int i = index(hash);
    for (int c; (c = t[i] - 1) >= 0; i = (i + 1) & m) {
      if (metric[c] == metricId && shared[c] == sharedCode && mask[c] == present && sameDimensions(c, dimensionIds)) {
        return c;
      }
    }
    int code = size++;
    if (code == metric.length) {
      int capacity = code * 2;
      metric = Arrays.copyOf(metric, capacity);
      shared = Arrays.copyOf(shared, capacity);
      mask = Arrays.copyOf(mask, capacity);
      for (int d = 0; d < DIMENSIONS.length; d++) {
        if (dimensions[d] != null) {
          dimensions[d] = Arrays.copyOf(dimensions[d], capacity);
        }
      }
    }
    metric[code] = metricId;
    shared[code] = sharedCode;
    mask[code] = present;
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (dimensions[d] != null) {
        dimensions[d][code] = dimensionIds[d];
      }
    }
    t[i] = code + 1;
    if (size * 2 > t.length) {
      rehash();
    }
    return code;
  }

  private boolean sameDimensions(int code, int[] dimensionIds) {
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (dimensions[d] != null && dimensions[d][code] != dimensionIds[d]) {
        return false;
      }
    }
    return true;
  }

  private int hashOf(int code) {
    int hash = metric[code] * 31 + shared[code];
    for (int d = 0; d < DIMENSIONS.length; d++) {
      if (dimensions[d] != null) {
        hash = hash * 31 + dimensions[d][code];
      }
    }
    return hash * 31 + mask[code];
  }

  private void rehash() {
    int[] t = new int[table.length * 2];
    shift--;
    int m = t.length - 1;
    for (int c = 0; c < size; c++) {
      int i = index(hashOf(c));
      while (t[i] != 0) {
        i = (i + 1) & m;
      }
      t[i] = c + 1;
    }
    table = t;
  }

  private int index(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }
}
