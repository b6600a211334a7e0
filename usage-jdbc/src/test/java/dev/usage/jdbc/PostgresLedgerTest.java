package dev.usage.jdbc;

import java.sql.SQLException;

/**
 * The ledger of {@link JdbcUsageStore} on PostgreSQL, a fresh schema per test; skipped without
 * {@code USAGE_TEST_POSTGRES_URL}, failed without it when {@code USAGE_REQUIRE_POSTGRES=true}.
 */
class PostgresLedgerTest extends LedgerCases {

  @Override
  TestDatabase newDatabase() throws SQLException {
    return TestDatabase.postgres();
  }
}
