package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code usage_rollup} table: each tenant's events summed per UTC hour, metric, channel and
 * direction, kept up to date by {@link #add} in the appending transaction, and the aggregates that
 * read it instead of {@code usage_events}.
 *
 * <p>An aggregate reads the rollup when it groups and filters only by day, metric, channel and
 * direction, starts and ends on whole UTC hours, and, when it groups by
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
      "direction", "event_count", "reversal_count", "quantity_sum", "billable_sum", "quantity_max", "credits_sum");

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
    u.put("quantity_max", "GREATEST(t.quantity_max, excluded.quantity_max)");
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
        case "quantity_sum", "billable_sum", "credits_sum" -> "NUMERIC(38, 0)";
        default -> "BIGINT";
      });
      values.add("u." + c);
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
        case "organization", "workspace", "metric", "channel", "direction" -> new String[sorted.size()];
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
    if (!wholeHour(query.from()) || !wholeHour(query.to())) {
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
   * Returns the aggregate of a query the rollup {@linkplain #serves serves}, unsorted: one
   * statement ({@link AggregateSql#ofRollup}), so that it reads one snapshot while appends go on.
   *
   * @throws dev.usage.UsageOverflowException if a sum does not fit a {@code long}
   */
  List<AggregateRow> aggregate(Connection c, AggregateQuery q, Optional<DaySegments> segments)
      throws SQLException {
    return EventAggregates.rows(c, AggregateSql.ofRollup(q, segments), q);
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
    private long max = Long.MIN_VALUE;

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
      max = Math.max(max, q);
    }

    /** Puts this row's values at {@code row} of each column's array, in the order of {@link #COLUMNS}. */
    void put(Object[][] columns, int row) {
      Object[] values = {key.organization(), key.workspace(), key.hourStart(), key.metric(), key.channel(),
          key.direction(), count, reversals, quantity.get(), billable.get(), max, credits.get()};
      for (int i = 0; i < values.length; i++) {
        columns[i][row] = values[i];
      }
    }
  }
}
