package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.CATALOG;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that each run against a fresh database of their own, migrated, with a store over it.
 * Subclasses say which database.
 */
abstract class MigratedStoreCases {

  TestDatabase db;
  JdbcUsageStore store;

  abstract TestDatabase newDatabase() throws SQLException;

  @BeforeEach
  void setUp() throws SQLException {
    db = newDatabase();
    store = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();
    store.migrate();
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (db != null) {
      db.close();
    }
  }
}
