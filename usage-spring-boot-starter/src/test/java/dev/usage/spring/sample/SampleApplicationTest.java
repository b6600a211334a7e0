package dev.usage.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.event.TenantId;
import dev.usage.jdbc.Dialect;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.Credits;
import dev.usage.report.Caller;
import dev.usage.report.Scope;
import dev.usage.report.UsageReports;
import dev.usage.report.UsageSummaryReport;
import dev.usage.spi.EventFilter;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import dev.usage.micrometer.MicrometerUsageListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sample application, started for real: Boot's H2 pool, the application's Flyway migration, the
 * starter. Each test uses a tenant of its own, as the context is shared.
 */
@SpringBootTest(classes = SampleApplication.class)
class SampleApplicationTest {

  @Autowired ConfigurableApplicationContext context;
  @Autowired CallService calls;
  @Autowired UsageEngine engine;
  @Autowired UsageReports reports;
  @Autowired UsageStore store;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  @Autowired MeterRegistry meters;

  List<String> tables() {
    return jdbc.sql("SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = 'PUBLIC'")
        .query(String.class).list();
  }

  long callRows(String id) {
    return jdbc.sql("SELECT COUNT(*) FROM calls WHERE id = ?").param(id).query(Long.class).single();
  }

  /** Opens a wallet of 100 credits for the tenant, outside any transaction. */
  WalletId walletOf100(TenantId tenant) {
    WalletId wallet = WalletId.ofWorkspace(tenant);
    engine.ledger().open(wallet, LimitMode.SOFT);
    engine.ledger().grant(wallet, Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(100),
        Instant.parse("2026-04-01T00:00:00Z")));
    return wallet;
  }

  Credits available(TenantId tenant) {
    return engine.ledger().balance(tenant).orElseThrow().available();
  }

  UsageSummaryReport summary(TenantId tenant) {
    return reports.summary(Caller.of(tenant, Scope.BILLING_MANAGE), tenant);
  }

  @Test
  @DisplayName("the application starts with its own table and the library's, each migrated by its own tool")
  void context_startsWithBothSchemas() {
    assertThat(tables()).contains("calls", "flyway_schema_history", "usage_events", "usage_rollup", "usage_wallets",
        "usage_ledger", "usage_schema_version");
    String scripts = "SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'";
    assertThat(jdbc.sql(scripts).query(String.class).list())
        .as("Flyway ran the application's migration and none of the library's").containsExactly("V1__app.sql");
    assertThat(jdbc.sql("SELECT version FROM usage_schema_version ORDER BY version").query(Integer.class).list())
        .containsExactly(1, 2, 3, 4);
  }

  @Test
  @DisplayName("the store is a JdbcUsageStore over the application's H2, created after Flyway, under the engine and reports")
  void beans_wiredOverTheApplicationsDataSource() {
    assertThat(store).isInstanceOf(JdbcUsageStore.class);
    assertThat(((JdbcUsageStore) store).dialect()).isEqualTo(Dialect.h2());
    assertThat(engine.store()).isSameAs(store);
    assertThat(engine.reports()).isSameAs(reports);
    assertThat(engine.clock()).as("the application's Clock bean").isSameAs(clock);
    assertThat(context.getBeanFactory().getBeanDefinition("usageStore").getDependsOn())
        .as("created once the application's database is initialized").contains("flywayInitializer");
  }

  @Test
  @DisplayName("usage recorded in a @Transactional method that then fails is rolled back: no events, no debit")
  void record_transactionRolledBack_storesNothing() {
    TenantId tenant = TenantId.of("sample", "rolled-back");
    WalletId wallet = walletOf100(tenant);

    assertThatThrownBy(() -> calls.finishCall(tenant, "call-1", Duration.ofSeconds(150), true))
        .isInstanceOf(IllegalStateException.class)
        .as("the engine did record inside the transaction").hasMessageContaining("3 events: 3 stored");

    assertThat(callRows("call-1")).as("the application's own row rolled back").isZero();
    assertThat(store.scan(ScanQuery.firstPage(tenant, Instant.EPOCH, clock.instant().plusSeconds(1), EventFilter.all(),
        100)).events()).isEmpty();
    UsageSummaryReport summary = summary(tenant);
    assertThat(summary.totalCalls()).isZero();
    assertThat(summary.voiceMinutes()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(available(tenant)).isEqualTo(Credits.of(100));
    assertThat(engine.ledger().entries(LedgerQuery.newest(wallet, 100)).entries())
        .as("only the grant").hasSize(1);
  }

  @Test
  @DisplayName("usage recorded in a @Transactional method that commits is in the report and debited once")
  void record_transactionCommitted_reportShowsIt() {
    TenantId tenant = TenantId.of("sample", "committed");
    walletOf100(tenant);

    double recordedBefore = recordedEvents();
    long appendsBefore = appendTimings();

    RecordResult result = calls.finishCall(tenant, "call-2", Duration.ofSeconds(150), false);
    assertThat(result.summary()).isEqualTo("3 events: 3 stored, 0 duplicates");

    assertThat(callRows("call-2")).isOne();
    UsageSummaryReport summary = summary(tenant);
    assertThat(summary.totalCalls()).isOne();
    assertThat(summary.inboundCalls()).isOne();
    assertThat(summary.voiceMinutes()).isEqualByComparingTo("2.5");
    Credits priced = Credits.sum(result.outcomes().stream().map(o -> o.priced().orElseThrow().credits()).toList());
    assertThat(priced.isPositive()).as("the voice minutes cost credits").isTrue();
    assertThat(available(tenant)).as("debited exactly what was priced").isEqualTo(Credits.of(100).minus(priced));
    assertThat(recordedEvents() - recordedBefore).as("Boot's meter registry counted the three events")
        .isEqualTo(3.0);
    assertThat(appendTimings() - appendsBefore).as("and timed the store's append").isOne();
  }

  private double recordedEvents() {
    return meters.find(MicrometerUsageListener.EVENTS).tag("outcome", "recorded").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private long appendTimings() {
    return meters.find(MicrometerUsageListener.STORE_OPERATIONS).tags("operation", "append", "outcome", "success")
        .timers().stream().mapToLong(Timer::count).sum();
  }

  @Test
  @DisplayName("outside a transaction the engine commits at once, as it does without Spring")
  void record_outsideTransaction_commitsAtOnce() {
    TenantId tenant = TenantId.of("sample", "no-transaction");
    Instant end = clock.instant();

    engine.record(dev.usage.event.UsageFacts.call(dev.usage.event.EventId.of("call-3"), tenant,
        dev.usage.event.Channel.PHONE, dev.usage.event.Direction.INBOUND,
        dev.usage.event.CallOutcome.finished(end.minusSeconds(60), end), dev.usage.event.Dimensions.none()));

    assertThat(summary(tenant).totalCalls()).isOne();
  }
}
