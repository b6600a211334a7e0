package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static dev.usage.jdbc.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import dev.usage.observe.RecordingListener;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link JdbcUsageStore} tells its {@link dev.usage.observe.UsageListener}, on in-memory H2. */
class JdbcUsageStoreListenerTest {

  static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

  final TestDatabase db = TestDatabase.h2();
  final FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
  final RecordingListener listener = new RecordingListener();
  final JdbcUsageStore store = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG)
      .usageListener(listener).build();

  {
    store.migrate();
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  List<String> timings() {
    return listener.timings().stream().map(t -> t.operation() + " " + t.succeeded() + " " + t.size()).toList();
  }

  static List<PricedEvent> calls(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> event(ACME, id, Metrics.CALLS, AT, 1)).toList();
  }

  @Test
  @DisplayName("appends, aggregates and scans are timed with the batch's, rows' and page's sizes")
  void operations_timedWithTheirSizes() throws SQLException {
    store.append(calls("a", "b", "c"));
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, calls("d"), AT);
      c.commit();
    }
    store.aggregate(AggregateQuery.builder(ACME, AT.minusSeconds(3600), AT.plusSeconds(3600))
        .groupBy(GroupKey.METRIC).build());
    store.scan(ScanQuery.firstPage(ACME, AT.minusSeconds(3600), AT.plusSeconds(3600), EventFilter.all(), 3));

    assertThat(timings()).containsExactly("APPEND true 3", "APPEND true 1", "AGGREGATE true 1", "SCAN true 3");
    assertThat(listener.timings()).allSatisfy(t -> assertThat(t.nanos()).isPositive());
    assertThat(listener.lines()).isEmpty();
  }

  @Test
  @DisplayName("an append that fails is timed as failed, with size 0, and not retried when the failure is not transient")
  void append_connectionFailure_timedAsFailed() {
    faulty.failExecution(1);

    assertThatThrownBy(() -> store.append(calls("a"))).isInstanceOf(JdbcUsageStoreException.class);

    assertThat(timings()).containsExactly("APPEND false 0");
    assertThat(listener.lines()).isEmpty();
  }

  @Test
  @DisplayName("an append retried after a deadlock tells the retry, then its success")
  void append_deadlock_toldAsRetry() {
    faulty.beforeExecution(1, (n, raw) -> {
      throw new SQLException("injected deadlock", "40P01");
    });

    store.append(calls("a", "b"));

    assertThat(listener.lines()).containsExactly("retry append 1");
    assertThat(timings()).containsExactly("APPEND true 2");
    assertThat(store.scan(ScanQuery.firstPage(ACME, AT, AT.plusSeconds(1), EventFilter.all(), 10)).events())
        .hasSize(2);
  }

  @Test
  @DisplayName("an append that keeps failing with serialization failures tells two retries, then its failure")
  void append_serializationFailureEveryTime_toldRetriesThenFailure() {
    faulty.beforeExecution(1, (n, raw) -> {
      faulty.beforeExecution(1, (m, r) -> {
        faulty.beforeExecution(1, (o, s) -> {
          throw new SQLException("injected serialization failure 3", "40001");
        });
        throw new SQLException("injected serialization failure 2", "40001");
      });
      throw new SQLException("injected serialization failure 1", "40001");
    });

    assertThatThrownBy(() -> store.append(calls("a"))).isInstanceOf(JdbcUsageStoreException.class)
        .hasRootCauseMessage("injected serialization failure 3");

    assertThat(listener.lines()).containsExactly("retry append 1", "retry append 2");
    assertThat(timings()).containsExactly("APPEND false 0");
  }

  @Test
  @DisplayName("a ledger operation retried after a serialization failure tells the retry as a ledger one")
  void openWallet_serializationFailure_toldAsLedgerRetry() {
    faulty.beforeExecution(1, (n, raw) -> {
      throw new SQLException("injected serialization failure", "40001");
    });

    store.openWallet(WalletId.ofWorkspace(ACME), LimitMode.SOFT);

    assertThat(listener.lines()).containsExactly("retry ledger 1");
    assertThat(store.wallet(WalletId.ofWorkspace(ACME), AT)).isPresent();
  }
}
