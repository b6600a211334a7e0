package dev.usage.store;

import static dev.usage.store.InMemoryUsageStoreTest.ACME;
import static dev.usage.store.InMemoryUsageStoreTest.MAY_1;
import static dev.usage.store.InMemoryUsageStoreTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Dimensions;
import dev.usage.pricing.PricedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantEventsTest {

  /** Appends {@code count} events on the day {@code day} days after 1 May. */
  private static void appendDay(TenantEvents tenant, int day, int count) {
    List<PricedEvent> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(event("d" + day + "-" + i, ACME, 1, MAY_1.plus(Duration.ofDays(day)).plusSeconds(i), Dimensions.none()));
    }
    assertThat(tenant.append(batch, null, 0, count, null)).isNull();
  }

  @Test
  void chunk_newestDayStartsAQuarterAboveItsLargestDay() {
    TenantEvents tenant = new TenantEvents(ACME, 0);
    appendDay(tenant, 0, 1_000);
    appendDay(tenant, 1, 400);

    assertThat(tenant.chunkAt(1).capacity()).isEqualTo(1_250);
  }

  @Test
  void chunk_newestDayStartsAQuarterAboveTheSameWeekdayBefore() {
    TenantEvents tenant = new TenantEvents(ACME, 0);
    appendDay(tenant, 0, 100);
    appendDay(tenant, 1, 2_000);
    appendDay(tenant, 7, 10);

    assertThat(tenant.chunkAt(2).capacity()).isEqualTo(125);
  }

  @Test
  void chunk_overshotDayIsTrimmedWhenALaterDayBegins() {
    TenantEvents tenant = new TenantEvents(ACME, 0);
    appendDay(tenant, 0, 1_000);
    appendDay(tenant, 1, 100);
    assertThat(tenant.chunkAt(1).capacity()).isEqualTo(1_250);

    appendDay(tenant, 2, 1);

    DayChunk trimmed = tenant.chunkAt(1);
    assertThat(trimmed.capacity()).isEqualTo(100);
    assertThat(trimmed.size).isEqualTo(100);
    assertThat(trimmed.nanoOfDay(99)).isEqualTo(99_000_000_000L);
    assertThat(trimmed.idOffset).hasSize(100);
    assertThat(tenant.event(trimmed, 99).event().id().value()).isEqualTo("d1-99");
  }

  @Test
  void chunk_dayBeforeTheNewestStartsSmallAndGrows() {
    TenantEvents tenant = new TenantEvents(ACME, 0);
    appendDay(tenant, 5, 1_000);
    appendDay(tenant, 3, 40);

    assertThat(tenant.chunkAt(0).epochDay).isLessThan(tenant.chunkAt(1).epochDay);
    assertThat(tenant.chunkAt(0).capacity()).isEqualTo(64);
    assertThat(tenant.chunkAt(0).size).isEqualTo(40);
  }
}
