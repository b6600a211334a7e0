package dev.usage.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.jdbc.JdbcUsageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The databases the JDBC benchmarks run on, each behind a HikariCP pool as a host would put it:
 * {@code h2-mem} (in memory), {@code h2-file} (a file under {@code java.io.tmpdir}) and {@code
 * postgres} (the cluster of {@code USAGE_TEST_POSTGRES_URL}, started with {@code eval "$(bash
 * .ci/postgres.sh start)"}). Each benchmark class uses a database or schema of its own, named
 * {@code area}, so that one's data never meets the other's.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Databases {

  /** The environment variable that names the PostgreSQL cluster. */
  static final String POSTGRES_URL = "USAGE_TEST_POSTGRES_URL";

  /**
   * H2 hands back a query's last result while the tables are unchanged, which would time a cache
   * hit (tens of microseconds) instead of the report. A query cache of 64 parsed statements, as
   * usage-jdbc's README advises, holds every statement of an append with the ledger.
   */
  private static final String H2_OPTIONS = "OPTIMIZE_REUSE_RESULTS=0;QUERY_CACHE_SIZE=64";

  private Databases() {}

  /**
   * Opens a pool over the database and creates the store's schema in it.
   *
   * @param kind {@code h2-mem}, {@code h2-file} or {@code postgres}
   * @param area the database (H2) or schema (PostgreSQL) of the benchmark
   * @param fresh whether to start from an empty database rather than keep what an earlier fork
   *     left
   * @return the pool
   */
  static HikariDataSource open(String kind, String area, boolean fresh) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-" + area);
    config.setMaximumPoolSize(4);
    switch (kind) {
      case "h2-mem" -> config.setJdbcUrl("jdbc:h2:mem:" + area + ";DB_CLOSE_DELAY=-1;" + H2_OPTIONS);
      case "h2-file" -> {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "usage-benchmarks");
        if (fresh) {
          delete(dir, area);
        }
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve(area) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;"
            + H2_OPTIONS);
      }
      case "postgres" -> {
        String url = System.getenv(POSTGRES_URL);
        if (url == null || url.isBlank()) {
          throw new IllegalStateException("database postgres needs " + POSTGRES_URL
              + ": start a cluster with eval \"$(bash .ci/postgres.sh start)\", or pass -p database=h2-mem,h2-file");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          if (fresh) {
            s.execute("DROP SCHEMA IF EXISTS " + area + " CASCADE");
          }
          s.execute("CREATE SCHEMA IF NOT EXISTS " + area);
        }
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + area);
      }
      default -> throw new IllegalArgumentException("unknown database '" + kind
          + "', expected h2-mem, h2-file or postgres");
    }
    HikariDataSource pool = new HikariDataSource(config);
    JdbcUsageStore.builder(pool).build().migrate();
    return pool;
  }

  /** Empties the events table, the rollup that sums it and the ledger that pays for it. */
  static void truncate(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String table : java.util.List.of("usage_events", "usage_rollup", "usage_wallets", "usage_grants",
          "usage_ledger", "usage_reversals", "usage_allotments")) {
        s.execute("TRUNCATE TABLE " + table);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /** Updates the planner's statistics of the events table. */
  static void analyze(HikariDataSource pool, String kind) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(kind.equals("postgres") ? "ANALYZE usage_events, usage_rollup" : "ANALYZE");
    }
  }

  private static void delete(Path dir, String area) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith(area + "."))
          .sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
