package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static dev.usage.jdbc.TestEvents.GLOBEX;
import static dev.usage.jdbc.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.store.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The store's behaviour on one database; subclasses name the database. */
abstract class JdbcUsageStoreCases extends MigratedStoreCases {

  static final Instant FROM = Instant.parse("1600-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2300-01-01T00:00:00Z");

  static List<PricedEvent> scanAll(dev.usage.spi.UsageStore s, TenantId tenant, int pageSize) {
    List<PricedEvent> all = new ArrayList<>();
    ScanQuery q = ScanQuery.firstPage(tenant, FROM, TO, EventFilter.all(), pageSize);
    while (true) {
      EventPage page = s.scan(q);
      all.addAll(page.events());
      if (page.nextCursor().isEmpty()) {
        return all;
      }
      q = q.after(page.nextCursor().get());
    }
  }

  AggregateRow total(TenantId tenant) {
    List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(tenant, FROM, TO).build());
    assertThat(rows).hasSizeLessThanOrEqualTo(1);
    return rows.isEmpty() ? null : rows.get(0);
  }

  long count(TenantId tenant) {
    AggregateRow row = total(tenant);
    return row == null ? 0 : row.count();
  }

  static List<PricedEvent> newestFirst(List<PricedEvent> events) {
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    List<PricedEvent> all = new ArrayList<>();
    ScanQuery q = ScanQuery.firstPage(events.get(0).event().tenant(), FROM, TO, EventFilter.all(), 1000);
    all.addAll(oracle.scan(q).events());
    return all;
  }

  // ---- round trip

  @Test
  @DisplayName("scan returns every column as appended: traces, custom dimensions, reversals, nanos, unicode, quotes")
  void scan_returnsEventsEqualToAppended() {
    List<PricedEvent> events = TestEvents.edgeCases(ACME);

    AppendResult result = store.append(events);

    assertThat(result.appended()).isEqualTo(events.size());
    assertThat(result.duplicates()).isEmpty();
    assertThat(result.conflicts()).isEmpty();
    List<PricedEvent> scanned = scanAll(store, ACME, 2);
    assertThat(scanned).containsExactlyElementsOf(newestFirst(events));
    assertThat(scanned.get(0).explain()).isEqualTo(
        events.stream().filter(e -> e.equals(scanned.get(0))).findFirst().orElseThrow().explain());
  }

  @Test
  @DisplayName("values holding COPY's separators and escapes scan back verbatim")
  void scan_valuesWithCopySeparators_returnedVerbatim() {
    List<String> values = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.",
        "\\", "end\\", "\tx", "tail\r\n");
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      // Ids may not hold control characters, only the backslashes.
      String id = "id " + i + (v.chars().anyMatch(Character::isISOControl) ? "" : " " + v);
      events.add(event(ACME, id, Metrics.CALLS, Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i), i,
          dev.usage.event.Dimensions.builder().member(v).campaign("c" + v).custom("acme:note", v).build()));
    }

    AppendResult result = store.append(events);
    AppendResult again = store.append(events);

    assertThat(result.appended()).isEqualTo(values.size());
    assertThat(again.duplicates()).hasSize(values.size());
    assertThat(again.conflicts()).isEmpty();
    assertThat(scanAll(store, ACME, 3)).containsExactlyElementsOf(newestFirst(events));
  }

  @Test
  @DisplayName("a randomly generated batch scans back equal and in the in-memory store's order")
  void scan_randomBatch_matchesInMemoryStore() {
    List<PricedEvent> events = TestEvents.random(new Random(7), 600);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);

    store.append(events);

    for (TenantId tenant : List.of(ACME, GLOBEX)) {
      for (int pageSize : List.of(1, 7, 1000)) {
        ScanQuery first = ScanQuery.firstPage(tenant, Instant.parse("2026-03-28T00:00:00Z"),
            Instant.parse("2026-10-30T00:00:00Z"), EventFilter.all().with(DimensionKey.MODEL, "alice", "Zoë"),
            pageSize);
        ScanQuery q = first;
        while (true) {
          EventPage expected = oracle.scan(q);
          EventPage actual = store.scan(q);
          assertThat(actual).isEqualTo(expected);
          if (actual.nextCursor().isEmpty()) {
            break;
          }
          q = q.after(actual.nextCursor().get());
        }
      }
    }
  }

  /** Statements that make the planner prefer indexes on a small table. */
  List<String> planSettings() {
    return List.of();
  }

  /** Checks that a plan reads the time index in scan order, without a sort. */
  abstract void assertReadsIndexInOrder(String plan);

  @Test
  @DisplayName("a page after a cursor reads the time index in order, without sorting the tenant's events")
  void scan_readsTimeIndexInOrder() throws SQLException {
    store.append(TestEvents.random(new Random(1), 2_000));
    ScanQuery first = ScanQuery.firstPage(ACME, FROM, TO, EventFilter.all(), 50);
    ScanQuery second = first.after(store.scan(first).nextCursor().orElseThrow());
    Sql sql = store.scanSql(second);
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.dataSource().getConnection()) {
      try (Statement st = c.createStatement()) {
        for (String setting : planSettings()) {
          st.execute(setting);
        }
      }
      try (java.sql.PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql.text())) {
        sql.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    assertReadsIndexInOrder(plan.toString());
  }

  @Test
  @DisplayName("a cursor the store did not issue is rejected")
  void scan_malformedCursor_rejected() {
    ScanQuery q = ScanQuery.firstPage(ACME, FROM, TO, EventFilter.all(), 10).after("not a cursor");

    assertThatThrownBy(() -> store.scan(q)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a cursor");
  }

  // ---- idempotency

  @Test
  @DisplayName("a batch appended twice is counted once and reported as duplicates")
  void append_sameBatchTwice_reportsDuplicates() {
    List<PricedEvent> events = TestEvents.edgeCases(ACME);
    store.append(events);

    AppendResult again = store.append(events);

    assertThat(again.appended()).isZero();
    assertThat(again.duplicates()).containsExactlyElementsOf(events.stream().map(e -> e.event().id()).toList());
    assertThat(again.conflicts()).isEmpty();
    assertThat(count(ACME)).isEqualTo(events.size());
  }

  @Test
  @DisplayName("an id recorded again with other content is a conflict naming what differs, and the original stands")
  void append_sameIdDifferentContent_reportsConflict() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    PricedEvent original = event(ACME, "e-1", Metrics.CALLS, at, 1);
    store.append(List.of(original));

    AppendResult result = store.append(List.of(event(ACME, "e-1", Metrics.CALLS, at, 2)));

    assertThat(result.appended()).isZero();
    assertThat(result.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(EventId.of("e-1"));
      assertThat(c.tenant()).isEqualTo(ACME);
      assertThat(c.reason()).contains("quantity 1 recorded, 2 given");
    });
    assertThat(scanAll(store, ACME, 10)).containsExactly(original);
  }

  @Test
  @DisplayName("within a batch an id repeated counts once: same content is a duplicate, other content a conflict")
  void append_repeatedIdWithinBatch_firstWins() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    PricedEvent first = event(ACME, "e-1", Metrics.CALLS, at, 1);
    PricedEvent other = event(ACME, "e-1", Metrics.CALLS, at.plusSeconds(1), 1);

    AppendResult result = store.append(List.of(first, first, other, event(GLOBEX, "e-1", Metrics.CALLS, at, 5)));

    assertThat(result.appended()).isEqualTo(2);
    assertThat(result.duplicates()).containsExactly(EventId.of("e-1"));
    assertThat(result.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("occurredAt"));
    assertThat(scanAll(store, ACME, 10)).containsExactly(first);
    assertThat(total(GLOBEX).sum()).isEqualTo(5);
  }

  @Test
  @DisplayName("the same id in two tenants is two events, and each tenant sees only its own")
  void append_sameIdInTwoTenants_keptApart() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    store.append(List.of(event(ACME, "x", Metrics.CALLS, at, 1), event(GLOBEX, "x", Metrics.CALLS, at, 2)));

    assertThat(total(ACME).sum()).isEqualTo(1);
    assertThat(total(GLOBEX).sum()).isEqualTo(2);
    assertThat(total(TenantId.of("acme", "other"))).isNull();
  }

  // ---- batched statements

  @Test
  @DisplayName("a batch over several statements, of two tenants, with repeats and earlier ids, is reported as the in-memory store reports it")
  void append_multiStatementMixedBatch_matchesInMemoryStore() {
    assertMixedBatchMatchesInMemoryStore(store);
  }

  @Test
  @DisplayName("a dialect that binds no arrays inserts row by row and reads back per tenant, with the same results")
  void append_dialectWithoutArrays_sameResults() {
    JdbcUsageStore rowByRow = JdbcUsageStore.builder(db.dataSource()).dialect(new RowByRowDialect(db.dialect()))
        .catalog(CATALOG).build();

    assertMixedBatchMatchesInMemoryStore(rowByRow);
  }

  private void assertMixedBatchMatchesInMemoryStore(JdbcUsageStore s) {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    List<PricedEvent> earlier = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      earlier.add(event(k % 2 == 0 ? ACME : GLOBEX, "old-" + k, Metrics.CALLS, at.plusSeconds(k), 1));
    }
    List<PricedEvent> batch = new ArrayList<>();
    for (int k = 0; k < 1_000; k++) {
      PricedEvent p = event(k % 3 == 0 ? GLOBEX : ACME, "new-" + k, Metrics.CALLS, at.plusMillis(k), 1 + k % 7);
      batch.add(p);
      if (k % 50 == 0) {
        batch.add(p); // the same event twice in the batch
      } else if (k % 50 == 25) {
        batch.add(event(p.event().tenant(), "new-" + k, Metrics.CALLS, at.plusMillis(k), 100)); // other content
      }
    }
    for (PricedEvent old : earlier) {
      int k = Integer.parseInt(old.event().id().value().substring(4));
      batch.add(k % 3 == 0 ? event(old.event().tenant(), "old-" + k, Metrics.CALLS, at.plusSeconds(k), 2) : old);
    }
    // the same ids in the other tenant are new events
    batch.add(event(ACME, "old-1", Metrics.CALLS, at, 5));
    batch.add(event(GLOBEX, "new-1", Metrics.CALLS, at, 5));
    Collections.shuffle(batch, new Random(3));
    assertThat(batch.size()).isGreaterThan(2 * JdbcUsageStore.ROWS_PER_STATEMENT);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(earlier);
    AppendResult expected = oracle.append(batch);
    s.append(earlier);

    AppendResult result = s.append(batch);

    assertThat(result.appended()).isEqualTo(expected.appended()).isEqualTo(1_002);
    assertThat(result.duplicates()).containsExactlyElementsOf(expected.duplicates());
    assertThat(result.conflicts()).extracting(c -> c.tenant() + "/" + c.id())
        .containsExactlyElementsOf(expected.conflicts().stream().map(c -> c.tenant() + "/" + c.id()).toList());
    assertThat(result.conflicts()).allSatisfy(c -> assertThat(c.reason()).contains("quantity"));
    for (TenantId tenant : List.of(ACME, GLOBEX)) {
      assertThat(scanAll(s, tenant, 1_000)).containsExactlyElementsOf(scanAll(oracle, tenant, 1_000));
    }
  }

  @Test
  @DisplayName("conflicts found by one read-back of several tenants each name their tenant and what differs")
  void append_conflictsInSeveralTenants_readBackNamesEach() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    store.append(List.of(event(ACME, "e-1", Metrics.CALLS, at, 1), event(GLOBEX, "e-1", Metrics.CALLS, at, 2)));

    AppendResult result = store.append(List.of(event(GLOBEX, "e-1", Metrics.CALLS, at, 3),
        event(ACME, "e-2", Metrics.CALLS, at, 1), event(ACME, "e-1", Metrics.CALLS, at.plusSeconds(1), 1),
        event(GLOBEX, "e-1", Metrics.CALLS, at, 2)));

    assertThat(result.appended()).isEqualTo(1);
    assertThat(result.duplicates()).containsExactly(EventId.of("e-1"));
    assertThat(result.conflicts()).hasSize(2);
    assertThat(result.conflicts().get(0).tenant()).isEqualTo(GLOBEX);
    assertThat(result.conflicts().get(0).reason()).contains("quantity 2 recorded, 3 given");
    assertThat(result.conflicts().get(1).tenant()).isEqualTo(ACME);
    assertThat(result.conflicts().get(1).reason()).contains("occurredAt 2026-05-01T10:00:00Z recorded");
  }

  @Test
  @DisplayName("strings that array literals treat specially are stored verbatim: NULL, braces, commas, quotes, spaces")
  void append_arrayLiteralSpecialStrings_storedVerbatim() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    List<PricedEvent> events = new ArrayList<>();
    List<String> values = List.of("NULL", "null", "{a,b}", "a,b", "\"q\"", "back\\slash", " lead", "trail ",
        "{}", "ARRAY[1]", "(1,2)", "\\N");
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      events.add(event(ACME, v, Metrics.CALLS, at.plusSeconds(i), i,
          dev.usage.event.Dimensions.builder().member(v).custom("acme:v", v).build()));
    }

    assertThat(store.append(events).appended()).isEqualTo(values.size());

    assertThat(scanAll(store, ACME, 100)).containsExactlyElementsOf(newestFirst(events));
    assertThat(store.append(events).duplicates()).hasSize(values.size());
  }

  @RepeatedTest(3)
  @DisplayName("concurrent appends of the same ids with different content store one version and report the rest as conflicts")
  void append_concurrentConflictingContent_oneWinsPerId(RepetitionInfo repetition) throws Exception {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    int threads = 4;
    List<List<PricedEvent>> batches = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<PricedEvent> batch = new ArrayList<>();
      for (int k = 0; k < 300; k++) {
        batch.add(event(k % 2 == 0 ? ACME : GLOBEX, "id-" + k, Metrics.CALLS, at, 1 + t));
      }
      Collections.shuffle(batch, new Random(31L * repetition.getCurrentRepetition() + t));
      batches.add(batch);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<AppendResult>> tasks = new ArrayList<>();
      batches.forEach(b -> tasks.add(() -> store.append(b)));
      int appended = 0;
      int conflicts = 0;
      for (Future<AppendResult> f : pool.invokeAll(tasks)) {
        AppendResult r = f.get();
        assertThat(r.duplicates()).isEmpty();
        assertThat(r.conflicts()).allSatisfy(c -> assertThat(c.reason()).contains("quantity"));
        appended += r.appended();
        conflicts += r.conflicts().size();
      }
      assertThat(appended).isEqualTo(300);
      assertThat(conflicts).isEqualTo((threads - 1) * 300);
      assertThat(scanAll(store, ACME, 1000).size() + scanAll(store, GLOBEX, 1000).size()).isEqualTo(300);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- bad events

  @Test
  @DisplayName("an event with a value too long for its column rejects the whole batch, naming the event")
  void append_valueTooLong_rejectsBatchNamingEvent() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    PricedEvent good = event(ACME, "good", Metrics.CALLS, at, 1);
    PricedEvent plain = event(ACME, "bad-one", Metrics.CALLS, at, 1);
    PricingTrace longVersion = new PricingTrace("v".repeat(129), Optional.empty(), "calls",
        plain.trace().multiplier(), Optional.empty(), Optional.empty(), Optional.empty(), plain.trace().rounding());
    PricedEvent bad = new PricedEvent(plain.event(), plain.credits(), 1, longVersion);

    assertThatThrownBy(() -> store.append(List.of(good, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event bad-one of tenant acme/support cannot be stored")
        .hasMessageContaining("rate card version must be at most 128 characters but was 129");
    assertThat(count(ACME)).isZero();
  }

  @Test
  @DisplayName("an event whose metric the catalog does not know is rejected, since it could not be read back")
  void append_metricNotInCatalog_rejected() {
    Metric unknown = Metric.custom("other:things", dev.usage.metric.Unit.COUNT, dev.usage.metric.Aggregation.SUM);
    PricedEvent e = event(ACME, "e", unknown, Instant.parse("2026-05-01T10:00:00Z"), 1);

    assertThatThrownBy(() -> store.append(List.of(e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event e of tenant acme/support cannot be stored: its metric 'other:things'");
  }

  @Test
  @DisplayName("a string with an unpaired surrogate is rejected rather than stored as '?'")
  void append_unpairedSurrogate_rejected() {
    // Ids and dimensions refuse lone surrogates themselves; a rate card's version is the host's text.
    PricedEvent plain = event(ACME, "e", Metrics.CALLS, Instant.parse("2026-05-01T10:00:00Z"), 1);
    PricingTrace t = plain.trace();
    PricedEvent e = new PricedEvent(plain.event(), plain.credits(), plain.billableQuantity(),
        new PricingTrace("2026-\uD83D", t.rate(), t.rateMetric(), t.multiplier(), t.multiplierModel(),
            t.cachedTokenFactor(), t.increment(), t.rounding()));

    assertThatThrownBy(() -> store.append(List.of(e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate card version contains an unpaired surrogate U+D83D");
  }

  @Test
  @DisplayName("an instant outside 1677-09-21 to 2262-04-11 is rejected with the range")
  void append_instantOutOfRange_rejected() {
    PricedEvent e = event(ACME, "far", Metrics.CALLS, Instant.parse("2300-01-01T00:00:00Z"), 1);

    assertThatThrownBy(() -> store.append(List.of(e))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the stored range 1677-09-21T00:12:43.145224193Z to 2262-04-11T23:47:16.854775806Z");
  }

  // ---- transactions

  @Test
  @DisplayName("events appended in the caller's transaction vanish when the caller rolls back")
  void appendOnConnection_rolledBack_storesNothing() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      AppendResult result = store.append(c, TestEvents.edgeCases(ACME));
      assertThat(result.appended()).isEqualTo(5);
      c.rollback();
    }

    assertThat(count(ACME)).isZero();
  }

  @Test
  @DisplayName("events appended in the caller's transaction commit with the caller's own writes")
  void appendOnConnection_committed_storesWithCallersWrites() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE calls (id VARCHAR(20) PRIMARY KEY, finished BOOLEAN)");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO calls VALUES ('call-1', TRUE)");
      }
      store.append(c, TestEvents.edgeCases(ACME));
      assertThat(count(ACME)).as("invisible before commit").isZero();
      c.commit();
    }

    assertThat(count(ACME)).isEqualTo(5);
  }

  @Test
  @DisplayName("two batches in one caller transaction: the second sees the first's events as duplicates")
  void appendOnConnection_twoBatches_secondSeesFirst() throws SQLException {
    List<PricedEvent> events = TestEvents.random(new Random(23), 300);
    List<PricedEvent> first = events.subList(0, 200);
    List<PricedEvent> second = events.subList(100, events.size());
    AppendResult a;
    AppendResult b;
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      a = store.append(c, first);
      b = store.append(c, second);
      c.commit();
    }

    assertThat(a.appended()).isEqualTo(200);
    assertThat(b.appended()).isEqualTo(second.size() - 100);
    assertThat(b.duplicates()).hasSize(100);
    assertThat(b.conflicts()).isEmpty();
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    for (TenantId tenant : List.of(ACME, GLOBEX)) {
      assertThat(scanAll(store, tenant, 1000)).containsExactlyElementsOf(
          oracle.scan(ScanQuery.firstPage(tenant, FROM, TO, EventFilter.all(), 1000)).events());
      assertThat(store.aggregate(AggregateQuery.builder(tenant, FROM, TO).build()))
          .isEqualTo(store.aggregateFromEvents(AggregateQuery.builder(tenant, FROM, TO).build()));
    }
  }

  @Test
  @DisplayName("a caller's connection in auto-commit mode is refused: the batch would not be atomic")
  void appendOnConnection_autoCommit_refused() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> store.append(c, TestEvents.edgeCases(ACME)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
    }
    assertThat(count(ACME)).isZero();
  }

  @Test
  @DisplayName("a batch failing in the caller's transaction leaves none of it there, and the transaction usable")
  void appendOnConnection_failing_leavesTransactionUsable() throws SQLException {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    List<PricedEvent> events = TestEvents.random(new Random(17), 1_400).stream()
        .filter(e -> e.event().tenant().equals(ACME)).toList();
    try (Connection c = faulty.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE calls (id VARCHAR(20) PRIMARY KEY)");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO calls VALUES ('call-1')");
      }
      // The second insert statement fails in the database, which aborts a PostgreSQL transaction.
      faulty.beforeExecution(2, (n, raw) -> {
        try (Statement st = raw.createStatement()) {
          st.execute("SELECT 1 / 0");
        }
      });
      assertThatThrownBy(() -> store.append(c, events)).isInstanceOf(JdbcUsageStoreException.class)
          .hasMessageContaining("none of them is in the transaction");
      faulty.heal();
      assertThat(store.append(c, events.subList(0, 10)).appended()).isEqualTo(10);
      c.commit();
    }

    assertThat(count(ACME)).isEqualTo(10);
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM calls")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("with a pool whose connections start outside auto-commit, appends commit and reads end their transaction")
  void pool_withoutAutoCommit_commitsAppendsAndEndsReads() throws SQLException {
    try (Connection kept = db.dataSource().getConnection()) {
      kept.setAutoCommit(false);
      javax.sql.DataSource pool = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
          getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) ->
              java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                  (cp, cm, ca) -> cm.getName().equals("close") ? null : cm.invoke(kept, ca)));
      JdbcUsageStore s = JdbcUsageStore.builder(pool).dialect(db.dialect()).catalog(CATALOG).build();

      s.append(TestEvents.edgeCases(ACME));
      assertThat(count(ACME)).as("committed, seen from another connection").isEqualTo(5);
      assertThat(kept.getAutoCommit()).isFalse();

      s.scan(ScanQuery.firstPage(ACME, FROM, TO, EventFilter.all(), 10));
      s.aggregate(AggregateQuery.builder(ACME, FROM, TO).groupBy(GroupKey.DAY).build());
      // PostgreSQL's driver refuses to change isolation inside a transaction.
      kept.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    }
  }

  // ---- faults

  @Test
  @DisplayName("a batch that fails on its second insert statement leaves nothing; the retry counts each event once")
  void append_failingMidway_storesNothingAndRetryCountsOnce() {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    List<PricedEvent> events = TestEvents.random(new Random(11), 1_400).stream()
        .filter(e -> e.event().tenant().equals(ACME)).toList();
    assertThat(events.size()).isGreaterThan(2 * JdbcUsageStore.ROWS_PER_STATEMENT);

    faulty.failExecution(2);
    assertThatThrownBy(() -> s.append(events)).isInstanceOf(JdbcUsageStoreException.class)
        .hasMessageContaining("retrying it counts each event once").hasMessageContaining("injected fault");
    assertThat(count(ACME)).isZero();

    faulty.heal();
    assertThat(s.append(events).appended()).isEqualTo(events.size());
    assertThat(s.append(events).duplicates()).hasSize(events.size());
    assertThat(total(ACME).sum()).isEqualTo(events.stream().mapToLong(e -> e.event().quantity()).sum());
  }

  @Test
  @DisplayName("when a commit succeeds but its acknowledgement is lost, the retry finds duplicates and totals stay exact")
  void append_lostCommitAcknowledgement_retryCountsOnce() {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    List<PricedEvent> events = TestEvents.edgeCases(ACME);

    faulty.loseNextCommitAcknowledgement();
    assertThatThrownBy(() -> s.append(events)).isInstanceOf(JdbcUsageStoreException.class);

    AppendResult retry = s.append(events);
    assertThat(retry.appended()).isZero();
    assertThat(retry.duplicates()).hasSize(events.size());
    assertThat(count(ACME)).isEqualTo(events.size());
  }

  @Test
  @DisplayName("a batch retried after a deadlock reports what the retry found, not what the failed attempt inserted")
  void append_retriedAfterDeadlock_reportsTheRetry() {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    PricedEvent old = event(ACME, "old", Metrics.CALLS, at, 1);
    store.append(List.of(old));
    PricedEvent mine = event(ACME, "raced", Metrics.CALLS, at, 1);
    PricedEvent theirs = event(ACME, "raced", Metrics.CALLS, at, 2);
    // Before the attempt's second statement: end the attempt, let another writer take "raced",
    // and fail the attempt as a deadlock would, which the store retries.
    faulty.beforeExecution(2, (n, raw) -> {
      raw.rollback();
      store.append(List.of(theirs));
      throw new SQLException("injected deadlock", "40P01");
    });

    AppendResult result = s.append(List.of(mine, old, event(ACME, "new", Metrics.CALLS, at, 1)));

    assertThat(result.appended()).isEqualTo(1);
    assertThat(result.duplicates()).containsExactly(EventId.of("old"));
    assertThat(result.conflicts()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(EventId.of("raced"));
      assertThat(c.reason()).contains("quantity 2 recorded, 1 given");
    });
    assertThat(scanAll(store, ACME, 10)).hasSize(3).contains(theirs, old);
  }

  @RepeatedTest(4)
  @DisplayName("concurrent appends of overlapping batches count every event exactly once")
  void append_concurrentOverlappingBatches_countOnce(RepetitionInfo repetition) throws Exception {
    // No reversals: whether one lands depends on whether its original landed first.
    List<PricedEvent> events = TestEvents.random(new Random(repetition.getCurrentRepetition()), 400).stream()
        .filter(e -> !e.event().isReversal()).toList();
    List<List<PricedEvent>> batches = new ArrayList<>();
    java.util.Set<PricedEvent> covered = new java.util.HashSet<>();
    for (int t = 0; t < 8; t++) {
      List<PricedEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(t));
      batches.add(shuffled.subList(0, 300));
      covered.addAll(shuffled.subList(0, 300));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<AppendResult>> tasks = new ArrayList<>();
      batches.forEach(b -> tasks.add(() -> store.append(b)));
      int appended = 0;
      int duplicates = 0;
      for (Future<AppendResult> f : pool.invokeAll(tasks)) {
        AppendResult r = f.get();
        assertThat(r.conflicts()).isEmpty();
        appended += r.appended();
        duplicates += r.duplicates().size();
      }
      assertThat(appended).isEqualTo(covered.size());
      assertThat(duplicates).isEqualTo(8 * 300 - covered.size());
      assertThat(scanAll(store, ACME, 1000).size() + scanAll(store, GLOBEX, 1000).size()).isEqualTo(covered.size());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- aggregates

  @Test
  @DisplayName("days follow the query's zone: a 23-hour and a 25-hour day in Berlin")
  void aggregate_byDay_followsDaylightSavingTime() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    store.append(List.of(
        event(ACME, "a", Metrics.CALLS, Instant.parse("2026-03-28T22:59:59.999999999Z"), 1), // 23:59:59 CET, 28th
        event(ACME, "b", Metrics.CALLS, Instant.parse("2026-03-28T23:00:00Z"), 2), // 00:00 CET, 29th
        event(ACME, "c", Metrics.CALLS, Instant.parse("2026-03-29T21:59:59Z"), 4), // 23:59:59 CEST, 29th
        event(ACME, "d", Metrics.CALLS, Instant.parse("2026-03-29T22:00:00Z"), 8), // 00:00 CEST, 30th
        event(ACME, "e", Metrics.CALLS, Instant.parse("2026-10-24T22:00:00Z"), 16), // 00:00 CEST, 25 Oct
        event(ACME, "f", Metrics.CALLS, Instant.parse("2026-10-25T22:59:59Z"), 32), // 23:59:59 CET, 25 Oct
        event(ACME, "g", Metrics.CALLS, Instant.parse("2026-10-25T23:00:00Z"), 64))); // 00:00 CET, 26 Oct

    List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(ACME, FROM, TO).zone(berlin)
        .groupBy(GroupKey.DAY).build());

    assertThat(rows).extracting(AggregateRow::day, AggregateRow::sum).containsExactly(
        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-28"), 1L),
        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-29"), 6L),
        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-03-30"), 8L),
        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-10-25"), 48L),
        org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2026-10-26"), 64L));
  }

  @Test
  @DisplayName("aggregates equal the in-memory store's for every grouping, filter and zone tried")
  void aggregate_matchesInMemoryStore() {
    List<PricedEvent> events = TestEvents.random(new Random(5), 800);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(events);
    store.append(events);
    Random random = new Random(9);
    List<ZoneId> zones = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
        ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kathmandu"), ZoneOffset.ofHoursMinutes(-9, -30));
    GroupKey[] keys = GroupKey.values();
    for (int i = 0; i < 40; i++) {
      List<GroupKey> groupBy = new ArrayList<>(List.of(keys));
      Collections.shuffle(groupBy, random);
      groupBy = groupBy.subList(0, random.nextInt(4));
      AggregateQuery.Builder b = AggregateQuery.builder(i % 5 == 0 ? GLOBEX : ACME,
              Instant.parse("2026-03-27T00:00:00Z").plusSeconds(random.nextInt(86_400 * 2)),
              Instant.parse("2026-11-01T00:00:00Z").minusSeconds(random.nextInt(86_400 * 2)))
          .zone(zones.get(random.nextInt(zones.size())))
          .groupBy(groupBy.toArray(GroupKey[]::new));
      if (random.nextBoolean()) {
        b.metrics(Metrics.CALLS, Metrics.VOICE_MINUTES, TestEvents.TRANSCRIPTS);
      }
      if (random.nextInt(3) == 0) {
        b.where(DimensionKey.MODEL, "alice", "日本語", "Zoë");
      }
      AggregateQuery q = b.build();

      assertThat(store.aggregate(q)).as("query %s", q).isEqualTo(oracle.aggregate(q));
    }
  }

  @Test
  @DisplayName("a sum beyond a long throws UsageOverflowException instead of wrapping")
  void aggregate_sumOverflow_throws() {
    Instant at = Instant.parse("2026-05-01T10:00:00Z");
    store.append(List.of(event(ACME, "a", Metrics.PROMPT_TOKENS, at, Long.MAX_VALUE / 10 * 9),
        event(ACME, "b", Metrics.PROMPT_TOKENS, at, Long.MAX_VALUE / 10 * 9)));

    assertThatThrownBy(() -> total(ACME)).isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("quantity overflow").hasMessageContaining("16602069666338596440");
  }

  @Test
  @DisplayName("an aggregate over centuries in a DST zone buckets the span that holds data")
  void aggregate_centuriesInDaylightSavingZone() {
    store.append(List.of(event(ACME, "a", Metrics.CALLS, Instant.parse("2026-07-01T22:30:00Z"), 1),
        event(ACME, "b", Metrics.CALLS, Instant.parse("2027-01-01T22:30:00Z"), 1)));

    List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(ACME, FROM, TO)
        .zone(ZoneId.of("Europe/Berlin")).groupBy(GroupKey.DAY).build());

    assertThat(rows).extracting(AggregateRow::day)
        .containsExactly(LocalDate.parse("2026-07-02"), LocalDate.parse("2027-01-01"));
  }

  @Test
  @DisplayName("no matching event gives no rows, with or without grouping")
  void aggregate_nothingMatches_empty() {
    assertThat(store.aggregate(AggregateQuery.builder(ACME, FROM, TO).build())).isEmpty();
    assertThat(store.aggregate(AggregateQuery.builder(ACME, FROM, TO).groupBy(GroupKey.DAY).build())).isEmpty();
  }

  // ---- schema

  @Test
  @DisplayName("migrate applies nothing the second time")
  void migrate_twice_appliesOnce() throws SQLException {
    assertThat(store.migrate()).isEmpty();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, script FROM usage_schema_version ORDER BY version")) {
      for (int version = 1; version <= Migrator.SCRIPTS.size(); version++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(version);
        assertThat(rs.getString(2)).isEqualTo(Migrator.SCRIPTS.get(version - 1));
      }
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  @DisplayName("migrate refuses a database whose applied script has since changed")
  void migrate_changedScript_refused() throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE usage_schema_version SET checksum = 42 WHERE version = 1");
    }

    assertThatThrownBy(store::migrate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("migration V1 was applied with checksum 42");
  }

  @Test
  @DisplayName("the dialect is detected from the database product name")
  void build_detectsDialect() {
    assertThat(JdbcUsageStore.builder(db.dataSource()).build().dialect()).isEqualTo(db.dialect());
  }

  @Test
  @DisplayName("a store built with the default catalog reads built-in metrics")
  void build_defaultCatalog_builtIn() {
    JdbcUsageStore s = JdbcUsageStore.builder(db.dataSource()).dialect(db.dialect()).build();
    assertThat(s.catalog()).isSameAs(MetricCatalog.builtIn());
    s.append(List.of(event(ACME, "a", Metrics.CALLS, Instant.parse("2026-05-01T10:00:00Z"), 3)));
    assertThat(scanAll(s, ACME, 5)).extracting(e -> e.credits()).containsExactly(Credits.ofMicros(30));
  }
}
