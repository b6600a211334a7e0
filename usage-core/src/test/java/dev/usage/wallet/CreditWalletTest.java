package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.MetricNotOnPlanException;
import dev.usage.plan.Plan;
import dev.usage.plan.UnlistedMetricPolicy;
import dev.usage.pricing.Credits;
import dev.usage.wallet.LedgerEntry.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class CreditWalletTest {

  static final TenantId ACME = TenantId.of("acme", "main");
  static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  final MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
  final List<ThresholdCrossing> crossings = new CopyOnWriteArrayList<>();

  CreditWallet.Builder wallet() {
    return CreditWallet.builder(ACME).clock(clock).listener(crossings::add);
  }

  static Grant grant(String id, long credits) {
    return Grant.of(id, GrantKind.TOP_UP, Credits.of(credits), T0);
  }

  static EventId ref(String id) {
    return EventId.of(id);
  }

  static Credits credits(long credits) {
    return Credits.of(credits);
  }

  static List<Debit.Draw> draws(Object... grantAndCredits) {
    Debit.Draw[] draws = new Debit.Draw[grantAndCredits.length / 2];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = new Debit.Draw((String) grantAndCredits[2 * i], credits(((Number) grantAndCredits[2 * i + 1]).longValue()));
    }
    return List.of(draws);
  }

  @Nested
  class DrawOrder {

    @Test
    void debit_drawsLowerPriorityFirst() {
      CreditWallet w = wallet().build();
      w.grant(grant("late", 100).withPriority(1));
      w.grant(grant("early", 100).withPriority(0));

      Debit d = w.debit(ref("d1"), credits(150));

      assertThat(d.draws()).isEqualTo(draws("early", 100, "late", 50));
      assertThat(w.available()).isEqualTo(credits(50));
    }

    @Test
    void debit_samePriority_drawsSoonestExpiryFirstAndNeverExpiringLast() {
      CreditWallet w = wallet().build();
      w.grant(grant("forever", 100));
      w.grant(grant("month", 100).withExpiry(T0.plus(Duration.ofDays(30))));
      w.grant(grant("week", 100).withExpiry(T0.plus(Duration.ofDays(7))));

      Debit d = w.debit(ref("d1"), credits(250));

      assertThat(d.draws()).isEqualTo(draws("week", 100, "month", 100, "forever", 50));
    }

    @Test
    void debit_priorityOutranksExpiry() {
      CreditWallet w = wallet().build();
      w.grant(grant("promo", 100).withPriority(5).withExpiry(T0.plus(Duration.ofDays(1))));
      w.grant(grant("paid", 100));

      assertThat(w.debit(ref("d1"), credits(120)).draws()).isEqualTo(draws("paid", 100, "promo", 20));
    }

    @Test
    void debit_sameExpiry_drawsOldestEffectiveThenGrantId() {
      CreditWallet w = wallet().build();
      w.grant(Grant.of("b", GrantKind.PLAN_GRANT, credits(10), T0));
      w.grant(Grant.of("a", GrantKind.PLAN_GRANT, credits(10), T0));
      w.grant(Grant.of("older", GrantKind.PLAN_GRANT, credits(10), T0.minusSeconds(60)));

      assertThat(w.debit(ref("d1"), credits(30)).draws()).isEqualTo(draws("older", 10, "a", 10, "b", 10));
    }

    @Test
    void debit_late_drawsOnlyFromGrantsEffectiveAtItsInstant() {
      CreditWallet w = wallet().build();
      w.grant(grant("old", 10));
      w.grant(Grant.of("new", GrantKind.TOP_UP, credits(100), T0.plusSeconds(3600)));
      clock.add(Duration.ofHours(2));

      assertThatThrownBy(() -> w.debit(ref("late"), credits(20), T0.plusSeconds(60)))
          .isInstanceOf(InsufficientCreditsException.class)
          .hasMessage("debit late of 20 credits at 2026-05-01T00:01:00Z exceeds the 10 credits available");
      assertThat(w.debit(ref("late"), credits(5), T0.plusSeconds(60)).draws()).isEqualTo(draws("old", 5));
    }

    @Test
    void debit_inTheFuture_isRefused() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 10));

      assertThatThrownBy(() -> w.debit(ref("d1"), credits(1), T0.plusSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("debit d1 at 2026-05-01T00:00:01Z is after the wallet's clock 2026-05-01T00:00:00Z");
    }

    @Test
    void debit_negativeAmount_isRefused() {
      CreditWallet w = wallet().build();

      assertThatThrownBy(() -> w.debit(ref("d1"), credits(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("amount of debit d1 must not be negative but was -1");
    }
  }

  @Nested
  class Expiry {

    @Test
    void available_dropsExactlyAtTheExpiryInstant() {
      Instant expiry = T0.plus(Duration.ofDays(30));
      CreditWallet w = wallet().build();
      w.grant(grant("promo", 100).withExpiry(expiry));
      w.grant(grant("paid", 50));

      assertThat(w.availableAt(expiry.minusNanos(1))).isEqualTo(credits(150));
      assertThat(w.availableAt(expiry)).isEqualTo(credits(50));

      clock.setInstant(expiry.minusNanos(1));
      assertThat(w.available()).isEqualTo(credits(150));
      clock.setInstant(expiry);
      assertThat(w.available()).isEqualTo(credits(50));
    }

    @Test
    void expiry_booksOnlyTheUnusedRestAtTheExpiryInstant() {
      Instant expiry = T0.plus(Duration.ofDays(30));
      CreditWallet w = wallet().build();
      w.grant(grant("promo", 100).withExpiry(expiry));
      w.debit(ref("d1"), credits(30));

      clock.setInstant(expiry.plus(Duration.ofDays(3)));

      LedgerEntry last = w.entries().get(w.entries().size() - 1);
      assertThat(last.kind()).isEqualTo(Kind.EXPIRY);
      assertThat(last.at()).isEqualTo(expiry);
      assertThat(last.amount()).isEqualTo(credits(70));
      assertThat(last.balance()).isEqualTo(Credits.zero());
      assertThat(last.grantId()).contains("promo");
    }

    @Test
    void debit_lateButBeforeAnExpiryAlreadyBooked_cannotDrawTheExpiredCredit() {
      Instant expiry = T0.plus(Duration.ofDays(1));
      CreditWallet w = wallet().build();
      w.grant(grant("promo", 100).withExpiry(expiry));
      clock.setInstant(expiry.plusSeconds(1));

      assertThatThrownBy(() -> w.debit(ref("late"), credits(1), expiry.minusSeconds(1)))
          .isInstanceOf(InsufficientCreditsException.class)
          .hasMessageContaining("exceeds the 0 credits available");
    }

    @Test
    void grant_effectiveLater_countsOnlyFromItsEffectiveInstant() {
      Instant next = T0.plus(Duration.ofDays(31));
      CreditWallet w = wallet().build();
      w.grant(Grant.of("june", GrantKind.PLAN_GRANT, credits(1000), next));

      assertThat(w.available()).isEqualTo(Credits.zero());
      assertThat(w.availableAt(next)).isEqualTo(credits(1000));
      assertThat(w.entries()).isEmpty();

      clock.setInstant(next);
      assertThat(w.available()).isEqualTo(credits(1000));
      assertThat(w.entries()).singleElement().satisfies(e -> {
        assertThat(e.kind()).isEqualTo(Kind.GRANT);
        assertThat(e.at()).isEqualTo(next);
      });
    }
  }

  @Nested
  class Limits {

    @Test
    void hardLimit_refusesAnOverdrawAndRecordsNothing() {
      CreditWallet w = wallet().mode(LimitMode.HARD).build();
      w.grant(grant("g", 100));
      List<LedgerEntry> before = w.entries();

      assertThatThrownBy(() -> w.debit(ref("d1"), Credits.parse("100.000001")))
          .isInstanceOf(InsufficientCreditsException.class)
          .hasMessage("debit d1 of 100.000001 credits at 2026-05-01T00:00:00Z exceeds the 100 credits available")
          .satisfies(e -> {
            assertThat(((InsufficientCreditsException) e).requested()).isEqualTo(Credits.parse("100.000001"));
            assertThat(((InsufficientCreditsException) e).available()).isEqualTo(credits(100));
          });
      assertThat(w.entries()).isEqualTo(before);
      assertThat(w.available()).isEqualTo(credits(100));
      assertThat(w.findDebit(ref("d1"))).isEmpty();
    }

    @Test
    void hardLimit_refusedReferenceCanBeDebitedAfterATopUp() {
      CreditWallet w = wallet().build();
      assertThatThrownBy(() -> w.debit(ref("d1"), credits(5))).isInstanceOf(InsufficientCreditsException.class);

      w.grant(grant("top", 10));

      assertThat(w.debit(ref("d1"), credits(5)).balanceAfter()).isEqualTo(credits(5));
    }

    @Test
    void hardLimit_debitOfExactlyTheBalance_leavesZero() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));

      assertThat(w.debit(ref("d1"), credits(100)).balanceAfter()).isEqualTo(Credits.zero());
    }

    @Test
    void softLimit_recordsTheOverdraftExactly() {
      CreditWallet w = wallet().mode(LimitMode.SOFT).build();
      w.grant(grant("g1", 100));

      Debit d = w.debit(ref("d1"), Credits.parse("150.5"));

      assertThat(d.draws()).isEqualTo(draws("g1", 100));
      assertThat(d.overdrawn()).isEqualTo(Credits.parse("50.5"));
      assertThat(d.balanceAfter()).isEqualTo(Credits.parse("-50.5"));
      assertThat(w.available()).isEqualTo(Credits.parse("-50.5"));
      assertThat(w.overdraft()).isEqualTo(Credits.parse("50.5"));
    }

    @Test
    void softLimit_nextGrantRepaysTheOverdraftFirst() {
      CreditWallet w = wallet().mode(LimitMode.SOFT).build();
      w.debit(ref("d1"), Credits.parse("50.5"));

      w.grant(grant("g1", 200));

      assertThat(w.available()).isEqualTo(Credits.parse("149.5"));
      assertThat(w.overdraft()).isEqualTo(Credits.zero());
      LedgerEntry repayment = w.entries().get(2);
      assertThat(repayment.kind()).isEqualTo(Kind.OVERDRAFT_REPAYMENT);
      assertThat(repayment.amount()).isEqualTo(Credits.parse("50.5"));
      assertThat(repayment.change()).isEqualTo(Credits.zero());
      assertThat(repayment.balance()).isEqualTo(Credits.parse("149.5"));
      assertThat(w.debit(ref("d2"), credits(149)).draws()).isEqualTo(draws("g1", 149));
    }

    @Test
    void softLimit_grantSmallerThanTheOverdraft_repaysWhatItCan() {
      CreditWallet w = wallet().mode(LimitMode.SOFT).build();
      w.debit(ref("d1"), credits(80));

      w.grant(grant("g1", 50));

      assertThat(w.available()).isEqualTo(credits(-30));
      assertThat(w.overdraft()).isEqualTo(credits(30));
      assertThat(w.debit(ref("d2"), credits(1)).draws()).isEmpty();
    }
  }

  @Nested
  class Idempotency {

    @Test
    void debit_sameReferenceTwice_debitsOnceAndReturnsTheFirstResult() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));
      Debit first = w.debit(ref("call-1"), credits(10));
      clock.add(Duration.ofMinutes(5));

      Debit again = w.debit(ref("call-1"), credits(10));

      assertThat(again).isEqualTo(first);
      assertThat(w.available()).isEqualTo(credits(90));
      assertThat(w.entries()).filteredOn(e -> e.kind() == Kind.DEBIT).hasSize(1);
      assertThat(w.findDebit(ref("call-1"))).contains(first);
    }

    @Test
    void debit_sameReferenceOtherAmount_isRefused() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));
      w.debit(ref("call-1"), credits(10));

      assertThatThrownBy(() -> w.debit(ref("call-1"), credits(11)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("debit call-1 was already recorded for 10 credits, not 11");
    }

    @Test
    void grant_sameGrantTwice_addsOnce() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));
      w.grant(grant("g", 100));

      assertThat(w.available()).isEqualTo(credits(100));
      assertThat(w.grants()).hasSize(1);
    }

    @Test
    void grant_sameIdOtherGrant_isRefused() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));

      assertThatThrownBy(() -> w.grant(grant("g", 200)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("grant id g is already used by Grant[id=g, kind=TOP_UP, amount=100");
    }
  }

  @Nested
  class Ledger {

    @Test
    void entries_carryRunningBalanceAndAddedUsedColumns() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));
      w.debit(ref("d1"), credits(30));
      w.debit(ref("d2"), credits(20));

      assertThat(w.entries()).extracting(LedgerEntry::sequence, LedgerEntry::kind, LedgerEntry::creditsAdded,
              LedgerEntry::creditsUsed, LedgerEntry::balance)
          .containsExactly(
              tuple(1L, Kind.GRANT, credits(100), Credits.zero(), credits(100)),
              tuple(2L, Kind.DEBIT, Credits.zero(), credits(30), credits(70)),
              tuple(3L, Kind.DEBIT, Credits.zero(), credits(20), credits(50)));
      assertThat(w.entries().get(1).reference()).contains(ref("d1"));
    }

    @Test
    void entries_isImmutable() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));

      assertThatThrownBy(() -> w.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void debit_zeroAmount_isRecordedForTheAudit() {
      CreditWallet w = wallet().build();

      Debit d = w.debit(ref("free"), Credits.zero());

      assertThat(d.draws()).isEmpty();
      assertThat(w.entries()).singleElement().extracting(LedgerEntry::kind).isEqualTo(Kind.DEBIT);
    }
  }

  @Nested
  class Bands {

    @Test
    void listener_toldOnceAt75AndOnceAt90_notOnEveryDebit() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 1000));

      w.debit(ref("d1"), credits(749));
      assertThat(crossings).isEmpty();
      w.debit(ref("d2"), credits(1));
      w.debit(ref("d3"), credits(10));
      w.debit(ref("d4"), credits(139));
      w.debit(ref("d5"), credits(1));
      w.debit(ref("d6"), credits(50));

      assertThat(crossings).extracting(ThresholdCrossing::band, ThresholdCrossing::percent, ThresholdCrossing::used)
          .containsExactly(
              tuple(HealthBand.WARNING, 75, 750_000_000L),
              tuple(HealthBand.CRITICAL, 90, 900_000_000L));
      assertThat(crossings.get(0).creditType()).isEmpty();
      assertThat(crossings.get(0).limit()).isEqualTo(1_000_000_000L);
      assertThat(crossings.get(0).tenant()).isEqualTo(ACME);
    }

    @Test
    void listener_reArmedWhenATopUpTakesUsageBackBelow() {
      CreditWallet w = wallet().build();
      w.grant(grant("g1", 100));
      w.debit(ref("d1"), credits(80));
      w.grant(grant("g2", 100));
      assertThat(w.balanceStatus().band()).isEqualTo(HealthBand.OK);

      w.debit(ref("d2"), credits(70));

      assertThat(crossings).extracting(ThresholdCrossing::band).containsExactly(HealthBand.WARNING, HealthBand.WARNING);
    }

    @Test
    void listener_jumpOverBothThresholds_toldOfBothWarningFirst() {
      CreditWallet w = wallet().build();
      w.grant(grant("g", 100));

      w.debit(ref("d1"), credits(95));

      assertThat(crossings).extracting(ThresholdCrossing::band).containsExactly(HealthBand.WARNING, HealthBand.CRITICAL);
    }

    @Test
    void listener_thatThrows_isLoggedAndTheDebitStands() {
      List<ThresholdCrossing> second = new CopyOnWriteArrayList<>();
      CreditWallet w = CreditWallet.builder(ACME).clock(clock)
          .listener(c -> {
            throw new IllegalStateException("listener broke");
          })
          .listener(second::add)
          .build();
      w.grant(grant("g", 100));

      Debit d = w.debit(ref("d1"), credits(80));

      assertThat(d.balanceAfter()).isEqualTo(credits(20));
      assertThat(w.available()).isEqualTo(credits(20));
      assertThat(second).hasSize(1);
    }

    @Test
    void thresholds_areConfigurable() {
      CreditWallet w = wallet().thresholds(50, 80).build();
      w.grant(grant("g", 100));

      w.debit(ref("d1"), credits(50));
      assertThat(w.balanceStatus().band()).isEqualTo(HealthBand.WARNING);
      w.debit(ref("d2"), credits(30));

      assertThat(crossings).extracting(ThresholdCrossing::percent).containsExactly(50, 80);
      assertThat(w.balanceStatus()).isEqualTo(new BalanceStatus(credits(20), credits(100), HealthBand.CRITICAL));
    }

    @Test
    void balanceStatus_withNothingGranted_isCritical() {
      assertThat(wallet().build().balanceStatus())
          .isEqualTo(new BalanceStatus(Credits.zero(), Credits.zero(), HealthBand.CRITICAL));
      assertThat(crossings).isEmpty();
    }

    @Test
    void listener_expiryOfUnusedCreditCanCrossAThreshold() {
      CreditWallet w = wallet().build();
      w.grant(grant("paid", 100));
      w.grant(grant("promo", 100).withPriority(1).withExpiry(T0.plus(Duration.ofDays(1))));
      w.debit(ref("d1"), credits(80)); // from paid: 80 of 200 granted is 40 %
      assertThat(crossings).isEmpty();

      clock.add(Duration.ofDays(1));

      assertThat(w.balanceStatus()).isEqualTo(new BalanceStatus(credits(20), credits(100), HealthBand.WARNING));
      assertThat(crossings).singleElement().satisfies(c -> {
        assertThat(c.band()).isEqualTo(HealthBand.WARNING);
        assertThat(c.at()).isEqualTo(T0.plus(Duration.ofDays(1)));
      });
    }
  }

  @Nested
  class Allotments {

    final Plan pro = Plan.builder("pro")
        .metrics(Metrics.VOICE_MINUTES, Metrics.AI_TEXT_QUERIES, Metrics.CONCURRENT_CALLS, Metrics.SMS_OUTBOUND)
        .allot(CreditType.VOICE_MINUTES, 1_000)
        .allot(CreditType.CONCURRENT_CALLS, 10)
        .build();

    UsageEvent event(String id, Metric metric, long quantity) {
      return UsageEvent.builder(ref(id), ACME, metric).at(T0).quantity(quantity).build();
    }

    @Test
    void recordUsage_voiceSecondsAgainstMinutesAllotment_isExact() {
      CreditWallet w = wallet().plan(pro).build();

      w.recordUsage(CreditType.VOICE_MINUTES, 44_999);
      assertThat(w.allotment(CreditType.VOICE_MINUTES)).contains(
          new AllotmentUsage(CreditType.VOICE_MINUTES, 1_000, 44_999, HealthBand.OK));
      w.recordUsage(CreditType.VOICE_MINUTES, 1);

      assertThat(w.allotment(CreditType.VOICE_MINUTES)).contains(
          new AllotmentUsage(CreditType.VOICE_MINUTES, 1_000, 45_000, HealthBand.WARNING));
      assertThat(crossings).singleElement().satisfies(c -> {
        assertThat(c.creditType()).contains(CreditType.VOICE_MINUTES);
        assertThat(c.used()).isEqualTo(45_000);
        assertThat(c.limit()).isEqualTo(60_000);
      });
    }

    @Test
    void recordUsage_gaugeCountsThePeakNotTheSum() {
      CreditWallet w = wallet().plan(pro).build();

      w.recordUsage(event("c1", Metrics.CONCURRENT_CALLS, 4));
      w.recordUsage(event("c2", Metrics.CONCURRENT_CALLS, 9));
      w.recordUsage(event("c3", Metrics.CONCURRENT_CALLS, 3));

      assertThat(w.used(CreditType.CONCURRENT_CALLS)).isEqualTo(9);
      assertThat(w.allotment(CreditType.CONCURRENT_CALLS).map(AllotmentUsage::band)).contains(HealthBand.CRITICAL);
    }

    @Test
    void recordUsage_sameEventTwice_countsOnce() {
      CreditWallet w = wallet().plan(pro).build();

      assertThat(w.recordUsage(event("call-1", Metrics.VOICE_MINUTES, 61))).isTrue();
      assertThat(w.recordUsage(event("call-1", Metrics.VOICE_MINUTES, 61))).isFalse();

      assertThat(w.used(CreditType.VOICE_MINUTES)).isEqualTo(61);
    }

    @Test
    void recordUsage_reversalSubtracts() {
      CreditWallet w = wallet().plan(pro).build();
      UsageEvent call = event("call-1", Metrics.VOICE_MINUTES, 61);
      w.recordUsage(call);

      w.recordUsage(call.reversal(ref("call-1-fix")));

      assertThat(w.used(CreditType.VOICE_MINUTES)).isZero();
    }

    @Test
    void recordUsage_reversalOfAGauge_isRefused() {
      CreditWallet w = wallet().plan(pro).build();
      UsageEvent reading = event("c1", Metrics.CONCURRENT_CALLS, 4);

      assertThatThrownBy(() -> w.recordUsage(reading.reversal(ref("c1-fix"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event c1-fix reverses a reading of gauge concurrent_calls, which cannot be reversed");
    }

    @Test
    void recordUsage_metricConsumingNoCreditType_isNotCounted() {
      CreditWallet w = wallet().plan(pro).build();

      assertThat(w.recordUsage(event("sms-1", Metrics.SMS_OUTBOUND, 2))).isFalse();
    }

    @Test
    void recordUsage_metricNotOnARejectingPlan_throws() {
      CreditWallet w = wallet().plan(pro).build();

      assertThatThrownBy(() -> w.recordUsage(event("s1", Metrics.PHONE_NUMBERS, 2)))
          .isInstanceOf(MetricNotOnPlanException.class)
          .hasMessage("metric phone_numbers is not on plan pro");
      assertThat(w.used(CreditType.PHONE_NUMBERS)).isZero();
    }

    @Test
    void recordUsage_metricNotOnAnIgnoringPlan_isNotCounted() {
      Plan lenient = Plan.builder("lenient").metric(Metrics.VOICE_MINUTES)
          .unlistedMetrics(UnlistedMetricPolicy.IGNORE).build();
      CreditWallet w = wallet().plan(lenient).build();

      assertThat(w.recordUsage(event("s1", Metrics.PHONE_NUMBERS, 2))).isFalse();
      assertThat(w.used(CreditType.PHONE_NUMBERS)).isZero();
    }

    @Test
    void recordUsage_otherTenantsEvent_isRefused() {
      CreditWallet w = wallet().plan(pro).build();
      UsageEvent other = UsageEvent.builder(ref("e1"), TenantId.of("acme", "other"), Metrics.VOICE_MINUTES)
          .at(T0).quantity(1).build();

      assertThatThrownBy(() -> w.recordUsage(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event e1 of tenant acme/other cannot be recorded in the wallet of acme/main");
    }

    @Test
    void allotments_listEveryAllotmentOfThePlan() {
      CreditWallet w = wallet().plan(pro).build();

      assertThat(w.allotments()).extracting(AllotmentUsage::type)
          .containsExactly(CreditType.VOICE_MINUTES, CreditType.CONCURRENT_CALLS);
      assertThat(w.allotment(CreditType.TEXT_QUERIES)).isEmpty();
      assertThat(wallet().build().allotments()).isEmpty();
    }
  }

  @Nested
  class Building {

    @Test
    void builder_defaults() {
      CreditWallet w = CreditWallet.builder(ACME).build();

      assertThat(w.mode()).isEqualTo(LimitMode.HARD);
      assertThat(w.thresholds()).isEqualTo(Thresholds.of(75, 90));
      assertThat(w.plan()).isEqualTo(Optional.empty());
      assertThat(w.tenant()).isEqualTo(ACME);
    }

    @Test
    void builder_settingTwice_isRefused() {
      assertThatThrownBy(() -> CreditWallet.builder(ACME).mode(LimitMode.HARD).mode(LimitMode.SOFT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("limit mode was already set to HARD");
      assertThatThrownBy(() -> CreditWallet.builder(ACME).thresholds(70, 80).thresholds(75, 90))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("thresholds were already set to Thresholds[warningPercent=70, criticalPercent=80]");
    }

    @Test
    void builder_badThresholds_areRefused() {
      assertThatThrownBy(() -> CreditWallet.builder(ACME).thresholds(90, 75))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("thresholds must satisfy 0 < warning < critical <= 100 but were warning 90 and critical 75");
    }
  }
}
