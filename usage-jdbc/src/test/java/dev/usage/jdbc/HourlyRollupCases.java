package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static dev.usage.jdbc.TestEvents.GLOBEX;
import static dev.usage.jdbc.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.metric.Metrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AppendResult;
import dev.usage.spi.GroupKey;
import dev.usage.store.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The hourly rollup on one database: kept exact on append, backfilled by V2, read for aggregates. */
abstract class HourlyRollupCases extends MigratedStoreCases {

  static final Instant FROM = JdbcUsageStoreCases.FROM;
  static final Instant TO = JdbcUsageStoreCases.TO;

  /** Appends {@code events} in random batches, each sent twice, with some events repeated across batches. */
  static void appendInBatches(JdbcUsageStore s, List<PricedEvent> events, Random random) {
    int from = 0;
    while (from < events.size()) {
      int to = Math.min(events.size(), from + 1 + random.nextInt(120));
      List<PricedEvent> batch = new ArrayList<>(events.subList(from, to));
      if (from > 0) {
        batch.add(events.get(random.nextInt(from))); // a redelivery of an earlier batch's event
      }
      s.append(batch);
      if (random.nextInt(4) == 0) {
        assertThat(s.append(batch).appended()).isZero();
      }
      from = to;
    }
  }

  @RepeatedTest(6)
  @DisplayName("aggregates read from the rollup equal those read from the events and the in-memory store's")
  void aggregate_fromRollup_equalsFromEvents(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    List<PricedEvent> events = TestEvents.random(random, 700);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    appendInBatches(store, events, random);

    int served = 0;
    for (int i = 0; i < 40; i++) {
      AggregateQuery q = RollupQueries.random(random);
      served += RollupQueries.servedByRollup(q) ? 1 : 0;
      assertThat(store.aggregate(q)).as("query %s", q).isEqualTo(store.aggregateFromEvents(q))
          .isEqualTo(oracle.aggregate(q));
    }
    assertThat(served).as("queries the rollup answered").isGreaterThan(10);
  }

  @Test
  @DisplayName("events at the ends of the storable range share the rollup's first and last hours exactly")
  void aggregate_edgeInstants_fromRollup() {
    List<PricedEvent> events = TestEvents.edgeCases(ACME);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    store.append(events);

    for (GroupKey[] keys : List.of(new GroupKey[] {}, new GroupKey[] {GroupKey.DAY, GroupKey.METRIC},
        new GroupKey[] {GroupKey.CHANNEL, GroupKey.DIRECTION})) {
      AggregateQuery q = AggregateQuery.builder(ACME, FROM, TO).zone(ZoneOffset.ofHours(-3)).groupBy(keys).build();
      assertThat(RollupQueries.servedByRollup(q)).isTrue();
      assertThat(store.aggregate(q)).as("query %s", q).isEqualTo(oracle.aggregate(q));
    }
  }

  @Test
  @DisplayName("an hour's sums may exceed a long while the total, after a reversal, fits again")
  void aggregate_hourSumBeyondLong_totalExact() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    PricedEvent big = event(ACME, "a", Metrics.PROMPT_TOKENS, at, Long.MAX_VALUE / 10 * 9);
    PricedEvent bigToo = event(ACME, "b", Metrics.PROMPT_TOKENS, at.plusSeconds(1), Long.MAX_VALUE / 10 * 9);
    PricedEvent reversal = new PricedEvent(bigToo.event().reversal(dev.usage.event.EventId.of("b/r")),
        bigToo.credits().negated(), -bigToo.billableQuantity(), bigToo.trace());
    store.append(List.of(big, bigToo));
    store.append(List.of(reversal));

    AggregateQuery q = AggregateQuery.builder(ACME, FROM, TO).groupBy(GroupKey.METRIC).build();
    assertThat(store.aggregate(q)).isEqualTo(store.aggregateFromEvents(q));
    assertThat(store.aggregate(q).get(0).sum()).isEqualTo(Long.MAX_VALUE / 10 * 9);
  }

  @RepeatedTest(3)
  @DisplayName("concurrent appends into the same few hours keep every rollup row equal to its events")
  void append_concurrentSameHours_rollupExact(RepetitionInfo repetition) throws Exception {
    // Every event lands in one of two hours and four (metric, channel, direction) cells, so the
    // batches fight over the same rows, in both the insert and the update branch.
    Random random = new Random(repetition.getCurrentRepetition());
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      Dimensions dims = Dimensions.builder().channel(random.nextBoolean() ? Channel.VOICE : Channel.SMS)
          .direction(Direction.INBOUND).build();
      Instant at = Instant.parse("2026-06-01T10:00:00Z").plusMillis(random.nextInt(7_200_000));
      PricedEvent e = event(random.nextInt(5) == 0 ? GLOBEX : ACME, "e" + i,
          random.nextBoolean() ? Metrics.CALLS : Metrics.VOICE_MINUTES, at, random.nextInt(100), dims);
      events.add(e);
      if (random.nextInt(8) == 0) {
        // Stored only once its original is: a batch that holds it without the original refuses it,
        // and the last batch, which holds everything in order, stores it.
        events.add(e.reversal(dev.usage.event.EventId.of("e" + i + "/r")));
      }
    }
    List<List<PricedEvent>> batches = new ArrayList<>();
    for (int t = 0; t < 12; t++) {
      List<PricedEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(t));
      batches.add(shuffled.subList(0, 250));
    }
    batches.add(events); // everything at least once
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<AppendResult>> tasks = new ArrayList<>();
      batches.forEach(b -> tasks.add(() -> store.append(b)));
      int appended = 0;
      for (Future<AppendResult> f : pool.invokeAll(tasks)) {
        appended += f.get().appended();
      }
      assertThat(appended).isEqualTo(events.size());
    } finally {
      pool.shutdownNow();
    }
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    for (var tenant : List.of(ACME, GLOBEX)) {
      AggregateQuery q = AggregateQuery.builder(tenant, FROM, TO)
          .groupBy(GroupKey.DAY, GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION).build();
      assertThat(store.aggregate(q)).isEqualTo(oracle.aggregate(q)).isEqualTo(store.aggregateFromEvents(q));
    }
  }

  @Test
  @DisplayName("aggregates read from the rollup while appends go on see whole batches, with their latest events")
  void aggregate_duringAppends_seesWholeBatches() throws Exception {
    int batches = 40;
    int size = 25;
    Instant start = Instant.parse("2026-06-01T10:00:00Z");
    AggregateQuery q = AggregateQuery.builder(ACME, FROM, TO).groupBy(GroupKey.METRIC).build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int b = 0; b < batches; b++) {
          List<PricedEvent> batch = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            // Each batch's events are newer than the last's, and its last one has quantity 7.
            batch.add(event(ACME, "b" + b + "-" + i, Metrics.CALLS, start.plusSeconds(b * 60L + i),
                i == size - 1 ? 7 : 1));
          }
          store.append(batch);
        }
        return null;
      });
      List<Callable<Void>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(() -> {
          while (!writer.isDone()) {
            for (var row : store.aggregate(q)) {
              assertThat(row.count() % size).as("count %s", row.count()).isZero();
              assertThat(row.sum()).isEqualTo(row.count() / size * (size - 1 + 7));
            }
          }
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(readers)) {
        f.get();
      }
      writer.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.aggregate(q).get(0).count()).isEqualTo((long) batches * size);
  }

  @Test
  @DisplayName("the backfill keeps the hour before 1677-09-21T01:00Z apart from 1970's first hour")
  void migrate_fromV1_earliestBucketAndEpochHour() throws SQLException {
    store.append(List.of(
        event(ACME, "early", Metrics.CALLS, Instant.parse("1677-09-21T00:30:00Z"), 1),
        event(ACME, "epoch", Metrics.CALLS, Instant.parse("1970-01-01T00:30:00Z"), 2)));
    List<List<String>> maintained = rollupRows();
    downgradeToV1();

    JdbcUsageStore upgraded = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();

    assertThat(upgraded.migrate()).containsExactly(2);
    assertThat(rollupRows()).isEqualTo(maintained);
  }

  @Test
  @DisplayName("a filter on the channel '' matches no event, though the rollup keeps '' for none")
  void aggregate_emptyChannelFilter_matchesNothing() {
    store.append(List.of(event(ACME, "a", Metrics.CALLS, Instant.parse("2026-05-01T10:15:00Z"), 1)));

    AggregateQuery q = AggregateQuery.builder(ACME, FROM, TO).where(DimensionKey.CHANNEL, "").build();

    assertThat(store.aggregateFromEvents(q)).isEmpty();
    assertThat(store.aggregate(q)).isEmpty();
  }

  @Test
  @DisplayName("migrating a V1 database with events to V2 backfills the rollup that appends would have kept")
  void migrate_fromV1_backfillsRollup() throws SQLException {
    Random random = new Random(3);
    List<PricedEvent> events = new ArrayList<>(TestEvents.random(random, 900));
    events.addAll(TestEvents.edgeCases(GLOBEX));
    appendInBatches(store, events, random);
    List<List<String>> maintained = rollupRows();
    assertThat(maintained).isNotEmpty();

    downgradeToV1();
    JdbcUsageStore upgraded = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();
    assertThat(upgraded.migrate()).containsExactly(2);

    assertThat(rollupRows()).isEqualTo(maintained);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    for (int i = 0; i < 20; i++) {
      AggregateQuery q = RollupQueries.random(random);
      assertThat(upgraded.aggregate(q)).as("query %s", q).isEqualTo(oracle.aggregate(q));
    }
  }

  /** Takes the database back to V1: the events stay, the rollup and its version go. */
  void downgradeToV1() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE usage_rollup");
      st.execute("DELETE FROM usage_schema_version WHERE version = 2");
    }
  }

  /** Returns every rollup row as text, in key order. */
  List<List<String>> rollupRows() throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + String.join(", ", HourlyRollup.COLUMNS) + " FROM usage_rollup")) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    rows.sort((a, b) -> String.join("\u0000", a.subList(0, 6)).compareTo(String.join("\u0000", b.subList(0, 6))));
    return rows;
  }
}
