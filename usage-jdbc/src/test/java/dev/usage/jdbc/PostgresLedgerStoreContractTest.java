package dev.usage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.LedgerStoreContractKit;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link LedgerStore} contract on PostgreSQL: a fresh schema per test, reached through a pool;
 * skipped without a cluster (failed when {@code USAGE_REQUIRE_POSTGRES=true}).
 */
class PostgresLedgerStoreContractTest extends LedgerStoreContractKit {

  private static final int POOL_SIZE = 6;

  private TestDatabase db;
  private HikariDataSource pool;

  @Override
  protected LedgerStore newStore() {
    try {
      db = TestDatabase.postgres();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema in the test cluster", e);
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(db.dataSource());
    config.setMaximumPoolSize(POOL_SIZE);
    pool = new HikariDataSource(config);
    JdbcUsageStore store = JdbcUsageStore.builder(pool).build();
    store.migrate();
    // Open every connection now, so that the kit's concurrency test does not wait for them.
    List<Connection> warm = new ArrayList<>();
    try {
      for (int i = 0; i < POOL_SIZE; i++) {
        warm.add(pool.getConnection());
      }
      for (Connection c : warm) {
        c.close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fill the pool", e);
    }
    return store;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (pool != null) {
      pool.close();
    }
    if (db != null) {
      db.close();
    }
  }
}
