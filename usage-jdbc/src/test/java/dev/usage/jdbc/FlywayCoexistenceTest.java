package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An application that runs Flyway with its defaults, with usage-jdbc on its classpath, migrates
 * only its own scripts: the library's live under {@code dev/usage/jdbc/migration/}, not in
 * Flyway's default {@code db/migration}. And the library's scripts run under Flyway too, from
 * their own location into a history table of their own.
 */
class FlywayCoexistenceTest {

  private static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  @DisplayName("Flyway's defaults find the application's V1 and none of the library's, then both schemas live side by side")
  void flywayDefaults_applicationScriptsOnly() throws Exception {
    JdbcDataSource ds = h2("flyway-defaults");

    MigrateResult app = Flyway.configure().dataSource(ds).load().migrate();

    assertThat(app.migrations).extracting(m -> m.filepath).singleElement().asString().endsWith("V1__app.sql");
    JdbcUsageStore store = JdbcUsageStore.builder(ds).build();
    assertThat(store.migrate()).containsExactly(1, 2, 3, 4);
    assertThat(Flyway.configure().dataSource(ds).load().migrate().migrationsExecuted).isZero();
    assertThat(tables(ds)).contains("APP_CUSTOMERS", "USAGE_EVENTS", "FLYWAY_SCHEMA_HISTORY", "USAGE_SCHEMA_VERSION");
  }

  @Test
  @DisplayName("the library's scripts run under Flyway from their own location and history table")
  void flywayRunsTheLibrarysScripts() throws Exception {
    JdbcDataSource ds = h2("flyway-library");

    MigrateResult result = Flyway.configure().dataSource(ds)
        .locations("classpath:" + Migrator.location(Dialect.h2()))
        .table("usage_flyway_history")
        .load().migrate();

    assertThat(result.migrationsExecuted).isEqualTo(Migrator.SCRIPTS.size());
    JdbcUsageStore store = JdbcUsageStore.builder(ds).build();
    TenantId acme = TenantId.of("acme", "main");
    UsageEvent e = UsageEvent.builder(EventId.of("call-1"), acme, Metrics.CALLS)
        .at(Instant.parse("2026-05-01T10:00:00Z")).quantity(1).build();
    PricingTrace trace = new PricingTrace("t", Optional.empty(), "calls", CreditMultiplier.ONE, Optional.empty(),
        Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING);
    assertThat(store.append(List.of(new PricedEvent(e, Credits.of(1), 1, trace))).appended()).isEqualTo(1);
    assertThat(store.aggregate(AggregateQuery.builder(acme, Instant.parse("2026-05-01T00:00:00Z"),
        Instant.parse("2026-05-02T00:00:00Z")).build())).singleElement().extracting(r -> r.count()).isEqualTo(1L);
  }

  private static List<String> tables(JdbcDataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
      }
      return names;
    }
  }
}
