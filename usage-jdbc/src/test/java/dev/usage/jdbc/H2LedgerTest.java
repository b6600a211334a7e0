package dev.usage.jdbc;

/** The ledger of {@link JdbcUsageStore} on in-memory H2, a fresh database per test. */
class H2LedgerTest extends LedgerCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
