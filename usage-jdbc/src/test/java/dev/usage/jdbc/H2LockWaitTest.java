package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.EventId;
import dev.usage.metric.Metrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A batch whose insert waits on a row another transaction holds past H2's {@code LOCK_TIMEOUT},
 * behind a key that is already taken: the batch fails with both, and the store must see the lock
 * timeout (transient, retried) rather than the taken key (expected, skipped) that H2 names first.
 */
class H2LockWaitTest {

  @Test
  void append_lockTimeoutBehindTakenKey_isRetriedAndCountsEachEventOnce() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:lock_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=200");
    JdbcUsageStore store = JdbcUsageStore.builder(ds).dialect(Dialect.h2()).catalog(TestEvents.CATALOG).build();
    store.migrate();
    Instant at = Instant.parse("2026-06-01T10:00:00Z");
    PricedEvent taken = event(ACME, "taken", Metrics.CALLS, at, 1);
    PricedEvent held = event(ACME, "held", Metrics.CALLS, at, 1);
    assertThat(store.append(List.of(taken)).appended()).isOne();

    try (Connection holder = ds.getConnection()) {
      holder.setAutoCommit(false);
      assertThat(store.append(holder, List.of(held)).appended()).isOne();
      // Committed after the first attempt's 200 ms wait has timed out, before the retries run out.
      CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
        try {
          holder.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, CompletableFuture.delayedExecutor(350, TimeUnit.MILLISECONDS));

      AppendResult result = store.append(List.of(taken, held));

      commit.get(5, TimeUnit.SECONDS);
      assertThat(result.appended()).isZero();
      assertThat(result.duplicates()).containsExactlyInAnyOrder(EventId.of("taken"), EventId.of("held"));
    } finally {
      try (Connection c = ds.getConnection()) {
        c.createStatement().execute("SHUTDOWN");
      }
    }
  }
}
