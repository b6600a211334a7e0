package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database for one test: an in-memory H2 database, or a schema of its own in the
 * PostgreSQL cluster named by {@code USAGE_TEST_POSTGRES_URL}.
 */
abstract class TestDatabase implements AutoCloseable {

  static final String POSTGRES_URL = "USAGE_TEST_POSTGRES_URL";
  static final String REQUIRE_POSTGRES = "USAGE_REQUIRE_POSTGRES";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  abstract DataSource dataSource();

  abstract Dialect dialect();

  @Override
  public abstract void close() throws SQLException;

  /** Returns a fresh in-memory H2 database, kept until {@link #close()}. */
  static TestDatabase h2() {
    JdbcDataSource ds = new JdbcDataSource();
    String name = "usage_" + UUID.randomUUID().toString().replace("-", "");
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return new TestDatabase() {
      @Override
      DataSource dataSource() {
        return ds;
      }

      @Override
      Dialect dialect() {
        return Dialect.h2();
      }

      @Override
      public void close() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        }
      }
    };
  }

  /**
   * Returns a fresh H2 database in the file {@code file} (plus {@code .mv.db}), with the durable
   * {@code WRITE_DELAY=0}; closed when its last connection closes, so that another process may
   * open it in between.
   */
  static TestDatabase h2File(Path file) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0");
    return new TestDatabase() {
      @Override
      DataSource dataSource() {
        return ds;
      }

      @Override
      Dialect dialect() {
        return Dialect.h2();
      }

      @Override
      public void close() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        }
      }
    };
  }

  /**
   * Returns a fresh schema in the test cluster, or skips the test when there is none (and fails it
   * when {@code USAGE_REQUIRE_POSTGRES=true}).
   */
  static TestDatabase postgres() throws SQLException {
    String url = postgresUrl();
    String schema = "usage_test_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(url);
    try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      st.execute("CREATE SCHEMA " + schema);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setCurrentSchema(schema);
    return new TestDatabase() {
      @Override
      DataSource dataSource() {
        return ds;
      }

      @Override
      Dialect dialect() {
        return Dialect.postgresql();
      }

      @Override
      public void close() throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
          st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
      }
    };
  }

  /** Returns the test cluster's URL, skipping or failing the calling test when it is not set. */
  static String postgresUrl() {
    String url = System.getenv(POSTGRES_URL);
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE_POSTGRES))) {
        fail(POSTGRES_URL + " is not set but " + REQUIRE_POSTGRES + "=true; start a cluster with "
            + "eval \"$(bash .ci/postgres.sh start)\"");
      }
      if (!WARNED.getAndSet(true)) {
        System.err.println("[usage-jdbc] PostgreSQL tests skipped: " + POSTGRES_URL + " is not set");
      }
      Assumptions.abort("PostgreSQL tests skipped: " + POSTGRES_URL + " is not set; start a cluster with "
          + "eval \"$(bash .ci/postgres.sh start)\" to run them");
    }
    return url;
  }
}
