package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryUsageStoreTest {

  static final TenantId ACME = TenantId.of("acme", "main");
  static final TenantId GLOBEX = TenantId.of("globex", "main");
  static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant JUNE_1 = Instant.parse("2026-06-01T00:00:00Z");

  static PricedEvent event(String id, TenantId tenant, long quantity, Instant at, Dimensions dims) {
    UsageEvent e = UsageEvent.builder(EventId.of(id), tenant, Metrics.CALLS).at(at).quantity(quantity)
        .dimensions(dims).build();
    return new PricedEvent(e, Credits.ofMicros(quantity), quantity, new PricingTrace("v1", Optional.empty(), "calls",
        CreditMultiplier.ONE, Optional.empty(), Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING));
  }

  @Test
  void aggregate_groupKeysBeyondOneLong() {
    // 1,000 values in each of six dimensions: the product of the group keys' dictionary sizes
    // (about 1000^6 x 3 x 3 x 31) no longer fits in a long, so group keys take two words.
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      Dimensions dims = Dimensions.builder()
          .channel(Channel.of("ch" + i)).direction(i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND)
          .provider("p" + i).model("m" + i).modelType(i % 3 == 0 ? ModelType.CHAT : ModelType.REALTIME)
          .phoneNumber("+1415555" + (1000 + i)).member("member-" + i).assistant("a" + i).build();
      events.add(event("e" + i, ACME, i, MAY_1.plusSeconds(i * 2_000L), dims));
      events.add(event("f" + i, ACME, i, MAY_1.plusSeconds(i * 2_000L + 1), dims));
    }
    InMemoryUsageStore fast = new InMemoryUsageStore();
    ReferenceUsageStore reference = new ReferenceUsageStore();
    fast.append(events);
    reference.append(events);

    AggregateQuery all = AggregateQuery.builder(ACME, MAY_1, JUNE_1).groupBy(GroupKey.values()).build();
    AggregateQuery byPhone = AggregateQuery.builder(ACME, MAY_1, JUNE_1)
        .groupBy(GroupKey.PHONE_NUMBER, GroupKey.MEMBER).build();

    assertThat(fast.aggregate(all)).hasSize(1_000).isEqualTo(reference.aggregate(all));
    assertThat(fast.aggregate(byPhone)).hasSize(1_000).isEqualTo(reference.aggregate(byPhone));
  }

  @Test
  void aggregate_totalDecidesOverflowNotOrder() {
    // All three share a day, metric, channel and direction: one rollup cell wraps and unwraps.
    PricedEvent huge = event("huge", ACME, Long.MAX_VALUE, MAY_1.plusSeconds(60), Dimensions.none());
    PricedEvent one = event("one", ACME, 1, MAY_1.plusSeconds(120), Dimensions.none());
    UsageEvent undo = one.event().reversal(EventId.of("one/reversal"));
    PricedEvent reversal = new PricedEvent(undo, Credits.ofMicros(-1), -1, one.trace());
    InMemoryUsageStore store = new InMemoryUsageStore();
    AggregateQuery byDay = AggregateQuery.builder(ACME, MAY_1, JUNE_1).groupBy(GroupKey.DAY).build();
    AggregateQuery partOfDay = AggregateQuery.builder(ACME, MAY_1, MAY_1.plusSeconds(3_600)).build();

    store.append(List.of(huge, one));
    assertThatThrownBy(() -> store.aggregate(byDay)).isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("quantity overflow").hasMessageContaining("2026-05-01");
    assertThatThrownBy(() -> store.aggregate(partOfDay)).isInstanceOf(UsageOverflowException.class);

    store.append(List.of(reversal));
    assertThat(store.aggregate(byDay)).singleElement().satisfies(row -> {
      assertThat(row.sum()).isEqualTo(Long.MAX_VALUE);
      assertThat(row.count()).isEqualTo(3);
    });
    assertThat(store.aggregate(partOfDay)).singleElement().satisfies(row -> assertThat(row.sum()).isEqualTo(Long.MAX_VALUE));
  }

  @Test
  void append_conflictNamesTheDifference() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(List.of(event("e1", ACME, 5, MAY_1, Dimensions.none())));

    AppendResult result = store.append(List.of(event("e1", ACME, 7, MAY_1, Dimensions.none())));

    assertThat(result.conflicts()).singleElement()
        .satisfies(c -> assertThat(c.reason()).isEqualTo("event e1 of acme/main was recorded with quantity 5 but now has 7"));
  }

  @Test
  void append_acrossTenantsListsDuplicatesInBatchOrder() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<PricedEvent> batch = List.of(
        event("z", GLOBEX, 1, MAY_1, Dimensions.none()),
        event("y", ACME, 1, MAY_1, Dimensions.none()),
        event("x", GLOBEX, 1, MAY_1, Dimensions.none()),
        event("w", ACME, 1, MAY_1, Dimensions.none()));
    store.append(batch);

    AppendResult again = store.append(batch);

    assertThat(again.duplicates()).extracting(EventId::value).containsExactly("z", "y", "x", "w");
  }

  @Test
  void append_acrossTenantsListsConflictsAndDuplicatesInBatchOrder() {
    // globex is met first, so it is locked first although acme sorts before it by name.
    TenantId initech = TenantId.of("initech", "main");
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(List.of(event("g1", GLOBEX, 1, MAY_1, Dimensions.none())));
    store.append(List.of(event("a1", ACME, 1, MAY_1, Dimensions.none()), event("i1", initech, 1, MAY_1, Dimensions.none())));

    AppendResult result = store.append(List.of(
        event("i1", initech, 2, MAY_1, Dimensions.none()),
        event("new-g", GLOBEX, 1, MAY_1, Dimensions.none()),
        event("a1", ACME, 1, MAY_1, Dimensions.none()),
        event("g1", GLOBEX, 3, MAY_1, Dimensions.none()),
        event("new-a", ACME, 1, MAY_1, Dimensions.none()),
        event("i1", initech, 1, MAY_1, Dimensions.none()),
        event("g1", GLOBEX, 1, MAY_1, Dimensions.none())));

    assertThat(result.appended()).isEqualTo(2);
    assertThat(result.duplicates()).extracting(EventId::value).containsExactly("a1", "i1", "g1");
    assertThat(result.conflicts()).extracting(c -> c.tenant() + " " + c.id())
        .containsExactly("initech/main i1", "globex/main g1");
  }

  @Test
  void append_cleanBatchEqualsResultWithEmptyLists() {
    InMemoryUsageStore store = new InMemoryUsageStore();

    AppendResult result = store.append(List.of(
        event("a", ACME, 1, MAY_1, Dimensions.none()), event("b", GLOBEX, 1, MAY_1, Dimensions.none())));

    assertThat(result).isEqualTo(new AppendResult(2, List.of(), List.of()));
  }

  @Test
  void append_listWithoutRandomAccess() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<PricedEvent> batch = new java.util.LinkedList<>(List.of(
        event("a", ACME, 1, MAY_1, Dimensions.none()), event("b", GLOBEX, 1, MAY_1, Dimensions.none()),
        event("a", ACME, 1, MAY_1, Dimensions.none())));

    AppendResult result = store.append(batch);

    assertThat(result.appended()).isEqualTo(2);
    assertThat(result.duplicates()).extracting(EventId::value).containsExactly("a");
  }

  @Test
  void append_nullEventRecordsNothing() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<PricedEvent> batch = new ArrayList<>();
    batch.add(event("a", ACME, 1, MAY_1, Dimensions.none()));
    batch.add(event("b", GLOBEX, 1, MAY_1, Dimensions.none()));
    batch.add(null);

    assertThatThrownBy(() -> store.append(batch)).isInstanceOf(NullPointerException.class).hasMessage("event");
    assertThat(store).hasToString("InMemoryUsageStore[0 tenants]");
    assertThat(store.append(List.of(event("a", ACME, 1, MAY_1, Dimensions.none()))).appended()).isEqualTo(1);
  }

  @Test
  void append_wholeBatchRedeliveredAcrossTenants() {
    // Every event rejected, out of batch order across tenants: the result lists them in order.
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<PricedEvent> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(event("e" + i, i % 3 == 0 ? ACME : GLOBEX, 1, MAY_1, Dimensions.none()));
    }
    store.append(batch);

    AppendResult again = store.append(batch);

    assertThat(again.appended()).isZero();
    assertThat(again.duplicates()).extracting(EventId::value)
        .containsExactlyElementsOf(batch.stream().map(e -> e.event().id().value()).toList());
  }

  @Test
  void scan_pagesThroughIdsWithLoneSurrogates() {
    // Ids at one instant are ordered by id, and the cursor carries the last one: an id that did not
    // survive the cursor's encoding restarted the next page at the wrong place.
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<String> ids = List.of("a\uD800", "a\uDBFF", "b\uDC00", "c", "\uD83D\uDE00");
    List<PricedEvent> events = new ArrayList<>();
    for (String id : ids) {
      events.add(event(id, ACME, 1, MAY_1, Dimensions.none()));
    }
    store.append(events);

    List<String> seen = new ArrayList<>();
    ScanQuery query = ScanQuery.firstPage(ACME, MAY_1, MAY_1.plusSeconds(1), EventFilter.all(), 1);
    for (int page = 0; page < 10; page++) {
      EventPage result = store.scan(query);
      result.events().forEach(e -> seen.add(e.event().id().value()));
      if (result.nextCursor().isEmpty()) {
        break;
      }
      query = query.after(result.nextCursor().get());
    }

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
  }
}
