package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcUsageStore} on PostgreSQL, a fresh schema per test, in the cluster named by {@code
 * USAGE_TEST_POSTGRES_URL}; skipped without it, failed without it when {@code
 * USAGE_REQUIRE_POSTGRES=true}.
 */
class PostgresJdbcUsageStoreTest extends JdbcUsageStoreCases {

  @Override
  TestDatabase newDatabase() throws SQLException {
    return TestDatabase.postgres();
  }

  @Test
  @DisplayName("a backend terminated in the middle of a batch leaves nothing; the retry counts each event once")
  void append_backendTerminatedMidBatch_retryCountsOnce() {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    List<PricedEvent> events = TestEvents.random(new Random(13), 1_300).stream()
        .filter(e -> e.event().tenant().equals(ACME)).toList();

    // Before the second insert statement, kill the backend that already holds the first one's rows.
    faulty.beforeExecution(2, (n, raw) -> terminate(raw));
    assertThatThrownBy(() -> s.append(events)).isInstanceOf(JdbcUsageStoreException.class);
    assertThat(count(ACME)).isZero();

    faulty.heal();
    assertThat(s.append(events).appended()).isEqualTo(events.size());
    assertThat(total(ACME).sum()).isEqualTo(events.stream().mapToLong(e -> e.event().quantity()).sum());
  }

  @Test
  @DisplayName("a backend terminated in the caller's transaction leaves nothing; the retried unit of work counts once")
  void appendOnConnection_backendTerminated_retryCountsOnce() throws SQLException {
    List<PricedEvent> events = TestEvents.edgeCases(ACME);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, events);
      terminate(c);
      assertThatThrownBy(c::commit).isInstanceOf(SQLException.class);
    }
    assertThat(count(ACME)).isZero();

    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThat(store.append(c, events).appended()).isEqualTo(events.size());
      c.commit();
    }
    assertThat(count(ACME)).isEqualTo(events.size());
  }

  @Test
  @DisplayName("processes that migrate at the same time wait for one another; one applies the scripts")
  void migrate_concurrently_appliesOnce() throws Exception {
    try (TestDatabase fresh = TestDatabase.postgres()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<List<Integer>>> tasks = List.of(
            () -> JdbcUsageStore.builder(fresh.dataSource()).build().migrate(),
            () -> JdbcUsageStore.builder(fresh.dataSource()).build().migrate(),
            () -> JdbcUsageStore.builder(fresh.dataSource()).build().migrate(),
            () -> JdbcUsageStore.builder(fresh.dataSource()).build().migrate());
        int applied = 0;
        int migrators = 0;
        for (Future<List<Integer>> f : pool.invokeAll(tasks)) {
          applied += f.get().size();
          migrators += f.get().isEmpty() ? 0 : 1;
        }
        assertThat(applied).isEqualTo(Migrator.SCRIPTS.size());
        assertThat(migrators).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Override
  List<String> planSettings() {
    return List.of("SET enable_seqscan = off");
  }

  @Override
  void assertReadsIndexInOrder(String plan) {
    assertThat(plan).contains("Index").contains("usage_events_by_time").doesNotContain("Sort");
  }

  @Test
  @DisplayName("the monthly-partitioned variant, run after the first migrate(), keeps the store's behaviour")
  void partitionedVariant_behavesLikeTheTable() throws Exception {
    try (TestDatabase fresh = TestDatabase.postgres()) {
      JdbcUsageStore s = JdbcUsageStore.builder(fresh.dataSource()).catalog(CATALOG).build();
      assertThat(s.migrate()).containsExactly(1, 2, 3, 4);
      runPartitionedVariant(fresh);
      assertThat(s.migrate()).isEmpty();
      List<PricedEvent> events = TestEvents.random(new Random(21), 500);
      dev.usage.store.InMemoryUsageStore oracle = new dev.usage.store.InMemoryUsageStore();
      oracle.append(events);

      assertThat(s.append(events).appended()).isEqualTo(events.size());
      assertThat(s.append(events).duplicates()).hasSize(events.size());

      dev.usage.spi.AggregateQuery q = dev.usage.spi.AggregateQuery.builder(ACME, FROM, TO)
          .zone(java.time.ZoneId.of("Europe/Berlin"))
          .groupBy(dev.usage.spi.GroupKey.DAY, dev.usage.spi.GroupKey.METRIC).build();
      assertThat(s.aggregate(q)).isEqualTo(oracle.aggregate(q));
      assertThat(scanAll(s, ACME, 100)).isEqualTo(scanAll(oracle, ACME, 1000));
      try (Connection c = fresh.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM usage_events_2026_03), "
              + "(SELECT COUNT(*) FROM usage_events_other)")) {
        rs.next();
        assertThat(rs.getLong(1)).isPositive();
        assertThat(rs.getLong(2)).isPositive();
      }
    }
  }

  @Test
  @DisplayName("the monthly-partitioned variant refuses a table that holds events, and leaves it as it was")
  void partitionedVariant_tableWithEvents_refused() throws Exception {
    try (TestDatabase fresh = TestDatabase.postgres()) {
      JdbcUsageStore s = JdbcUsageStore.builder(fresh.dataSource()).catalog(CATALOG).build();
      s.migrate();
      List<PricedEvent> events = TestEvents.edgeCases(ACME);
      s.append(events);

      assertThatThrownBy(() -> runPartitionedVariant(fresh)).isInstanceOf(SQLException.class)
          .hasMessageContaining("usage_events is not empty");
      try (Connection c = fresh.dataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*),"
              + " (SELECT relkind FROM pg_class WHERE oid = 'usage_events'::regclass) FROM usage_events")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(events.size());
        assertThat(rs.getString(2)).isEqualTo("r");
      }
    }
  }

  /** Runs db/variants/postgresql-partitioned.sql statement by statement, as psql would. */
  private void runPartitionedVariant(TestDatabase database) throws Exception {
    String script;
    try (var in = getClass().getClassLoader().getResourceAsStream("db/variants/postgresql-partitioned.sql")) {
      script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
      try {
        for (String statement : Migrator.statements(script)) {
          st.execute(statement);
        }
      } catch (SQLException e) {
        // psql ends the script's failed transaction at its COMMIT; here it ends with the error.
        st.execute("ROLLBACK");
        throw e;
      }
    }
  }

  @Test
  @DisplayName("on the pgjdbc driver a batch goes through COPY into the session's staging table, left empty")
  void append_pgjdbc_copiesThroughEmptiedStagingTable() throws SQLException {
    List<PricedEvent> events = TestEvents.random(new Random(29), 400);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThat(store.append(c, events).appended()).isEqualTo(events.size());
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_temp.usage_events_staging")) {
        rs.next();
        assertThat(rs.getInt(1)).as("rows left in the staging table inside the transaction").isZero();
      }
      c.commit();
    }

    assertThat(count(ACME) + count(TestEvents.GLOBEX)).isEqualTo(events.size());
  }

  @Test
  @DisplayName("a connection that does not unwrap to pgjdbc appends through the array insert, with the same result")
  void append_connectionWithoutPgjdbc_usesArrayInsert() throws SQLException {
    List<PricedEvent> events = TestEvents.random(new Random(31), 400);
    AppendResult first;
    AppendResult second;
    try (Connection raw = db.dataSource().getConnection()) {
      Connection c = opaque(raw);
      c.setAutoCommit(false);
      first = store.append(c, events.subList(0, 300));
      second = store.append(c, events);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT to_regclass('pg_temp.usage_events_staging') IS NULL")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("no staging table was created").isTrue();
      }
      c.commit();
    }

    assertThat(first.appended()).isEqualTo(300);
    assertThat(second.appended()).isEqualTo(events.size() - 300);
    assertThat(second.duplicates()).hasSize(300);
    assertThat(count(ACME) + count(TestEvents.GLOBEX)).isEqualTo(events.size());
  }

  /** Returns the connection behind a proxy that wraps nothing, as some pools and tracing drivers do. */
  private static Connection opaque(Connection raw) {
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(PostgresJdbcUsageStoreTest.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, m, args) -> {
          if (m.getName().equals("isWrapperFor")) {
            return false;
          }
          if (m.getName().equals("unwrap")) {
            throw new SQLException("this connection wraps nothing");
          }
          try {
            return m.invoke(raw, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static void terminate(Connection victim) throws SQLException {
    int pid;
    try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(TestDatabase.postgresUrl());
    try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(" + pid + ")");
    }
  }
}
