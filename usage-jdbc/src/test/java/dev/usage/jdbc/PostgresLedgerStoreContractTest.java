package dev.usage.jdbc;

import dev.usage.spi.LedgerStore;
import dev.usage.tck.LedgerStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link LedgerStore} contract on PostgreSQL: a fresh schema per test, reached through a pool; skipped without a cluster (failed when {@code USAGE_REQUIRE_POSTGRES=true}). */
class PostgresLedgerStoreContractTest extends LedgerStoreContractKit {

  private ContractStore fixture;

  @Override
  protected LedgerStore newStore() {
    fixture = ContractStore.postgres();
    return fixture.store;
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (fixture != null) {
      fixture.close();
    }
  }
}
