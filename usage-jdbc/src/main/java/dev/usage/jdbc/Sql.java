package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.spi.EventFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL text and its bind values, built together so that every value goes through a parameter.
 * Only names from {@link EventRows} and fragments from a {@link Dialect} are ever appended as
 * text.
 *
 * <p>This class is not thread-safe.
 */
final class Sql {

  private final StringBuilder text = new StringBuilder(256);
  private final List<Object> values = new ArrayList<>();

  /** Appends SQL text; callers pass constants and whitelisted names only. */
  Sql append(String sql) {
    text.append(sql);
    return this;
  }

  /** Appends SQL text with {@code ?}s and their values. */
  Sql append(String sql, Object... bound) {
    text.append(sql);
    Collections.addAll(values, bound);
    return this;
  }

  /** Appends {@code (?, ?, …)} for the values. */
  Sql in(Set<String> bound) {
    text.append(" IN (").append(String.join(", ", Collections.nCopies(bound.size(), "?"))).append(')');
    values.addAll(bound);
    return this;
  }

  /** Appends another statement's text and values. */
  Sql append(Sql other) {
    text.append(other.text);
    values.addAll(other.values);
    return this;
  }

  String text() {
    return text.toString();
  }

  /** Binds the values to a statement prepared from {@link #text()}, from parameter 1 on. */
  void bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (Object v : values) {
      if (v instanceof Long l) {
        ps.setLong(i++, l);
      } else if (v instanceof Integer n) {
        ps.setInt(i++, n);
      } else {
        ps.setString(i++, (String) v);
      }
    }
  }

  /**
   * Returns the condition that selects a tenant's events in {@code [from, to)} that pass {@code
   * filter}, starting with {@code WHERE}.
   */
  static Sql where(TenantId tenant, Instant from, Instant to, EventFilter filter) {
    return new Sql().append(" WHERE organization = ? AND workspace = ? AND occurred_at >= ? AND occurred_at < ?",
        tenant.organization(), tenant.workspace(), EventRows.toNanos(from), EventRows.toNanos(to))
        .append(filter("", filter));
  }

  /**
   * Returns the conditions, each starting with {@code AND}, that keep the rows passing {@code
   * filter}; {@code prefix} qualifies the columns, e.g. {@code "u."}, or is empty.
   */
  static Sql filter(String prefix, EventFilter filter) {
    Sql sql = new Sql();
    if (!filter.metrics().isEmpty()) {
      sql.append(" AND " + prefix + "metric").in(filter.metrics());
    }
    for (Map.Entry<DimensionKey, Set<String>> f : filter.dimensions().entrySet()) {
      sql.append(" AND ").append(prefix + EventRows.column(f.getKey())).in(f.getValue());
    }
    return sql;
  }

  /** Returns {@code floor(a / b)} for a column or alias {@code a} and a positive constant {@code b}. */
  static String floorDiv(String a, long b) {
    // Integer division and MOD truncate toward zero in both H2 and PostgreSQL; instants before
    // 1970 need the floor.
    return "(" + a + " / " + b + " - CASE WHEN MOD(" + a + ", " + b + ") < 0 THEN 1 ELSE 0 END)";
  }
}
