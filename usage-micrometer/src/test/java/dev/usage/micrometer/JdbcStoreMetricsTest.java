package dev.usage.micrometer;

import static dev.usage.micrometer.Usage.ACME;
import static dev.usage.micrometer.Usage.APRIL;
import static dev.usage.micrometer.Usage.AT;
import static dev.usage.micrometer.Usage.GLOBEX;
import static dev.usage.micrometer.Usage.NOW;
import static dev.usage.micrometer.Usage.events;
import static dev.usage.micrometer.Usage.sms;
import static dev.usage.micrometer.Usage.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageEngine;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.jdbc.JdbcUsageStoreException;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** {@link MicrometerUsageListener} on a real engine over {@link JdbcUsageStore} on in-memory H2. */
class JdbcStoreMetricsTest {

  final JdbcDataSource h2 = new JdbcDataSource();
  /** The state of the failure the next commit throws, or null to commit normally. */
  final AtomicReference<String> failNextCommit = new AtomicReference<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MicrometerUsageListener metrics = new MicrometerUsageListener(registry, List.of());
  final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  final JdbcUsageStore store;
  final UsageEngine engine;

  JdbcStoreMetricsTest() {
    h2.setURL("jdbc:h2:mem:metrics_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    store = JdbcUsageStore.builder(failingCommits(h2)).usageListener(metrics).build();
    store.migrate();
    engine = UsageEngine.builder().calculator(Usage.CALCULATOR).clock(clock).store(store).usageListener(metrics).build();
  }

  @AfterEach
  void shutdown() throws SQLException {
    try (Connection c = h2.getConnection()) {
      c.createStatement().execute("SHUTDOWN");
    }
  }

  @Test
  @DisplayName("outcomes and the JDBC store's appends, aggregates and scans reach the registry")
  void record_outcomesAndTimings() {
    engine.ledger().open(WalletId.ofWorkspace(GLOBEX), LimitMode.HARD);
    engine.ledger().grant(WalletId.ofWorkspace(GLOBEX), Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(1), APRIL));
    engine.record(List.of(sms(ACME, "s1", AT, 1), sms(ACME, "s2", AT, 1)));
    engine.record(List.of(sms(ACME, "s1", AT, 1), sms(ACME, "s2", AT, 5), sms(GLOBEX, "g1", AT, 1),
        sms(ACME, "old", NOW.minus(Duration.ofDays(60)), 1)));
    store.aggregate(AggregateQuery.builder(ACME, APRIL, NOW).groupBy(GroupKey.METRIC).build());
    store.scan(ScanQuery.firstPage(ACME, APRIL, NOW, EventFilter.all(), 1));

    assertThat(events(registry, "recorded", "none", "sms_outbound")).isEqualTo(2);
    assertThat(events(registry, "duplicate", "none", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "conflict", "conflict", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "refused", "insufficient_credits", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "rejected", "too_old", "sms_outbound")).isEqualTo(1);
    // The engine appends each tenant's events on their own: one batch, then two.
    assertThat(timed(registry, "append", "success")).isEqualTo(3);
    assertThat(timed(registry, "aggregate", "success")).isEqualTo(1);
    assertThat(timed(registry, "scan", "success")).isEqualTo(1);
    assertThat(registry.get(MicrometerUsageListener.STORE_BATCH_SIZE).summary().totalAmount()).isEqualTo(5);
    assertThat(registry.find(MicrometerUsageListener.STORE_RETRIES).counter()).isNull();
  }

  @Test
  @DisplayName("an append retried after a serialization failure counts a retry and one successful, timed append")
  void record_serializationFailure_countsRetry() {
    failNextCommit.set("40001");

    engine.record(List.of(sms(ACME, "s1", AT, 1)));

    assertThat(registry.get(MicrometerUsageListener.STORE_RETRIES)
        .tags("operation", "append", "exception", "SQLException").counter().count()).isEqualTo(1);
    assertThat(timed(registry, "append", "success")).isEqualTo(1);
    assertThat(events(registry, "recorded", "none", "sms_outbound")).isEqualTo(1);
  }

  @Test
  @DisplayName("an append that fails for good is timed as a failure and counts no event")
  void record_connectionFailure_timedAsFailure() {
    failNextCommit.set("08006");

    assertThatThrownBy(() -> engine.record(List.of(sms(ACME, "s1", AT, 1))))
        .isInstanceOf(JdbcUsageStoreException.class);

    assertThat(timed(registry, "append", "failure")).isEqualTo(1);
    assertThat(timed(registry, "append", "success")).isZero();
    assertThat(registry.find(MicrometerUsageListener.EVENTS).counters()).isEmpty();
  }

  /** Returns a data source whose next commit fails, once, with the SQL state in {@link #failNextCommit}. */
  DataSource failingCommits(JdbcDataSource target) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (p, m, args) -> {
          Object result = invoke(target, m, args);
          if (!(result instanceof Connection raw)) {
            return result;
          }
          return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (cp, cm, cargs) -> {
            String state = cm.getName().equals("commit") ? failNextCommit.getAndSet(null) : null;
            if (state != null) {
              raw.rollback();
              throw new SQLException("injected failure on commit", state);
            }
            return invoke(raw, cm, cargs);
          });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
