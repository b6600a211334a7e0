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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Faults that only a real server produces: statements cut by {@code statement_timeout} behind a
 * lock, and the server restarted ({@code pg_ctl restart -m fast}) while a writer ingests with
 * retries. {@link PostgresCrashTest} crashes it instead.
 */
@Timeout(60)
class PostgresFaultTest extends MigratedStoreCases {

  static final Instant AT = Instant.parse("2026-04-10T12:00:00Z");
  /** Batches the writer acknowledges before the restart begins, and after it ended, at least. */
  static final int BATCHES_AROUND_RESTART = 10;

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
  @DisplayName("the server restarted during ingestion with retries: appends failed, then every event counted exactly once")
  void append_serverRestartedDuringIngestion_exactlyOnce() throws Exception {
    PostgresCluster cluster = PostgresCluster.require();
    AtomicInteger written = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    CountDownLatch ingesting = new CountDownLatch(BATCHES_AROUND_RESTART);
    // The writer runs until batches were acknowledged after the restart, however long it takes,
    // so that the restart cannot land after the end of ingestion.
    CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
      int b = 0;
      int afterRestart = 0;
      while (afterRestart < BATCHES_AROUND_RESTART) {
        boolean restartDone = restarted.get();
        List<PricedEvent> batch = batch("r" + b, 25);
        appendWithRetries(batch, failures);
        if (b % 10 == 9) {
          appendWithRetries(batch, failures);   // a client retry after a lost acknowledgement
        }
        written.set(++b);
        ingesting.countDown();
        afterRestart += restartDone ? 1 : 0;
      }
      return b;
    });
    assertThat(ingesting.await(30, TimeUnit.SECONDS)).as("the writer started ingesting").isTrue();
    int before = written.get();
    long restartMillis = cluster.restart("fast");
    int during = written.get();
    restarted.set(true);
    int batches = writer.get(45, TimeUnit.SECONDS);

    assertThat(before).as("batches acknowledged before the restart").isGreaterThanOrEqualTo(BATCHES_AROUND_RESTART);
    assertThat(batches - during).as("batches acknowledged after the restart")
        .isGreaterThanOrEqualTo(BATCHES_AROUND_RESTART);
    assertThat(failures.get()).as("appends that failed while the server restarted").isPositive();
    AggregateRow row = store.aggregate(total()).get(0);
    assertThat(row.count()).isEqualTo(batches * 25L);
    assertThat(row.sum()).isEqualTo(batches * 25L * 7);
    System.out.println("FAULT postgres-restart batches=" + batches + " events=" + batches * 25 + " before=" + before
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
