package dev.usage.jdbc;

import java.util.List;
import java.util.Optional;

/** PostgreSQL 15 and later. This class is immutable and thread-safe. */
final class PostgresDialect extends Dialect {

  static final PostgresDialect INSTANCE = new PostgresDialect();

  /** An arbitrary constant: the advisory lock key of {@code migrate()}, "usage" in ASCII. */
  private static final long MIGRATION_LOCK_KEY = 0x7573616765L;

  private PostgresDialect() {}

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean accepts(String databaseProductName) {
    return databaseProductName.equalsIgnoreCase("PostgreSQL");
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
