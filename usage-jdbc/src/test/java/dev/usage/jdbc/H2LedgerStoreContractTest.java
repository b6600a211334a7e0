package dev.usage.jdbc;

import dev.usage.spi.LedgerStore;
import dev.usage.spi.LedgerStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link LedgerStore} contract on in-memory H2: a fresh database per test. */
class H2LedgerStoreContractTest extends LedgerStoreContractKit {

  private TestDatabase db;

  @Override
  protected LedgerStore newStore() {
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
