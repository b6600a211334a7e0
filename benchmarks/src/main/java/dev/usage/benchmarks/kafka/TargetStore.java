package dev.usage.benchmarks.kafka;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * An empty store for one shot: {@code memory}, an {@link InMemoryUsageStore}, or {@code postgres},
 * a {@link JdbcUsageStore} over a HikariCP pool on a fresh, migrated schema of its own in the
 * cluster of {@code USAGE_TEST_POSTGRES_URL}, dropped again on close. Every worker of a shot
 * records into the one store, as workers share a database in a deployment.
 *
 * <p>This class is thread-safe: the store is; open and close happen on one thread.
 */
final class TargetStore implements AutoCloseable {

  /** The environment variable that names the PostgreSQL cluster. */
  static final String POSTGRES_URL = "USAGE_TEST_POSTGRES_URL";

  /** Connections of the pool: one per worker (at most three) and one spare, as a host would size it. */
  private static final int POOL_SIZE = 4;

  private final UsageStore store;
  private final Optional<HikariDataSource> pool;
  private final Optional<String> schema;
  private final String url;

  private TargetStore(UsageStore store, HikariDataSource pool, String schema, String url) {
    this.store = store;
    this.pool = Optional.ofNullable(pool);
    this.schema = Optional.ofNullable(schema);
    this.url = url;
  }

  /**
   * Opens an empty store.
   *
   * @param kind {@code memory} or {@code postgres}
   * @param schema the schema to create for {@code postgres}: unique to this shot, since other
   *     benchmarks and tests share the cluster
   * @return the store
   * @throws IllegalStateException if {@code postgres} is asked for and {@value #POSTGRES_URL} is
   *     not set
   * @throws IllegalArgumentException if {@code kind} is neither
   */
  static TargetStore open(String kind, String schema) throws SQLException {
    switch (kind) {
      case "memory" -> {
        return new TargetStore(new InMemoryUsageStore(), null, null, null);
      }
      case "postgres" -> {
        String url = System.getenv(POSTGRES_URL);
        if (url == null || url.isBlank()) {
          throw new IllegalStateException("store postgres needs " + POSTGRES_URL
              + ": start a cluster with eval \"$(bash .ci/postgres.sh start)\", or pass -p store=memory");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          s.execute("CREATE SCHEMA " + schema);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kbench-" + schema);
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        config.setMaximumPoolSize(POOL_SIZE);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcUsageStore store = JdbcUsageStore.builder(pool).build();
        store.migrate();
        return new TargetStore(store, pool, schema, url);
      }
      default -> throw new IllegalArgumentException("unknown store '" + kind + "', expected memory or postgres");
    }
  }

  UsageStore store() {
    return store;
  }

  /** Closes the pool and drops the schema this store created. */
  @Override
  public void close() throws SQLException {
    pool.ifPresent(HikariDataSource::close);
    if (schema.isPresent()) {
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema.get() + " CASCADE");
      }
    }
  }
}
