package dev.usage.store;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers one {@link AggregateQuery} over one tenant's day chunks: the columnar hot loop.
 *
 * <p>Only chunks whose day meets {@code [from, to)} are read. A whole day that is one date in the
 * query's zone is read from its {@link DayRollup} when the query groups and filters only by day,
 * metric, channel and direction; other days are read row by row,
 * column at a time, and only the first and last day of the range test each row's time.
 *
 * <p>A row's group is a number computed from int ids in mixed radix (each group key's dictionary
 * size is the base of one digit), so that grouping needs no strings and no objects; when the
 * product of the bases is small the number indexes an array directly, else an open-addressing
 * table maps it to an accumulator slot. Each slot's accumulators sit together in one {@code
 * long[]}. Strings are looked up once per result row, at the end, and rows are sorted by the
 * ranks of their values.
 *
 * <p>Sums are exact: a per-slot high word counts how often the {@code long} sum wrapped, and a
 * row whose total does not fit in a {@code long} throws {@link UsageOverflowException}. The total
 * decides, not the order of addition, so that the answer does not depend on the order in which
 * events were recorded (a reversal may bring a sum back into range).
 *
 * <p>This class is not thread-safe; each query has its own, used under the tenant's read lock.
 */
final class Aggregator {

  /** Largest product of group-key bases indexed directly: a 256 KiB slot array at most. */
  private static final long DIRECT_LIMIT = 1 << 16;
  private static final int DAY = -2;
  private static final int METRIC = -1;
  private static final int INITIAL_SLOTS = 16;

  private final TenantEvents tenant;
  private final AggregateQuery query;
  private final int firstChunk;
  private final int endChunk;

  // Per group key: where its id comes from (DAY, METRIC or a dimension ordinal), the base of its
  // digit, its place value and the word of the key it is a digit of.
  private final int[] source;
  private final long[] base;
  private final long[] place;
  private final int[] word;
  private int words = 1;
  private LongSlotTable table;
  private int[] direct;

  // Day grouping: the distinct local dates of the visited chunks, ascending, and per chunk the
  // nano-of-day at which each of its local dates starts with the index of that date.
  private final List<LocalDate> dates = new ArrayList<>();
  private long[][] dayStarts;
  private int[][] dayIndexes;

  // Accumulators, STRIDE longs per slot, so that a row touches one or two cache lines; the high
  // words of the three sums, rarely written, live apart.
  private static final int STRIDE = 5;
  private static final int COUNT = 0;
  private static final int SUM = 1;
  private static final int BILLABLE = 2;
  private static final int CREDITS = 3;
  private static final int MAX = 4;
  private int slots;
  private long[] keys;
  private long[] acc;
  private long[] high;
  /** The reversals among each slot's events, apart because most days have none. */
  private long[] reversals;
  /** Per-row scratch of the chunk being added: its group key, then its slot. */
  private long[] rowKeys = new long[0];
  private int[] rowSlots = new int[0];
  /** Whether whole days may be read from their rollups: the query asks nothing they lack. */
  private final boolean useRollups;
  /**
   * Per {@link RowShapes} code, the part of a one-word group key that the shape decides (metric
   * and the dimensions kept in shapes), so that a row adds one looked-up number for all of them;
   * null until {@link #shapeKeys()} first builds it.
   */
  private long[] shapeKeys;
  /** Whether some group key of a one-word key is decided by the shape. */
  private boolean byShape;
  /** Per-chunk scratch: times and the three numbers of its rows, as longs. */
  private long[] rowNanos = new long[0];
  private long[] rowQuantity = new long[0];
  private long[] rowBillable = new long[0];
  private long[] rowCredits = new long[0];
  /**
   * When the query groups by call id and some rows keep theirs in their event ids ({@link
   * RowShapes#FACT_CALL_ID}): the ids this query gives such call ids that the dictionary lacks,
   * from {@link #factBase} + 1, and their values in that order; else null.
   */
  private HashMap<String, Integer> factIds;
  private List<String> factValues;
  private int factBase;

  private Aggregator(TenantEvents tenant, AggregateQuery query, int firstChunk, int endChunk, CompiledFilter filter) {
    this.tenant = tenant;
    this.query = query;
    this.firstChunk = firstChunk;
    this.endChunk = endChunk;
    int n = query.groupBy().size();
    source = new int[n];
    base = new long[n];
    place = new long[n];
    word = new int[n];
    for (int g = 0; g < n; g++) {
      GroupKey key = query.groupBy().get(g);
      if (key == GroupKey.DAY) {
        source[g] = DAY;
        base[g] = localDays();
      } else if (key == GroupKey.METRIC) {
        source[g] = METRIC;
        base[g] = tenant.metrics.size() + 1L;
      } else {
        source[g] = key.dimension().orElseThrow().ordinal();
        StringDictionary values = tenant.dimension(key.dimension().orElseThrow());
        base[g] = values == null ? 1 : values.size() + 1L;
        if (source[g] == TenantEvents.CALL_ID && tenant.factCallIds) {
          // Each visited row may bring a call id of its own.
          factBase = (int) base[g] - 1;
          factIds = new HashMap<>();
          factValues = new ArrayList<>();
          for (int c = firstChunk; c < endChunk; c++) {
            base[g] += tenant.chunkAt(c).size;
          }
        }
      }
    }
    long product = 1;
    for (int g = 0; g < n; g++) {
      // A digit starts a new word when the key would no longer fit in a long.
      if (Math.multiplyHigh(product, base[g]) != 0 || product * base[g] < 0) {
        words++;
        product = 1;
      }
      word[g] = words - 1;
      place[g] = product;
      product *= base[g];
    }
    int capacity = INITIAL_SLOTS;
    if (words == 1 && product <= DIRECT_LIMIT) {
      direct = new int[(int) product];
      // Few groups are possible: allocate for all of them, up to a point, rather than grow.
      capacity = (int) Math.max(INITIAL_SLOTS, Math.min(product, 1_024));
    } else {
      table = new LongSlotTable(words);
    }
    keys = new long[capacity * words];
    acc = new long[capacity * STRIDE];
    high = new long[capacity * 3];
    reversals = new long[capacity];
    boolean rollup = words == 1;
    for (int g = 0; g < n; g++) {
      rollup &= source[g] == DAY || source[g] == METRIC || source[g] == DayRollup.CHANNEL
          || source[g] == DayRollup.DIRECTION;
    }
    for (int d : filter.dimensions) {
      rollup &= d == DayRollup.CHANNEL || d == DayRollup.DIRECTION;
    }
    useRollups = rollup;
    for (int g = 0; g < n && words == 1; g++) {
      byShape |= source[g] == METRIC || source[g] >= 0 && !RowShapes.OWN_COLUMN[source[g]];
    }
  }

  /**
   * Returns, per shape, the part of the group key it decides; built on first use, as days read
   * from their rollups never need it and a tenant may have thousands of shapes.
   */
  private long[] shapeKeys() {
    if (shapeKeys == null) {
      RowShapes shapes = tenant.shapes;
      long[] parts = new long[shapes.size()];
      for (int g = 0; g < source.length; g++) {
        int[] ids = source[g] == METRIC ? shapes.metric
            : source[g] >= 0 && !RowShapes.OWN_COLUMN[source[g]] ? shapes.dimension(source[g]) : null;
        if (ids != null) {
          for (int c = 0; c < parts.length; c++) {
            parts[c] += ids[c] * place[g];
          }
        }
      }
      shapeKeys = parts;
    }
    return shapeKeys;
  }

  /**
   * Aggregates a tenant's events; the caller holds the tenant's read lock.
   *
   * @throws UsageOverflowException if a row's sum, billable sum or credits is out of range
   */
  static List<AggregateRow> aggregate(TenantEvents tenant, AggregateQuery query) {
    Instant from = query.from();
    Instant to = query.to();
    long fromDay = epochDay(from);
    long toDay = epochDay(to);
    long toNanos = nanoOfDay(to);
    int first = tenant.firstChunkFrom(fromDay);
    int end = tenant.firstChunkFrom(toNanos == 0 ? toDay : toDay + 1);
    if (first >= end) {
      return List.of();
    }
    CompiledFilter filter = CompiledFilter.compile(tenant, query.filter());
    if (filter.matchesNothing) {
      return List.of();
    }
    Aggregator a = new Aggregator(tenant, query, first, end, filter);
    long fromNanos = nanoOfDay(from);
    for (int c = first; c < end; c++) {
      DayChunk chunk = tenant.chunkAt(c);
      if (filter.mayMatch(chunk)) {
        long lower = chunk.epochDay == fromDay ? fromNanos : 0;
        long upper = chunk.epochDay == toDay ? toNanos : DayChunk.NANOS_PER_DAY;
        boolean wholeDay = lower == 0 && upper == DayChunk.NANOS_PER_DAY;
        if (a.useRollups && wholeDay && chunk.rollup.usable && a.oneDate(c)) {
          a.addRollup(c, chunk, filter);
        } else if (a.words == 1) {
          a.addNarrow(c, chunk, filter, lower, upper);
        } else {
          a.addWide(c, chunk, filter, lower, upper);
        }
      }
    }
    return a.rows();
  }

  static long epochDay(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), 86_400L);
  }

  static long nanoOfDay(Instant instant) {
    return Math.floorMod(instant.getEpochSecond(), 86_400L) * 1_000_000_000L + instant.getNano();
  }

  /**
   * Finds where the local days of the query's zone start within each visited UTC day, and
   * returns how many distinct local dates there are. A UTC day meets one local date in UTC, two
   * in most zones, and more only across a skipped or repeated day; a row finds its date with a
   * comparison or two, cheaper than a binary search per row over the range's day
   * boundaries, and valid for a range of any length.
   */
  private int localDays() {
    ZoneId zone = query.zone();
    int n = endChunk - firstChunk;
    dayStarts = new long[n][];
    dayIndexes = new int[n][];
    long[] starts = new long[4];
    int[] indexes = new int[4];
    for (int c = 0; c < n; c++) {
      long startSecond = tenant.chunkAt(firstChunk + c).epochDay * 86_400L;
      LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(startSecond), zone);
      int k = 0;
      while (true) {
        if (dates.isEmpty() || !dates.get(dates.size() - 1).equals(date)) {
          dates.add(date);
        }
        if (k == starts.length) {
          starts = Arrays.copyOf(starts, k * 2);
          indexes = Arrays.copyOf(indexes, k * 2);
        }
        indexes[k++] = dates.size() - 1;
        LocalDate next = date.plusDays(1);
        long nextSecond = next.atStartOfDay(zone).toEpochSecond();
        if (nextSecond >= startSecond + 86_400L) {
          break;
        }
        // A date skipped by its zone starts where the next one does; the row search takes the
        // last start at or before a row, so the skipped date gets no rows.
        starts[k] = (nextSecond - startSecond) * 1_000_000_000L;
        date = next;
      }
      dayStarts[c] = Arrays.copyOf(starts, k);
      dayIndexes[c] = Arrays.copyOf(indexes, k);
    }
    return dates.size();
  }

  /** Adds a chunk's rows whose group keys fit one word. */
  private void addNarrow(int c, DayChunk chunk, CompiledFilter filter, long lower, long upper) {
    int n = chunk.size;
    boolean timed = lower > 0 || upper < DayChunk.NANOS_PER_DAY;
    boolean filtered = filter.metrics != null || filter.dimensions.length > 0;
    // Per chunk: the columns of the group keys other than DAY, and the place value of each.
    int groups = source.length;
    int[][] columns = new int[groups][];
    long[] places = new long[groups];
    int used = 0;
    long constant = 0;
    long dayPlace = 0;
    long[] starts = null;
    int[] indexes = null;
    for (int g = 0; g < groups; g++) {
      if (source[g] == DAY) {
        starts = dayStarts[c - firstChunk];
        indexes = dayIndexes[c - firstChunk];
        dayPlace = place[g];
        constant += indexes[0] * place[g];
        if (starts.length == 1) {
          starts = null;
        }
      } else if (source[g] >= 0 && RowShapes.OWN_COLUMN[source[g]]) {
        int[] column = source[g] == TenantEvents.CALL_ID && factIds != null
            ? callIdColumn(chunk) : chunk.dimensions[source[g]];
        if (column != null) {
          columns[used] = column;
          places[used++] = place[g];
        }
      }
    }
    long[] nanos = timed || starts != null ? (rowNanos = chunk.nanosOfDay(rowNanos)) : null;
    // Column at a time, so that each loop is simple enough to compile tight: first every row's
    // group key, then its slot (-1 for rows the range or filter drop), then the accumulation.
    if (rowSlots.length < n) {
      rowKeys = new long[Math.max(n, rowKeys.length * 2)];
      rowSlots = new int[rowKeys.length];
    }
    long[] keysOfRows = rowKeys;
    int[] slotsOfRows = rowSlots;
    if (byShape) {
      int[] shapes = chunk.shape;
      long[] partOfShape = shapeKeys();
      for (int r = 0; r < n; r++) {
        keysOfRows[r] = constant + partOfShape[shapes[r]];
      }
    } else {
      Arrays.fill(keysOfRows, 0, n, constant);
    }
    if (starts != null) {
      for (int r = 0; r < n; r++) {
        long t = nanos[r];
        int d = 0;
        while (d + 1 < starts.length && t >= starts[d + 1]) {
          d++;
        }
        keysOfRows[r] += (indexes[d] - indexes[0]) * dayPlace;
      }
    }
    for (int g = 0; g < used; g++) {
      int[] column = columns[g];
      long p = places[g];
      for (int r = 0; r < n; r++) {
        keysOfRows[r] += column[r] * p;
      }
    }
    if (timed) {
      for (int r = 0; r < n; r++) {
        if (nanos[r] < lower || nanos[r] >= upper) {
          keysOfRows[r] = -1;
        }
      }
    }
    if (filtered) {
      for (int r = 0; r < n; r++) {
        if (keysOfRows[r] >= 0 && !filter.matches(chunk, r)) {
          keysOfRows[r] = -1;
        }
      }
    }
    // Direct array or table is decided once per chunk, not per row as slot(long) would.
    int[] slotOf = direct;
    if (slotOf != null) {
      for (int r = 0; r < n; r++) {
        long key = keysOfRows[r];
        slotsOfRows[r] = key < 0 ? -1 : directSlot(slotOf, key);
      }
    } else {
      for (int r = 0; r < n; r++) {
        long key = keysOfRows[r];
        slotsOfRows[r] = key < 0 ? -1 : tableSlot(key);
      }
    }
    accumulate(chunk, slotsOfRows);
    countReversals(chunk, slotsOfRows);
  }

  /**
   * Returns the slot of a group key that fits one word, taking a new slot the first time the key
   * is seen: from the direct array when the query has one, else from the table.
   */
  private int slot(long key) {
    return direct != null ? directSlot(direct, key) : tableSlot(key);
  }

  private int directSlot(int[] slotOf, long key) {
    int s = slotOf[(int) key] - 1;
    if (s < 0) {
      s = newSlot(key);
      slotOf[(int) key] = s + 1;
    }
    return s;
  }

  private int tableSlot(long key) {
    int s = table.slot(key);
    if (s == slots) {
      newSlot(key);
    }
    return s;
  }

  /** Adds each row of a chunk to its slot, skipping rows whose slot is -1. */
  private void accumulate(DayChunk chunk, int[] slotsOfRows) {
    int[] q32 = chunk.quantity.ints();
    int[] b32 = chunk.billable.ints();
    int[] c32 = chunk.creditsMicros.ints();
    if (q32 != null && b32 != null && c32 != null) {
      // The usual day: every number fits an int, read in place rather than widened first.
      accumulateInts(chunk.size, slotsOfRows, q32, b32, c32);
      return;
    }
    if (rowQuantity.length < chunk.size) {
      int capacity = Math.max(chunk.size, rowQuantity.length * 2);
      rowQuantity = new long[capacity];
      rowBillable = new long[capacity];
      rowCredits = new long[capacity];
    }
    long[] quantity = chunk.quantity.longs(rowQuantity, chunk.size);
    long[] billables = chunk.billable.longs(rowBillable, chunk.size);
    long[] credits = chunk.creditsMicros.longs(rowCredits, chunk.size);
    long[] acc = this.acc;
    for (int r = 0; r < chunk.size; r++) {
      int s = slotsOfRows[r];
      if (s < 0) {
        continue;
      }
      int o = s * STRIDE;
      acc[o + COUNT]++;
      long q = quantity[r];
      acc[o + SUM] = add(s, 0, acc[o + SUM], q);
      acc[o + BILLABLE] = add(s, 1, acc[o + BILLABLE], billables[r]);
      acc[o + CREDITS] = add(s, 2, acc[o + CREDITS], credits[r]);
      if (q > acc[o + MAX]) {
        acc[o + MAX] = q;
      }
    }
  }

  /** As {@link #accumulate}, for a chunk whose three number columns are all {@code int}s. */
  private void accumulateInts(int n, int[] slotsOfRows, int[] quantity, int[] billables, int[] credits) {
    long[] acc = this.acc;
    for (int r = 0; r < n; r++) {
      int s = slotsOfRows[r];
      if (s < 0) {
        continue;
      }
      int o = s * STRIDE;
      acc[o + COUNT]++;
      long q = quantity[r];
      acc[o + SUM] = add(s, 0, acc[o + SUM], q);
      acc[o + BILLABLE] = add(s, 1, acc[o + BILLABLE], billables[r]);
      acc[o + CREDITS] = add(s, 2, acc[o + CREDITS], credits[r]);
      if (q > acc[o + MAX]) {
        acc[o + MAX] = q;
      }
    }
  }

  /** Counts the reversals of a chunk's rows per slot, if the day has any. */
  private void countReversals(DayChunk chunk, int[] slotsOfRows) {
    byte[] reversal = chunk.reversal;
    if (reversal == null) {
      return;
    }
    for (int r = 0; r < chunk.size; r++) {
      int s = slotsOfRows[r];
      if (s >= 0) {
        reversals[s] += reversal[r];
      }
    }
  }

  /** Returns whether the chunk's UTC day is one date in the query's zone, or dates do not matter. */
  private boolean oneDate(int c) {
    return dayStarts == null || dayStarts[c - firstChunk].length == 1;
  }

  /** Adds a whole day from its rollup cells, as {@link #addNarrow} would from its rows. */
  private void addRollup(int c, DayChunk chunk, CompiledFilter filter) {
    DayRollup rollup = chunk.rollup;
    boolean[] metrics = filter.metrics;
    boolean[] channels = null;
    boolean[] directions = null;
    for (int f = 0; f < filter.dimensions.length; f++) {
      if (filter.dimensions[f] == DayRollup.CHANNEL) {
        channels = filter.accepted[f];
      } else {
        directions = filter.accepted[f];
      }
    }
    long constant = 0;
    for (int g = 0; g < source.length; g++) {
      if (source[g] == DAY) {
        constant += dayIndexes[c - firstChunk][0] * place[g];
      }
    }
    long[] stats = rollup.stats;
    for (int k = 0; k < rollup.cells; k++) {
      if ((metrics != null && !metrics[rollup.metric[k]])
          || (channels != null && !channels[rollup.channel[k]])
          || (directions != null && !directions[rollup.direction[k]])) {
        continue;
      }
      long key = constant;
      for (int g = 0; g < source.length; g++) {
        int id = source[g] == METRIC ? rollup.metric[k] : source[g] == DayRollup.CHANNEL ? rollup.channel[k]
            : source[g] == DayRollup.DIRECTION ? rollup.direction[k] : 0;
        key += id * place[g];
      }
      int s = slot(key);
      int o = s * STRIDE;
      int i = k * DayRollup.STRIDE;
      acc[o + COUNT] += stats[i + DayRollup.COUNT];
      reversals[s] += rollup.reversals[k];
      acc[o + SUM] = addCell(s, 0, acc[o + SUM], stats[i + DayRollup.SUM], rollup.high[k * 3]);
      acc[o + BILLABLE] = addCell(s, 1, acc[o + BILLABLE], stats[i + DayRollup.BILLABLE], rollup.high[k * 3 + 1]);
      acc[o + CREDITS] = addCell(s, 2, acc[o + CREDITS], stats[i + DayRollup.CREDITS], rollup.high[k * 3 + 2]);
      acc[o + MAX] = Math.max(acc[o + MAX], stats[i + DayRollup.MAX]);
    }
  }

  /** Returns a slot's sum plus a cell's, carrying the wrap and the cell's own high word. */
  private long addCell(int s, int which, long a, long b, long cellHigh) {
    high[s * 3 + which] += cellHigh;
    return add(s, which, a, b);
  }

  /**
   * Returns {@code a + b}, counting a wrap in the slot's high word of sum {@code which}. Small
   * enough (under 35 bytes of bytecode) for the JIT to inline into the row loop.
   */
  private long add(int s, int which, long a, long b) {
    long x = a + b;
    if (((a ^ x) & (b ^ x)) < 0) {
      wrapped(s, which, b);
    }
    return x;
  }

  /** Adds a chunk's rows whose group keys take more than one word, as {@link #addNarrow} does. */
  private void addWide(int c, DayChunk chunk, CompiledFilter filter, long lower, long upper) {
    long[] key = new long[words];
    long[] starts = dayStarts == null ? null : dayStarts[c - firstChunk];
    int[] indexes = dayIndexes == null ? null : dayIndexes[c - firstChunk];
    int[] slotsOfRows = new int[chunk.size];
    for (int r = 0; r < chunk.size; r++) {
      long t = chunk.nanoOfDay(r);
      slotsOfRows[r] = -1;
      if (t < lower || t >= upper || !filter.matches(chunk, r)) {
        continue;
      }
      Arrays.fill(key, 0);
      for (int g = 0; g < source.length; g++) {
        long id;
        if (source[g] == DAY) {
          int d = 0;
          while (d + 1 < starts.length && t >= starts[d + 1]) {
            d++;
          }
          id = indexes[d];
        } else if (source[g] == METRIC) {
          id = tenant.shapes.metric[chunk.shape[r]];
        } else if (source[g] == TenantEvents.CALL_ID && factIds != null) {
          id = callId(chunk, r);
        } else {
          id = tenant.dimensionId(chunk, r, source[g]);
        }
        key[word[g]] += id * place[g];
      }
      int s = table.slot(key);
      if (s == slots) {
        newSlot(0);
        System.arraycopy(key, 0, keys, s * words, words);
      }
      slotsOfRows[r] = s;
    }
    accumulate(chunk, slotsOfRows);
    countReversals(chunk, slotsOfRows);
  }

  /** Returns the call id of every row of a chunk, as {@link #callId} numbers them. */
  private int[] callIdColumn(DayChunk chunk) {
    int[] column = new int[chunk.size];
    for (int r = 0; r < chunk.size; r++) {
      column[r] = callId(chunk, r);
    }
    return column;
  }

  /**
   * Returns the number of a row's call id: its dictionary id, or for a call id kept in the event
   * id and not in the dictionary, a number above {@link #factBase} that this query gives it.
   */
  private int callId(DayChunk chunk, int row) {
    if (!tenant.isFactCallId(chunk, row)) {
      return tenant.dimensionId(chunk, row, TenantEvents.CALL_ID);
    }
    String value = tenant.factCallId(chunk, row);
    StringDictionary dictionary = tenant.dimension(DimensionKey.CALL_ID);
    int id = dictionary == null ? 0 : dictionary.find(value);
    if (id != 0) {
      return id;
    }
    Integer known = factIds.get(value);
    if (known != null) {
      return known;
    }
    factValues.add(value);
    factIds.put(value, factBase + factValues.size());
    return factBase + factValues.size();
  }

  private int newSlot(long key) {
    int s = slots++;
    if (s == reversals.length) {
      int capacity = s * 2;
      keys = Arrays.copyOf(keys, capacity * words);
      acc = Arrays.copyOf(acc, capacity * STRIDE);
      high = Arrays.copyOf(high, capacity * 3);
      reversals = Arrays.copyOf(reversals, capacity);
    }
    keys[s * words] = key;
    acc[s * STRIDE + MAX] = Long.MIN_VALUE;
    return s;
  }

  /** Counts a wrap of one of a slot's sums: 0 quantity, 1 billable quantity, 2 credits. */
  private void wrapped(int s, int which, long addend) {
    high[s * 3 + which] += addend < 0 ? -1 : 1;
  }

  private List<AggregateRow> rows() {
    List<GroupKey> groupBy = query.groupBy();
    int groups = source.length;
    // Decode each slot's ids once, and rank the distinct ids of each group key by their strings,
    // absent first: rows then sort by int ranks, and each string is looked up once. Only ids
    // present in the result are ranked, however large the dictionary.
    int[] ids = new int[slots * groups];
    String[][] values = new String[groups][];
    int[][] ranks = new int[groups][];
    for (int g = 0; g < groups; g++) {
      int[] column = new int[slots];
      for (int s = 0; s < slots; s++) {
        column[s] = (int) (keys[s * words + word[g]] / place[g] % base[g]);
      }
      int[] present = column.clone();
      Arrays.sort(present);
      int n = 0;
      for (int k = 0; k < present.length; k++) {
        if (k == 0 || present[k] != present[k - 1]) {
          present[n++] = present[k];
        }
      }
      String[] text = new String[n];
      for (int k = 0; k < n; k++) {
        text[k] = value(g, present[k]);
      }
      for (int s = 0; s < slots; s++) {
        ids[s * groups + g] = Arrays.binarySearch(present, 0, n, column[s]);
      }
      values[g] = text;
      ranks[g] = ranks(text);
    }
    int[] order = order(ids, ranks, values);
    List<AggregateRow> rows = new ArrayList<>(slots);
    for (int s : order) {
      Map<GroupKey, String> group = new EnumMap<>(GroupKey.class);
      for (int g = 0; g < groups; g++) {
        String value = values[g][ids[s * groups + g]];
        if (value != null) {
          group.put(groupBy.get(g), value);
        }
      }
      checkRange(high[s * 3], "quantity", group);
      checkRange(high[s * 3 + 1], "billable quantity", group);
      checkRange(high[s * 3 + 2], "credits", group);
      int o = s * STRIDE;
      rows.add(new AggregateRow(group, acc[o + COUNT], reversals[s], acc[o + SUM], acc[o + BILLABLE], acc[o + MAX],
          Credits.ofMicros(acc[o + CREDITS])));
    }
    return rows;
  }

  /**
   * Returns the slots in row order. The ranks of a slot's group values, read as digits of one
   * number, sort as a primitive {@code long} with the slot in its lowest digit; only when that
   * number would not fit in a long does it fall back to comparing rank by rank.
   */
  private int[] order(int[] ids, int[][] ranks, String[][] values) {
    int groups = source.length;
    long product = slots;
    for (int g = groups - 1; g >= 0 && product > 0; g--) {
      long n = values[g].length;
      product = Math.multiplyHigh(product, n) == 0 && product * n > 0 ? product * n : -1;
    }
    int[] order = new int[slots];
    if (product > 0) {
      long[] sortKeys = new long[slots];
      for (int s = 0; s < slots; s++) {
        long key = 0;
        for (int g = 0; g < groups; g++) {
          key = key * values[g].length + ranks[g][ids[s * groups + g]];
        }
        sortKeys[s] = key * slots + s;
      }
      Arrays.sort(sortKeys);
      for (int k = 0; k < slots; k++) {
        order[k] = (int) (sortKeys[k] % slots);
      }
      return order;
    }
    Integer[] boxed = new Integer[slots];
    for (int s = 0; s < slots; s++) {
      boxed[s] = s;
    }
    Arrays.sort(boxed, (x, y) -> {
      for (int g = 0; g < groups; g++) {
        int c = Integer.compare(ranks[g][ids[x * groups + g]], ranks[g][ids[y * groups + g]]);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    for (int k = 0; k < slots; k++) {
      order[k] = boxed[k];
    }
    return order;
  }

  /** Returns the string of an id of group key {@code g}, or null for an absent value. */
  private String value(int g, int id) {
    if (source[g] == DAY) {
      return dates.get(id).toString();
    }
    if (source[g] == METRIC) {
      return tenant.metrics.value(id);
    }
    if (id == 0) {
      return null;
    }
    if (source[g] == TenantEvents.CALL_ID && factIds != null && id > factBase) {
      return factValues.get(id - factBase - 1);
    }
    return tenant.dimension(query.groupBy().get(g).dimension().orElseThrow()).value(id);
  }

  /** Returns the rank of each string in string order, null first. */
  private static int[] ranks(String[] text) {
    Integer[] byValue = new Integer[text.length];
    for (int k = 0; k < text.length; k++) {
      byValue[k] = k;
    }
    Arrays.sort(byValue, Comparator.comparing((Integer k) -> text[k], Comparator.nullsFirst(Comparator.naturalOrder())));
    int[] rank = new int[text.length];
    for (int k = 0; k < text.length; k++) {
      rank[byValue[k]] = k;
    }
    return rank;
  }

  private void checkRange(long high, String what, Map<GroupKey, String> group) {
    if (high != 0) {
      throw new UsageOverflowException(what + " overflow: the total of " + query.tenant() + "'s events "
          + (group.isEmpty() ? "" : "in group " + group + " ") + "from " + query.from() + " to " + query.to()
          + " is out of range");
    }
  }
}
