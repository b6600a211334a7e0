package dev.usage.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.EventOutcome;
import dev.usage.EventOutcome.Status;
import dev.usage.RecordResult;
import dev.usage.TenantAccounts;
import dev.usage.UsageEngine;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.AggregateQuery;
import dev.usage.wallet.AllotmentUsage;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Defects found while building the durable ledger (issue #13), each reproduced as it was found. */
class Issue13Test {

  static final TenantId ACME = TenantId.of("acme", "support");
  static final TenantId ACME_SALES = TenantId.of("acme", "sales");
  static final TenantId GLOBEX = TenantId.of("globex", "support");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant START = Instant.parse("2026-04-20T10:00:00Z");
  static final Plan PLAN = Plan.builder("pro").metrics(Metrics.VOICE_MINUTES, Metrics.INBOUND_MINUTES, Metrics.CALLS,
      Metrics.SMS_OUTBOUND, Metrics.SMS_CHARACTERS).allot(CreditType.VOICE_MINUTES, 100).build();

  final MutableClock clock = MutableClock.of(Instant.parse("2026-04-25T00:00:00Z"), ZoneOffset.UTC);
  final CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-04", APRIL)
          .increment(BillingIncrement.PER_MINUTE)
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 1))
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.SMS_CHARACTERS, Rate.of(0, 1))
          .build())).build();

  UsageEngine engine() {
    return UsageEngine.builder().calculator(calculator).accounts(t -> Optional.of(PLAN)).clock(clock).build();
  }

  static List<UsageEvent> call(String id, TenantId tenant, long seconds) {
    return UsageFacts.call(EventId.of(id), tenant, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(START, START.plusSeconds(seconds)), Dimensions.none());
  }

  static PricedEvent minutesOf(RecordResult result) {
    return result.outcomes().stream().map(o -> o.priced().orElseThrow())
        .filter(p -> p.event().metric().equals(Metrics.VOICE_MINUTES)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("reversing a call gives its minutes back to the plan allotment, not only its credits")
  void reverse_givesAllotmentUsageBack() {
    UsageEngine engine = engine();
    engine.ledger().open(WalletId.ofWorkspace(ACME), LimitMode.SOFT);
    PricedEvent minutes = minutesOf(engine.record(call("call-1", ACME, 61)));
    assertThat(voiceAllotment(engine).used()).isEqualTo(61);

    engine.reverse(minutes, EventId.of("call-1/reversal"));

    assertThat(voiceAllotment(engine).used()).isZero();
  }

  @Test
  @DisplayName("debits two tenants' wallets refuse for the same event id in one batch are both reported")
  void refusedDebits_sameIdInTwoTenants_bothKept() {
    UsageEngine engine = engine();
    engine.ledger().open(WalletId.ofWorkspace(ACME), LimitMode.HARD);
    engine.ledger().open(WalletId.ofWorkspace(GLOBEX), LimitMode.HARD);
    List<UsageEvent> batch = new ArrayList<>();
    batch.add(UsageFacts.sms(EventId.of("sms-1"), ACME, START, Direction.OUTBOUND, "hi", Dimensions.none()).get(0));
    batch.add(UsageFacts.sms(EventId.of("sms-1"), GLOBEX, START, Direction.OUTBOUND, "hi", Dimensions.none()).get(0));

    RecordResult result = engine.record(batch);

    assertThat(result.refusedDebits()).extracting(r -> r.tenant()).containsExactly(ACME, GLOBEX);
    assertThat(result.outcomes()).extracting(EventOutcome::status).containsOnly(Status.REFUSED);
  }

  @Test
  @DisplayName("two engines built from one builder do not share the default store")
  void build_twice_defaultStoresAreSeparate() {
    UsageEngine.Builder builder = UsageEngine.builder().calculator(calculator).clock(clock);
    UsageEngine first = builder.build();
    UsageEngine second = builder.build();

    first.record(call("call-1", ACME, 61));

    assertThat(second.store()).isNotSameAs(first.store());
    assertThat(second.store().aggregate(AggregateQuery.builder(ACME, APRIL, clock.instant()).build())).isEmpty();
  }

  @Test
  @DisplayName("the workspaces of an organization draw from its shared wallet; another organization cannot")
  void organizationWallet_sharedByWorkspacesOnly() {
    UsageEngine engine = engine();
    WalletId org = WalletId.ofOrganization("acme");
    engine.ledger().open(org, LimitMode.HARD);
    engine.ledger().grant(org, Grant.of("org-plan", GrantKind.PLAN_GRANT, Credits.of(5), APRIL));

    engine.record(call("call-1", ACME, 61)); // 2 credits
    engine.record(call("call-1", ACME_SALES, 120)); // 2 credits
    RecordResult globex = engine.record(call("call-1", GLOBEX, 61));

    assertThat(engine.ledger().walletOf(ACME)).contains(org);
    assertThat(engine.ledger().walletOf(ACME_SALES)).contains(org);
    assertThat(engine.ledger().walletOf(GLOBEX)).isEmpty();
    assertThat(engine.ledger().status(org).orElseThrow().available()).isEqualTo(Credits.of(1));
    assertThat(globex.count(Status.RECORDED)).isEqualTo(3); // no wallet: recorded, not debited

    RecordResult overLimit = engine.record(call("call-2", ACME_SALES, 61));
    assertThat(overLimit.count(Status.REFUSED)).isEqualTo(1);
    assertThat(engine.ledger().status(org).orElseThrow().available()).isEqualTo(Credits.of(1));
  }

  @Test
  @DisplayName("a threshold crossing is told once, by the append that crossed it, even with two engines over one store")
  void thresholdCrossing_toldOnceAcrossEngines() {
    java.util.List<dev.usage.wallet.ThresholdCrossing> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.usage.store.InMemoryUsageStore shared = new dev.usage.store.InMemoryUsageStore();
    UsageEngine first = UsageEngine.builder().calculator(calculator).store(shared).clock(clock)
        .accounts(t -> Optional.of(PLAN)).listener(heard::add).build();
    UsageEngine second = UsageEngine.builder().calculator(calculator).store(shared).clock(clock)
        .accounts(t -> Optional.of(PLAN)).listener(heard::add).build();
    WalletId wallet = WalletId.ofWorkspace(ACME);
    first.ledger().open(wallet, LimitMode.SOFT);
    first.ledger().grant(wallet, Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(10), APRIL));

    first.record(call("call-1", ACME, 420)); // 7 of 10 credits: still ok
    second.record(call("call-2", ACME, 60)); // 8 of 10: warning
    first.record(call("call-3", ACME, 60)); // 9 of 10: critical
    second.record(call("call-3", ACME, 60)); // a duplicate crosses nothing
    first.record(call("call-4", ACME, 60)); // 10 of 10: still critical

    assertThat(heard).filteredOn(c -> c.creditType().isEmpty())
        .extracting(dev.usage.wallet.ThresholdCrossing::band)
        .containsExactly(dev.usage.wallet.HealthBand.WARNING, dev.usage.wallet.HealthBand.CRITICAL);
  }

  AllotmentUsage voiceAllotment(UsageEngine engine) {
    return engine.ledger().allotments(ACME).stream().filter(a -> a.type() == CreditType.VOICE_MINUTES).findFirst()
        .orElseThrow();
  }

  static TenantAccounts none() {
    return TenantAccounts.NONE;
  }
}
