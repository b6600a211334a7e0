package dev.usage.jdbc;

import dev.usage.spi.LedgerStore;
import dev.usage.tck.LedgerStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link LedgerStore} contract on in-memory H2: a fresh database per test. */
class H2LedgerStoreContractTest extends LedgerStoreContractKit {

  private ContractStore fixture;

  @Override
  protected LedgerStore newStore() {
    fixture = ContractStore.h2();
    return fixture.store;
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (fixture != null) {
      fixture.close();
    }
  }
}
