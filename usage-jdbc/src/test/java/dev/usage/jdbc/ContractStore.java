package dev.usage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A migrated {@link JdbcUsageStore} over a fresh database for one contract-kit test: in-memory H2,
 * or a PostgreSQL schema behind a pool whose connections are all open before the test starts, so
 * that the kits' concurrency tests do not wait for them.
 */
final class ContractStore implements AutoCloseable {

  private static final int POOL_SIZE = 6;

  private final TestDatabase db;
  private final HikariDataSource pool;
  final JdbcUsageStore store;

  private ContractStore(TestDatabase db, HikariDataSource pool, JdbcUsageStore store) {
    this.db = db;
    this.pool = pool;
    this.store = store;
  }

  static ContractStore h2() {
    TestDatabase db = TestDatabase.h2();
    JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).build();
    store.migrate();
    return new ContractStore(db, null, store);
  }

  static ContractStore postgres() {
    TestDatabase db;
    try {
      db = TestDatabase.postgres();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema in the test cluster", e);
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(db.dataSource());
    config.setMaximumPoolSize(POOL_SIZE);
    HikariDataSource pool = new HikariDataSource(config);
    JdbcUsageStore store = JdbcUsageStore.builder(pool).build();
    store.migrate();
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
    return new ContractStore(db, pool, store);
  }

  @Override
  public void close() throws SQLException {
    if (pool != null) {
      pool.close();
    }
    db.close();
  }
}
