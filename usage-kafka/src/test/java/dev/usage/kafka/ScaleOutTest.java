package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.jdbc.JdbcUsageStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Publish → six partitions → a group of three workers → PostgreSQL, on the real three-broker
 * cluster, with a fault in the middle of ingestion: every test ends with the store's totals (count,
 * quantity and credits per tenant and metric) equal to those of the distinct events published,
 * recorded once in memory.
 */
class ScaleOutTest {

  private static final Duration DRAIN = Duration.ofMinutes(5);
  private static final List<TenantId> TENANTS = TestUsage.tenants(40);

  private KafkaCluster kafka;
  private TestPostgres db;
  private Ingestion ingestion;

  @BeforeEach
  void setUp(TestInfo test) throws Exception {
    kafka = KafkaCluster.require();
    db = TestPostgres.create();
    ingestion = Ingestion.create(kafka, test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (ingestion != null) {
      ingestion.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void twoHundredThousandEventsWithTenPercentDuplicatesAreCountedExactlyOnce() throws Exception {
    List<UsageEvent> events = TestUsage.workload("e2e", TENANTS, 180_000, 20_000, 1);
    ingestion.publish(events);
    for (int i = 1; i <= 3; i++) {
      ingestion.startWorker("worker-" + i, db);
    }
    ingestion.awaitAllCommitted(DRAIN);

    assertExactTotals(events);
    List<IngestStats> stats = ingestion.workers().stream().map(IngestWorker::stats).toList();
    assertThat(stats).as("every worker owned partitions").allSatisfy(s -> assertThat(s.stored()).isPositive());
    assertThat(stats.stream().mapToLong(IngestStats::stored).sum()).isEqualTo(180_000);
    assertThat(stats.stream().mapToLong(IngestStats::duplicates).sum()).isGreaterThanOrEqualTo(20_000);
    assertThat(stats.stream().mapToLong(IngestStats::deadLettered).sum()).isZero();
  }

  @Test
  void aWorkerKilledBetweenItsStoreCommitAndItsOffsetCommitLosesAndDoublesNothing() throws Exception {
    // No duplicates published: every duplicate the survivors find is the killed worker's last batch.
    List<UsageEvent> events = TestUsage.workload("kill", TENANTS, 40_000, 0, 2);
    ingestion.publish(events);
    try (WorkerProcess victim = startMidBatchBesideTwoSurvivors("victim", 5_000)) {
      victim.kill(); // SIGKILL, five seconds before it would have committed the batch it just stored
    }
    ingestion.awaitAllCommitted(DRAIN);

    assertExactTotals(events);
    long redelivered = ingestion.workers().stream().mapToLong(w -> w.stats().duplicates()).sum();
    assertThat(redelivered).as("events of the killed worker's stored, uncommitted batch read again").isPositive();
  }

  @Test
  void aBrokerKilledAndRestartedDuringPublishingAndIngestion() throws Exception {
    List<UsageEvent> events = TestUsage.workload("broker", TENANTS, 54_000, 6_000, 3);
    for (int i = 1; i <= 3; i++) {
      ingestion.startWorker("worker-" + i, db);
    }
    ingestion.publish(events.subList(0, 20_000));
    awaitCommitted(5_000);
    kafka.killNode(2);
    try {
      // Published while the broker is down: partitions it led move to the other replicas in sync.
      // One whose only in-sync replica it was waits for it, so the publishing must not need it back.
      CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
        try {
          ingestion.publish(events.subList(20_000, 40_000));
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      Thread.sleep(10_000);
      kafka.startNode(2);
      published.get(5, TimeUnit.MINUTES);
    } finally {
      kafka.ensureRunning(2);
    }
    ingestion.publish(events.subList(40_000, events.size()));
    ingestion.awaitAllCommitted(DRAIN);

    assertExactTotals(events);
  }

  @Test
  void postgresRestartedDuringIngestion() throws Exception {
    List<UsageEvent> events = TestUsage.workload("pg", TENANTS, 54_000, 6_000, 4);
    ingestion.publish(events);
    for (int i = 1; i <= 3; i++) {
      ingestion.startWorker("worker-" + i, db);
    }
    awaitCommitted(5_000);
    long committedBefore = ingestion.committedRecords();
    TestPostgres.crashAndRestart();
    assertThat(committedBefore).as("the crash came mid-ingestion").isLessThan(events.size());
    ingestion.awaitAllCommitted(DRAIN);

    assertExactTotals(events);
  }

  @Test
  void aWorkerPausedPastItsSessionTimeoutLosesItsPartitionsAndDoublesNothing() throws Exception {
    List<UsageEvent> events = TestUsage.workload("pause", TENANTS, 40_000, 0, 5);
    ingestion.publish(events);
    try (WorkerProcess paused = startMidBatchBesideTwoSurvivors("paused", 1_000)) {
      IngestWorker survivor1 = ingestion.workers().get(0);
      IngestWorker survivor2 = ingestion.workers().get(1);
      long rebalancesBefore = survivor1.stats().rebalances() + survivor2.stats().rebalances();
      paused.signal("STOP"); // mid-batch: stored, offsets not committed, heartbeats stopped
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (survivor1.stats().rebalances() + survivor2.stats().rebalances() == rebalancesBefore
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(survivor1.stats().rebalances() + survivor2.stats().rebalances())
          .as("the group rebalanced without the paused worker").isGreaterThan(rebalancesBefore);
      Thread.sleep(3_000); // the survivors read the paused worker's partitions meanwhile
      paused.signal("CONT"); // it finishes its batch; its commit is refused, and it rejoins
      ingestion.awaitAllCommitted(DRAIN);
    }
    assertExactTotals(events);
  }

  /**
   * Starts a worker process and, once it has stored a batch, two in-JVM survivors; returns when each
   * survivor has stored and the process has just stored another batch, whose offsets it commits
   * only after {@code pauseAfterStoreMillis}. The process joins first because survivors started
   * before it could drain every partition before it owned one.
   */
  private WorkerProcess startMidBatchBesideTwoSurvivors(String clientId, long pauseAfterStoreMillis)
      throws Exception {
    WorkerProcess process = WorkerProcess.start(kafka, ingestion.topic, ingestion.deadLetters, ingestion.group, db,
        clientId, pauseAfterStoreMillis);
    try {
      process.await("stored", 120);
      List<IngestWorker> survivors = List.of(ingestion.startWorker("survivor-1", db),
          ingestion.startWorker("survivor-2", db));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!survivors.stream().allMatch(w -> w.stats().stored() > 0) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(survivors).as("every survivor owns partitions and stored").allSatisfy(
          w -> assertThat(w.stats().stored()).isPositive());
      process.awaitNext("stored", 120);
      return process;
    } catch (Exception | AssertionError e) {
      process.close();
      throw e;
    }
  }

  private void awaitCommitted(long records) throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (ingestion.committedRecords() < records && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ingestion.committedRecords()).as("records committed").isGreaterThanOrEqualTo(records);
  }

  private void assertExactTotals(List<UsageEvent> events) {
    JdbcUsageStore store = ingestion.jdbcStore(db);
    Map<String, String> expected = TestUsage.expectedTotals(events, TENANTS);
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(TestUsage.totals(store, TENANTS)).isEqualTo(expected);
  }
}
