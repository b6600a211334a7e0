package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.pricing.PricedEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcUsageStore} on in-memory H2, a fresh database per test. */
class H2JdbcUsageStoreTest extends JdbcUsageStoreCases {

  @Override
  TestDatabase newDatabase() {
    return TestDatabase.h2();
  }

  @Override
  void assertReadsIndexInOrder(String plan) {
    assertThat(plan).contains("USAGE_EVENTS_BY_TIME").contains("/* index sorted */");
  }

  @Test
  @DisplayName("an H2 file database keeps its events across a restart, and migrate() finds nothing to do")
  void fileDatabase_keepsEventsAcrossRestart(@TempDir Path dir) throws SQLException {
    JdbcDataSource file = new JdbcDataSource();
    file.setURL("jdbc:h2:file:" + dir.resolve("usage").toAbsolutePath() + ";WRITE_DELAY=0");
    List<PricedEvent> events = TestEvents.edgeCases(ACME);
    JdbcUsageStore first = JdbcUsageStore.builder(file).catalog(CATALOG).build();
    assertThat(first.migrate()).containsExactly(1, 2, 3, 4);
    first.append(events);
    try (Connection c = file.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    }

    JdbcUsageStore reopened = JdbcUsageStore.builder(file).catalog(CATALOG).build();
    assertThat(reopened.migrate()).isEmpty();
    assertThat(scanAll(reopened, ACME, 3)).containsExactlyElementsOf(newestFirst(events));
  }
}
