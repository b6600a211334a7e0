package dev.usage.store;

import dev.usage.event.DimensionKey;
import dev.usage.spi.EventFilter;
import java.util.Map;
import java.util.Set;

/**
 * An {@link EventFilter} translated once per query into the dictionary ids of one tenant, so that
 * rows are tested by array lookups instead of string comparisons.
 *
 * <p>A value the tenant never recorded has no id and can match nothing; when a filtered metric
 * or dimension accepts no known value at all, {@link #matchesNothing} answers the query without
 * reading a row.
 *
 * <p>This class is not thread-safe; each query has its own.
 */
final class CompiledFilter {

  /** Accepted metric ids, or null when any metric passes. */
  final boolean[] metrics;
  /** Ordinals of the filtered dimensions. */
  final int[] dimensions;
  /** Per filtered dimension, accepted value ids; index 0 (absent) is always false. */
  final boolean[][] accepted;
  final boolean matchesNothing;
  /** The filtered dimensions, one bit per ordinal: a chunk without one of them has no match. */
  private final int required;
  /** Whether the metric or a dimension kept in shapes is filtered, so rows are judged by shape. */
  private final boolean byShape;
  /**
   * Per {@link RowShapes} code, whether the shape passes the metric filter and the filters of the
   * dimensions kept in shapes; built by {@link #passingShapes} on first use.
   */
  private boolean[] shapes;
  /** Indexes into {@link #dimensions} of the filtered dimensions with columns of their own. */
  private final int[] own;
  private final TenantEvents tenant;
  /**
   * The accepted call ids, for rows whose call id is their event id's fact part and so has no
   * dictionary id; null when the tenant has no such row or the filter does not ask.
   */
  private final Set<String> factCallIds;

  private CompiledFilter(TenantEvents tenant, boolean[] metrics, int[] dimensions, boolean[][] accepted,
      boolean matchesNothing, Set<String> factCallIds) {
    this.tenant = tenant;
    this.factCallIds = factCallIds;
    this.metrics = metrics;
    this.dimensions = dimensions;
    this.accepted = accepted;
    this.matchesNothing = matchesNothing;
    int bits = 0;
    int owned = 0;
    boolean shaped = metrics != null;
    for (int d : dimensions) {
      bits |= 1 << d;
      if (RowShapes.OWN_COLUMN[d]) {
        owned++;
      } else {
        shaped = true;
      }
    }
    required = bits;
    own = new int[owned];
    owned = 0;
    for (int f = 0; f < dimensions.length; f++) {
      if (RowShapes.OWN_COLUMN[dimensions[f]]) {
        own[owned++] = f;
      }
    }
    byShape = shaped && !matchesNothing;
  }

  /**
   * Judges each distinct shape once, so that rows then cost one lookup however many filters; done
   * on the first row tested, as days read from their rollups never test one.
   */
  private boolean[] passingShapes() {
    RowShapes rowShapes = tenant.shapes;
    boolean[] pass = new boolean[rowShapes.size()];
    for (int c = 0; c < pass.length; c++) {
      boolean ok = metrics == null || metrics[rowShapes.metric[c]];
      for (int f = 0; f < dimensions.length && ok; f++) {
        if (!RowShapes.OWN_COLUMN[dimensions[f]]) {
          ok = accepted[f][rowShapes.dimension(dimensions[f])[c]];
        }
      }
      pass[c] = ok;
    }
    return pass;
  }

  /** Translates a filter into a tenant's ids; the caller holds the tenant's read lock. */
  static CompiledFilter compile(TenantEvents tenant, EventFilter filter) {
    boolean nothing = false;
    boolean[] metrics = null;
    if (!filter.metrics().isEmpty()) {
      metrics = accepted(tenant.metrics, filter.metrics());
      nothing = metrics == null;
    }
    Map<DimensionKey, Set<String>> byDimension = filter.dimensions();
    int[] dimensions = new int[byDimension.size()];
    boolean[][] accepted = new boolean[byDimension.size()][];
    int i = 0;
    Set<String> factCallIds = null;
    for (Map.Entry<DimensionKey, Set<String>> f : byDimension.entrySet()) {
      StringDictionary dictionary = tenant.dimension(f.getKey());
      dimensions[i] = f.getKey().ordinal();
      accepted[i] = dictionary == null ? null : accepted(dictionary, f.getValue());
      if (dimensions[i] == TenantEvents.CALL_ID && tenant.factCallIds) {
        // Call ids kept in event ids have no dictionary id: rows compare their text instead.
        factCallIds = f.getValue();
        if (accepted[i] == null) {
          accepted[i] = new boolean[dictionary == null ? 1 : dictionary.size() + 1];
        }
      }
      nothing |= accepted[i] == null;
      i++;
    }
    return new CompiledFilter(tenant, nothing ? new boolean[1] : metrics, dimensions, accepted, nothing, factCallIds);
  }

  /** Returns the accepted ids of a dictionary, or null if none of the values has an id. */
  private static boolean[] accepted(StringDictionary dictionary, Set<String> values) {
    boolean[] ids = new boolean[dictionary.size() + 1];
    boolean any = false;
    for (String value : values) {
      int id = dictionary.find(value);
      if (id != 0) {
        ids[id] = true;
        any = true;
      }
    }
    return any ? ids : null;
  }

  /** Returns whether some row of the chunk can match: some row has every filtered dimension. */
  boolean mayMatch(DayChunk chunk) {
    return !matchesNothing && (chunk.dimensionMask & required) == required;
  }

  /** Returns whether a row of a chunk for which {@link #mayMatch} holds passes the filter. */
  boolean matches(DayChunk chunk, int row) {
    if (byShape) {
      boolean[] pass = shapes;
      if (pass == null) {
        pass = shapes = passingShapes();
      }
      if (!pass[chunk.shape[row]]) {
        return false;
      }
    }
    for (int f : own) {
      int d = dimensions[f];
      if (d == TenantEvents.CALL_ID && factCallIds != null && tenant.isFactCallId(chunk, row)) {
        if (!factCallIds.contains(tenant.factCallId(chunk, row))) {
          return false;
        }
        continue;
      }
      // A day whose call ids are all in event ids has no call id column.
      int[] column = chunk.dimensions[d];
      if (column == null || !accepted[f][column[row]]) {
        return false;
      }
    }
    return true;
  }
}
