package dev.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.EventOutcome.Status;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.ClosedPeriodAction;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.LateEventPolicy;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
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
import dev.usage.spi.ScanQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class UsageEngineTest {

  static final TenantId ACME = TenantId.of("acme", "support");
  static final TenantId GLOBEX = TenantId.of("globex", "sales");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant START = Instant.parse("2026-04-20T10:00:00Z");

  final MutableClock clock = MutableClock.of(Instant.parse("2026-04-25T00:00:00Z"), ZoneOffset.UTC);
  final InMemoryUsageStore store = new InMemoryUsageStore();
  final CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-04", APRIL)
          .increment(BillingIncrement.PER_MINUTE)
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 1))
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.SMS_CHARACTERS, Rate.of(0, 1))
          .build())).build();

  UsageEngine engine(TenantAccounts accounts) {
    return UsageEngine.builder().store(store).calculator(calculator).accounts(accounts).clock(clock).build();
  }

  static List<UsageEvent> call(String id, TenantId tenant, long seconds) {
    return UsageFacts.call(EventId.of(id), tenant, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(START, START.plusSeconds(seconds)), Dimensions.none());
  }

  long voiceSeconds(TenantId tenant) {
    List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(tenant, APRIL, APRIL.plus(Duration.ofDays(30)))
        .metrics(Metrics.VOICE_MINUTES).groupBy(GroupKey.METRIC).build());
    return rows.isEmpty() ? 0 : rows.get(0).sum();
  }

  @Test
  void record_pricesAndStoresEachEvent() {
    RecordResult result = engine(TenantAccounts.NONE).record(call("call-1", ACME, 61));

    assertThat(result.outcomes()).extracting(EventOutcome::status).containsOnly(Status.RECORDED);
    PricedEvent minutes = result.outcomes().stream().map(o -> o.priced().orElseThrow())
        .filter(p -> p.event().metric().equals(Metrics.VOICE_MINUTES)).findFirst().orElseThrow();
    assertThat(minutes.credits()).isEqualTo(Credits.of(2));
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
  }

  @Test
  void record_sameFactTwice_isCountedOnceAndDebitedOnce() {
    UsageEngine engine = engine(TenantAccounts.NONE);
    openWallet(engine, LimitMode.SOFT);

    engine.record(call("call-1", ACME, 61));
    RecordResult again = engine.record(call("call-1", ACME, 61));

    assertThat(again.outcomes()).extracting(EventOutcome::status).containsOnly(Status.DUPLICATE);
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
    assertThat(available(engine)).isEqualTo(Credits.of(98));
  }

  @Test
  void record_sameIdDifferentContent_isConflictAndOriginalStands() {
    UsageEngine engine = engine(TenantAccounts.NONE);
    engine.record(call("call-1", ACME, 61));

    RecordResult result = engine.record(call("call-1", ACME, 300));

    assertThat(result.count(Status.CONFLICT)).isEqualTo(2); // the minutes and inbound minutes differ
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
  }

  @Test
  void record_sameIdInOneBatch_firstWins() {
    UsageEvent a = UsageEvent.builder(EventId.of("e1"), ACME, Metrics.SMS_OUTBOUND).at(START).quantity(1).build();
    UsageEvent b = UsageEvent.builder(EventId.of("e1"), ACME, Metrics.SMS_OUTBOUND).at(START).quantity(3).build();

    RecordResult result = engine(TenantAccounts.NONE).record(List.of(a, a, b));

    assertThat(result.outcomes()).extracting(EventOutcome::status)
        .containsExactly(Status.RECORDED, Status.DUPLICATE, Status.CONFLICT);
  }

  @Test
  void record_sameIdInTwoTenants_isTwoEvents() {
    RecordResult result = engine(TenantAccounts.NONE).record(
        List.of(call("call-1", ACME, 61).get(1), call("call-1", GLOBEX, 61).get(1)));

    assertThat(result.outcomes()).extracting(EventOutcome::status).containsOnly(Status.RECORDED);
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
    assertThat(voiceSeconds(GLOBEX)).isEqualTo(61);
  }

  @Test
  void record_metricNotInCatalogue_rejected() {
    Metric custom = Metric.custom("acme:transcripts", Unit.COUNT, Aggregation.SUM);
    UsageEvent e = UsageEvent.builder(EventId.of("t1"), ACME, custom).at(START).quantity(1).build();

    EventOutcome o = engine(TenantAccounts.NONE).record(List.of(e)).outcomes().get(0);

    assertThat(o.status()).isEqualTo(Status.REJECTED);
    assertThat(o.detail()).contains("acme:transcripts", "not in the catalogue");
  }

  @Test
  void record_metricWithoutRate_rejectedNamingIt() {
    UsageEvent e = UsageEvent.builder(EventId.of("q1"), ACME, Metrics.AI_TEXT_QUERIES).at(START).quantity(1).build();

    EventOutcome o = engine(TenantAccounts.NONE).record(List.of(e)).outcomes().get(0);

    assertThat(o.status()).isEqualTo(Status.REJECTED);
    assertThat(o.detail()).contains("ai_text_queries");
  }

  @Test
  void record_metricNotOnPlan_rejectedOrIgnoredAsThePlanSays() {
    Plan strict = Plan.builder("basic").metrics(Metrics.CALLS, Metrics.VOICE_MINUTES).build();
    Plan lenient = Plan.builder("basic").metrics(Metrics.CALLS, Metrics.VOICE_MINUTES)
        .unlistedMetrics(UnlistedMetricPolicy.IGNORE).build();

    RecordResult rejected = engine((TenantAccounts) t -> Optional.of(strict)).record(call("call-1", ACME, 61));
    RecordResult ignored = engine((TenantAccounts) t -> Optional.of(lenient)).record(call("call-2", ACME, 61));

    assertThat(rejected.outcomes()).filteredOn(o -> o.status() == Status.REJECTED)
        .singleElement().satisfies(o -> assertThat(o.detail()).contains("inbound_minutes", "basic"));
    assertThat(ignored.count(Status.IGNORED)).isEqualTo(1);
    assertThat(ignored.count(Status.RECORDED)).isEqualTo(2);
  }

  @Test
  void record_planIncrement_roundsCallTimeInPlaceOfTheCards() {
    Plan halfMinute = Plan.builder("pro").metrics(Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.INBOUND_MINUTES)
        .increment(BillingIncrement.PER_HALF_MINUTE).build();
    Plan cards = Plan.builder("basic").metrics(Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.INBOUND_MINUTES).build();
    TenantAccounts accounts = t -> Optional.of(t.equals(ACME) ? halfMinute : cards);

    engine(accounts).record(call("call-1", ACME, 61));
    engine(accounts).record(call("call-2", GLOBEX, 61));

    PricedEvent pro = store.scan(ScanQuery.firstPage(ACME, APRIL, APRIL.plus(Duration.ofDays(30)),
        EventFilter.all().withMetrics(Metrics.VOICE_MINUTES), 10)).events().get(0);
    PricedEvent basic = store.scan(ScanQuery.firstPage(GLOBEX, APRIL, APRIL.plus(Duration.ofDays(30)),
        EventFilter.all().withMetrics(Metrics.VOICE_MINUTES), 10)).events().get(0);
    // 61 s: 90 s in half minutes on the plan, 120 s in the card's minutes without one
    assertThat(pro.billableQuantity()).isEqualTo(90);
    assertThat(pro.credits()).isEqualTo(Credits.parse("1.5"));
    assertThat(pro.trace().increment()).contains(BillingIncrement.PER_HALF_MINUTE);
    assertThat(basic.billableQuantity()).isEqualTo(120);
    assertThat(basic.trace().increment()).contains(BillingIncrement.PER_MINUTE);
    // a rate the card bills exactly stays exact under the plan's increment
    PricedEvent inbound = calculator.price(call("call-3", ACME, 61).get(2), BillingIncrement.PER_HALF_MINUTE);
    assertThat(inbound.event().metric()).isEqualTo(Metrics.INBOUND_MINUTES);
    assertThat(inbound.billableQuantity()).isEqualTo(61);
  }

  @Test
  void record_lateEvents_followThePolicy() {
    Instant closedThrough = Instant.parse("2026-04-21T00:00:00Z");
    TenantAccounts closed = new TenantAccounts() {
      @Override
      public Optional<Plan> plan(TenantId tenant) {
        return Optional.empty();
      }

      @Override
      public Optional<Instant> closedThrough(TenantId tenant) {
        return Optional.of(closedThrough);
      }
    };
    UsageEngine rejecting = engine(closed);
    UsageEngine rebooking = UsageEngine.builder().store(store).calculator(calculator).accounts(closed).clock(clock)
        .latePolicy(LateEventPolicy.builder().clock(clock).onClosedPeriod(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD)
            .build())
        .build();

    assertThat(rejecting.record(call("call-1", ACME, 61)).outcomes()).extracting(EventOutcome::status)
        .containsOnly(Status.REJECTED);
    RecordResult rebooked = rebooking.record(call("call-2", ACME, 61));
    assertThat(rebooked.outcomes()).extracting(EventOutcome::status).containsOnly(Status.REBOOKED);
    assertThat(rebooked.outcomes()).allSatisfy(o ->
        assertThat(o.priced().orElseThrow().event().occurredAt()).isEqualTo(closedThrough));
  }

  @Test
  void record_hardWalletRefusal_storesNothingUnpaidAndReportsTheRefusal() {
    UsageEngine engine = engine(TenantAccounts.NONE);
    engine.ledger().open(WalletId.ofWorkspace(ACME), LimitMode.HARD);
    engine.ledger().grant(WalletId.ofWorkspace(ACME), Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(1), APRIL));

    RecordResult result = engine.record(call("call-1", ACME, 61));

    assertThat(result.count(Status.RECORDED)).isEqualTo(2); // the free count and inbound minutes
    assertThat(result.count(Status.REFUSED)).isEqualTo(1);
    assertThat(result.refusedDebits()).extracting(r -> r.id().value()).containsExactly("call-1/voice_minutes");
    assertThat(available(engine)).isEqualTo(Credits.of(1));
    assertThat(voiceSeconds(ACME)).isZero();

    engine.ledger().grant(WalletId.ofWorkspace(ACME), Grant.of("top-up", GrantKind.TOP_UP, Credits.of(5), APRIL));
    RecordResult retried = engine.record(call("call-1", ACME, 61));

    assertThat(retried.count(Status.RECORDED)).isEqualTo(1);
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
    assertThat(available(engine)).isEqualTo(Credits.of(4));
  }

  @Test
  void reverse_netsUsageToZeroAndRefundsTheWallet() {
    UsageEngine engine = engine(TenantAccounts.NONE);
    openWallet(engine, LimitMode.SOFT);
    PricedEvent minutes = engine.record(call("call-1", ACME, 61)).outcomes().get(1).priced().orElseThrow();

    EventOutcome reversal = engine.reverse(minutes, EventId.of("call-1/voice_minutes/reversal"));
    EventOutcome again = engine.reverse(minutes, EventId.of("call-1/voice_minutes/reversal"));

    assertThat(reversal.status()).isEqualTo(Status.RECORDED);
    assertThat(again.status()).isEqualTo(Status.DUPLICATE);
    assertThat(voiceSeconds(ACME)).isZero();
    assertThat(available(engine)).isEqualTo(Credits.of(100));
  }

  @Test
  void record_rawReversal_rejectedPointingToReverse() {
    UsageEvent original = call("call-1", ACME, 61).get(1);

    EventOutcome o = engine(TenantAccounts.NONE).record(List.of(original.reversal(EventId.of("r1")))).outcomes().get(0);

    assertThat(o.status()).isEqualTo(Status.REJECTED);
    assertThat(o.detail()).contains("UsageEngine.reverse");
  }

  @Test
  @DisplayName("rejections are grouped by reason and summed up in one line")
  void record_rejections_groupedByReasonWithASummary() {
    UsageEvent old = UsageEvent.builder(EventId.of("old"), ACME, Metrics.SMS_OUTBOUND)
        .at(clock.instant().minus(Duration.ofDays(40))).quantity(1).build();
    UsageEvent unpriced = UsageEvent.builder(EventId.of("tokens"), ACME, Metrics.PROMPT_TOKENS).at(START)
        .quantity(10).build();
    List<UsageEvent> batch = new java.util.ArrayList<>(call("call-1", ACME, 61));
    batch.add(old);
    batch.add(unpriced);
    batch.add(batch.get(0));

    RecordResult result = engine(TenantAccounts.NONE).record(batch);

    assertThat(result.rejected()).containsOnlyKeys(EventOutcome.Reason.TOO_OLD, EventOutcome.Reason.NOT_PRICEABLE);
    assertThat(result.rejected().get(EventOutcome.Reason.TOO_OLD)).extracting(EventOutcome::id)
        .containsExactly(EventId.of("old"));
    assertThat(result.summary()).isEqualTo("6 events: 3 stored, 1 duplicate, 2 not stored (1 too old, 1 not priceable)");
  }

  @Test
  @DisplayName("an engine built to throw stores what it can, then throws with the whole result")
  void record_throwOnRejection_throwsAfterStoringTheRest() {
    UsageEngine engine = UsageEngine.builder().store(store).calculator(calculator).clock(clock).throwOnRejection()
        .build();
    List<UsageEvent> batch = new java.util.ArrayList<>(call("call-1", ACME, 61));
    batch.add(UsageEvent.builder(EventId.of("tokens"), ACME, Metrics.PROMPT_TOKENS).at(START).quantity(10).build());

    assertThatThrownBy(() -> engine.record(batch)).isInstanceOf(UsageRejectedException.class)
        .hasMessageContaining("1 not stored (1 not priceable)").hasMessageContaining("prompt_tokens")
        .satisfies(e -> assertThat(((UsageRejectedException) e).result().count(Status.RECORDED)).isEqualTo(3));
    assertThat(voiceSeconds(ACME)).isEqualTo(61);
  }

  @Test
  @DisplayName("a batch with rejections logs one WARN line, a clean batch none")
  void record_rejections_loggedOncePerBatch() {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    // slf4j-simple, the tests' binding, writes to whatever System.err is when it logs
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      UsageEngine engine = engine(TenantAccounts.NONE);
      engine.record(call("call-1", ACME, 61));
      List<UsageEvent> bad = List.of(
          UsageEvent.builder(EventId.of("t1"), ACME, Metrics.PROMPT_TOKENS).at(START).quantity(10).build(),
          UsageEvent.builder(EventId.of("t2"), ACME, Metrics.PROMPT_TOKENS).at(START).quantity(20).build());
      engine.record(bad);
    } finally {
      System.setErr(original);
    }
    String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(log.lines().filter(l -> l.contains("WARN")).toList()).singleElement().asString()
        .contains("usage not stored: 2 events: 0 stored, 0 duplicates, 2 not stored (2 not priceable)");
  }

  @Test
  void build_withoutCalculator_fails() {
    assertThatThrownBy(() -> UsageEngine.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("calculator");
  }

  /** Opens ACME's wallet with 100 credits from 1 April. */
  static void openWallet(UsageEngine engine, LimitMode mode) {
    engine.ledger().open(WalletId.ofWorkspace(ACME), mode);
    engine.ledger().grant(WalletId.ofWorkspace(ACME), Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(100), APRIL));
  }

  static Credits available(UsageEngine engine) {
    return engine.ledger().balance(ACME).orElseThrow().available();
  }

}
