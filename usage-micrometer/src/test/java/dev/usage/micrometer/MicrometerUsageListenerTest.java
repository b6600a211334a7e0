package dev.usage.micrometer;

import static dev.usage.micrometer.Usage.ACME;
import static dev.usage.micrometer.Usage.APRIL;
import static dev.usage.micrometer.Usage.AT;
import static dev.usage.micrometer.Usage.GLOBEX;
import static dev.usage.micrometer.Usage.NOW;
import static dev.usage.micrometer.Usage.STRANGER;
import static dev.usage.micrometer.Usage.event;
import static dev.usage.micrometer.Usage.events;
import static dev.usage.micrometer.Usage.sms;
import static dev.usage.micrometer.Usage.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.TenantAccounts;
import dev.usage.UsageEngine;
import dev.usage.event.ClosedPeriodAction;
import dev.usage.event.LateEventPolicy;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.plan.Plan;
import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** {@link MicrometerUsageListener} on a real engine over the in-memory store, read from a {@link SimpleMeterRegistry}. */
class MicrometerUsageListenerTest {

  final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MicrometerUsageListener metrics = new MicrometerUsageListener(registry);
  final InMemoryUsageStore store = new InMemoryUsageStore(metrics);

  UsageEngine.Builder engine() {
    return UsageEngine.builder().calculator(Usage.CALCULATOR).clock(clock).store(store).usageListener(metrics);
  }

  @Test
  @DisplayName("every outcome is counted under usage.events with its outcome, reason and metric")
  void record_countsEachOutcome() {
    UsageEngine engine = engine().build();
    engine.ledger().open(WalletId.ofWorkspace(GLOBEX), LimitMode.HARD);
    engine.ledger().grant(WalletId.ofWorkspace(GLOBEX), Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(1), APRIL));
    engine.record(List.of(sms(ACME, "s1", AT, 1), sms(ACME, "s2", AT, 1), event(ACME, "c1", Metrics.CALLS, AT)));

    engine.record(List.of(
        sms(ACME, "s1", AT, 1),                                     // duplicate
        sms(ACME, "s2", AT, 3),                                     // conflict
        sms(ACME, "old", NOW.minus(Duration.ofDays(60)), 1),        // too old
        event(ACME, "x1", STRANGER, AT),                            // unknown metric
        event(ACME, "t1", Metrics.PROMPT_TOKENS, AT),               // no rate: not priceable
        sms(GLOBEX, "g1", AT, 1)));                                 // hard wallet holds 1, costs 2

    assertThat(events(registry, "recorded", "none", "sms_outbound")).isEqualTo(2);
    assertThat(events(registry, "recorded", "none", "calls")).isEqualTo(1);
    assertThat(events(registry, "duplicate", "none", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "conflict", "conflict", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "rejected", "too_old", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "rejected", "unknown_metric", "unknown")).isEqualTo(1);
    assertThat(events(registry, "rejected", "not_priceable", "prompt_tokens")).isEqualTo(1);
    assertThat(events(registry, "refused", "insufficient_credits", "sms_outbound")).isEqualTo(1);
    assertThat(registry.get(MicrometerUsageListener.EVENTS).counters())
        .as("no meter carries the made-up metric key").hasSize(8)
        .allSatisfy(c -> assertThat(c.getId().getTag("metric")).isNotEqualTo("client:made-up"));
    assertThat(registry.get(MicrometerUsageListener.LATE_EVENTS).tags("decision", "rejected_too_old", "metric",
        "sms_outbound").counter().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("an event rebooked out of a closed period counts as late and as rebooked; ignored usage as ignored")
  void record_lateAndIgnored() {
    Plan smsOnly = Plan.builder("basic").metrics(Metrics.SMS_OUTBOUND)
        .unlistedMetrics(dev.usage.plan.UnlistedMetricPolicy.IGNORE).build();
    TenantAccounts closed = new TenantAccounts() {
      @Override
      public Optional<Plan> plan(TenantId tenant) {
        return Optional.of(smsOnly);
      }

      @Override
      public Optional<Instant> closedThrough(TenantId tenant) {
        return Optional.of(Instant.parse("2026-04-21T00:00:00Z"));
      }
    };
    UsageEngine engine = engine().accounts(closed).latePolicy(LateEventPolicy.builder().clock(clock)
        .onClosedPeriod(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD).build()).build();

    engine.record(List.of(sms(ACME, "s1", AT, 1), event(ACME, "c1", Metrics.CALLS, AT)));

    assertThat(registry.get(MicrometerUsageListener.LATE_EVENTS).tags("decision", "rebooked", "metric", "sms_outbound")
        .counter().count()).isEqualTo(1);
    assertThat(events(registry, "rebooked", "none", "sms_outbound")).isEqualTo(1);
    assertThat(events(registry, "ignored", "not_on_plan", "calls")).isEqualTo(1);
  }

  @Test
  @DisplayName("the in-memory store's appends, aggregates and scans are timed, and appends' sizes summed")
  void store_timingsAndBatchSizes() {
    UsageEngine engine = engine().build();
    engine.record(List.of(sms(ACME, "s1", AT, 1), sms(ACME, "s2", AT, 1), sms(ACME, "s3", AT, 1)));
    engine.record(List.of(sms(ACME, "s4", AT, 1)));
    store.aggregate(AggregateQuery.builder(ACME, APRIL, NOW).groupBy(GroupKey.METRIC).build());
    store.scan(ScanQuery.firstPage(ACME, APRIL, NOW, EventFilter.all(), 10));
    assertThatThrownBy(() -> store.scan(ScanQuery.firstPage(ACME, APRIL, NOW, EventFilter.all(), 10).after("nonsense")))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(timed(registry, "append", "success")).isEqualTo(2);
    assertThat(timed(registry, "aggregate", "success")).isEqualTo(1);
    assertThat(timed(registry, "scan", "success")).isEqualTo(1);
    assertThat(timed(registry, "scan", "failure")).isEqualTo(1);
    var sizes = registry.get(MicrometerUsageListener.STORE_BATCH_SIZE).tags("operation", "append").summary();
    assertThat(sizes.count()).isEqualTo(2);
    assertThat(sizes.totalAmount()).isEqualTo(4);
    assertThat(sizes.getId().getBaseUnit()).isEqualTo("events");
    assertThat(registry.get(MicrometerUsageListener.STORE_OPERATIONS).timers())
        .allSatisfy(t -> assertThat(t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive());
  }

  @Test
  @DisplayName("every meter of one name has the same tag keys, as Prometheus requires, and the common tags")
  void meters_sameTagKeysPerNameAndCommonTags() {
    SimpleMeterRegistry tagged = new SimpleMeterRegistry();
    MicrometerUsageListener withRegion = new MicrometerUsageListener(tagged, Tags.of("region", "eu"));
    UsageEngine engine = UsageEngine.builder().calculator(Usage.CALCULATOR).clock(clock)
        .store(new InMemoryUsageStore(withRegion)).usageListener(withRegion).build();
    engine.record(List.of(sms(ACME, "s1", AT, 1), sms(ACME, "old", NOW.minus(Duration.ofDays(60)), 1)));
    engine.record(List.of(sms(ACME, "s1", AT, 1)));

    Map<String, Set<Set<String>>> keysByName = tagged.getMeters().stream().collect(Collectors.groupingBy(
        m -> m.getId().getName(), Collectors.mapping(MicrometerUsageListenerTest::tagKeys, Collectors.toSet())));
    assertThat(keysByName).containsOnlyKeys(MicrometerUsageListener.EVENTS, MicrometerUsageListener.LATE_EVENTS,
        MicrometerUsageListener.STORE_OPERATIONS, MicrometerUsageListener.STORE_BATCH_SIZE);
    assertThat(keysByName.values()).allSatisfy(keySets -> assertThat(keySets).hasSize(1));
    assertThat(tagged.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("region")).isEqualTo("eu"));
  }

  @Test
  void constructor_commonTagWithAMetersOwnKey_isRefused() {
    assertThatThrownBy(() -> new MicrometerUsageListener(registry, List.of(Tag.of("outcome", "x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome=x");
  }

  @Test
  void constructor_nullRegistry_isRefused() {
    assertThatThrownBy(() -> new MicrometerUsageListener(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
  }

  private static Set<String> tagKeys(Meter m) {
    return m.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet());
  }
}
