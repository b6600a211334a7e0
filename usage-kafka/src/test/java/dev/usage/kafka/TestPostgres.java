package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.jdbc.JdbcUsageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own in the PostgreSQL test cluster that {@code .ci/postgres.sh start} runs,
 * migrated for the JDBC store, and the cluster's server for the test that restarts it.
 *
 * <p>This class is thread-safe.
 */
final class TestPostgres implements AutoCloseable {

  static final String URL = "USAGE_TEST_POSTGRES_URL";
  static final String REQUIRE = "USAGE_REQUIRE_POSTGRES";
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final String url;
  private final String schema;

  private TestPostgres(String url, String schema) {
    this.url = url;
    this.schema = schema;
  }

  /** Creates and migrates a fresh schema; skips the test without a cluster (fails it when required). */
  static TestPostgres create() throws SQLException {
    String url = System.getenv(URL);
    if (url == null || url.isBlank()) {
      String why = URL + " is not set; start a cluster with eval \"$(bash .ci/postgres.sh start)\"";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
        fail(why + " (" + REQUIRE + "=true)");
      }
      Assumptions.abort("PostgreSQL tests skipped: " + why);
    }
    String schema = "usage_kafka_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    TestPostgres db = new TestPostgres(url, schema);
    try (HikariDataSource admin = db.pool(1, null); Connection c = admin.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      st.execute("CREATE SCHEMA " + schema);
    }
    try (HikariDataSource ds = db.dataSource(1)) {
      JdbcUsageStore.builder(ds).build().migrate();
    }
    return db;
  }

  String url() {
    return url;
  }

  String schema() {
    return schema;
  }

  /** {@return a pool of {@code size} connections to this schema} */
  HikariDataSource dataSource(int size) {
    return pool(size, schema);
  }

  private HikariDataSource pool(int size, String currentSchema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(currentSchema == null ? url : url + "&currentSchema=" + currentSchema);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    // A restarted server must not stall a test: fail fast, and let the worker retry.
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /**
   * Restarts the server with {@code pg_ctl restart -m immediate}, which kills it as a crash does.
   *
   * @return how long the server was away, in milliseconds
   */
  static long crashAndRestart() throws IOException, InterruptedException {
    String data = System.getenv("USAGE_TEST_POSTGRES_DATA");
    String bin = System.getenv("USAGE_TEST_POSTGRES_BIN");
    assertThat(data).as("USAGE_TEST_POSTGRES_DATA, exported by .ci/postgres.sh start").isNotBlank();
    Path dataDir = Path.of(data);
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("runuser", "-u", Files.getOwner(dataDir).getName(), "--"));
    }
    String pgCtl = bin == null || bin.isBlank() ? "pg_ctl" : bin + "/pg_ctl";
    cmd.addAll(List.of(pgCtl, "-D", data, "-l", dataDir.resolveSibling("server.log").toString(), "-w", "restart",
        "-m", "immediate"));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pg_ctl restart finished").isTrue();
    assertThat(p.exitValue()).as("pg_ctl restart exit code").isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  @Override
  public void close() throws SQLException {
    try (HikariDataSource admin = pool(1, null); Connection c = admin.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
