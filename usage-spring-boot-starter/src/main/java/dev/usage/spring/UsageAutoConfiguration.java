package dev.usage.spring;

import dev.usage.TenantAccounts;
import dev.usage.UsageEngine;
import dev.usage.event.LateEventPolicy;
import dev.usage.jdbc.CallerTransaction;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.metric.MetricCatalog;
import dev.usage.micrometer.MicrometerUsageListener;
import dev.usage.pricing.CreditCalculator;
import dev.usage.report.InventoryProvider;
import dev.usage.report.UsageReports;
import dev.usage.spi.UsageStore;
import dev.usage.wallet.ThresholdListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Auto-configures the usage library over the application's {@link DataSource}. Each bean gives way
 * to one of its type that the application defines:
 *
 * <ul>
 *   <li>{@link JdbcUsageStore} (as the {@link UsageStore}) over the single {@code DataSource},
 *       created after the application's database initialization (Flyway, Liquibase, SQL scripts)
 *       has run. With {@code usage.jdbc.migrate} (on by default) it creates or upgrades the
 *       library's own tables first, from {@code dev/usage/jdbc/migration/}, which Flyway's default
 *       {@code db/migration} does not reach. With {@code usage.jdbc.join-transactions} (on by
 *       default) its writes join the Spring-managed transaction open on the calling thread through
 *       {@link SpringCallerTransaction}, as {@link JdbcUsageStore#append(java.sql.Connection,
 *       java.util.List)} does for a connection passed by hand.
 *   <li>{@link UsageEngine} over that store, when the application defines a {@link
 *       CreditCalculator} bean (its rate cards: the library ships none). It takes the application's
 *       {@link MetricCatalog}, {@link TenantAccounts}, {@link Clock}, {@link LateEventPolicy},
 *       {@link InventoryProvider} and {@link ThresholdListener} beans when there are, and {@link
 *       UsageEngineCustomizer}s.
 *   <li>{@link UsageReports}, the engine's.
 *   <li>{@link MicrometerUsageListener} over the application's {@link MeterRegistry}, when it has
 *       one, given to the store and the engine: the meters {@code usage-micrometer} documents.
 * </ul>
 *
 * <p>The properties are in {@link UsageProperties}.
 *
 * <p>This class is immutable and thread-safe.
 */
// After the meter registry's auto-configuration too, so that @ConditionalOnBean(MeterRegistry) sees it.
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = {
    "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({JdbcUsageStore.class, DataSourceUtils.class})
@EnableConfigurationProperties(UsageProperties.class)
public final class UsageAutoConfiguration {

  /**
   * Publishes the library's meters ({@link MicrometerUsageListener}) to the application's {@link
   * MeterRegistry}, when it has one: Spring Boot's metrics (actuator) or a registry bean of its own.
   * The listener goes to the store and the engine through a customizer each, so an application that
   * builds either itself can still take it from the context.
   *
   * <p>This class is immutable and thread-safe.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class Meters {

    /**
     * Returns the listener that maps the engine's outcomes and the store's timings to meters.
     *
     * @param registry the application's registry; with several, the primary one
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    MicrometerUsageListener usageMeters(MeterRegistry registry) {
      return new MicrometerUsageListener(registry);
    }

    /**
     * Returns the customizer that gives the store the meters' listener.
     *
     * @param meters the listener
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "usageStoreMeters")
    JdbcUsageStoreCustomizer usageStoreMeters(MicrometerUsageListener meters) {
      return builder -> builder.usageListener(meters);
    }

    /**
     * Returns the customizer that gives the engine the meters' listener.
     *
     * @param meters the listener
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "usageEngineMeters")
    UsageEngineCustomizer usageEngineMeters(MicrometerUsageListener meters) {
      return builder -> builder.usageListener(meters);
    }
  }

  /** Creates the auto-configuration; Spring calls it. */
  public UsageAutoConfiguration() {}

  /**
   * Returns the JDBC store over the application's data source, migrated when {@code
   * usage.jdbc.migrate} is on.
   *
   * @param dataSource the application's data source
   * @param properties the {@code usage.*} properties
   * @param catalog the application's metric catalog, if it defines one; the built-in metrics if not
   * @param customizers the application's store customizers, in their order
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean(UsageStore.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  // After Flyway and the other initializers: the application's migrations run first, and an
  // application bean that must wait for its database waits for this store's tables too.
  @DependsOnDatabaseInitialization
  JdbcUsageStore usageStore(DataSource dataSource, UsageProperties properties, ObjectProvider<MetricCatalog> catalog,
      ObjectProvider<JdbcUsageStoreCustomizer> customizers) {
    JdbcUsageStore.Builder builder = JdbcUsageStore.builder(dataSource)
        .catalog(catalog.getIfAvailable(MetricCatalog::builtIn))
        .callerTransaction(properties.jdbc().joinTransactions() ? SpringCallerTransaction.INSTANCE
            : CallerTransaction.none());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    JdbcUsageStore store = builder.build();
    if (properties.jdbc().migrate()) {
      store.migrate();
    }
    return store;
  }

  /**
   * Returns the engine over the store, priced by the application's calculator.
   *
   * @param store the store, this configuration's or the application's
   * @param calculator the application's calculator, with its rate cards
   * @param properties the {@code usage.*} properties
   * @param catalog the application's metric catalog, if it defines one
   * @param accounts the application's plans and closed periods, if it defines them
   * @param clock the application's clock, if it defines exactly one; the system clock in UTC if not
   * @param latePolicy the application's late-event policy, if it defines one
   * @param inventory the application's inventory for the reports, if it defines one
   * @param listeners the application's threshold listeners, in their order
   * @param customizers the application's engine customizers, in their order
   * @return the engine
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean({UsageStore.class, CreditCalculator.class})
  UsageEngine usageEngine(UsageStore store, CreditCalculator calculator, UsageProperties properties,
      ObjectProvider<MetricCatalog> catalog, ObjectProvider<TenantAccounts> accounts, ObjectProvider<Clock> clock,
      ObjectProvider<LateEventPolicy> latePolicy, ObjectProvider<InventoryProvider> inventory,
      ObjectProvider<ThresholdListener> listeners, ObjectProvider<UsageEngineCustomizer> customizers) {
    UsageEngine.Builder builder = UsageEngine.builder()
        .store(store)
        .calculator(calculator)
        .catalog(catalog.getIfAvailable(MetricCatalog::builtIn))
        .accounts(accounts.getIfAvailable(() -> TenantAccounts.NONE))
        .clock(clock.getIfUnique(Clock::systemUTC));
    latePolicy.ifAvailable(builder::latePolicy);
    inventory.ifAvailable(i -> builder.reports(r -> r.inventory(i)));
    listeners.orderedStream().forEach(builder::listener);
    if (properties.throwOnRejection()) {
      builder.throwOnRejection();
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * Returns the engine's reports.
   *
   * @param engine the engine
   * @return its reports, over its store, plans, ledger and clock
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(UsageEngine.class)
  UsageReports usageReports(UsageEngine engine) {
    return engine.reports();
  }
}
