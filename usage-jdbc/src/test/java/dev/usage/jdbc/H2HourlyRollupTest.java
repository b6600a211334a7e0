package dev.usage.jdbc;

/** The hourly rollup on in-memory H2, a fresh database per test. */
class H2HourlyRollupTest extends HourlyRollupCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
