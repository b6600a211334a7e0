package dev.usage.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.EventOutcome;
import dev.usage.EventOutcome.Status;
import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageFacts;
import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Issue #18, item 2: reversals minted credits. Each case as it was reproduced. */
class Issue18Test {

  static final TenantId ACME = TenantId.of("acme", "support");
  static final WalletId WALLET = WalletId.ofWorkspace(ACME);
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant START = Instant.parse("2026-04-20T10:00:00Z");

  final MutableClock clock = MutableClock.of(Instant.parse("2026-04-25T00:00:00Z"), ZoneOffset.UTC);
  final CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
      RateCard.builder("2026-04", APRIL)
          .increment(BillingIncrement.PER_MINUTE)
          .rate(Metrics.VOICE_MINUTES, Rate.of(100, 60).withIncrements())
          .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 1))
          .rate(Metrics.CALLS, Rate.of(0, 1))
          .build())).build();
  UsageEngine engine;

  @BeforeEach
  void wallet() {
    engine = UsageEngine.builder().calculator(calculator).clock(clock).build();
    engine.ledger().open(WALLET, LimitMode.SOFT);
    engine.ledger().grant(WALLET, Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(1000), APRIL));
  }

  PricedEvent recordCall(String id, long seconds) {
    RecordResult r = engine.record(UsageFacts.call(EventId.of(id), ACME, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(START, START.plusSeconds(seconds)), Dimensions.none()));
    return r.outcomes().stream().map(o -> o.priced().orElseThrow())
        .filter(p -> p.event().metric().equals(Metrics.VOICE_MINUTES)).findFirst().orElseThrow();
  }

  Credits balance() {
    return engine.ledger().balance(ACME).orElseThrow().available();
  }

  @Test
  @DisplayName("an event reversed under two reversal ids is refunded once; the second is a conflict")
  void reverse_twiceWithNewIds_refundsOnce() {
    PricedEvent minutes = recordCall("call-1", 60); // 100 credits: 1,000 -> 900
    assertThat(balance()).isEqualTo(Credits.of(900));

    EventOutcome first = engine.reverse(minutes, EventId.of("r1"));
    EventOutcome second = engine.reverse(minutes, EventId.of("r2"));
    EventOutcome resent = engine.reverse(minutes, EventId.of("r1"));

    assertThat(first.status()).isEqualTo(Status.RECORDED);
    assertThat(second.status()).isEqualTo(Status.CONFLICT);
    assertThat(second.detail()).contains("r1").contains("reversed already");
    assertThat(resent.status()).isEqualTo(Status.DUPLICATE);
    assertThat(balance()).isEqualTo(Credits.of(1000));
  }

  @Test
  @DisplayName("reversing the losing side of a conflict refunds nothing")
  void reverse_conflictLoser_refundsNothing() {
    recordCall("call-1", 60); // 100 credits
    RecordResult conflict = engine.record(UsageFacts.call(EventId.of("call-1"), ACME, Channel.PHONE,
        Direction.INBOUND, CallOutcome.finished(START, START.plusSeconds(600)), Dimensions.none()));
    PricedEvent loser = conflict.outcomes().stream().filter(o -> o.status() == Status.CONFLICT)
        .map(o -> o.priced().orElseThrow()).filter(p -> p.event().metric().equals(Metrics.VOICE_MINUTES))
        .findFirst().orElseThrow(); // 1,000 credits, never debited

    EventOutcome reversal = engine.reverse(loser, EventId.of("r1"));

    assertThat(reversal.status()).isEqualTo(Status.CONFLICT);
    assertThat(reversal.detail()).contains("not the exact negation");
    assertThat(balance()).isEqualTo(Credits.of(900));
  }

  @Test
  @DisplayName("reversing an event that was never stored refunds nothing")
  void reverse_neverStored_refundsNothing() {
    PricedEvent ghost = calculator.price(UsageFacts.call(EventId.of("ghost"), ACME, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(START, START.plusSeconds(60)), Dimensions.none()).get(1));

    EventOutcome reversal = engine.reverse(ghost, EventId.of("r1"));

    assertThat(reversal.status()).isEqualTo(Status.CONFLICT);
    assertThat(reversal.detail()).contains("not stored");
    assertThat(balance()).isEqualTo(Credits.of(1000));
  }
}
