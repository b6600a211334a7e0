package dev.usage.jdbc;

/** {@link CallerTransaction} on in-memory H2, a fresh database per test. */
class H2CallerTransactionTest extends CallerTransactionCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }
}
