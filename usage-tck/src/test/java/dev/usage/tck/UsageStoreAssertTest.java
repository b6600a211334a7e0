package dev.usage.tck;

import static dev.usage.tck.UsageStoreAssert.assertThat;
import static dev.usage.tck.UsageStoreContractKit.ACME;
import static dev.usage.tck.UsageStoreContractKit.JUNE_1;
import static dev.usage.tck.UsageStoreContractKit.MAY_1;
import static dev.usage.tck.UsageStoreContractKit.event;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.spi.EventFilter;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageStoreAssertTest {

  private final UsageStore store = new InMemoryUsageStore();

  @Test
  void hasTotal_matches() {
    store.append(List.of(event("a", Metrics.CALLS, 2, MAY_1), event("b", Metrics.CALLS, 3, MAY_1.plusSeconds(1))));

    assertThat(store)
        .hasTotal(ACME, Metrics.CALLS, UsageRange.parse("2026-05-01", "2026-05-01"), 5)
        .hasCount(ACME, Metrics.CALLS, MAY_1, JUNE_1, 2)
        .hasCredits(ACME, MAY_1, JUNE_1, Credits.ofMicros(5))
        .scans(ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 1), List.of(EventId.of("b"), EventId.of("a")));
  }

  @Test
  void hasTotal_wrongTotal() {
    store.append(List.of(event("a", ACME, Metrics.VOICE_MINUTES, 60, MAY_1, Dimensions.none())));

    assertThatThrownBy(() -> assertThat(store).hasTotal(ACME, Metrics.VOICE_MINUTES,
            UsageRange.parse("2026-05-01", "2026-05-31"), 61))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("acme/main's voice_minutes")
        .hasMessageContaining("to total 61 but was 60");
  }

  @Test
  void hasNoEvents_someEvents() {
    store.append(List.of(event("a", Metrics.CALLS, 1, MAY_1)));

    assertThatThrownBy(() -> assertThat(store).hasNoEvents(ACME, MAY_1, JUNE_1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected no events of acme/main");
  }
}
