package dev.usage.jdbc;

import dev.usage.spi.UsageStore;
import dev.usage.spi.UsageStoreContractKit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The {@link UsageStore} contract, on PostgreSQL: a fresh schema per store, skipped without a cluster. */
class PostgresUsageStoreContractTest extends UsageStoreContractKit {

  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected UsageStore newStore() {
    TestDatabase db = postgres();
    databases.add(db);
    JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(TestEvents.CATALOG).build();
    store.migrate();
    return store;
  }

  private static TestDatabase postgres() {
    try {
      return TestDatabase.postgres();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema in the test cluster", e);
    }
  }

  @AfterEach
  void dropDatabases() throws SQLException {
    for (TestDatabase db : databases) {
      db.close();
    }
  }
}
