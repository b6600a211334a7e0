package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.TenantId;
import dev.usage.observe.RecordingListener;
import dev.usage.observe.StoreOperation;
import dev.usage.spi.EventFilter;
import dev.usage.spi.ScanQuery;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryUsageStoreListenerTest {

  static final TenantId ACME = TenantId.of("acme", "support");

  @Test
  @DisplayName("an operation that throws is told as failed, with size 0, and the failure still reaches the caller")
  void scan_badCursor_toldAsFailed() {
    RecordingListener listener = new RecordingListener();
    InMemoryUsageStore store = new InMemoryUsageStore(listener);
    store.append(List.of());
    ScanQuery bad = ScanQuery.firstPage(ACME, Instant.EPOCH, Instant.parse("2026-01-01T00:00:00Z"), EventFilter.all(), 5)
        .after("not-a-cursor");

    assertThatThrownBy(() -> store.scan(bad)).isInstanceOf(IllegalArgumentException.class);

    assertThat(listener.timings()).extracting(t -> t.operation() + " " + t.succeeded() + " " + t.size())
        .containsExactly(StoreOperation.APPEND + " true 0", StoreOperation.SCAN + " false 0");
  }
}
