package dev.usage.jdbc;

import dev.usage.spi.UsageStore;
import dev.usage.tck.UsageStoreContractKit;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The {@link UsageStore} contract on PostgreSQL: a fresh schema per test, reached through a pool; skipped without a cluster (failed when {@code USAGE_REQUIRE_POSTGRES=true}). */
class PostgresUsageStoreContractTest extends UsageStoreContractKit {

  private ContractStore fixture;

  @Override
  protected UsageStore newStore() {
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
