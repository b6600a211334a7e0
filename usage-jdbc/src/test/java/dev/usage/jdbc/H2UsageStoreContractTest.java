package dev.usage.jdbc;

import dev.usage.spi.UsageStore;
import dev.usage.spi.UsageStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link UsageStore} contract on in-memory H2: a fresh database per test. */
class H2UsageStoreContractTest extends UsageStoreContractKit {

  private TestDatabase db;

  @Override
  protected UsageStore newStore() {
    db = TestDatabase.h2();
    JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).build();
    store.migrate();
    return store;
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (db != null) {
      db.close();
    }
  }
}
