package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanCursor;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code usage_rollup} table: each tenant's events summed per UTC hour, metric, channel and
 * direction, kept up to date by {@link #add} in the appending transaction, and the aggregates that
 * read it instead of {@code usage_events}.
 *
 * <p>An aggregate reads the rollup when it groups and filters only by day, metric, channel and
 * direction, counts nothing distinct, starts and ends on whole UTC hours, and, when it groups by
 * day, its zone's offsets over the range are whole hours that change on whole UTC hours: then
 * every hour of the table lies in exactly one of the query's days, and the answer is exact. Other
 * aggregates read the events.
 *
 * <p>This class is immutable and thread-safe.
 */
final class HourlyRollup {

  static final String TABLE = "usage_rollup";
  static final long NANOS_PER_HOUR = 3_600_000_000_000L;
  /** The first whole UTC hour a nanosecond {@code long} holds; earlier events share its bucket. */
  static final long FIRST_WHOLE_HOUR = Long.MIN_VALUE / NANOS_PER_HOUR * NANOS_PER_HOUR;
  /**
   * Attempts of an upsert that lost a race to insert a key (H2's MERGE), a few milliseconds apart:
   * up to about half a second for the winner to commit.
   */
  private static final int UPSERT_ATTEMPTS = 50;
  /** What the table stores for an absent channel or direction; dimension values are never empty. */
  private static final String NONE = "";

  static final List<String> KEY = List.of("organization", "workspace", "hour_start", "metric", "channel",
      "direction");
  static final List<String> COLUMNS = List.of("organization", "workspace", "hour_start", "metric", "channel",
      "direction", "event_count", "reversal_count", "quantity_sum", "billable_sum", "quantity_min", "quantity_max", "credits_sum",
      "latest_at", "latest_id", "latest_quantity");

  private static final String NEWER =
      "(excluded.latest_at > t.latest_at OR (excluded.latest_at = t.latest_at AND excluded.latest_id > t.latest_id))";
  private static final Map<String, String> UPDATES = updates();

  /** Any total order keeps concurrent upserts from deadlocking; this one is cheap. */
  private static final Comparator<Cell> CELL_ORDER = Comparator.comparing((Cell c) -> c.key.organization())
      .thenComparing(c -> c.key.workspace()).thenComparingLong(c -> c.key.hourStart())
      .thenComparing(c -> c.key.metric()).thenComparing(c -> c.key.channel()).thenComparing(c -> c.key.direction());

  private final Dialect dialect;
  private final String upsert;

  HourlyRollup(Dialect dialect) {
    this.dialect = dialect;
    this.upsert = upsertSql();
  }

  private static Map<String, String> updates() {
    Map<String, String> u = new LinkedHashMap<>();
    for (String sum : List.of("event_count", "reversal_count", "quantity_sum", "billable_sum", "credits_sum")) {
      u.put(sum, "t." + sum + " + excluded." + sum);
    }
    u.put("quantity_min", "LEAST(t.quantity_min, excluded.quantity_min)");
    u.put("quantity_max", "GREATEST(t.quantity_max, excluded.quantity_max)");
    for (String latest : List.of("latest_at", "latest_id", "latest_quantity")) {
      u.put(latest, "CASE WHEN " + NEWER + " THEN excluded." + latest + " ELSE t." + latest + " END");
    }
    return u;
  }

  private String upsertSql() {
    List<String> types = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String c : COLUMNS) {
      types.add(switch (c) {
        case "organization", "workspace" -> "VARCHAR(64)";
        case "metric" -> "VARCHAR(65)";
        case "channel", "direction" -> "VARCHAR(256)";
        case "latest_id" -> "VARCHAR(200)";
        case "quantity_sum", "billable_sum", "credits_sum" -> "NUMERIC(38, 0)";
        default -> "BIGINT";
      });
      // The id compares in code-point order as the dialect's event id order does.
      values.add(c.equals("latest_id") ? dialect.eventIdOrderParameter().replace("?", "u.latest_id") : "u." + c);
    }
    return dialect.upsertRows(TABLE, COLUMNS, types, values, KEY, UPDATES);
  }

  /** Returns the start of the UTC hour of epoch nanoseconds {@code nanos}, as the table keys it. */
  static long hourStart(long nanos) {
    // The hour of the earliest storable instants starts before Long.MIN_VALUE nanoseconds.
    return nanos < FIRST_WHOLE_HOUR ? Long.MIN_VALUE : Math.floorDiv(nanos, NANOS_PER_HOUR) * NANOS_PER_HOUR;
  }

  /**
   * Adds events to their hours' rows, inserting the rows that do not exist yet, in one statement:
   * the rows are summed here first and sorted by key, so that concurrent batches lock shared rows
   * in the same order.
   *
   * @param c the appending transaction's connection
   * @param inserted the events this transaction has just inserted into {@code usage_events}, each
   *     once; never duplicates or conflicts, which were not inserted
   */
  void add(Connection c, List<PricedEvent> inserted) throws SQLException {
    if (inserted.isEmpty()) {
      return;
    }
    Map<Key, Cell> cells = new HashMap<>();
    for (PricedEvent p : inserted) {
      cells.computeIfAbsent(Key.of(p), Cell::new).add(p);
    }
    List<Cell> sorted = new ArrayList<>(cells.values());
    sorted.sort(CELL_ORDER);
    Object[][] columns = new Object[COLUMNS.size()][];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = switch (COLUMNS.get(i)) {
        case "quantity_sum", "billable_sum", "credits_sum" -> new BigDecimal[sorted.size()];
        case "organization", "workspace", "metric", "channel", "direction", "latest_id" -> new String[sorted.size()];
        default -> new Long[sorted.size()];
      };
    }
    for (int r = 0; r < sorted.size(); r++) {
      sorted.get(r).put(columns, r);
    }
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement ps = c.prepareStatement(upsert)) {
        for (int i = 0; i < columns.length; i++) {
          String type = columns[i] instanceof String[] ? "varchar" : columns[i] instanceof Long[] ? "int8" : "numeric";
          ps.setArray(i + 1, c.createArrayOf(type, columns[i]));
        }
        ps.executeUpdate();
        return;
      } catch (SQLException e) {
        // Only a database that keeps the transaction after a failed statement (H2) reports a lost
        // race as a unique violation, at once, even while the winner has yet to commit; once it
        // has, the retry updates its row.
        if (!dialect.isUniqueViolation(e) || attempt == UPSERT_ATTEMPTS) {
          throw e;
        }
        pause(attempt, e);
      }
    }
  }

  /** Waits before another attempt of the upsert, longer after each: 1 ms, then 2, up to 10. */
  private static void pause(int attempt, SQLException lostRace) throws SQLException {
    try {
      Thread.sleep(Math.min(attempt, 10));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      lostRace.addSuppressed(interrupted);
      throw lostRace;
    }
  }

  /**
   * Returns whether the rollup answers {@code query} exactly, given the day segments it groups by.
   *
   * @param segments the zone's offsets over the range (or over the span holding data), present
   *     when the query groups by day
   */
  static boolean serves(AggregateQuery query, Optional<DaySegments> segments) {
    if (query.distinct().isPresent() || !wholeHour(query.from()) || !wholeHour(query.to())) {
      return false;
    }
    for (GroupKey g : query.groupBy()) {
      if (g != GroupKey.DAY && g != GroupKey.METRIC && g != GroupKey.CHANNEL && g != GroupKey.DIRECTION) {
        return false;
      }
    }
    for (Map.Entry<DimensionKey, Set<String>> f : query.filter().dimensions().entrySet()) {
      // '' stands for "none" in the table, so a filter on the value '' must read the events.
      if (f.getKey() != DimensionKey.CHANNEL && f.getKey() != DimensionKey.DIRECTION || f.getValue().contains(NONE)) {
        return false;
      }
    }
    return segments.map(DaySegments::wholeHours).orElse(true);
  }

  private static boolean wholeHour(Instant at) {
    return at.getNano() == 0 && Math.floorMod(at.getEpochSecond(), 3_600L) == 0;
  }

  /**
   * Returns the aggregate of a query the rollup {@linkplain #serves serves}, unsorted.
   *
   * <p>One statement ({@link AggregateSql#ofRollup}), so that it reads one snapshot while appends
   * go on: the hourly rows grouped (a hash aggregate over a few thousand rows) with each group's
   * newest event time, joined to the rows whose newest event has that time, among which the
   * group's latest is the event with the greatest id. A window ranking the rows of each group
   * (ROW_NUMBER) sorted all of them, and a lookup per group made PostgreSQL expect so many groups
   * that it compiled the plan (JIT): each cost 30 to 80 ms more for a month of 30,000 hourly rows.
   *
   * @throws dev.usage.UsageOverflowException if a sum does not fit a {@code long}
   */
  List<AggregateRow> aggregate(Connection c, AggregateQuery q, Optional<DaySegments> segments)
      throws SQLException {
    Sql join = AggregateSql.ofRollup(q, segments);
    Map<Map<GroupKey, String>, Group> groups = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(join.text())) {
      join.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Group g = Group.read(rs, q);
          if (g != null) {
            groups.computeIfAbsent(g.group, k -> g).offer(rs, q);
          }
        }
      }
    }
    List<AggregateRow> rows = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      rows.add(g.row(q));
    }
    return rows;
  }

  /** A group of the aggregate: its values, sums, newest time and, once offered, latest event. */
  private static final class Group {
    private final Map<GroupKey, String> group;
    private final long count;
    private final long reversals;
    private final BigDecimal sum;
    private final BigDecimal billable;
    private final long min;
    private final long max;
    private final BigDecimal credits;
    private final long lastAt;
    private byte[] latestId;
    private long latestQuantity;

    private Group(Map<GroupKey, String> group, long count, long reversals, BigDecimal sum, BigDecimal billable,
        long min, long max, BigDecimal credits, long lastAt) {
      this.group = group;
      this.count = count;
      this.reversals = reversals;
      this.sum = sum;
      this.billable = billable;
      this.min = min;
      this.max = max;
      this.credits = credits;
      this.lastAt = lastAt;
    }

    /** Returns the group of the current row, or null for the empty row of an ungrouped query. */
    static Group read(ResultSet rs, AggregateQuery q) throws SQLException {
      Map<GroupKey, String> group = EventAggregates.readGroup(rs, q.groupBy());
      int i = q.groupBy().size() + 1;
      long count = rs.getLong(i++);
      if (count == 0) {
        return null;
      }
      return new Group(group, count, rs.getLong(i++), rs.getBigDecimal(i++), rs.getBigDecimal(i++), rs.getLong(i++),
          rs.getLong(i++), rs.getBigDecimal(i++), rs.getLong(i));
    }

    /** Takes the candidate of the current row if it is the newest so far; each row carries one. */
    void offer(ResultSet rs, AggregateQuery q) throws SQLException {
      int i = q.groupBy().size() + 9;
      Object id = rs.getObject(i);
      if (id == null) {
        return;
      }
      byte[] bytes = id instanceof byte[] b ? b : ((String) id).getBytes(StandardCharsets.UTF_8);
      if (latestId == null || Arrays.compareUnsigned(bytes, latestId) > 0) {
        latestId = bytes;
        latestQuantity = rs.getLong(i + 1);
      }
    }

    AggregateRow row(AggregateQuery q) {
      if (latestId == null) {
        throw new IllegalStateException("the rollup of tenant " + q.tenant() + " has no row for the newest event of "
            + "group " + group + " at " + EventRows.fromNanos(lastAt));
      }
      return new AggregateRow(group, count, reversals, EventAggregates.exact(sum, "quantity", q),
          EventAggregates.exact(billable, "billable quantity", q), min, max, latestQuantity,
          Credits.ofMicros(EventAggregates.exact(credits, "credits", q)), OptionalLong.empty());
    }
  }

  /** Exact sum of longs: a long until it overflows, then a BigDecimal. */
  private static final class Sum {
    private long value;
    private BigDecimal big;

    void add(long x) {
      if (big == null) {
        long r = value + x;
        if (((value ^ r) & (x ^ r)) >= 0) {
          value = r;
          return;
        }
        big = BigDecimal.valueOf(value);
      }
      big = big.add(BigDecimal.valueOf(x));
    }

    BigDecimal get() {
      return big == null ? BigDecimal.valueOf(value) : big;
    }
  }

  /** The key of a row of the table. */
  private record Key(String organization, String workspace, long hourStart, String metric, String channel,
      String direction) {

    static Key of(PricedEvent p) {
      var e = p.event();
      String channel = e.dimensions().valueOrNull(DimensionKey.CHANNEL);
      String direction = e.dimensions().valueOrNull(DimensionKey.DIRECTION);
      return new Key(e.tenant().organization(), e.tenant().workspace(),
          HourlyRollup.hourStart(EventRows.toNanos(e.occurredAt())), e.metric().key(), channel == null ? NONE : channel,
          direction == null ? NONE : direction);
    }
  }

  /** One row of the table being added: its key and the sums of the batch's events in it. */
  private static final class Cell {
    private final Key key;
    private long count;
    private long reversals;
    private final Sum quantity = new Sum();
    private final Sum billable = new Sum();
    private final Sum credits = new Sum();
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long latestAt = Long.MIN_VALUE;
    private EventId latestId;
    private long latestQuantity;

    Cell(Key key) {
      this.key = key;
    }

    void add(PricedEvent p) {
      long q = p.event().quantity();
      count++;
      if (p.event().isReversal()) {
        reversals++;
      }
      quantity.add(q);
      billable.add(p.billableQuantity());
      credits.add(p.credits().micros());
      min = Math.min(min, q);
      max = Math.max(max, q);
      long at = EventRows.toNanos(p.event().occurredAt());
      if (latestId == null || at > latestAt
          || (at == latestAt && ScanCursor.compareIds(p.event().id(), latestId) > 0)) {
        latestAt = at;
        latestId = p.event().id();
        latestQuantity = q;
      }
    }

    /** Puts this row's values at {@code row} of each column's array, in the order of {@link #COLUMNS}. */
    void put(Object[][] columns, int row) {
      Object[] values = {key.organization(), key.workspace(), key.hourStart(), key.metric(), key.channel(),
          key.direction(), count, reversals, quantity.get(), billable.get(), min, max, credits.get(), latestAt,
          latestId.value(), latestQuantity};
      for (int i = 0; i < values.length; i++) {
        columns[i][row] = values[i];
      }
    }
  }
}
