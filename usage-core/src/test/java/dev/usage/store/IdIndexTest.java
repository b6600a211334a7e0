package dev.usage.store;

import static dev.usage.store.InMemoryUsageStoreTest.ACME;
import static dev.usage.store.InMemoryUsageStoreTest.MAY_1;
import static dev.usage.store.InMemoryUsageStoreTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Dimensions;
import dev.usage.pricing.PricedEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdIndexTest {

  @Test
  void putIfAbsent_idsHashingToZeroAndOne() {
    // Hash 0 marks a free slot, so an id hashing to 0 is stored as 1: both must stay apart.
    PricedEvent zero = event("id-2680558-da", ACME, 1, MAY_1, Dimensions.none());
    PricedEvent one = event("id-2680558-db", ACME, 1, MAY_1, Dimensions.none());
    assertThat(zero.event().id().value().hashCode()).isZero();
    assertThat(one.event().id().value().hashCode()).isOne();
    IdIndex index = new IdIndex();

    assertThat(index.putIfAbsent(zero)).isNull();
    assertThat(index.putIfAbsent(one)).isNull();
    assertThat(index.putIfAbsent(event("id-2680558-da", ACME, 2, MAY_1, Dimensions.none()))).isSameAs(zero);
    assertThat(index.putIfAbsent(event("id-2680558-db", ACME, 2, MAY_1, Dimensions.none()))).isSameAs(one);
  }

  @Test
  void putIfAbsent_findsEveryIdAfterGrowing() {
    IdIndex index = new IdIndex();
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(event("e" + i, ACME, i, MAY_1, Dimensions.none()));
      assertThat(index.putIfAbsent(events.get(i))).isNull();
    }

    for (int i = 0; i < 10_000; i++) {
      assertThat(index.putIfAbsent(event("e" + i, ACME, 0, MAY_1, Dimensions.none()))).isSameAs(events.get(i));
    }
  }
}
