package dev.usage.jdbc;

import dev.usage.UsageOverflowException;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers aggregate queries in one statement on the caller's connection: from {@code usage_rollup}
 * when the rollup {@linkplain HourlyRollup#serves serves} the query, else from the events, with
 * days bucketed by {@link DaySegments} and the rows in the in-memory store's order.
 *
 * <p>This class is immutable and thread-safe.
 */
final class EventAggregates {

  /** More offset segments than this and the aggregate first narrows its range to the data's. */
  private static final int MAX_SEGMENTS = 64;

  private final HourlyRollup rollup;

  EventAggregates(HourlyRollup rollup) {
    this.rollup = rollup;
  }

  /**
   * Returns the rows of {@code query}, sorted.
   *
   * @param mayUseRollup false to read the events even when the rollup would serve, for tests
   * @throws UsageOverflowException if a sum does not fit in a {@code long}
   */
  List<AggregateRow> aggregate(Connection c, AggregateQuery query, boolean mayUseRollup) throws SQLException {
    Optional<DaySegments> segments = Optional.empty();
    if (query.groupBy().contains(GroupKey.DAY)) {
      DaySegments s = DaySegments.of(query.zone(), query.from(), query.to());
      if (s.size() > MAX_SEGMENTS) {
        // A long range in a zone with daylight saving time: bucket over the span that holds
        // data, which the time index answers at once, instead of a CASE of hundreds of offsets.
        Optional<Instant[]> span = span(c, query);
        if (span.isEmpty()) {
          return List.of();
        }
        s = DaySegments.of(query.zone(), span.get()[0], span.get()[1]);
      }
      segments = Optional.of(s);
    }
    List<AggregateRow> rows = new ArrayList<>();
    if (mayUseRollup && HourlyRollup.serves(query, segments)) {
      rows.addAll(rollup.aggregate(c, query, segments));
    } else {
      rows.addAll(rows(c, AggregateSql.ofEvents(query, segments), query));
    }
    rows.sort(rowOrder(query.groupBy()));
    return rows;
  }

  private static Optional<Instant[]> span(Connection c, AggregateQuery query) throws SQLException {
    Sql sql = AggregateSql.span(query);
    try (PreparedStatement ps = c.prepareStatement(sql.text())) {
      sql.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        if (rs.wasNull()) {
          return Optional.empty();
        }
        long max = rs.getLong(2);
        return Optional.of(new Instant[] {EventRows.fromNanos(min), EventRows.fromNanos(max).plusNanos(1)});
      }
    }
  }

  /** Runs an aggregate statement of {@link AggregateSql} and reads its rows, unsorted. */
  static List<AggregateRow> rows(Connection c, Sql sql, AggregateQuery query) throws SQLException {
    List<AggregateRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.text())) {
      sql.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          readRow(rs, query).ifPresent(rows::add);
        }
      }
    }
    return rows;
  }

  private static Optional<AggregateRow> readRow(ResultSet rs, AggregateQuery q) throws SQLException {
    Map<GroupKey, String> group = readGroup(rs, q.groupBy());
    int i = q.groupBy().size() + 1;
    long count = rs.getLong(i++);
    if (count == 0) {
      return Optional.empty(); // no grouping and no matching event
    }
    long reversals = rs.getLong(i++);
    long sum = exact(rs.getBigDecimal(i++), "quantity", q);
    long billable = exact(rs.getBigDecimal(i++), "billable quantity", q);
    long max = rs.getLong(i++);
    long credits = exact(rs.getBigDecimal(i), "credits", q);
    return Optional.of(new AggregateRow(group, count, reversals, sum, billable, max, Credits.ofMicros(credits)));
  }

  /**
   * Reads a result row's group values from its first columns, one per key: a day as its epoch day,
   * any other key as its value, absent when NULL.
   */
  static Map<GroupKey, String> readGroup(ResultSet rs, List<GroupKey> keys) throws SQLException {
    Map<GroupKey, String> group = new EnumMap<>(GroupKey.class);
    int i = 1;
    for (GroupKey g : keys) {
      if (g == GroupKey.DAY) {
        group.put(g, LocalDate.ofEpochDay(rs.getLong(i++)).toString());
      } else {
        String v = rs.getString(i++);
        if (v != null) {
          group.put(g, v);
        }
      }
    }
    return group;
  }

  /** Returns an SQL sum as a {@code long}, or throws naming {@code what} if it does not fit. */
  static long exact(BigDecimal sum, String what, AggregateQuery q) {
    try {
      return sum.longValueExact();
    } catch (ArithmeticException e) {
      throw new UsageOverflowException(what + " overflow: the sum " + sum.toPlainString() + " for tenant "
          + q.tenant() + " is out of range");
    }
  }

  private static Comparator<AggregateRow> rowOrder(List<GroupKey> keys) {
    // The in-memory store's order: ascending String order of each key's value, absent first.
    Comparator<AggregateRow> order = (a, b) -> 0;
    for (GroupKey k : keys) {
      order = order.thenComparing(r -> r.group().get(k), Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    }
    return order;
  }
}
