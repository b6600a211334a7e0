package dev.usage.jdbc;

import java.sql.SQLException;

/**
 * {@link CallerTransaction} on PostgreSQL, a fresh schema per test; skipped without
 * {@code USAGE_TEST_POSTGRES_URL}, failed without it when {@code USAGE_REQUIRE_POSTGRES=true}.
 */
class PostgresCallerTransactionTest extends CallerTransactionCases {

  @Override
  TestDatabase newDatabase() throws SQLException {
    return TestDatabase.postgres();
  }
}
