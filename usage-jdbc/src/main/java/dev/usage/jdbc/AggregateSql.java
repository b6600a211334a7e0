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
 * {@code usage_rollup}: both group in the same three levels and differ only in the columns they
 * sum.
 *
 * <p>The levels: (1) filter and compute each row's local epoch second, (2) compute the group values,
 * (3) group. Level 1 binds the offsets once; level 2's expressions then refer to plain columns. The
 * result's columns are the group values, one per key ({@link EventAggregates#readGroup}), then
 * {@code n, rv, q, b, hi, cr}: count, reversals, sum, billable sum, largest quantity and credits.
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
   * @param sums what level 3 computes of them, in the order the readers expect
   */
  private record Source(String alias, String timeColumn, String measures, String sums) {}

  private static final Source EVENTS = new Source("e", "occurred_at",
      "quantity, billable, credits_micros, reverses_id",
      "COUNT(*) AS n, COUNT(reverses_id) AS rv, SUM(quantity) AS q, SUM(billable) AS b, MAX(quantity) AS hi, "
          + "SUM(credits_micros) AS cr");
  private static final Source ROLLUP = new Source("r", "hour_start",
      "event_count, reversal_count, quantity_sum, billable_sum, quantity_max, credits_sum",
      "SUM(event_count) AS n, SUM(reversal_count) AS rv, SUM(quantity_sum) AS q, SUM(billable_sum) AS b, "
          + "MAX(quantity_max) AS hi, SUM(credits_sum) AS cr");

  private AggregateSql() {}

  /**
   * Returns the aggregate of {@code q} over the events.
   *
   * @param segments the zone's offsets, present when the query groups by day
   */
  static Sql ofEvents(AggregateQuery q, Optional<DaySegments> segments) {
    StringBuilder select = new StringBuilder("occurred_at, metric, quantity, billable, credits_micros, reverses_id");
    Set<String> dimensionColumns = new LinkedHashSet<>();
    for (GroupKey g : q.groupBy()) {
      g.dimension().map(EventRows::column).ifPresent(dimensionColumns::add);
    }
    for (String column : dimensionColumns) {
      select.append(", ").append(column);
    }
    // OFFSET 0 keeps level 1 a subquery of its own. Merged into the levels above, PostgreSQL
    // estimated the day of occurred_at to be as distinct as occurred_at itself, planned 180K
    // groups (sort, spill, JIT compilation): 480-700 ms for a month's daily report of the
    // 220K-event tenant, 140-250 ms fenced, on the same loaded box.
    Sql from = new Sql().append(" FROM ").append(EventRows.TABLE)
        .append(Sql.where(q.tenant(), q.from(), q.to(), q.filter())).append(" OFFSET 0 ROWS");
    return grouped(EVENTS, select.toString(), from, groupExpressions(q.groupBy(), EventRows::column), segments);
  }

  /**
   * Returns the aggregate of {@code q} over the rollup, which {@linkplain HourlyRollup#serves
   * serves} it.
   *
   * @param segments the zone's offsets, present when the query groups by day
   */
  static Sql ofRollup(AggregateQuery q, Optional<DaySegments> segments) {
    Sql from = new Sql().append(" FROM ").append(HourlyRollup.TABLE)
        .append(" WHERE organization = ? AND workspace = ?", q.tenant().organization(), q.tenant().workspace())
        .append(Sql.filter("", q.filter()))
        .append(" AND hour_start >= ? AND hour_start < ?", EventRows.toNanos(q.from()), EventRows.toNanos(q.to()));
    // The table keeps '' for an absent channel or direction, which groups as absent (NULL).
    return grouped(ROLLUP, "metric, channel, direction, " + ROLLUP.measures(), from,
        groupExpressions(q.groupBy(), d -> {
          if (d != DimensionKey.CHANNEL && d != DimensionKey.DIRECTION) {
            throw new IllegalArgumentException("the rollup cannot group by " + d);
          }
          return "NULLIF(" + EventRows.column(d) + ", '')";
        }), segments);
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
   * sums.
   *
   * @param select level 1's columns: the time column, the measures and what the groups read
   * @param from level 1's {@code FROM} clause with its conditions
   * @param segments the zone's offsets, present when a group expression reads {@code local_s}
   */
  private static Sql grouped(Source source, String select, Sql from, List<String> groupExpressions,
      Optional<DaySegments> segments) {
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
    level2.append(source.measures()).append(" FROM (").append(level1).append(") ").append(source.alias() + "1");

    Sql level3 = new Sql().append("SELECT ");
    List<String> groupColumns = new ArrayList<>();
    for (int i = 0; i < groupExpressions.size(); i++) {
      groupColumns.add("g" + i);
      level3.append("g").append(Integer.toString(i)).append(", ");
    }
    level3.append(source.sums()).append(" FROM (").append(level2).append(") ").append(source.alias() + "2");
    if (!groupColumns.isEmpty()) {
      level3.append(" GROUP BY ").append(String.join(", ", groupColumns));
    }
    return level3;
  }
}
