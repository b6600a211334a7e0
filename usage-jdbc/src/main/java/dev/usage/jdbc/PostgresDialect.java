package dev.usage.jdbc;

import java.util.List;
import java.util.Optional;

/** PostgreSQL 15 and later. This class is immutable and thread-safe. */
final class PostgresDialect extends BuiltInDialect {

  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** An arbitrary constant: the advisory lock key of {@code migrate()}, "usage" in ASCII. */
  private static final long MIGRATION_LOCK_KEY = 0x7573616765L;

  private PostgresDialect() {
    super("PostgreSQL");
  }

  @Override
  public String insertNewRows(String table, List<String> columns, List<String> keyColumns, int rows) {
    String row = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    StringBuilder sql = new StringBuilder(64 + rows * (row.length() + 2))
        .append("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns)).append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    // No conflict target: any unique key counts, which keeps the statement right for the
    // partitioned variant too, whose primary key also holds occurred_at.
    return sql.append(" ON CONFLICT DO NOTHING RETURNING ").append(String.join(", ", keyColumns)).toString();
  }

  @Override
  public boolean insertReturnsKeys() {
    return true;
  }

  @Override
  public Optional<String> insertNewRowsFromArrays(String table, List<String> columns, List<String> elementTypes,
      List<String> keyColumns) {
    // unnest(a, b, …) zips the arrays into rows. 31 parameters and one plan for any number of
    // rows: 2x the throughput of a 500-row VALUES list with 15,500 parameters, which the server
    // parses, plans and binds value by value (JdbcAppendBenchmark).
    List<String> values = columns.stream().map(c -> "u." + c).toList();
    // No conflict target, as in insertNewRows.
    return Optional.of("INSERT INTO " + table + " (" + String.join(", ", columns) + ") "
        + unnest(columns, elementTypes, values) + " ON CONFLICT DO NOTHING RETURNING " + String.join(", ", keyColumns));
  }

  @Override
  public Optional<String> selectByKeys(String table) {
    // One primary-key probe per key: equality on all three key columns matches the unique index
    // exactly, which the planner costs at one row whatever the statistics say. An earlier form
    // (a row comparison >= the key, ORDER BY the key, LIMIT 1) let a plan cached while the table
    // was nearly empty scan the tenant's time index and sort it per key: 25-30 ms a key, one
    // second a batch, in JdbcAppendBenchmark after each TRUNCATE.
    return Optional.of(" FROM unnest(CAST(? AS varchar[]), CAST(? AS varchar[]), CAST(? AS varchar[]))"
        + " AS k(organization, workspace, event_id)"
        + " CROSS JOIN LATERAL (SELECT * FROM " + table + " x"
        + " WHERE x.organization = k.organization AND x.workspace = k.workspace AND x.event_id = k.event_id) u");
  }

  @Override
  public String eventIdOrder() {
    return "event_id COLLATE \"C\"";
  }

  @Override
  public String eventIdOrderParameter() {
    return "CAST(? AS VARCHAR) COLLATE \"C\"";
  }

  @Override
  public Optional<String> migrationLock() {
    return Optional.of("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")");
  }
}
