package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Faults that only a real server produces: statements cut by {@code statement_timeout} behind a
 * lock, and the server restarted while a writer ingests with retries.
 */
@Timeout(60)
class PostgresFaultTest extends MigratedStoreCases {

  static final Instant AT = Instant.parse("2026-04-10T12:00:00Z");

  @Override
  TestDatabase newDatabase() throws SQLException {
    return TestDatabase.postgres();
  }

  @Test
  @DisplayName("a statement timeout behind a lock fails the batch whole; the retry after the lock counts once")
  void append_statementTimeoutBehindLock_failsWholeAndRetryCountsOnce() throws Exception {
    PGSimpleDataSource ds = (PGSimpleDataSource) db.dataSource();
    PGSimpleDataSource timed = new PGSimpleDataSource();
    timed.setURL(TestDatabase.postgresUrl());
    timed.setCurrentSchema(ds.getCurrentSchema());
    timed.setOptions("-c statement_timeout=300");
    JdbcUsageStore impatient = JdbcUsageStore.builder(timed).catalog(CATALOG).build();
    List<PricedEvent> batch = batch("lock", 20);

    try (Connection holder = ds.getConnection(); Statement st = holder.createStatement()) {
      holder.setAutoCommit(false);
      st.execute("LOCK TABLE usage_events, usage_rollup IN ACCESS EXCLUSIVE MODE");
      long started = System.nanoTime();
      assertThatThrownBy(() -> impatient.append(batch)).isInstanceOf(JdbcUsageStoreException.class)
          .hasRootCauseMessage("ERROR: canceling statement due to statement timeout");
      assertThatThrownBy(() -> impatient.aggregate(total())).isInstanceOf(JdbcUsageStoreException.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(10_000);
      holder.rollback();
    }

    assertThat(impatient.aggregate(total())).isEmpty();
    assertThat(impatient.append(batch).appended()).isEqualTo(20);
    assertThat(impatient.append(batch).duplicates()).hasSize(20);
    assertThat(store.aggregate(total()).get(0).count()).isEqualTo(20);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "USAGE_TEST_POSTGRES_DATA", matches = ".+")
  @DisplayName("the server restarted during ingestion with retries: every event counted exactly once")
  void append_serverRestartedDuringIngestion_exactlyOnce() throws Exception {
    int batches = 60;
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicInteger failures = new AtomicInteger();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int b = 0; b < batches; b++) {
        List<PricedEvent> batch = batch("r" + b, 25);
        appendWithRetries(batch, failures);
        if (b % 10 == 9) {
          appendWithRetries(batch, failures);   // a client retry after a lost acknowledgement
        }
        if (b == batches / 3) {
          sleep(50);             // let the restart land in the middle of the run
        }
      }
    });
    sleep(300);
    long restartMillis = restart();
    restarted.set(true);
    writer.get(45, TimeUnit.SECONDS);

    AggregateRow row = store.aggregate(total()).get(0);
    assertThat(row.count()).isEqualTo(batches * 25L);
    assertThat(row.sum()).isEqualTo(batches * 25L * 7);
    System.out.println("FAULT postgres-restart batches=" + batches + " events=" + batches * 25
        + " failedAttempts=" + failures.get() + " restartMillis=" + restartMillis + " counted=" + row.count());
  }

  /** Appends as a client should: every failure is retried, which idempotency makes safe. */
  private void appendWithRetries(List<PricedEvent> batch, AtomicInteger failures) {
    while (true) {
      try {
        store.append(batch);
        return;
      } catch (JdbcUsageStoreException e) {
        failures.incrementAndGet();
        sleep(100);
      }
    }
  }

  /** Restarts the test cluster with {@code pg_ctl restart -m fast}, as the data directory's owner when root. */
  private static long restart() throws IOException, InterruptedException {
    String bin = System.getenv("USAGE_TEST_POSTGRES_BIN");
    String data = System.getenv("USAGE_TEST_POSTGRES_DATA");
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("runuser", "-u", Files.getOwner(Path.of(data)).getName(), "--"));
    }
    // The server's log goes where .ci/postgres.sh puts it: a server writing to this JVM's pipe would
    // keep the pipe open and die of SIGPIPE when the JVM exits.
    Path log = Path.of(data).resolveSibling("server.log");
    cmd.addAll(List.of((bin == null ? "" : bin + "/") + "pg_ctl", "-D", data, "-l", log.toString(), "-w",
        "restart", "-m", "fast"));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pg_ctl restart finished").isTrue();
    assertThat(p.exitValue()).as("pg_ctl restart exit code").isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  private static List<PricedEvent> batch(String prefix, int n) {
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(TestEvents.event(ACME, prefix + "-" + i, Metrics.CALLS, AT.plusSeconds(i), 7));
    }
    return events;
  }

  private static AggregateQuery total() {
    return AggregateQuery.builder(ACME, AT.minusSeconds(86_400), AT.plusSeconds(86_400)).metrics(Metrics.CALLS)
        .groupBy(GroupKey.METRIC).build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
