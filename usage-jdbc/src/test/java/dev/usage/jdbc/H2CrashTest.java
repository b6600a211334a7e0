package dev.usage.jdbc;

import org.h2.jdbcx.JdbcDataSource;

/** The crash test on an H2 file database, as the embedded default stores events; runs everywhere. */
class H2CrashTest extends CrashTestCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2File(dir.resolve("usage"));
  }

  @Override
  String writerUrl() {
    return ((JdbcDataSource) db.dataSource()).getURL();
  }

  @Override
  String writerSchema() {
    return "-";
  }
}
