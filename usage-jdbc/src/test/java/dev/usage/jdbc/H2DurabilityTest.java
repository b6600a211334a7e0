package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store refuses H2 file databases that would lose acknowledged appends when the process dies. */
class H2DurabilityTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("an H2 file database with H2's default write delay is refused, naming the setting, its value and the fix")
  void build_fileDatabaseWithDefaultWriteDelay_refused() throws SQLException {
    JdbcDataSource ds = file("jdbc:h2:file:" + dir.resolve("usage"));
    try {
      assertThatThrownBy(() -> JdbcUsageStore.builder(ds).catalog(CATALOG).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("WRITE_DELAY 500 ms")
          .hasMessageContaining(";WRITE_DELAY=0")
          .hasMessageContaining(dir.resolve("usage").toString());
    } finally {
      shutdown(ds);
    }
  }

  @Test
  @DisplayName("a write delay set in the URL is refused even when the dialect is given")
  void build_writeDelayInUrlWithExplicitDialect_refused() throws SQLException {
    JdbcDataSource ds = file("jdbc:h2:file:" + dir.resolve("usage") + ";WRITE_DELAY=20");
    try {
      assertThatThrownBy(() -> JdbcUsageStore.builder(ds).dialect(Dialect.h2()).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRITE_DELAY 20 ms");
    } finally {
      shutdown(ds);
    }
  }

  @Test
  @DisplayName("an H2 file database with WRITE_DELAY=0 in its URL is accepted")
  void build_writeDelayZeroInUrl_accepted() throws SQLException {
    JdbcDataSource ds = file("jdbc:h2:file:" + dir.resolve("usage") + ";WRITE_DELAY=0");
    try {
      assertThat(JdbcUsageStore.builder(ds).catalog(CATALOG).build().migrate()).containsExactly(1, 2, 3, 4);
    } finally {
      shutdown(ds);
    }
  }

  @Test
  @DisplayName("SET WRITE_DELAY 0 persists, so the database is accepted when reopened with a plain URL")
  void build_writeDelaySetOnce_acceptedAfterReopen() throws SQLException {
    JdbcDataSource ds = file("jdbc:h2:file:" + dir.resolve("usage"));
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SET WRITE_DELAY 0");
      st.execute("SHUTDOWN");
    }
    try {
      assertThat(JdbcUsageStore.builder(ds).catalog(CATALOG).build().dialect()).isEqualTo(Dialect.h2());
    } finally {
      shutdown(ds);
    }
  }

  @Test
  @DisplayName("an in-memory H2 database is not checked: a crash loses it whole whatever the setting")
  void build_inMemory_notChecked() throws SQLException {
    try (TestDatabase db = TestDatabase.h2()) {
      assertThat(JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build().dialect()).isEqualTo(Dialect.h2());
    }
  }

  private static JdbcDataSource file(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    return ds;
  }

  private static void shutdown(JdbcDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    }
  }
}
