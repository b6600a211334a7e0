package dev.usage.jdbc;

/** {@link JdbcUsageStore} on in-memory H2, a fresh database per test. */
class H2JdbcUsageStoreTest extends JdbcUsageStoreCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
