package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.event.CallOutcome;
import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.sms.SmsAnalysis;
import dev.usage.sms.SmsEncoding;
import dev.usage.sms.SmsSegments;
import dev.usage.time.UsageRange;
import dev.usage.UsageEngine;
import dev.usage.spi.LedgerQuery;
import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.DepletionForecast;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the snippets of README.md, so that the README cannot drift from the API. */
class ReadmeExamplesTest {

  @Test
  void primitives() {
    SmsAnalysis sms = SmsSegments.analyze("Thanks for calling! 😀");
    assertThat(sms.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(sms.segmentCount()).isEqualTo(1);
    assertThat(sms.unitCount()).isEqualTo(22);

    BillingIncrement pro = BillingIncrement.every(Duration.ofSeconds(30));
    assertThat(pro.billable(Duration.ofSeconds(61))).isEqualTo(Duration.ofSeconds(90));
    assertThat(BillingIncrement.parse("60/6").billableSeconds(Duration.ofSeconds(61))).isEqualTo(66);

    UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
    assertThat(april.endInstant()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(april.dayOf(Instant.parse("2026-05-01T05:00:00Z"))).isEqualTo(LocalDate.parse("2026-05-01"));
    assertThat(april.splitByDays(7)).hasSize(5);
  }

  @Test
  void meteringAndPricing() {
    TenantId acme = TenantId.of("acme", "support");
    Instant start = Instant.parse("2026-04-30T22:00:00Z");

    List<UsageEvent> call = UsageFacts.call(EventId.of("call-42"), acme, Channel.PHONE, Direction.INBOUND,
        CallOutcome.finished(start, start.plusSeconds(61)), Dimensions.builder().phoneNumber("+14155550100").build());
    List<UsageEvent> completion = UsageFacts.aiCompletion(EventId.of("req-7"), acme, start, "openai", "gpt-4o",
        ModelType.CHAT, TokenCounts.of(1_200, 300).withCached(1_000), Dimensions.none());

    RateCard april = RateCard.builder("2026-04", Instant.parse("2026-04-01T00:00:00Z"))
        .increment(BillingIncrement.PER_MINUTE)
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())      // 1 credit a minute
        .rate(Metrics.INBOUND_MINUTES, Rate.of(0, 60))
        .rate(Metrics.CALLS, Rate.of(0, 1))
        .rate(Metrics.AI_MESSAGES, Rate.of(0, 1))
        .rate(Metrics.PROMPT_TOKENS, Rate.of(new BigDecimal("0.5"), 1_000)) // 0.5 credits per 1K tokens
        .rate(Metrics.COMPLETION_TOKENS, Rate.of(2, 1_000))
        .cachedTokenFactor(CreditMultiplier.of(new BigDecimal("0.5")))
        .multiplier("openai", "gpt-4o", CreditMultiplier.of(new BigDecimal("2.5")))
        .build();
    CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(april)).build();

    PricedEvent minutes = calculator.price(call.stream()
        .filter(e -> e.metric().equals(Metrics.VOICE_MINUTES)).findFirst().orElseThrow());
    assertThat(minutes.billableQuantity()).isEqualTo(120);
    assertThat(minutes.credits()).isEqualTo(Credits.of(2));

    Credits total = Credits.sum(completion.stream().map(calculator::price).map(PricedEvent::credits).toList());
    // 200 uncached × 0.0005 × 2.5 + 1,000 cached × 0.0005 × 2.5 × 0.5 + 300 × 0.002 × 2.5
    assertThat(total).isEqualTo(Credits.parse("2.375"));
  }

  @Test
  void ledger() {
    Clock clock = Clock.fixed(Instant.parse("2026-04-15T12:00:00Z"), ZoneOffset.UTC);
    TenantId acme = TenantId.of("acme", "support");
    UsageEngine engine = UsageEngine.builder()
        .calculator(CreditCalculator.builder().rateCards(RateCardHistory.of(RateCard.builder("2026-04",
            Instant.parse("2026-04-01T00:00:00Z")).rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
            .rate(Metrics.SMS_CHARACTERS, Rate.of(0, 1)).build())).build())
        .clock(clock).build();
    Ledger ledger = engine.ledger();
    WalletId acmeWallet = WalletId.ofWorkspace(acme);
    ledger.open(acmeWallet, LimitMode.HARD);
    ledger.grant(acmeWallet, Grant.of("april-plan", GrantKind.PLAN_GRANT, Credits.of(1_000),
        Instant.parse("2026-04-01T00:00:00Z")).withExpiry(Instant.parse("2026-05-01T00:00:00Z")));
    ledger.grant(acmeWallet, Grant.of("stripe-pi_3Nx", GrantKind.TOP_UP, Credits.of(500), clock.instant()));

    List<UsageEvent> sms = UsageFacts.sms(EventId.of("sms-1"), acme, Instant.parse("2026-04-15T10:00:00Z"),
        Direction.OUTBOUND, "hello", Dimensions.none());
    engine.record(sms);
    engine.record(sms); // a retry: duplicates, not debited again

    assertThat(ledger.balance(acme).orElseThrow().available()).isEqualTo(Credits.of(1_498));
    assertThat(ledger.entries(LedgerQuery.newest(acmeWallet, 50).ofKinds(LedgerEntry.Kind.GRANT)).entries())
        .extracting(e -> e.grantId().orElseThrow()).containsExactly("stripe-pi_3Nx", "april-plan");
    assertThat(ledger.forecast(acme, DepletionForecast.DEFAULT_WINDOW).orElseThrow().depletionDate()).isPresent();
  }

}
