package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JdbcUsageStore} on in-memory H2, a fresh database per test. */
class H2JdbcUsageStoreTest extends JdbcUsageStoreCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }

  @Override
  void assertReadsIndexInOrder(String plan) {
    assertThat(plan).contains("USAGE_EVENTS_BY_TIME").contains("/* index sorted */");
  }
}
