package dev.usage.store;

import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything a store keeps for one tenant: the events in day chunks, column by column, their ids
 * in an arena and an index from id to row, for idempotency; plus the dictionaries that encode the
 * chunks' strings and the parts events share. No event object is kept: {@link #event} rebuilds
 * one, equal to the one recorded, from its row.
 *
 * <p>Dictionaries are per tenant, not per store, so that the tenant's lock alone guards all of
 * its state: tenants never contend, and a filter value only another tenant used translates to "no
 * match" without a lookup in a shared structure.
 *
 * <p>This class is thread-safe only under its lock: callers hold {@link #lock} for writing to
 * append and for reading to query.
 */
final class TenantEvents {

  private static final DimensionKey[] DIMENSIONS = DimensionKey.values();
  static final int CALL_ID = DimensionKey.CALL_ID.ordinal();
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final SortedMap<String, String> NO_CUSTOM = Collections.emptySortedMap();

  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** The tenant these events belong to. */
  final TenantId id;
  /** This tenant's place in the store's lock order, unique within the store. */
  final int rank;
  final StringDictionary metrics = new StringDictionary();
  private final IdArena ids = new IdArena(metrics);
  private final IdIndex byId = new IdIndex(ids);
  private final SharedPartsDictionary sharedParts = new SharedPartsDictionary();
  /** The rows' shapes: metric, shared parts and repeating dimension values, one code per row. */
  final RowShapes shapes = new RowShapes();
  private final StringDictionary[] dimensionValues = new StringDictionary[DIMENSIONS.length];

  /** The chunks' epoch days, ascending; chunks[i] holds day days[i]. */
  private long[] days = new long[8];
  private DayChunk[] chunks = new DayChunk[8];
  private int chunkCount;
  /** The chunks in order of creation, which id entries name. */
  private DayChunk[] byOrdinal = new DayChunk[8];
  private Dimensions lastDimensions;
  private final int[] lastDimensionIds = new int[DIMENSIONS.length];
  /** The dimensions of own columns that {@link #lastDimensions} carries, one bit per ordinal. */
  private int lastOwnMask;
  /** The shape of the last event recorded, and the metric and shared parts it was made of. */
  private int lastShape = -1;
  private int lastShapeMetric;
  private int lastShapeShared;
  private int lastShapeFlags;
  /** The {@link RowShapes#tuple} of {@link #lastDimensions}. */
  private int lastTuple;
  /** The call id of {@link #lastDimensions}, interned only when a row needs it in its column. */
  private String lastCallId;
  /** Whether some row's call id is the fact part of its event id ({@link RowShapes#FACT_CALL_ID}). */
  boolean factCallIds;
  /** Recently used chunks by day modulo 64: a batch's events fall on few days. */
  private final DayChunk[] recent = new DayChunk[64];

  TenantEvents(TenantId id, int rank) {
    this.id = id;
    this.rank = rank;
  }

  /**
   * Records the events of {@code batch} at positions {@code from} to {@code to} (exclusive), or,
   * if {@code order} is not null, at the positions in the low 32 bits of {@code order[from]} to
   * {@code order[to - 1]}; all are this tenant's. The caller holds the write lock.
   *
   * @param rejected the batch's rejections so far, or null if none
   * @return the batch's rejections with those of these events added, or null if none
   * @throws ConcurrentModificationException if an event is another tenant's, which happens only
   *     when the caller changes the batch while it is appended
   */
  Rejections append(List<PricedEvent> batch, long[] order, int from, int to, Rejections rejected) {
    for (int k = from; k < to; k++) {
      int position = order == null ? k : (int) order[k];
      PricedEvent e = batch.get(position);
      TenantId tenant = e.event().tenant();
      if (tenant != id && !tenant.equals(id)) {
        // The store reads the batch in place; never let a changed batch cross tenants.
        throw new ConcurrentModificationException("event " + e.event().id() + " of " + tenant
            + " was found among the events of " + id + "; the batch changed while it was appended");
      }
      String eventId = e.event().id().value();
      int found = byId.find(eventId);
      if (found < 0) {
        byId.insert(found, eventId, add(e));
      } else {
        DayChunk chunk = byOrdinal[ids.chunk(found)];
        int row = ids.row(found);
        rejected = Rejections.add(rejected, position,
            isRecordedAt(chunk, row, e) ? null : difference(event(chunk, row), e));
      }
    }
    return rejected;
  }

  /** Returns the event recorded under {@code id}, or null. The caller holds a lock. */
  PricedEvent find(EventId id) {
    int offset = byId.find(id.value());
    return offset < 0 ? null : event(offset);
  }

  /** Returns the event whose id entry is at an arena offset. The caller holds a lock. */
  private PricedEvent event(int idOffset) {
    return event(byOrdinal[ids.chunk(idOffset)], ids.row(idOffset));
  }

  /**
   * Rebuilds the event recorded at a row of one of this tenant's chunks: equal to the one
   * recorded, though not the same object. The caller holds a lock.
   *
   * @param chunk one of this tenant's chunks
   * @param row a row of it, below its size
   * @return the event
   */
  PricedEvent event(DayChunk chunk, int row) {
    int shape = chunk.shape[row];
    SharedParts parts = sharedParts.value(shapes.shared[shape]);
    long nanos = chunk.nanoOfDay(row);
    Instant at = Instant.ofEpochSecond(chunk.epochDay * SECONDS_PER_DAY + nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    Optional<EventId> reverses = chunk.isReversal(row)
        ? Optional.of(new EventId(ids.text(chunk.reversed[row])))
        : Optional.empty();
    UsageEvent e = new UsageEvent(idAt(chunk, row), id, at, parts.metric(), chunk.quantity.get(row),
        dimensions(chunk, row, parts.custom()), reverses);
    return new PricedEvent(e, Credits.ofMicros(chunk.creditsMicros.get(row)), chunk.billable.get(row), parts.trace());
  }

  /** Returns whether a row's call id is the fact part of its event id, kept in no column. */
  boolean isFactCallId(DayChunk chunk, int row) {
    return (shapes.mask[chunk.shape[row]] & RowShapes.FACT_CALL_ID) != 0;
  }

  /** Returns the call id of a row for which {@link #isFactCallId} holds. */
  String factCallId(DayChunk chunk, int row) {
    return ids.factText(chunk.idOffset[row]);
  }

  /** Returns a dimension's value at a row, or null if the row has none. */
  private String dimensionValue(DayChunk chunk, int row, int dimension) {
    if (dimension == CALL_ID && isFactCallId(chunk, row)) {
      return factCallId(chunk, row);
    }
    int code = dimensionId(chunk, row, dimension);
    return code == 0 ? null : dimensionValues[dimension].value(code);
  }

  /** Returns whether {@code eventId} is {@code callId}, a slash and {@code metricKey}. */
  private static boolean isFactOf(String callId, String eventId, String metricKey) {
    int n = callId.length();
    return eventId.length() == n + 1 + metricKey.length() && eventId.charAt(n) == '/'
        && eventId.startsWith(callId) && eventId.endsWith(metricKey);
  }

  /**
   * Returns the dictionary id of a dimension's value at a row, 0 if the row has none or, for a
   * call id, if {@link #isFactCallId} holds.
   */
  int dimensionId(DayChunk chunk, int row, int dimension) {
    if (RowShapes.OWN_COLUMN[dimension]) {
      int[] column = chunk.dimensions[dimension];
      return column == null ? 0 : column[row];
    }
    return shapes.dimension(dimension)[chunk.shape[row]];
  }

  /**
   * Returns whether {@code p} equals the event recorded at a row whose id is {@code p}'s, as
   * {@code event(chunk, row).equals(p)} would answer but without rebuilding the event: a
   * redelivery is compared column by column.
   */
  private boolean isRecordedAt(DayChunk chunk, int row, PricedEvent p) {
    UsageEvent e = p.event();
    Instant at = e.occurredAt();
    long second = at.getEpochSecond();
    if (Math.floorDiv(second, SECONDS_PER_DAY) != chunk.epochDay
        || chunk.nanoOfDay(row) != Math.floorMod(second, SECONDS_PER_DAY) * 1_000_000_000L + at.getNano()
        || chunk.quantity.get(row) != e.quantity()
        || chunk.billable.get(row) != p.billableQuantity()
        || chunk.creditsMicros.get(row) != p.credits().micros()) {
      return false;
    }
    boolean reversal = chunk.isReversal(row);
    if (reversal != e.isReversal()
        || reversal && !ids.matches(chunk.reversed[row], e.reverses().orElseThrow().value())) {
      return false;
    }
    Dimensions dims = e.dimensions();
    boolean factCallId = isFactCallId(chunk, row);
    for (int d = 0; d < DIMENSIONS.length; d++) {
      String value = dims.valueOrNull(DIMENSIONS[d]);
      if (d == CALL_ID && factCallId) {
        // The ids are equal (the index found the row by it), so comparing with it suffices.
        if (value == null || !isFactOf(value, e.id().value(), e.metric().key())) {
          return false;
        }
        continue;
      }
      int code = dimensionId(chunk, row, d);
      if (value == null ? code != 0 : code == 0 || !dimensionValues[d].value(code).equals(value)) {
        return false;
      }
    }
    SharedParts parts = sharedParts.value(shapes.shared[chunk.shape[row]]);
    return parts.metric().equals(e.metric()) && parts.trace().equals(p.trace())
        && parts.custom().equals(dims.customValues());
  }

  /** Returns the id of the event at a row of one of this tenant's chunks. */
  EventId idAt(DayChunk chunk, int row) {
    return new EventId(ids.text(chunk.idOffset[row]));
  }

  private Dimensions dimensions(DayChunk chunk, int row, SortedMap<String, String> custom) {
    Dimensions.Builder b = null;
    for (int d = 0; d < DIMENSIONS.length; d++) {
      String value = dimensionValue(chunk, row, d);
      if (value != null) {
        if (b == null) {
          b = Dimensions.builder();
        }
        b.set(DIMENSIONS[d], value);
      }
    }
    if (!custom.isEmpty()) {
      if (b == null) {
        b = Dimensions.builder();
      }
      for (Map.Entry<String, String> c : custom.entrySet()) {
        b.custom(c.getKey(), c.getValue());
      }
    }
    return b == null ? Dimensions.none() : b.build();
  }

  /** Records a new event and returns the arena offset of its id. */
  private int add(PricedEvent p) {
    UsageEvent e = p.event();
    Instant at = e.occurredAt();
    long second = at.getEpochSecond();
    long day = Math.floorDiv(second, SECONDS_PER_DAY);
    long nanos = Math.floorMod(second, SECONDS_PER_DAY) * 1_000_000_000L + at.getNano();
    DayChunk chunk = chunk(day);
    String metricKey = e.metric().key();
    int metricId = metrics.intern(metricKey);
    Dimensions dims = e.dimensions();
    SortedMap<String, String> custom = dims.customValues();
    if (custom.isEmpty()) {
      // Each Dimensions has its own empty map: one shared instance lets the parts' identity
      // cache answer, where comparing the maps cost a tenth of recording an event.
      custom = NO_CUSTOM;
    }
    int sharedCode = sharedParts.intern(e.metric(), p.trace(), custom);
    if (dims != lastDimensions) {
      // Facts often become several events sharing one Dimensions (a call's minutes and its
      // count), so the ids of the last one are kept: interning a value that is equal but not
      // the same String reads both strings' bytes, the largest part of recording an event.
      int own = 0;
      for (int d = 0; d < DIMENSIONS.length; d++) {
        String value = dims.valueOrNull(DIMENSIONS[d]);
        int id = 0;
        if (d == CALL_ID) {
          // Interned when an event's id does not derive from it; see below.
          lastCallId = value;
          if (value != null) {
            own |= 1 << d;
          }
        } else if (value != null) {
          StringDictionary dictionary = dimensionValues[d];
          if (dictionary == null) {
            dictionary = new StringDictionary();
            dimensionValues[d] = dictionary;
          }
          id = dictionary.intern(value);
          if (RowShapes.OWN_COLUMN[d]) {
            own |= 1 << d;
          }
        }
        lastDimensionIds[d] = id;
      }
      lastDimensions = dims;
      lastOwnMask = own;
      lastTuple = shapes.tuple(lastDimensionIds);
      lastShape = -1;
    }
    int own = lastOwnMask;
    int flags = 0;
    String callId = lastCallId;
    if (callId != null) {
      if (isFactOf(callId, e.id().value(), metricKey)) {
        // A call's events (UsageFacts.call) carry the call's id as a dimension and derive their
        // own ids from it: the row keeps it once, in its id.
        flags = RowShapes.FACT_CALL_ID | 1 << CALL_ID;
        own &= ~(1 << CALL_ID);
        factCallIds = true;
      } else if (lastDimensionIds[CALL_ID] == 0) {
        StringDictionary dictionary = dimensionValues[CALL_ID];
        if (dictionary == null) {
          dictionary = new StringDictionary();
          dimensionValues[CALL_ID] = dictionary;
        }
        lastDimensionIds[CALL_ID] = dictionary.intern(callId);
      }
    }
    int shape = lastShape;
    if (shape < 0 || lastShapeMetric != metricId || lastShapeShared != sharedCode || lastShapeFlags != flags) {
      shape = shapes.intern(metricId, sharedCode, lastTuple, flags);
      lastShape = shape;
      lastShapeMetric = metricId;
      lastShapeShared = sharedCode;
      lastShapeFlags = flags;
    }
    long quantity = e.quantity();
    long billable = p.billableQuantity();
    long micros = p.credits().micros();
    int row = chunk.add(nanos, shape, quantity, billable, micros, e.isReversal());
    int idOffset = ids.add(e.id().value(), metricId, chunk.ordinal, row);
    chunk.idOffset[row] = idOffset;
    if (e.isReversal()) {
      chunk.reversed[row] = ids.addText(e.reverses().orElseThrow().value());
    }
    chunk.dimensionMask |= shapes.mask[shape] | own;
    while (own != 0) {
      int d = Integer.numberOfTrailingZeros(own);
      chunk.dimension(d, row, lastDimensionIds[d]);
      own &= own - 1;
    }
    chunk.rollup.add(metricId, lastDimensionIds[DayRollup.CHANNEL], lastDimensionIds[DayRollup.DIRECTION],
        e.isReversal(), quantity, billable, micros);
    return idOffset;
  }

  private DayChunk chunk(long day) {
    DayChunk r = recent[(int) day & 63];
    if (r != null && r.epochDay == day) {
      return r;
    }
    int i = Arrays.binarySearch(days, 0, chunkCount, day);
    if (i < 0) {
      i = -i - 1;
      if (chunkCount == days.length) {
        days = Arrays.copyOf(days, chunkCount * 2);
        chunks = Arrays.copyOf(chunks, chunkCount * 2);
      }
      int ordinal = chunkCount;
      DayChunk chunk = i == chunkCount
          ? new DayChunk(day, ordinal, predictCapacity(day), predictRollupCells())
          : new DayChunk(day, ordinal, DayChunk.MIN_CAPACITY, 0);
      if (ordinal == byOrdinal.length) {
        byOrdinal = Arrays.copyOf(byOrdinal, ordinal * 2);
      }
      byOrdinal[ordinal] = chunk;
      if (i == chunkCount && i > 0) {
        // A new newest day usually means the day before is over.
        chunks[i - 1].trimIfSparse();
      }
      System.arraycopy(days, i, days, i + 1, chunkCount - i);
      System.arraycopy(chunks, i, chunks, i + 1, chunkCount - i);
      days[i] = day;
      chunks[i] = chunk;
      chunkCount++;
    }
    recent[(int) day & 63] = chunks[i];
    return chunks[i];
  }

  /**
   * Returns the capacity of a chunk for {@code day}, a day after all chunks so far: a quarter
   * more than the same weekday a week before had, or, in a tenant's first week, than its largest
   * day.
   */
  private int predictCapacity(long day) {
    // Each growth copies every column and leaves the old ones as garbage, as much again as the
    // day's final arrays; a tenant's days are alike, and a week apart alike in shape (weekends
    // are quieter), so most days are sized once. An overshoot is trimmed when the day ends.
    int expected = 0;
    int weekBefore = firstChunkFrom(day - 7);
    if (weekBefore < chunkCount && days[weekBefore] == day - 7) {
      expected = chunks[weekBefore].size;
    } else {
      for (int c = Math.max(0, chunkCount - 7); c < chunkCount; c++) {
        expected = Math.max(expected, chunks[c].size);
      }
    }
    return Math.max(DayChunk.MIN_CAPACITY, expected + (expected >> 2));
  }

  /** Returns the most rollup cells any of the last seven days needed. */
  private int predictRollupCells() {
    int cells = 0;
    for (int c = Math.max(0, chunkCount - 7); c < chunkCount; c++) {
      cells = Math.max(cells, chunks[c].rollup.cells);
    }
    return cells;
  }

  /** Returns the dictionary of a dimension's values, or null if no event carried it yet. */
  StringDictionary dimension(DimensionKey key) {
    return dimensionValues[key.ordinal()];
  }

  /** Returns the number of day chunks. */
  int chunkCount() {
    return chunkCount;
  }

  /** Returns the chunk at an index, in ascending day order. */
  DayChunk chunkAt(int index) {
    return chunks[index];
  }

  /** Returns the index of the first chunk whose day is {@code day} or later. */
  int firstChunkFrom(long day) {
    int i = Arrays.binarySearch(days, 0, chunkCount, day);
    return i >= 0 ? i : -i - 1;
  }

  static String difference(PricedEvent known, PricedEvent given) {
    UsageEvent a = known.event();
    UsageEvent b = given.event();
    String what;
    Object was;
    Object now;
    if (!a.occurredAt().equals(b.occurredAt())) {
      what = "time";
      was = a.occurredAt();
      now = b.occurredAt();
    } else if (!a.metric().equals(b.metric())) {
      what = "metric";
      was = a.metric();
      now = b.metric();
    } else if (a.quantity() != b.quantity()) {
      what = "quantity";
      was = a.quantity();
      now = b.quantity();
    } else if (!a.dimensions().equals(b.dimensions())) {
      what = "dimensions";
      was = a.dimensions();
      now = b.dimensions();
    } else if (!a.reverses().equals(b.reverses())) {
      what = "reversed event";
      was = a.reverses().map(Object::toString).orElse("none");
      now = b.reverses().map(Object::toString).orElse("none");
    } else if (!known.credits().equals(given.credits())) {
      what = "credits";
      was = known.credits();
      now = given.credits();
    } else if (known.billableQuantity() != given.billableQuantity()) {
      what = "billable quantity";
      was = known.billableQuantity();
      now = given.billableQuantity();
    } else {
      what = "pricing trace";
      was = Objects.toString(known.trace());
      now = Objects.toString(given.trace());
    }
    return "event " + a.id() + " of " + a.tenant() + " was recorded with " + what + " " + was
        + " but now has " + now;
  }
}
