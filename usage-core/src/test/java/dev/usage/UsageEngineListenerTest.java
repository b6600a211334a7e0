package dev.usage;

import static dev.usage.UsageEngineTest.ACME;
import static dev.usage.UsageEngineTest.APRIL;
import static dev.usage.UsageEngineTest.START;
import static dev.usage.UsageEngineTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.EventOutcome.Status;
import dev.usage.event.ClosedPeriodAction;
import dev.usage.event.EventId;
import dev.usage.event.LateEventPolicy;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.observe.RecordingListener;
import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import dev.usage.plan.Plan;
import dev.usage.plan.UnlistedMetricPolicy;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class UsageEngineListenerTest {

  final MutableClock clock = MutableClock.of(Instant.parse("2026-04-25T00:00:00Z"), ZoneOffset.UTC);
  final CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-04", APRIL).increment(BillingIncrement.PER_MINUTE)
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 1))
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .build())).build();
  final RecordingListener listener = new RecordingListener();

  UsageEngine.Builder engine() {
    return UsageEngine.builder().calculator(calculator).clock(clock).usageListener(listener);
  }

  static UsageEvent sms(String id, Instant at) {
    return UsageEvent.builder(EventId.of(id), ACME, Metrics.SMS_OUTBOUND).at(at).quantity(1).build();
  }

  @Test
  @DisplayName("each event of a batch is told once, in input order, with what the engine did")
  void record_tellsEveryOutcomeInOrder() {
    UsageEngine engine = engine().build();
    engine.record(call("call-1", ACME, 61));
    List<UsageEvent> batch = new ArrayList<>(call("call-1", ACME, 61)); // 3 duplicates
    batch.addAll(call("call-2", ACME, 30));
    batch.add(batch.get(3));                                            // repeated in the batch
    batch.add(call("call-1", ACME, 300).get(1));                        // same id, other content
    batch.add(sms("old", clock.instant().minus(Duration.ofDays(40))));  // too old
    batch.add(UsageEvent.builder(EventId.of("tokens"), ACME, Metrics.PROMPT_TOKENS).at(START).quantity(10).build());

    RecordResult result = engine.record(batch);

    assertThat(listener.lines()).containsExactly(
        "recorded call-1/calls RECORDED", "recorded call-1/voice_minutes RECORDED",
        "recorded call-1/inbound_minutes RECORDED",
        "late old REJECTED_TOO_OLD",
        "duplicate call-1/calls", "duplicate call-1/voice_minutes", "duplicate call-1/inbound_minutes",
        "recorded call-2/calls RECORDED", "recorded call-2/voice_minutes RECORDED",
        "recorded call-2/inbound_minutes RECORDED",
        "duplicate call-2/calls",
        "conflict call-1/voice_minutes",
        "rejected old REJECTED TOO_OLD",
        "rejected tokens REJECTED NOT_PRICEABLE");
    assertThat(result.outcomes()).hasSize(batch.size());
  }

  @Test
  @DisplayName("an event rebooked out of a closed period is told as late, then as recorded with its status")
  void record_rebookedEvent_toldLateThenRecorded() {
    TenantAccounts closed = new TenantAccounts() {
      @Override
      public Optional<Plan> plan(TenantId tenant) {
        return Optional.empty();
      }

      @Override
      public Optional<Instant> closedThrough(TenantId tenant) {
        return Optional.of(Instant.parse("2026-04-21T00:00:00Z"));
      }
    };
    UsageEngine engine = engine().accounts(closed).latePolicy(LateEventPolicy.builder().clock(clock)
        .onClosedPeriod(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD).build()).build();

    engine.record(List.of(sms("late-sms", START)));

    assertThat(listener.lines()).containsExactly("late late-sms REBOOKED", "recorded late-sms REBOOKED");
  }

  @Test
  @DisplayName("a metric the plan ignores is told as rejected with status IGNORED and reason NOT_ON_PLAN")
  void record_ignoredMetric_toldAsRejected() {
    Plan lenient = Plan.builder("basic").metrics(Metrics.CALLS).unlistedMetrics(UnlistedMetricPolicy.IGNORE).build();
    UsageEngine engine = engine().accounts(TenantAccounts.of(ACME, lenient)).build();

    engine.record(List.of(sms("s1", START)));

    assertThat(listener.lines()).containsExactly("rejected s1 IGNORED NOT_ON_PLAN");
  }

  @Test
  @DisplayName("an event a hard-limit wallet cannot pay for is told as refused with the debit")
  void record_refusedDebit_toldWithTheDebit() {
    UsageEngine engine = engine().build();
    engine.ledger().open(WalletId.ofWorkspace(ACME), LimitMode.HARD);
    engine.ledger().grant(WalletId.ofWorkspace(ACME), Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(1), APRIL));

    engine.record(List.of(sms("s1", START)));

    assertThat(listener.lines()).containsExactly("refused s1 2>1");
  }

  @Test
  @DisplayName("an engine built to throw tells the listener before it throws")
  void record_throwOnRejection_toldBeforeThrowing() {
    UsageEngine engine = engine().throwOnRejection().build();

    assertThatThrownBy(() -> engine.record(List.of(sms("s1", START), sms("old", APRIL.minus(Duration.ofDays(90))))))
        .isInstanceOf(UsageRejectedException.class);

    assertThat(listener.lines()).containsExactly("late old REJECTED_TOO_OLD", "recorded s1 RECORDED",
        "rejected old REJECTED TOO_OLD");
  }

  @Test
  @DisplayName("a reversal is told as recorded, and sent again as a duplicate")
  void reverse_toldAsRecordedThenDuplicate() {
    UsageEngine engine = engine().build();
    PricedEvent sms = engine.record(List.of(sms("s1", START))).outcomes().get(0).priced().orElseThrow();

    engine.reverse(sms, EventId.of("s1/reversal"));
    engine.reverse(sms, EventId.of("s1/reversal"));

    assertThat(listener.lines()).containsExactly("recorded s1 RECORDED", "recorded s1/reversal RECORDED",
        "duplicate s1/reversal");
  }

  @Test
  @DisplayName("a listener that throws is logged, and the batch is stored and answered as without it")
  void record_throwingListener_doesNotFailTheRecording() {
    UsageListener failing = new UsageListener() {
      @Override
      public void recorded(UsageEvent event, EventOutcome outcome) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
        throw new IllegalStateException("listener bug");
      }
    };
    UsageEngine engine = UsageEngine.builder().calculator(calculator).clock(clock).usageListener(failing).build();

    RecordResult result = engine.record(call("call-1", ACME, 61));

    assertThat(result.count(Status.RECORDED)).isEqualTo(3);
    assertThat(engine.store().scan(ScanQuery.firstPage(ACME, APRIL, APRIL.plus(Duration.ofDays(30)), EventFilter.all(), 10))
        .events()).hasSize(3);
  }

  @Test
  @DisplayName("the engine's default store reports its appends, aggregates and scans to the engine's listener")
  void defaultStore_reportsTimingsToTheEnginesListener() {
    UsageEngine engine = engine().build();

    engine.record(call("call-1", ACME, 61));
    engine.store().aggregate(AggregateQuery.builder(ACME, APRIL, APRIL.plus(Duration.ofDays(30)))
        .groupBy(GroupKey.METRIC).build());
    engine.store().scan(ScanQuery.firstPage(ACME, APRIL, APRIL.plus(Duration.ofDays(30)), EventFilter.all(), 2));

    assertThat(listener.timings()).extracting(t -> t.operation() + " " + t.succeeded() + " " + t.size())
        .containsExactly("APPEND true 3", "AGGREGATE true 3", "SCAN true 2");
    assertThat(listener.timings()).allSatisfy(t -> assertThat(t.nanos()).isPositive());
  }

  @Test
  void builder_usageListenerTwice_isRefused() {
    UsageEngine.Builder builder = engine();

    assertThatThrownBy(() -> builder.usageListener(new RecordingListener()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set to");
  }
}
