package dev.usage.kafka;

import dev.usage.UsageEngine;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** The prices, clock and workloads the tests share. */
final class TestUsage {

  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  static final Instant FROM = NOW.minus(Duration.ofDays(3));
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final List<Metric> METRICS =
      List.of(Metrics.VOICE_MINUTES, Metrics.SMS_OUTBOUND, Metrics.CALLS, Metrics.AI_MESSAGES);
  /** Voice by the started minute, SMS 2 credits a segment, calls free, AI messages 3 per 2. */
  static final CreditCalculator CALCULATOR = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-11", Instant.parse("2026-11-01T00:00:00Z"))
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .rate(Metrics.AI_MESSAGES, Rate.of(3, 2))
          .build())).build();

  private TestUsage() {}

  /** {@return an engine over {@code store} with the tests' prices and clock} */
  static UsageEngine engine(UsageStore store) {
    return UsageEngine.builder().store(store).calculator(CALCULATOR).clock(CLOCK).build();
  }

  /** {@return the tests' tenants: three organizations, {@code count} workspaces in all} */
  static List<TenantId> tenants(int count) {
    List<TenantId> tenants = new ArrayList<>();
    String[] orgs = {"acme", "globex", "initech"};
    for (int i = 0; i < count; i++) {
      tenants.add(TenantId.of(orgs[i % orgs.length], "ws-" + i));
    }
    return tenants;
  }

  /**
   * Returns {@code distinct} events over {@code tenants}, then {@code duplicates} of them again
   * (the same content, as a retrying service publishes them), shuffled in.
   */
  static List<UsageEvent> workload(String run, List<TenantId> tenants, int distinct, int duplicates, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<UsageEvent> events = new ArrayList<>(distinct + duplicates);
    long span = Duration.between(FROM, NOW).toSeconds();
    for (int i = 0; i < distinct; i++) {
      TenantId tenant = tenants.get(random.nextInt(tenants.size()));
      Metric metric = METRICS.get(random.nextInt(METRICS.size()));
      Dimensions.Builder d = Dimensions.builder()
          .channel(metric == Metrics.SMS_OUTBOUND ? Channel.SMS : Channel.VOICE)
          .direction(random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND)
          .member("member-" + random.nextInt(12));
      if (random.nextInt(4) == 0) {
        d.custom("test:region", random.nextBoolean() ? "eu-west" : "us-east");
      }
      long quantity = metric == Metrics.VOICE_MINUTES ? random.nextLong(1, 3_600) : random.nextLong(1, 5);
      events.add(UsageEvent.builder(EventId.of(run + "-" + i), tenant, metric)
          .at(FROM.plusSeconds(random.nextLong(span)))
          .quantity(metric == Metrics.CALLS ? 1 : quantity)
          .dimensions(d.build())
          .build());
    }
    for (int i = 0; i < duplicates; i++) {
      int at = random.nextInt(events.size() + 1);
      // a duplicate comes after its original, as a retry does
      int original = random.nextInt(Math.max(1, Math.min(at, distinct)));
      events.add(Math.max(at, original + 1), events.get(original));
    }
    return events;
  }

  /** {@return count, quantity and credits per tenant and metric, as {@code store} aggregates them} */
  static Map<String, String> totals(UsageStore store, List<TenantId> tenants) {
    Map<String, String> totals = new TreeMap<>();
    for (TenantId tenant : tenants) {
      for (AggregateRow row : store.aggregate(
          AggregateQuery.builder(tenant, FROM.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)))
              .groupBy(GroupKey.METRIC).build())) {
        totals.put(tenant + " " + row.metric(),
            "count=" + row.count() + " sum=" + row.sum() + " credits=" + row.credits());
      }
    }
    return totals;
  }

  /** {@return the totals of the distinct events of {@code events}, recorded directly in memory} */
  static Map<String, String> expectedTotals(List<UsageEvent> events, List<TenantId> tenants) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    UsageEngine engine = engine(store);
    for (int i = 0; i < events.size(); i += 1_000) {
      engine.record(events.subList(i, Math.min(events.size(), i + 1_000)));
    }
    return totals(store, tenants);
  }
}
