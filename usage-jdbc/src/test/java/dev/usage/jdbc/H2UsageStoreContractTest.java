package dev.usage.jdbc;

import dev.usage.spi.UsageStore;
import dev.usage.spi.UsageStoreContractKit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The {@link UsageStore} contract, on in-memory H2: a fresh database per store. */
class H2UsageStoreContractTest extends UsageStoreContractKit {

  private final List<TestDatabase> databases = new ArrayList<>();

  @Override
  protected UsageStore newStore() {
    TestDatabase db = TestDatabase.h2();
    databases.add(db);
    JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(TestEvents.CATALOG).build();
    store.migrate();
    return store;
  }

  @AfterEach
  void dropDatabases() throws SQLException {
    for (TestDatabase db : databases) {
      db.close();
    }
  }
}
