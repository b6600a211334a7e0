package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.TenantId;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.LedgerQuery;
import dev.usage.wallet.WalletId;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.store.InMemoryUsageStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@link CrashingWriter} with SIGKILL at random moments while it appends, restarts it
 * where its acknowledgements end, and after every kill checks that the store holds every
 * acknowledged batch (at most the one batch in flight besides, whole), and that the hourly rollup
 * equals the events. Subclasses say which database, and may add faults of their own.
 */
abstract class CrashTestCases extends MigratedStoreCases {

  /** SIGKILLs per test; issue 18 asks for at least 20. */
  static final int KILLS = 20;
  /** Batches the last writer appends and acknowledges before it exits on its own. */
  static final int FINAL_BATCHES = 5;

  private static final Instant FAR = CrashingWriter.BASE.plus(Duration.ofDays(366));

  @TempDir
  Path dir;

  private final InMemoryUsageStore acknowledged = new InMemoryUsageStore();
  private int lastInOracle = -1;

  /** Returns the JDBC URL the writer connects to. */
  abstract String writerUrl();

  /** Returns the writer's PostgreSQL schema, or {@code -} on H2. */
  abstract String writerSchema();

  /**
   * Called while writer {@code run} ingests, just before it is killed: a subclass may add a fault
   * of the database's own here.
   */
  void whileWriting(CrashHarness harness, Process writer, int run) throws Exception {}

  /** Checks, after the last run, that the faults {@link #whileWriting} added happened. */
  void assertOwnFaultsHappened(CrashHarness harness) throws Exception {}

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  @DisplayName("a writer killed with SIGKILL 20 times while appending lost no acknowledged event or debit; rollup and balances are exact")
  void append_writerKilledAtRandomMoments_keepsEveryAcknowledgedEvent() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    CrashHarness harness = new CrashHarness(CrashingWriter.Mode.LEDGER, writerUrl(), writerSchema(), dir);
    CrashingWriter.openWallets(store);
    CrashingWriter.openWallets(acknowledged);
    long started = System.nanoTime();
    int acked = -1;
    int kills = 0;
    int inFlightCommitted = 0;
    for (int run = 0; run < KILLS; run++) {
      Process writer = harness.start(acked + 1, Integer.MAX_VALUE - 1);
      try {
        // The writer is mid-ingestion once it has acknowledged a batch of this run; it cannot
        // finish, its last batch is out of reach.
        harness.awaitAckAfter(writer, acked, Duration.ofSeconds(60));
        Thread.sleep(random.nextInt(300));
        whileWriting(harness, writer, run);
        harness.kill(writer);
        kills++;
      } finally {
        writer.destroyForcibly().waitFor();
      }
      int now = harness.lastAcked();
      assertThat(now).as("acknowledged batches grew during run %s (seed %s)", run, seed).isGreaterThan(acked);
      inFlightCommitted += checkStoreHolds(now, seed) ? 1 : 0;
      acked = now;
    }

    int last = acked + FINAL_BATCHES;
    Process writer = harness.start(acked + 1, last);
    try {
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("the last writer finished; its log:\n%s", harness.logTail())
          .isTrue();
    } finally {
      writer.destroyForcibly().waitFor();
    }
    assertThat(writer.exitValue()).as("the last writer's exit status; its log:\n%s", harness.logTail()).isZero();
    assertThat(harness.lastAcked()).isEqualTo(last);
    assertThat(checkStoreHolds(last, seed)).as("a batch after the last one is stored").isFalse();
    assertThat(kills).isEqualTo(KILLS);
    assertOwnFaultsHappened(harness);

    long events = (long) (last + 1) * CrashingWriter.EVENTS_PER_BATCH;
    assertThat(count(CrashingWriter.BASE, FAR)).as("events stored").isEqualTo(events);
    assertThat(store.wallet(CrashingWriter.ACME_WALLET, CrashingWriter.LEDGER_NOW).orElseThrow().overdraft()
        .isPositive()).as("the soft wallet was overdrawn, so overdrafts crossed kills too").isTrue();
    System.out.println("CRASH " + db.dialect() + " kills=" + kills + " batches=" + (last + 1) + " eventsAcknowledged="
        + events + " eventsFound=" + count(CrashingWriter.BASE, FAR) + " inFlightCommitted=" + inFlightCommitted
        + " retriedWrites=" + harness.retries() + " seconds="
        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " seed=" + seed);
  }

  /**
   * Checks that the store holds batches 0 to {@code acked}, and of the batch after it all events
   * or none (it was in flight when the writer died), and nothing later; that every aggregate
   * equals the in-memory store's over the same batches, and the rollup's the events'.
   *
   * @return whether the batch in flight was committed although unacknowledged
   */
  private boolean checkStoreHolds(int acked, long seed) throws Exception {
    // On H2 an open connection keeps the database open between the checks' statements.
    try (Connection keepOpen = db.dataSource().getConnection()) {
      assertThat(count(CrashingWriter.end(acked + 1), FAR)).as("events after batch %s, the one in flight", acked + 1)
          .isZero();
      long inFlight = count(CrashingWriter.start(acked + 1), CrashingWriter.end(acked + 1));
      assertThat(inFlight).as("events of batch %s, in flight when the writer died: all or none", acked + 1)
          .isIn(0L, (long) CrashingWriter.EVENTS_PER_BATCH);
      int upTo = inFlight > 0 ? acked + 1 : acked;
      for (int b = lastInOracle + 1; b <= upTo; b++) {
        acknowledged.append(CrashingWriter.events(b), CrashingWriter.LEDGER_NOW);
      }
      lastInOracle = Math.max(lastInOracle, upTo);
      for (AggregateQuery q : queries()) {
        assertThat(RollupQueries.servedByRollup(q)).as("the rollup answers %s", q).isTrue();
        List<AggregateRow> rows = store.aggregate(q);
        assertThat(rows).as("rollup vs events after batch %s, query %s (seed %s)", acked, q, seed)
            .isEqualTo(store.aggregateFromEvents(q));
        assertThat(rows).as("store vs acknowledged batches 0..%s, query %s (seed %s)", upTo, q, seed)
            .isEqualTo(acknowledged.aggregate(q));
      }
      // Every balance, grant and ledger entry is what a run without crashes posted for the same
      // batches: nothing debited twice, nothing lost.
      for (WalletId wallet : List.of(CrashingWriter.ACME_WALLET, CrashingWriter.GLOBEX_WALLET)) {
        assertThat(store.wallet(wallet, CrashingWriter.LEDGER_NOW))
            .as("wallet %s after batch %s (seed %s)", wallet, acked, seed)
            .isEqualTo(acknowledged.wallet(wallet, CrashingWriter.LEDGER_NOW));
        assertThat(store.entries(LedgerQuery.newest(wallet, LedgerQuery.MAX_LIMIT)))
            .as("ledger of %s after batch %s (seed %s)", wallet, acked, seed)
            .isEqualTo(acknowledged.entries(LedgerQuery.newest(wallet, LedgerQuery.MAX_LIMIT)));
      }
      return inFlight > 0;
    }
  }

  private long count(Instant from, Instant to) {
    long n = 0;
    for (TenantId tenant : List.of(ACME, GLOBEX)) {
      n += store.aggregate(AggregateQuery.builder(tenant, from, to).build()).stream()
          .mapToLong(AggregateRow::count).sum();
    }
    return n;
  }

  /** Questions the rollup answers, over every batch: totals by metric, day and channel, direction. */
  private static List<AggregateQuery> queries() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    LocalDate first = LocalDate.ofInstant(CrashingWriter.BASE, tokyo).minusDays(1);
    return List.of(
        AggregateQuery.builder(ACME, CrashingWriter.BASE, FAR).groupBy(GroupKey.METRIC).build(),
        AggregateQuery.builder(ACME, CrashingWriter.BASE, FAR).zone(ZoneOffset.UTC)
            .groupBy(GroupKey.DAY, GroupKey.CHANNEL).build(),
        AggregateQuery.builder(GLOBEX, CrashingWriter.BASE, FAR).groupBy(GroupKey.DIRECTION, GroupKey.METRIC).build(),
        AggregateQuery.builder(GLOBEX, first.atStartOfDay(tokyo).toInstant(),
            first.plusDays(200).atStartOfDay(tokyo).toInstant()).zone(tokyo).groupBy(GroupKey.DAY).build());
  }
}
