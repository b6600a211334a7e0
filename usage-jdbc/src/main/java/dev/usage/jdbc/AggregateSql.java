package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.GroupKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the statements of aggregate queries, over {@code usage_events} or over its hourly sums in
 * {@code usage_rollup}: both group in the same three levels, and differ in the columns they sum and
 * in how they find each group's latest event.
 *
 * <p>The levels: (1) filter and compute each row's local epoch second, (2) compute the group values,
 * (3) group, keeping each group's newest time. Level 1 binds the offsets once; level 2's
 * expressions then refer to plain columns. The result's first columns are the group values, one
 * per key ({@link EventAggregates#readGroup}), then the sums in the order the readers expect.
 */
final class AggregateSql {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  /**
   * What the levels read of one table.
   *
   * @param alias the first letter of the levels' derived-table aliases
   * @param timeColumn the epoch nanoseconds that days are bucketed by
   * @param measures the columns level 2 passes from level 1 to level 3
   * @param sums what level 3 computes of them, ending with the newest time as {@code last_at}
   */
  private record Source(String alias, String timeColumn, String measures, String sums) {}

  private static final Source EVENTS = new Source("e", "occurred_at",
      "occurred_at, quantity, billable, credits_micros, reverses_id",
      "COUNT(*) AS n, COUNT(reverses_id) AS rv, SUM(quantity) AS q, SUM(billable) AS b, "
          + "MIN(quantity) AS lo, MAX(quantity) AS hi, SUM(credits_micros) AS cr, MAX(occurred_at) AS last_at");
  private static final Source ROLLUP = new Source("r", "hour_start",
      "event_count, reversal_count, quantity_sum, billable_sum, quantity_min, quantity_max, credits_sum, latest_at",
      "SUM(event_count), SUM(reversal_count), SUM(quantity_sum), SUM(billable_sum), "
          + "MIN(quantity_min), MAX(quantity_max), SUM(credits_sum), MAX(latest_at) AS last_at");

  private AggregateSql() {}

  /**
   * Returns the aggregate of {@code q} over the events: the group values, {@code n, rv, q, b, lo,
   * hi, cr}, the latest quantity and, when the query counts distinct values, {@code dn}.
   *
   * @param segments the zone's offsets, present when the query groups by day
   * @param dialect the dialect, for the order of event ids
   */
  static Sql ofEvents(AggregateQuery q, Optional<DaySegments> segments, Dialect dialect) {
    // The latest quantity is looked up per group among the events at its newest time, through
    // the time index: on PostgreSQL a month's report costs about what the plain GROUP BY does,
    // where numbering every event of a group newest first (ROW_NUMBER) sorted all of them and
    // took 1.4 to 2.4 times as long.
    Optional<String> distinct = q.distinct().map(EventRows::column);
    StringBuilder select = new StringBuilder("occurred_at, metric, quantity, billable, credits_micros, reverses_id");
    Set<String> dimensionColumns = new LinkedHashSet<>();
    for (GroupKey g : q.groupBy()) {
      g.dimension().map(EventRows::column).ifPresent(dimensionColumns::add);
    }
    distinct.ifPresent(dimensionColumns::add);
    for (String column : dimensionColumns) {
      select.append(", ").append(column);
    }
    // OFFSET 0 keeps level 1 a subquery of its own. Merged into the levels above, PostgreSQL
    // estimated the day of occurred_at to be as distinct as occurred_at itself, planned 180K
    // groups (sort, spill, JIT compilation): 480-700 ms for a month's daily report of the
    // 220K-event tenant, 140-250 ms fenced, on the same loaded box.
    Sql from = new Sql().append(" FROM ").append(EventRows.TABLE)
        .append(Sql.where(q.tenant(), q.from(), q.to(), q.filter())).append(" OFFSET 0 ROWS");
    Sql grouped = grouped(EVENTS, select.toString(), from, groupExpressions(q.groupBy(), EventRows::column),
        distinct, segments);

    // Every event at a group's newest time lies on the group's day, so only the other keys and
    // the filter need matching; an absent dimension value groups as NULL.
    Sql latest = new Sql().append("(SELECT u.quantity FROM ").append(EventRows.TABLE)
        .append(" u WHERE u.organization = ? AND u.workspace = ? AND u.occurred_at = a.last_at",
            q.tenant().organization(), q.tenant().workspace())
        .append(Sql.filter("u.", q.filter()));
    for (int i = 0; i < q.groupBy().size(); i++) {
      GroupKey g = q.groupBy().get(i);
      if (g == GroupKey.METRIC) {
        latest.append(" AND u.metric = a.g" + i);
      } else if (g != GroupKey.DAY) {
        latest.append(" AND u." + EventRows.column(g.dimension().orElseThrow()) + " IS NOT DISTINCT FROM a.g" + i);
      }
    }
    latest.append(" ORDER BY u." + dialect.eventIdOrder() + " DESC FETCH FIRST 1 ROW ONLY)");

    Sql sql = new Sql().append("SELECT ");
    for (int i = 0; i < q.groupBy().size(); i++) {
      sql.append("a.g").append(Integer.toString(i)).append(", ");
    }
    sql.append("a.n, a.rv, a.q, a.b, a.lo, a.hi, a.cr, ").append(latest);
    if (distinct.isPresent()) {
      sql.append(", a.dn");
    }
    return sql.append(" FROM (").append(grouped).append(") a");
  }

  /**
   * Returns the aggregate of {@code q} over the rollup, which {@linkplain HourlyRollup#serves
   * serves} it: per group its values, sums and newest time ({@code last_at}), once per candidate
   * for its latest event, with the candidate's {@code latest_id} and {@code latest_quantity}.
   *
   * <p>Candidates for each group's latest: the rows of the hour of the group's newest time whose
   * newest event has that time and whose keys match the group's (the day follows from the time).
   * Joined to the table itself, not to a derived table, so that every database can look them up by
   * the primary key's prefix (tenant, hour): H2 runs a join of two derived tables as nested loops
   * without an index, a month's groups times a month's rows.
   *
   * @param segments the zone's offsets, present when the query groups by day
   */
  static Sql ofRollup(AggregateQuery q, Optional<DaySegments> segments) {
    Sql from = new Sql().append(" FROM ").append(HourlyRollup.TABLE)
        .append(" WHERE organization = ? AND workspace = ?", q.tenant().organization(), q.tenant().workspace())
        .append(Sql.filter("", q.filter()))
        .append(" AND hour_start >= ? AND hour_start < ?", EventRows.toNanos(q.from()), EventRows.toNanos(q.to()));
    // The table keeps '' for an absent channel or direction, which groups as absent (NULL).
    Sql grouped = grouped(ROLLUP, "metric, channel, direction, " + ROLLUP.measures(), from,
        groupExpressions(q.groupBy(), d -> {
          if (d != DimensionKey.CHANNEL && d != DimensionKey.DIRECTION) {
            throw new IllegalArgumentException("the rollup cannot group by " + d);
          }
          return "NULLIF(" + EventRows.column(d) + ", '')";
        }), Optional.empty(), segments);

    String hour = "CASE WHEN s.last_at < " + HourlyRollup.FIRST_WHOLE_HOUR + " THEN CAST(" + Long.MIN_VALUE
        + " AS BIGINT) ELSE " + Sql.floorDiv("s.last_at", HourlyRollup.NANOS_PER_HOUR) + " * "
        + HourlyRollup.NANOS_PER_HOUR + " END";
    Sql join = new Sql().append("SELECT s.*, n.latest_id, n.latest_quantity FROM (").append(grouped)
        .append(") s LEFT JOIN ").append(HourlyRollup.TABLE)
        .append(" n ON n.organization = ? AND n.workspace = ?", q.tenant().organization(), q.tenant().workspace())
        .append(" AND n.hour_start = " + hour + " AND n.latest_at = s.last_at").append(Sql.filter("n.", q.filter()));
    for (int i = 0; i < q.groupBy().size(); i++) {
      switch (q.groupBy().get(i)) {
        case METRIC -> join.append(" AND n.metric = s.g" + i);
        case CHANNEL -> join.append(" AND n.channel = COALESCE(s.g" + i + ", '')");
        case DIRECTION -> join.append(" AND n.direction = COALESCE(s.g" + i + ", '')");
        default -> { }
      }
    }
    return join;
  }

  /**
   * Returns the first and last time of the events {@code q} selects, both NULL when there are
   * none: the time index answers it at once.
   */
  static Sql span(AggregateQuery q) {
    return new Sql().append("SELECT MIN(occurred_at), MAX(occurred_at) FROM ").append(EventRows.TABLE)
        .append(Sql.where(q.tenant(), q.from(), q.to(), q.filter()));
  }

  /** Returns each group key's expression over level 1's columns; a dimension's as {@code dimension} says. */
  private static List<String> groupExpressions(List<GroupKey> keys, Function<DimensionKey, String> dimension) {
    List<String> expressions = new ArrayList<>(keys.size());
    for (GroupKey g : keys) {
      expressions.add(switch (g) {
        case DAY -> Sql.floorDiv("local_s", SECONDS_PER_DAY);
        case METRIC -> "metric";
        default -> dimension.apply(g.dimension().orElseThrow());
      });
    }
    return expressions;
  }

  /**
   * Returns levels 1 to 3 over one table: the group values {@code g0, g1, …}, then the source's
   * sums and, when {@code distinct} is present, the count of its distinct values as {@code dn}.
   *
   * @param select level 1's columns: the time column, the measures and what the groups read
   * @param from level 1's {@code FROM} clause with its conditions
   * @param distinct the column whose distinct values are counted, if any
   * @param segments the zone's offsets, present when a group expression reads {@code local_s}
   */
  private static Sql grouped(Source source, String select, Sql from, List<String> groupExpressions,
      Optional<String> distinct, Optional<DaySegments> segments) {
    Sql level1 = new Sql().append("SELECT ").append(select);
    if (segments.isPresent()) {
      level1.append(", ").append(Sql.floorDiv(source.timeColumn(), NANOS_PER_SECOND)).append(" + ")
          .append(segments.get().offsetSql(source.timeColumn()), segments.get().bindValues().toArray())
          .append(" AS local_s");
    }
    level1.append(from);

    Sql level2 = new Sql().append("SELECT ");
    for (int i = 0; i < groupExpressions.size(); i++) {
      level2.append(groupExpressions.get(i)).append(" AS g").append(Integer.toString(i)).append(", ");
    }
    distinct.ifPresent(d -> level2.append(d).append(" AS distinct_value, "));
    level2.append(source.measures()).append(" FROM (").append(level1).append(") ").append(source.alias() + "1");

    Sql level3 = new Sql().append("SELECT ");
    List<String> groupColumns = new ArrayList<>();
    for (int i = 0; i < groupExpressions.size(); i++) {
      groupColumns.add("g" + i);
      level3.append("g").append(Integer.toString(i)).append(", ");
    }
    level3.append(source.sums());
    if (distinct.isPresent()) {
      level3.append(", COUNT(DISTINCT distinct_value) AS dn");
    }
    level3.append(" FROM (").append(level2).append(") ").append(source.alias() + "2");
    if (!groupColumns.isEmpty()) {
      level3.append(" GROUP BY ").append(String.join(", ", groupColumns));
    }
    return level3;
  }
}
