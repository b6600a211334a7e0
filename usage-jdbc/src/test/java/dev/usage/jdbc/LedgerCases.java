package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.EventId;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.event.UsageEvent;
import dev.usage.spi.AppendResult;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ledger of {@link JdbcUsageStore} under faults and concurrency: what the contract kit cannot
 * reach from outside a database. Each fault test first proves that its fault happened.
 */
abstract class LedgerCases extends MigratedStoreCases {

  static final WalletId WALLET = WalletId.ofWorkspace(ACME);
  static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-05-20T00:00:00Z");

  static PricedEvent sms(String id, long credits) {
    UsageEvent e = UsageEvent.builder(EventId.of(id), ACME, Metrics.SMS_OUTBOUND)
        .at(Instant.parse("2026-05-10T12:00:00Z")).quantity(1).build();
    return new PricedEvent(e, Credits.of(credits), 1, new PricingTrace("ledger-cases", Optional.empty(),
        e.metric().key(), CreditMultiplier.ONE, Optional.empty(), Optional.empty(), Optional.empty(),
        CreditCalculator.ROUNDING));
  }

  /** Twenty SMS costing 1 to 20 credits: 210 in all. */
  static List<PricedEvent> batch() {
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      events.add(sms("s" + i, i));
    }
    return events;
  }

  Credits balance(JdbcUsageStore s) {
    return s.wallet(WALLET, NOW).orElseThrow().available();
  }

  void openWallet(JdbcUsageStore s, LimitMode mode, long credits) {
    s.openWallet(WALLET, mode);
    s.grant(WALLET, Grant.of("may", GrantKind.PLAN_GRANT, Credits.of(credits), MAY_1), NOW);
  }

  @ParameterizedTest(name = "failing before \"{0}\"")
  @ValueSource(strings = {"FROM usage_wallets WHERE (organization", "UPDATE usage_grants",
      "INSERT INTO usage_ledger", "UPDATE usage_wallets", "usage_rollup"})
  @DisplayName("a connection lost after the events were inserted leaves no event and no debit; the retry debits once")
  void append_connectionLostInPosting_retryDebitsOnce(String where) {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    openWallet(s, LimitMode.SOFT, 1_000);

    faulty.failOnceOn(where);
    assertThatThrownBy(() -> s.append(batch(), NOW)).isInstanceOf(JdbcUsageStoreException.class)
        .hasStackTraceContaining("injected fault");
    assertThat(faulty.injected()).as("the fault happened").isEqualTo(1);
    assertThat(count(s)).isZero();
    assertThat(balance(s)).isEqualTo(Credits.of(1_000));

    faulty.heal();
    assertThat(s.append(batch(), NOW).appended()).isEqualTo(20);
    assertThat(s.append(batch(), NOW).duplicates()).hasSize(20);
    assertThat(balance(s)).isEqualTo(Credits.of(1_000 - 210));
  }

  @Test
  @DisplayName("a commit whose acknowledgement is lost is retried as duplicates: debited once")
  void append_lostCommitAcknowledgement_debitedOnce() {
    FaultyDataSource faulty = new FaultyDataSource(db.dataSource());
    JdbcUsageStore s = JdbcUsageStore.builder(faulty).dialect(db.dialect()).catalog(CATALOG).build();
    openWallet(s, LimitMode.SOFT, 1_000);

    faulty.loseNextCommitAcknowledgement();
    assertThatThrownBy(() -> s.append(batch(), NOW)).isInstanceOf(JdbcUsageStoreException.class);
    assertThat(faulty.injected()).as("the fault happened").isEqualTo(1);
    assertThat(balance(s)).as("committed before the acknowledgement was lost").isEqualTo(Credits.of(790));

    AppendResult retry = s.append(batch(), NOW);
    assertThat(retry.duplicates()).hasSize(20);
    assertThat(balance(s)).isEqualTo(Credits.of(790));
  }

  @Test
  @DisplayName("in the caller's transaction the debits roll back and commit with the caller's own changes")
  void appendOnConnection_debitsFollowTheCallersTransaction() throws SQLException {
    openWallet(store, LimitMode.SOFT, 1_000);
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, batch(), NOW);
      c.rollback();
    }
    assertThat(balance(store)).isEqualTo(Credits.of(1_000));
    assertThat(count(store)).isZero();

    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, batch(), NOW);
      c.commit();
    }
    assertThat(balance(store)).isEqualTo(Credits.of(790));
    assertThat(store.append(batch(), NOW).duplicates()).hasSize(20);
    assertThat(balance(store)).isEqualTo(Credits.of(790));
  }

  @Test
  @DisplayName("two stores over one database, four threads each, never overdraw a hard-limit wallet")
  void append_twoStoresConcurrently_neverOverdrawn() throws Exception {
    JdbcUsageStore other = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();
    openWallet(store, LimitMode.HARD, 2_000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<AppendResult>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        JdbcUsageStore s = t % 2 == 0 ? store : other;
        int thread = t;
        tasks.add(() -> {
          AppendResult total = AppendResult.empty();
          for (int b = 0; b < 15; b++) {
            List<PricedEvent> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              int n = (b * 10 + i + thread / 2 * 37) % 300; // each id sent by several threads
              events.add(sms("s" + n, 1 + n % 17));
            }
            total = total.plus(s.append(events, NOW));
          }
          return total;
        });
      }
      Set<String> refused = new HashSet<>();
      for (Future<AppendResult> f : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
        f.get().refused().forEach(r -> refused.add(r.id().value()));
      }
      long spent = spentMicros();
      assertThat(refused).as("the workload asked for more than the wallet held").isNotEmpty();
      assertThat(spent).isPositive().isLessThanOrEqualTo(Credits.of(2_000).micros());
      assertThat(balance(store).micros()).isEqualTo(Credits.of(2_000).micros() - spent).isNotNegative();
      assertThat(balance(other)).isEqualTo(balance(store));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a grant at an instant the store cannot keep exactly is refused, and the wallet stays usable")
  void grant_outsideTheStoredTimeRange_refused() {
    openWallet(store, LimitMode.SOFT, 100);
    Grant far = Grant.of("far", GrantKind.PROMOTION, Credits.of(5), Instant.parse("2300-01-01T00:00:00Z"))
        .withExpiry(Instant.parse("2301-01-01T00:00:00Z"));

    assertThatThrownBy(() -> store.grant(WALLET, far, NOW)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2300-01-01T00:00:00Z");
    assertThat(store.append(batch(), NOW).appended()).isEqualTo(20);
    assertThat(balance(store)).isEqualTo(Credits.of(100 - 210));
  }

  @Test
  @DisplayName("two stores opening one wallet at once both succeed, and it is opened once")
  void openWallet_concurrently_bothSucceed() throws Exception {
    JdbcUsageStore other = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();
    for (int round = 0; round < 20; round++) {
      WalletId wallet = WalletId.ofWorkspace(dev.usage.event.TenantId.of("race", "w" + round));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Object>> opened = new ArrayList<>();
        for (JdbcUsageStore s : List.of(store, other)) {
          opened.add(pool.submit(() -> {
            start.await();
            s.openWallet(wallet, LimitMode.HARD);
            return null;
          }));
        }
        for (Future<Object> f : opened) {
          f.get(1, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(store.wallet(wallet, NOW)).isPresent();
    }
  }

  @Test
  @DisplayName("a new store over the same database sees the same balances, grants and entries")
  void reopen_seesTheSameLedger() {
    openWallet(store, LimitMode.SOFT, 1_000);
    store.append(batch(), NOW);
    store.grant(WALLET, Grant.of("top-up", GrantKind.TOP_UP, Credits.of(50), NOW), NOW);

    JdbcUsageStore reopened = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();

    assertThat(reopened.wallet(WALLET, NOW)).isEqualTo(store.wallet(WALLET, NOW));
    assertThat(balance(reopened)).isEqualTo(Credits.of(840));
    assertThat(reopened.findGrant(WALLET, "top-up")).isPresent();
    assertThat(reopened.entries(dev.usage.spi.LedgerQuery.newest(WALLET, 10)).entries()).hasSize(3);
  }

  @Test
  @DisplayName("migrating a V2 database records its reversals, so that none is reversed a second time")
  void migrate_fromV2_recordsEarlierReversals() throws SQLException {
    PricedEvent original = sms("s1", 5);
    store.append(List.of(original, original.reversal(EventId.of("r1"))), NOW);
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      for (String table : List.of("usage_allotments", "usage_reversals", "usage_ledger", "usage_grants",
          "usage_wallets")) {
        st.execute("DROP TABLE " + table);
      }
      st.execute("ALTER TABLE usage_events DROP COLUMN debit_wallet");
      st.execute("DELETE FROM usage_schema_version WHERE version = 3");
    }
    JdbcUsageStore upgraded = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).build();

    assertThat(upgraded.migrate()).containsExactly(3);
    AppendResult second = upgraded.append(List.of(original.reversal(EventId.of("r2"))), NOW);
    assertThat(second.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("r1"));
  }

  long count(JdbcUsageStore s) {
    return s.aggregate(dev.usage.spi.AggregateQuery.builder(ACME, MAY_1, Instant.parse("2026-06-01T00:00:00Z"))
        .build()).stream().mapToLong(r -> r.count()).sum();
  }

  long spentMicros() {
    return store.aggregate(dev.usage.spi.AggregateQuery.builder(ACME, MAY_1, Instant.parse("2026-06-01T00:00:00Z"))
        .build()).stream().mapToLong(r -> r.credits().micros()).sum();
  }
}
