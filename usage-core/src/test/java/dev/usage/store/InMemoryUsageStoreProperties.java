package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The columnar {@link InMemoryUsageStore} answers exactly as the simple {@link ReferenceUsageStore}
 * does, for random events and random questions: tenants sharing ids, days around daylight-saving
 * changes and a skipped day, absent dimension values, duplicates, conflicting ids, reversals and
 * sums past {@code Long.MAX_VALUE}; queries with any group keys in any order, filters on known and
 * unknown values, ranges that cut days, zones with DST and half-hour offsets; call ids that are
 * the fact part of their events' ids, next to the same call ids given with other ids.
 */
class InMemoryUsageStoreProperties {

  static final TenantId[] TENANTS = {TenantId.of("acme", "main"), TenantId.of("acme", "lab"), TenantId.of("globex", "main")};
  static final Metric[] METRICS = {Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.SMS_OUTBOUND, Metrics.PROMPT_TOKENS};
  static final ZoneId[] ZONES = {
    ZoneOffset.UTC, ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Pacific/Apia"),
    ZoneId.of("Australia/Lord_Howe"),
  };
  /** Five-day windows over New York's spring and autumn changes and Apia's skipped 2011-12-30. */
  static final Instant[] WINDOWS = {
    Instant.parse("2026-03-06T00:00:00Z"), Instant.parse("2026-10-30T00:00:00Z"), Instant.parse("2011-12-28T00:00:00Z"),
  };
  static final DimensionKey[] KEYS = {
    DimensionKey.CHANNEL, DimensionKey.DIRECTION, DimensionKey.MEMBER, DimensionKey.CONTACT,
    DimensionKey.PHONE_NUMBER, DimensionKey.MODEL, DimensionKey.CALL_ID,
  };
  static final Map<DimensionKey, List<String>> VALUES = Map.of(
      DimensionKey.CHANNEL, List.of("voice", "sms", "web_chat"),
      DimensionKey.DIRECTION, List.of("inbound", "outbound"),
      DimensionKey.MEMBER, List.of("ann", "bob", "Cy", "dée"),
      DimensionKey.CONTACT, List.of("c1", "c2", "c3", "c4", "c5"),
      DimensionKey.PHONE_NUMBER, List.of("+14155550100", "+14155550101", "+912212345678"),
      DimensionKey.MODEL, List.of("gpt-4o", "gpt-4o-mini"),
      DimensionKey.CALL_ID, List.of("call-1", "call-2", "call-3", "call-4", "call-5", "call-6"));

  /** An event, its time an offset from the start of the scenario's window. */
  record EventSpec(int tenant, int id, int metric, long quantity, Duration at, Map<DimensionKey, String> dims,
      int pricing, boolean reversal) {

    /**
     * Returns the event; a reversal comes after its original, since a store keeps only reversals
     * of stored events.
     */
    List<PricedEvent> toEvents(Instant window) {
      if (!reversal) {
        return List.of(toEvent(window));
      }
      PricedEvent original = new EventSpec(tenant, id, metric, quantity, at, dims, pricing, false)
          .toEvent(window, "original-" + id);
      return List.of(original, original.reversal(EventId.of("e" + id)));
    }

    PricedEvent toEvent(Instant window) {
      return toEvent(window, eventId());
    }

    /**
     * Returns the event's id: for half the events with a call id, the call id and the metric's
     * key, as {@link dev.usage.event.UsageFacts#call} derives them (which the store keeps in the
     * id alone); for some without, such an id too, so that their ids meet those events'.
     */
    private String eventId() {
      String call = dims.get(DimensionKey.CALL_ID);
      if (call != null && id % 2 == 0) {
        return call + "/" + METRICS[metric].key();
      }
      if (call == null && id % 4 == 2) {
        return VALUES.get(DimensionKey.CALL_ID).get(id % 6) + "/" + METRICS[metric].key();
      }
      return "e" + id;
    }

    private PricedEvent toEvent(Instant window, String eventId) {
      Dimensions.Builder d = Dimensions.builder();
      dims.forEach(d::set);
      Metric m = METRICS[metric];
      long q = reversal ? -quantity : quantity;
      UsageEvent e = new UsageEvent(EventId.of(eventId), TENANTS[tenant], window.plus(at), m, q, d.build(),
          reversal ? Optional.of(EventId.of("original-" + id)) : Optional.empty());
      long credits = switch (pricing) {
        case 0 -> 0;
        case 1 -> q;
        default -> q / 3;
      };
      long billable = pricing == 2 && Math.abs(q) < Long.MAX_VALUE - 59 ? q + (reversal ? -59 : 59) : q;
      PricingTrace trace = new PricingTrace("v" + pricing, Optional.empty(), m.key(), CreditMultiplier.ONE,
          Optional.empty(), Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING);
      return new PricedEvent(e, Credits.ofMicros(credits), billable, trace);
    }
  }

  /** A query, its start an offset from the start of the scenario's window. */
  record QuerySpec(int tenant, int zone, Duration from, Duration length, Set<Integer> metrics,
      Map<DimensionKey, Set<String>> filter, List<GroupKey> groupBy, int pageSize) {

    AggregateQuery aggregate(Instant window) {
      Set<String> keys = metrics.stream()
          .map(i -> i < METRICS.length ? METRICS[i].key() : "unknown_metric").collect(Collectors.toSet());
      return new AggregateQuery(TENANTS[tenant], window.plus(from), window.plus(from).plus(length), ZONES[zone],
          new EventFilter(keys, filter), groupBy);
    }

    ScanQuery scan(Instant window) {
      AggregateQuery q = aggregate(window);
      return ScanQuery.firstPage(q.tenant(), q.from(), q.to(), q.filter(), pageSize);
    }
  }

  @Property(tries = 250)
  void fastStoreAnswersAsTheReference(
      @ForAll("windows") Instant window,
      @ForAll("events") List<EventSpec> specs,
      @ForAll("replays") List<Integer> replays,
      @ForAll("batchSizes") List<Integer> batchSizes,
      @ForAll("queries") List<QuerySpec> queries) {
    UsageStore fast = new InMemoryUsageStore();
    UsageStore reference = new ReferenceUsageStore();

    for (List<PricedEvent> batch : batches(window, specs, replays, batchSizes)) {
      AppendResult expected = reference.append(batch);
      AppendResult actual = fast.append(batch);
      assertThat(actual.appended()).isEqualTo(expected.appended());
      assertThat(actual.duplicates()).containsExactlyInAnyOrderElementsOf(expected.duplicates());
      assertThat(actual.conflicts()).extracting(Conflict::tenant, Conflict::id)
          .containsExactlyInAnyOrderElementsOf(expected.conflicts().stream()
              .map(c -> Tuple.of(c.tenant(), c.id())).map(t -> org.assertj.core.groups.Tuple.tuple(t.get1(), t.get2()))
              .toList());
    }

    for (QuerySpec q : queries) {
      AggregateQuery query = q.aggregate(window);
      Object rows = answer(reference, query);
      assertThat(answer(fast, query)).as("%s", query).isEqualTo(rows);
      ScanQuery scan = q.scan(window);
      while (true) {
        EventPage expected = reference.scan(scan);
        EventPage actual = fast.scan(scan);
        assertThat(actual).as("%s", scan).isEqualTo(expected);
        if (expected.nextCursor().isEmpty()) {
          break;
        }
        scan = scan.after(expected.nextCursor().get());
      }
    }
  }

  @Property(tries = 50)
  void duplicateAppendChangesNothing(
      @ForAll("windows") Instant window, @ForAll("events") List<EventSpec> specs, @ForAll("queries") List<QuerySpec> queries) {
    UsageStore store = new InMemoryUsageStore();
    List<PricedEvent> events = specs.stream().map(s -> s.toEvent(window)).toList();
    store.append(events);
    List<Object> before = queries.stream().map(q -> answer(store, q.aggregate(window))).toList();
    List<EventPage> pagesBefore = queries.stream().map(q -> store.scan(q.scan(window))).toList();

    AppendResult again = store.append(events);

    assertThat(again.appended()).isZero();
    assertThat(again.duplicates().size() + again.conflicts().size()).isEqualTo(events.size());
    assertThat(queries.stream().map(q -> answer(store, q.aggregate(window))).toList()).isEqualTo(before);
    assertThat(queries.stream().map(q -> store.scan(q.scan(window))).toList()).isEqualTo(pagesBefore);
  }

  @Property(tries = 20)
  void concurrentAppendsLoseNothing(
      @ForAll("windows") Instant window, @ForAll("events") List<EventSpec> specs, @ForAll("batchSizes") List<Integer> sizes)
      throws Exception {
    UsageStore fast = new InMemoryUsageStore();
    UsageStore reference = new ReferenceUsageStore();
    // Conflicts keep whichever came first, which differs between runs; give every event its own id.
    // No reversals: whether one lands depends on whether its original landed first, which the
    // threads' interleaving decides; the reference property checks reversals.
    List<PricedEvent> events = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      EventSpec s = specs.get(i);
      events.add(new EventSpec(s.tenant, i, s.metric, s.quantity % 1_000_000, s.at, s.dims, s.pricing, false)
          .toEvent(window, "e" + i));
    }
    reference.append(events);
    int threads = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> appended = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        // Each thread appends everything, in its own batch sizes and from its own starting point.
        int shift = t * events.size() / threads;
        int size = sizes.get(t % sizes.size());
        appended.add(pool.submit(() -> {
          start.await();
          int n = 0;
          for (int i = 0; i < events.size(); i += size) {
            List<PricedEvent> batch = new ArrayList<>();
            for (int j = i; j < Math.min(events.size(), i + size); j++) {
              batch.add(events.get((j + shift) % events.size()));
            }
            n += fast.append(batch).appended();
          }
          return n;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : appended) {
        total += f.get(5, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(events.size());
    } finally {
      pool.shutdownNow();
    }
    for (TenantId tenant : TENANTS) {
      AggregateQuery all = AggregateQuery.builder(tenant, Instant.parse("2011-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z")).groupBy(GroupKey.METRIC, GroupKey.DAY).build();
      assertThat(fast.aggregate(all)).isEqualTo(reference.aggregate(all));
    }
  }

  /** Returns the rows, or the type of what was thrown, so that two stores' answers compare. */
  static Object answer(UsageStore store, AggregateQuery query) {
    try {
      return store.aggregate(query);
    } catch (UsageOverflowException e) {
      return UsageOverflowException.class;
    }
  }

  static List<List<PricedEvent>> batches(Instant window, List<EventSpec> specs, List<Integer> replays, List<Integer> sizes) {
    List<PricedEvent> sequence = new ArrayList<>(specs.stream().flatMap(s -> s.toEvents(window).stream()).toList());
    if (!sequence.isEmpty()) {
      for (int r : replays) {
        // Re-send an event later in the sequence, as a retry would.
        int from = r % sequence.size();
        int to = Math.min(sequence.size(), from + 1 + r % 17);
        sequence.add(to, sequence.get(from));
      }
    }
    List<List<PricedEvent>> batches = new ArrayList<>();
    int i = 0;
    for (int k = 0; i < sequence.size(); k++) {
      int size = sizes.get(k % sizes.size());
      batches.add(sequence.subList(i, Math.min(sequence.size(), i + size)));
      i += size;
    }
    return batches;
  }

  @Provide
  Arbitrary<Instant> windows() {
    return Arbitraries.of(WINDOWS);
  }

  /** Mostly the first tenant, so that queries find events; the others share its ids. */
  static Arbitrary<Integer> tenants(int weightOfFirst) {
    return Arbitraries.frequency(Tuple.of(weightOfFirst, 0), Tuple.of(1, 1), Tuple.of(1, 2));
  }

  @Provide
  Arbitrary<List<EventSpec>> events() {
    Arbitrary<Long> quantities = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(0, 1_000)),
        Tuple.of(1, Arbitraries.longs().between(Long.MAX_VALUE / 3, Long.MAX_VALUE).withDistribution(RandomDistribution.uniform())));
    Arbitrary<Map<DimensionKey, String>> dims = Arbitraries.of(KEYS).set().ofMaxSize(KEYS.length)
        .flatMap(keys -> {
          List<Arbitrary<Tuple.Tuple2<DimensionKey, String>>> values = keys.stream()
              .map(k -> Arbitraries.of(VALUES.get(k)).map(v -> Tuple.of(k, v))).toList();
          return Combinators.combine(values).as(list -> {
            Map<DimensionKey, String> m = new EnumMap<>(DimensionKey.class);
            list.forEach(t -> m.put(t.get1(), t.get2()));
            return m;
          });
        });
    Arbitrary<EventSpec> event = Combinators.combine(
            tenants(4),
            Arbitraries.integers().between(0, 30),
            Arbitraries.integers().between(0, METRICS.length - 1),
            quantities,
            instants(),
            dims,
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(true, false, false, false, false, false, false, false))
        .as(EventSpec::new);
    return event.list().ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<List<Integer>> replays() {
    return Arbitraries.integers().between(0, 1_000).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<Integer>> batchSizes() {
    return Arbitraries.integers().between(1, 12).list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<QuerySpec>> queries() {
    Arbitrary<Duration> lengths = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.longs().between(1, 3_600_000_000_000L).withDistribution(RandomDistribution.uniform())
            .map(Duration::ofNanos)),
        Tuple.of(2, Arbitraries.longs().between(3_600, 8 * 86_400).withDistribution(RandomDistribution.uniform())
            .map(Duration::ofSeconds)),
        Tuple.of(2, Arbitraries.integers().between(1, 7).map(Duration::ofDays)));
    Arbitrary<Map<DimensionKey, Set<String>>> filters = Arbitraries.of(KEYS).set().ofMaxSize(2).flatMap(keys -> {
      List<Arbitrary<Tuple.Tuple2<DimensionKey, Set<String>>>> values = keys.stream()
          .map(k -> Arbitraries.of(withUnknown(VALUES.get(k))).set().ofMinSize(1).ofMaxSize(3).map(v -> Tuple.of(k, v)))
          .toList();
      return Combinators.combine(values).as(list -> {
        Map<DimensionKey, Set<String>> m = new EnumMap<>(DimensionKey.class);
        list.forEach(t -> m.put(t.get1(), t.get2()));
        return m;
      });
    });
    Arbitrary<QuerySpec> query = Combinators.combine(
            tenants(8),
            Arbitraries.integers().between(0, ZONES.length - 1),
            Combinators.combine(instants(), lengths).as(Tuple::of),
            Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Set.<Integer>of())),
                Tuple.of(1, Arbitraries.integers().between(0, METRICS.length).set().ofMinSize(1).ofMaxSize(3))),
            Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Map.<DimensionKey, Set<String>>of())), Tuple.of(1, filters)),
            Arbitraries.of(GroupKey.values()).list().uniqueElements().ofMaxSize(GroupKey.values().length),
            Arbitraries.integers().between(1, 7))
        .as((tenant, zone, range, metrics, filter, groupBy, pageSize) -> new QuerySpec(
            tenant, zone, range.get1(), range.get2(), metrics, filter, groupBy, pageSize));
    return query.list().ofMinSize(1).ofMaxSize(6).withSizeDistribution(RandomDistribution.uniform());
  }

  /** Offsets into a window: anywhere, to the nanosecond, or on and next to UTC and local midnights. */
  static Arbitrary<Duration> instants() {
    Arbitrary<Duration> anywhere = Combinators.combine(
            Arbitraries.longs().between(0, 5 * 86_400L - 1).withDistribution(RandomDistribution.uniform()),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 999_999_999).withDistribution(RandomDistribution.uniform()))))
        .as((s, n) -> Duration.ofSeconds(s, n));
    // Midnights of UTC, Kolkata (18:30Z), New York (04:00Z, 05:00Z), Apia (10:00Z) and Lord Howe
    // (13:00Z, 13:30Z), and New York's changes at 06:00Z and 07:00Z.
    Arbitrary<Duration> edges = Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.of(0, 66_600, 14_400, 18_000, 21_600, 25_200, 36_000, 46_800, 48_600),
            Arbitraries.of(-1L, 0L, 0L, 1L))
        .as((d, s, n) -> Duration.ofDays(d).plusSeconds(s).plusNanos(n));
    // One busy second per window, the last of a UTC day, so that events often share an instant and
    // the newest of a day is often decided by id.
    Arbitrary<Duration> busy = Arbitraries.just(Duration.ofSeconds(86_400 + 86_399));
    return Arbitraries.frequencyOf(Tuple.of(3, anywhere), Tuple.of(2, edges), Tuple.of(1, busy));
  }

  private static List<String> withUnknown(List<String> values) {
    List<String> all = new ArrayList<>(values);
    all.add("never-recorded");
    return all;
  }
}
