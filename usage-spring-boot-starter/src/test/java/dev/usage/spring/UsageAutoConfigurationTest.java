package dev.usage.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageEngine;
import dev.usage.UsageRejectedException;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.jdbc.CallerTransaction;
import dev.usage.jdbc.Dialect;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.metric.Metrics;
import dev.usage.micrometer.MicrometerUsageListener;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.report.UsageReports;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link UsageAutoConfiguration} in real application contexts over in-memory H2, one database per
 * context: which beans it makes, which it leaves to the application, what the properties change.
 */
class UsageAutoConfigurationTest {

  static final Instant NOW = Instant.parse("2026-04-15T12:00:00Z");
  static final TenantId SHOP = TenantId.of("shop", "main");

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
          UsageAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

  /** An application's own beans: a fixed clock and a rate card that prices a call. */
  @Configuration(proxyBeanMethods = false)
  static class Pricing {
    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    CreditCalculator creditCalculator() {
      return CreditCalculator.builder().rateCards(RateCardHistory.of(RateCard.builder("test", Instant.EPOCH)
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60))
          .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 60))
          .build())).build();
    }
  }

  /** An application that brings its own store. */
  @Configuration(proxyBeanMethods = false)
  static class OwnStore {
    @Bean
    UsageStore myStore() {
      return new InMemoryUsageStore();
    }
  }

  /** An application with a meter registry of its own. */
  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  static List<UsageEvent> call(String id) {
    return UsageFacts.call(EventId.of(id), SHOP, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(NOW.minusSeconds(90), NOW), Dimensions.none());
  }

  static List<String> usageTables(AssertableApplicationContext context) {
    return JdbcClient.create(context.getBean(DataSource.class))
        .sql("SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'usage%'")
        .query(String.class).list();
  }

  static long calls(AssertableApplicationContext context) {
    return context.getBean(UsageStore.class).aggregate(AggregateQuery.builder(SHOP, NOW.minusSeconds(3_600),
        NOW.plusSeconds(1)).metrics(Metrics.CALLS).build()).stream().mapToLong(r -> r.count()).sum();
  }

  @Test
  @DisplayName("with a MeterRegistry the engine's outcomes and the store's appends are meters in it")
  void meterRegistry_engineAndStoreReportToIt() {
    runner.withUserConfiguration(Pricing.class, Registry.class).run(context -> {
      assertThat(context).hasSingleBean(MicrometerUsageListener.class);
      UsageEngine engine = context.getBean(UsageEngine.class);
      engine.record(call("metered-1"));
      engine.record(call("metered-1"));

      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get(MicrometerUsageListener.EVENTS).tag("outcome", "recorded").counters())
          .extracting(Counter::count).hasSize(3).containsOnly(1.0);
      assertThat(registry.get(MicrometerUsageListener.EVENTS).tag("outcome", "duplicate").counters())
          .extracting(Counter::count).hasSize(3).containsOnly(1.0);
      assertThat(registry.get(MicrometerUsageListener.STORE_OPERATIONS).tags("operation", "append", "outcome",
          "success").timer().count()).isEqualTo(2);
    });
  }

  @Test
  @DisplayName("without a MeterRegistry no listener is made and the engine still records")
  void noMeterRegistry_noListener() {
    runner.withUserConfiguration(Pricing.class).run(context -> {
      assertThat(context).doesNotHaveBean(MicrometerUsageListener.class);
      assertThat(context.getBean(UsageEngine.class).record(call("unmetered")).summary())
          .isEqualTo("3 events: 3 stored, 0 duplicates");
    });
  }

  @Test
  @DisplayName("with a DataSource and a calculator: a migrated JdbcUsageStore, the engine over it, and its reports")
  void dataSourceAndCalculator_allBeans() {
    runner.withUserConfiguration(Pricing.class).run(context -> {
      assertThat(context).hasSingleBean(JdbcUsageStore.class).hasSingleBean(UsageEngine.class)
          .hasSingleBean(UsageReports.class);
      JdbcUsageStore store = context.getBean(JdbcUsageStore.class);
      assertThat(store.dialect()).isEqualTo(Dialect.h2());
      assertThat(store.migrate()).as("migrated at start-up").isEmpty();
      assertThat(usageTables(context)).contains("usage_events", "usage_ledger", "usage_schema_version");
      UsageEngine engine = context.getBean(UsageEngine.class);
      assertThat(engine.store()).isSameAs(store);
      assertThat(context.getBean(UsageReports.class)).isSameAs(engine.reports());
    });
  }

  @Test
  @DisplayName("usage.jdbc.migrate=false: the store is built, but the library's tables are not created")
  void migrateFalse_noTables() {
    runner.withPropertyValues("usage.jdbc.migrate=false").run(context -> {
      assertThat(context).hasSingleBean(JdbcUsageStore.class);
      assertThat(usageTables(context)).isEmpty();
    });
  }

  @Test
  @DisplayName("an application's own store bean wins: no JdbcUsageStore, no tables, and the engine records into it")
  void ownStore_wins() {
    runner.withUserConfiguration(Pricing.class, OwnStore.class).run(context -> {
      assertThat(context).hasSingleBean(UsageStore.class).doesNotHaveBean(JdbcUsageStore.class)
          .hasSingleBean(UsageEngine.class);
      UsageStore own = context.getBean("myStore", UsageStore.class);
      assertThat(own).isInstanceOf(InMemoryUsageStore.class);
      assertThat(context.getBean(UsageEngine.class).store()).isSameAs(own);
      assertThat(usageTables(context)).isEmpty();
    });
  }

  @Test
  @DisplayName("an application's own engine bean wins, and the reports are its")
  void ownEngine_wins() {
    runner.withUserConfiguration(Pricing.class)
        .withBean("myEngine", UsageEngine.class, () -> UsageEngine.builder()
            .calculator(CreditCalculator.builder().rateCards(RateCardHistory.of(RateCard.builder("own", Instant.EPOCH)
                .build())).build()).build())
        .run(context -> {
          assertThat(context).hasSingleBean(UsageEngine.class).hasSingleBean(UsageReports.class);
          UsageEngine own = context.getBean("myEngine", UsageEngine.class);
          assertThat(context.getBean(UsageReports.class)).isSameAs(own.reports());
        });
  }

  @Test
  @DisplayName("without a calculator bean there is no engine, only the store: the library ships no rate card")
  void noCalculator_storeOnly() {
    runner.run(context -> assertThat(context).hasSingleBean(JdbcUsageStore.class).doesNotHaveBean(UsageEngine.class)
        .doesNotHaveBean(UsageReports.class));
  }

  @Test
  @DisplayName("without a DataSource the starter makes nothing")
  void noDataSource_nothing() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(UsageAutoConfiguration.class))
        .withUserConfiguration(Pricing.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(UsageStore.class)
            .doesNotHaveBean(UsageEngine.class));
  }

  @Test
  @DisplayName("a TransactionTemplate that rolls back takes the recorded usage with it; committed, it stays")
  void record_inTransactionTemplate_followsItsOutcome() {
    runner.withUserConfiguration(Pricing.class).run(context -> {
      UsageEngine engine = context.getBean(UsageEngine.class);
      TransactionTemplate tx = context.getBean(TransactionTemplate.class);

      tx.executeWithoutResult(status -> {
        assertThat(engine.record(call("rolled-back")).summary()).isEqualTo("3 events: 3 stored, 0 duplicates");
        status.setRollbackOnly();
      });
      assertThat(calls(context)).isZero();

      tx.executeWithoutResult(status -> engine.record(call("committed")));
      assertThat(calls(context)).isOne();
    });
  }

  @Test
  @DisplayName("usage.jdbc.join-transactions=false: usage commits at once, even in a transaction that rolls back")
  void joinTransactionsFalse_commitsOnItsOwn() {
    runner.withUserConfiguration(Pricing.class).withPropertyValues("usage.jdbc.join-transactions=false")
        .run(context -> {
          UsageEngine engine = context.getBean(UsageEngine.class);
          context.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            engine.record(call("independent"));
            status.setRollbackOnly();
          });
          assertThat(calls(context)).isOne();
        });
  }

  @Test
  @DisplayName("usage.throw-on-rejection=true: an event the rate card cannot price makes record() throw")
  void throwOnRejection_throws() {
    UsageEvent unpriced = UsageEvent.builder(EventId.of("sms-1"), SHOP, Metrics.SMS_OUTBOUND).at(NOW).quantity(1).build();
    runner.withUserConfiguration(Pricing.class).run(context ->
        assertThat(context.getBean(UsageEngine.class).record(List.of(unpriced)).hasRejections()).isTrue());
    runner.withUserConfiguration(Pricing.class).withPropertyValues("usage.throw-on-rejection=true").run(context ->
        assertThatThrownBy(() -> context.getBean(UsageEngine.class).record(List.of(unpriced)))
            .isInstanceOf(UsageRejectedException.class));
  }

  @Test
  @DisplayName("customizer beans change the store's and the engine's builders, after the auto-configuration")
  void customizers_applied() {
    runner.withUserConfiguration(Pricing.class)
        .withBean(JdbcUsageStoreCustomizer.class, () -> b -> b.callerTransaction(CallerTransaction.none()))
        .withBean(UsageEngineCustomizer.class, () -> UsageEngine.Builder::throwOnRejection)
        .run(context -> {
          UsageEngine engine = context.getBean(UsageEngine.class);
          context.getBean(TransactionTemplate.class).executeWithoutResult(status -> {
            engine.record(call("customized"));
            status.setRollbackOnly();
          });
          assertThat(calls(context)).as("the customizer replaced the Spring hook").isOne();
          UsageEvent unpriced = UsageEvent.builder(EventId.of("sms-2"), SHOP, Metrics.SMS_OUTBOUND).at(NOW).quantity(1)
              .build();
          assertThatThrownBy(() -> engine.record(List.of(unpriced))).isInstanceOf(UsageRejectedException.class);
        });
  }
}
