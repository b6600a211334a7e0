package dev.usage.jdbc;

import dev.usage.spi.UsageStore;
import dev.usage.tck.UsageStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link UsageStore} contract on in-memory H2: a fresh database per test. */
class H2UsageStoreContractTest extends UsageStoreContractKit {

  private ContractStore fixture;

  @Override
  protected UsageStore newStore() {
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
