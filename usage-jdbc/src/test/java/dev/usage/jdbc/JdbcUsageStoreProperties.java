package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.GroupKey;
import dev.usage.store.InMemoryUsageStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the store's encodings, and agreement with the in-memory store on H2. */
class JdbcUsageStoreProperties {

  @Property
  void nanos_roundTripEveryStorableInstant(@ForAll @LongRange(min = Long.MIN_VALUE + 1, max = Long.MAX_VALUE - 1) long nanos) {
    Instant at = EventRows.fromNanos(nanos);
    assertThat(EventRows.toNanos(at)).isEqualTo(nanos);
  }

  @Property
  void nanos_clampOutsideTheRange(@ForAll @LongRange(min = 1, max = 1_000_000_000L * 86_400 * 365) long beyond) {
    assertThat(EventRows.toNanos(EventRows.fromNanos(Long.MAX_VALUE).plusNanos(beyond))).isEqualTo(Long.MAX_VALUE);
    assertThat(EventRows.toNanos(EventRows.fromNanos(Long.MIN_VALUE).minusNanos(beyond))).isEqualTo(Long.MIN_VALUE);
  }

  @Property
  void customDimensionsJson_roundTrips(@ForAll("customValues") SortedMap<String, String> values) {
    assertThat(CustomDimensionsJson.read(CustomDimensionsJson.write(values))).isEqualTo(values);
  }

  @Provide
  Arbitrary<SortedMap<String, String>> customValues() {
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(20), Arbitraries.strings().ofMaxLength(40))
        .ofMaxSize(5).map(TreeMap::new);
  }

  @Property(tries = 15)
  void aggregateAndScan_matchInMemoryStore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int events,
      @ForAll("zones") ZoneId zone) throws Exception {
    Random random = new Random(seed);
    List<PricedEvent> batch = TestEvents.random(random, events);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(batch);
    try (TestDatabase db = TestDatabase.h2()) {
      JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(TestEvents.CATALOG).build();
      store.migrate();
      store.append(batch);
      GroupKey[] keys = GroupKey.values();
      for (int i = 0; i < 5; i++) {
        AggregateQuery q = AggregateQuery.builder(TestEvents.ACME, JdbcUsageStoreCases.FROM, JdbcUsageStoreCases.TO)
            .zone(zone).groupBy(GroupKey.DAY, keys[1 + random.nextInt(keys.length - 1)]).build();
        assertThat(store.aggregate(q)).isEqualTo(oracle.aggregate(q));
      }
      int pageSize = 1 + random.nextInt(50);
      assertThat(JdbcUsageStoreCases.scanAll(store, TestEvents.ACME, pageSize))
          .isEqualTo(JdbcUsageStoreCases.scanAll(oracle, TestEvents.ACME, pageSize));
    }
  }

  @Property(tries = 20)
  void aggregate_fromRollup_equalsFromEventsAndInMemoryStore(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 400) int events) throws Exception {
    Random random = new Random(seed);
    List<PricedEvent> batch = TestEvents.random(random, events);
    InMemoryUsageStore oracle = new InMemoryUsageStore();
    oracle.append(batch);
    try (TestDatabase db = TestDatabase.h2()) {
      JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(TestEvents.CATALOG).build();
      store.migrate();
      HourlyRollupCases.appendInBatches(store, batch, random);
      for (int i = 0; i < 10; i++) {
        AggregateQuery q = RollupQueries.random(random);
        assertThat(store.aggregate(q)).as("query %s", q).isEqualTo(store.aggregateFromEvents(q))
            .isEqualTo(oracle.aggregate(q));
      }
    }
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZoneId.getAvailableZoneIds()).map(ZoneId::of);
  }
}
