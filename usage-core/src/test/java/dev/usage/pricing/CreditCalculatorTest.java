package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreditCalculatorTest {

  static final TenantId TENANT = TenantId.of("acme", "main");
  static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  static final Instant APRIL_2 = Instant.parse("2026-04-02T10:00:00Z");

  static final Dimensions GPT_4O = Dimensions.builder().provider("openai").model("gpt-4o").build();
  static final Dimensions GPT_4O_MINI = Dimensions.builder().provider("openai").model("gpt-4o-mini").build();
  static final Dimensions UNKNOWN_MODEL = Dimensions.builder().provider("openai").model("o9-preview").build();

  private int ids;

  static RateCard.Builder base(String version, Instant from) {
    return RateCard.builder(version, from)
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
        .rate(Metrics.STT_SECONDS, Rate.of(1, 60))
        .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
        .rate(Metrics.PROMPT_TOKENS, Rate.of(1, 1000))
        .rate(Metrics.COMPLETION_TOKENS, Rate.of(new BigDecimal("0.5"), 1000))
        .rate(Metrics.AUDIO_INPUT_TOKENS, Rate.of(4, 1000))
        .rate(Metrics.AUDIO_OUTPUT_TOKENS, Rate.of(8, 1000))
        .multiplier("openai", "gpt-4o", CreditMultiplier.parse("3"))
        .multiplier("openai", "gpt-4o-mini", CreditMultiplier.parse("0.2"))
        .cachedTokenFactor(CreditMultiplier.parse("0.5"))
        .increment(BillingIncrement.PER_MINUTE);
  }

  static CreditCalculator calculator(RateCard... cards) {
    return CreditCalculator.builder().rateCards(RateCardHistory.of(cards)).build();
  }

  UsageEvent event(Metric metric, long quantity, Instant at, Dimensions dimensions) {
    return UsageEvent.builder(EventId.of("e" + ++ids), TENANT, metric)
        .at(at).quantity(quantity).dimensions(dimensions).build();
  }

  UsageEvent event(Metric metric, long quantity) {
    return event(metric, quantity, APRIL_2, Dimensions.none());
  }

  @Test
  void price_61SecondCallBillsWholeIncrementsOfThePlan() {
    CreditCalculator basePlan = calculator(base("base-2026-04", APRIL).build());
    CreditCalculator proPlan = calculator(RateCard.builder("pro-2026-04", APRIL)
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
        .increment(BillingIncrement.PER_HALF_MINUTE)
        .build());
    UsageEvent call = event(Metrics.VOICE_MINUTES, 61);

    PricedEvent onBase = basePlan.price(call);
    PricedEvent onPro = proPlan.price(call);

    assertThat(onBase.billableQuantity()).isEqualTo(120);
    assertThat(onBase.credits()).isEqualTo(Credits.of(2));
    assertThat(onBase.trace().increment()).contains(BillingIncrement.PER_MINUTE);
    assertThat(onPro.billableQuantity()).isEqualTo(90);
    assertThat(onPro.credits()).isEqualTo(Credits.parse("1.5"));
  }

  @Test
  void price_secondsNotBilledInIncrementsArePricedExactly() {
    PricedEvent stt = calculator(base("2026-04", APRIL).build()).price(event(Metrics.STT_SECONDS, 61));

    assertThat(stt.billableQuantity()).isEqualTo(61);
    // 61/60 = 1.01666..., rounded half up to the micro-credit
    assertThat(stt.credits()).isEqualTo(Credits.parse("1.016667"));
    assertThat(stt.trace().increment()).isEmpty();
  }

  @Test
  void price_premiumModelCostsMoreCreditsPerTokenThanLightModel() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());

    PricedEvent premium = calc.price(event(Metrics.COMPLETION_TOKENS, 10_000, APRIL_2, GPT_4O));
    PricedEvent light = calc.price(event(Metrics.COMPLETION_TOKENS, 10_000, APRIL_2, GPT_4O_MINI));

    assertThat(premium.credits()).isEqualTo(Credits.of(15));
    assertThat(light.credits()).isEqualTo(Credits.of(1));
    assertThat(premium.trace().multiplier()).isEqualTo(CreditMultiplier.parse("3"));
    assertThat(premium.trace().multiplierModel()).contains("openai/gpt-4o");
  }

  @Test
  void price_unknownModelUsesTheDefaultMultiplier() {
    CreditCalculator ones = calculator(base("2026-04", APRIL).build());
    CreditCalculator surcharged = calculator(base("2026-04", APRIL)
        .defaultMultiplier(CreditMultiplier.parse("1.5")).build());

    PricedEvent unknown = ones.price(event(Metrics.COMPLETION_TOKENS, 10_000, APRIL_2, UNKNOWN_MODEL));
    PricedEvent noModel = ones.price(event(Metrics.COMPLETION_TOKENS, 10_000));
    PricedEvent defaulted = surcharged.price(event(Metrics.COMPLETION_TOKENS, 10_000, APRIL_2, UNKNOWN_MODEL));

    assertThat(unknown.credits()).isEqualTo(Credits.of(5));
    assertThat(unknown.trace().multiplierModel()).isEmpty();
    assertThat(noModel.credits()).isEqualTo(Credits.of(5));
    assertThat(defaulted.credits()).isEqualTo(Credits.parse("7.5"));
  }

  @Test
  void price_multipliersDoNotApplyToMetricsThatAreNotTokens() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).defaultMultiplier(CreditMultiplier.parse("2")).build());

    PricedEvent sms = calc.price(event(Metrics.SMS_OUTBOUND, 3, APRIL_2, GPT_4O));

    assertThat(sms.credits()).isEqualTo(Credits.of(6));
    assertThat(sms.trace().multiplier()).isEqualTo(CreditMultiplier.ONE);
  }

  @Test
  void price_cachedTokensPayTheFactorOfThePromptPrice() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());

    PricedEvent uncached = calc.price(event(Metrics.PROMPT_TOKENS, 2_000, APRIL_2, GPT_4O));
    PricedEvent cached = calc.price(event(Metrics.CACHED_TOKENS, 2_000, APRIL_2, GPT_4O));

    assertThat(uncached.credits()).isEqualTo(Credits.of(6));
    assertThat(cached.credits()).isEqualTo(Credits.of(3));
    assertThat(cached.trace().rateMetric()).isEqualTo("prompt_tokens");
    assertThat(cached.trace().cachedTokenFactor()).contains(CreditMultiplier.parse("0.5"));
  }

  @Test
  void price_cachedTokensWithTheirOwnRateIgnoreThePromptRate() {
    CreditCalculator calc = calculator(RateCard.builder("2026-04", APRIL)
        .rate(Metrics.PROMPT_TOKENS, Rate.of(1, 1000))
        .rate(Metrics.CACHED_TOKENS, Rate.of(new BigDecimal("0.1"), 1000))
        .multiplier("openai", "gpt-4o", CreditMultiplier.parse("3"))
        .build());

    PricedEvent cached = calc.price(event(Metrics.CACHED_TOKENS, 2_000, APRIL_2, GPT_4O));

    assertThat(cached.credits()).isEqualTo(Credits.parse("0.6"));
    assertThat(cached.trace().rateMetric()).isEqualTo("cached_tokens");
    assertThat(cached.trace().cachedTokenFactor()).isEmpty();
  }

  @Test
  void price_audioTokensHaveTheirOwnRates() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    Dimensions realtime = Dimensions.builder().provider("openai").model("gpt-4o").build();

    PricedEvent in = calc.price(event(Metrics.AUDIO_INPUT_TOKENS, 1_000, APRIL_2, realtime));
    PricedEvent out = calc.price(event(Metrics.AUDIO_OUTPUT_TOKENS, 1_000, APRIL_2, realtime));
    PricedEvent text = calc.price(event(Metrics.PROMPT_TOKENS, 1_000, APRIL_2, realtime));

    assertThat(in.credits()).isEqualTo(Credits.of(12));
    assertThat(out.credits()).isEqualTo(Credits.of(24));
    assertThat(text.credits()).isEqualTo(Credits.of(3));
  }

  @Test
  void price_usesTheCardInForceAtTheEventsTime() {
    RateCard march = RateCard.builder("2026-03", MARCH).rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1)).build();
    RateCard april = RateCard.builder("2026-04", APRIL).rate(Metrics.SMS_OUTBOUND, Rate.of(3, 1)).build();
    CreditCalculator calc = calculator(april, march);

    PricedEvent before = calc.price(event(Metrics.SMS_OUTBOUND, 1, APRIL.minusNanos(1), Dimensions.none()));
    PricedEvent at = calc.price(event(Metrics.SMS_OUTBOUND, 1, APRIL, Dimensions.none()));
    PricedEvent after = calc.price(event(Metrics.SMS_OUTBOUND, 1, APRIL_2, Dimensions.none()));

    assertThat(before.credits()).isEqualTo(Credits.of(2));
    assertThat(before.trace().rateCardVersion()).isEqualTo("2026-03");
    assertThat(at.credits()).isEqualTo(Credits.of(3));
    assertThat(after.trace().rateCardVersion()).isEqualTo("2026-04");
  }

  @Test
  void price_addingACardNeverChangesWhatWasPricedBefore() {
    RateCard march = RateCard.builder("2026-03", MARCH).rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1)).build();
    CreditCalculator old = calculator(march);
    UsageEvent sms = event(Metrics.SMS_OUTBOUND, 5, APRIL_2, Dimensions.none());
    PricedEvent stored = old.price(sms);

    RateCardHistory withApril = old.rateCards()
        .with(RateCard.builder("2026-04", APRIL).rate(Metrics.SMS_OUTBOUND, Rate.of(3, 1)).build());
    CreditCalculator current = CreditCalculator.builder().rateCards(withApril).build();

    assertThat(stored.credits()).isEqualTo(Credits.of(10));
    assertThat(stored).isEqualTo(old.price(sms));
    assertThat(current.price(sms).credits()).isEqualTo(Credits.of(15));
    assertThat(old.rateCards().cards()).containsExactly(march);
    // a correction after the change refunds what was charged, not today's price
    assertThat(current.reverse(stored, EventId.of("r1")).credits()).isEqualTo(Credits.of(-10));
  }

  @Test
  void price_beforeTheFirstCardRejectedNamingTheInstant() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());

    assertThatThrownBy(() -> calc.price(event(Metrics.SMS_OUTBOUND, 1, MARCH, Dimensions.none())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rate card is in force at 2026-03-01T00:00:00Z: the first, 2026-04, takes effect at "
            + "2026-04-01T00:00:00Z");
  }

  @Test
  void price_unratedMetricRejectedByDefaultNamingMetricAndCard() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    UsageEvent tts = event(Metrics.TTS_CHARACTERS, 500);

    assertThat(calc.unratedMetrics()).isEqualTo(CreditCalculator.UnratedMetrics.REJECT);
    assertThatThrownBy(() -> calc.price(tts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric tts_characters of event " + tts.id() + " has no rate on rate card 2026-04 in force at "
            + "2026-04-02T10:00:00Z");
  }

  @Test
  void price_unratedMetricFreeWhenConfigured() {
    CreditCalculator calc = CreditCalculator.builder()
        .rateCards(RateCardHistory.of(base("2026-04", APRIL).build()))
        .unratedMetrics(CreditCalculator.UnratedMetrics.FREE)
        .build();

    PricedEvent tts = calc.price(event(Metrics.TTS_CHARACTERS, 500));

    assertThat(tts.credits()).isEqualTo(Credits.zero());
    assertThat(tts.billableQuantity()).isEqualTo(500);
    assertThat(tts.trace().rate()).isEmpty();
    assertThat(tts.explain()).containsExactly("500 tts_characters: no rate on rate card 2026-04, free = 0 credits");
  }

  @Test
  void price_roundsHalfUpOnceToTheMicroCredit() {
    CreditCalculator calc = calculator(RateCard.builder("2026-04", APRIL)
        .rate(Metrics.PROMPT_TOKENS, Rate.of(new BigDecimal("0.000001"), 2))
        .rate(Metrics.COMPLETION_TOKENS, Rate.of(new BigDecimal("0.000001"), 3))
        .build());

    assertThat(CreditCalculator.ROUNDING).isEqualTo(RoundingMode.HALF_UP);
    assertThat(calc.price(event(Metrics.PROMPT_TOKENS, 1)).credits()).isEqualTo(Credits.ofMicros(1));
    assertThat(calc.price(event(Metrics.COMPLETION_TOKENS, 1)).credits()).isEqualTo(Credits.zero());
    assertThat(calc.price(event(Metrics.COMPLETION_TOKENS, 2)).credits()).isEqualTo(Credits.ofMicros(1));
  }

  @Test
  void price_scaledSecondsStartABlockWithAnyFraction() {
    Metric seconds = Metric.custom("acme:agent_time", Unit.SECONDS, Aggregation.SUM, 3, "agent time in ms");
    CreditCalculator calc = calculator(RateCard.builder("2026-04", APRIL)
        .rate(seconds, Rate.of(1, 60).withIncrements())
        .increment(BillingIncrement.PER_HALF_MINUTE)
        .build());

    PricedEvent priced = calc.price(event(seconds, 60_001));

    assertThat(priced.billableQuantity()).isEqualTo(90_000);
    assertThat(priced.credits()).isEqualTo(Credits.parse("1.5"));
    assertThat(priced.explain()).containsExactly("60.001 s acme:agent_time billed as 90 s on 30/30 increments"
        + " × 1 credit per 60 s = 1.5 credits (rate card 2026-04, rounded HALF_UP to 0.000001)");
  }

  @Test
  void price_overflowThrowsInsteadOfWrapping() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).rate(Metrics.TTS_CHARACTERS, Rate.of(1, 1)).build());

    assertThatThrownBy(() -> calc.price(event(Metrics.TTS_CHARACTERS, Long.MAX_VALUE)))
        .isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("9223372036854775807 units of tts_characters at 1 per 1 on rate card 2026-04");
    assertThatThrownBy(() -> calc.price(event(Metrics.VOICE_MINUTES, Long.MAX_VALUE - 1)))
        .isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("billable seconds overflow");
  }

  @Test
  void price_rawReversalRejectedPointingToReverse() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    UsageEvent reversal = event(Metrics.SMS_OUTBOUND, 1).reversal(EventId.of("r1"));

    assertThatThrownBy(() -> calc.price(reversal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event r1 reverses e1 and cannot be priced on its own")
        .hasMessageContaining("reverse(original, r1)");
  }

  @Test
  void reverse_negatesQuantityAndCreditsWithTheOriginalsTrace() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    PricedEvent call = calc.price(event(Metrics.VOICE_MINUTES, 61));

    PricedEvent reversal = calc.reverse(call, EventId.of("r1"));

    assertThat(reversal.event().quantity()).isEqualTo(-61);
    assertThat(reversal.event().reverses()).contains(call.event().id());
    assertThat(reversal.billableQuantity()).isEqualTo(-120);
    assertThat(reversal.credits()).isEqualTo(Credits.of(-2));
    assertThat(reversal.trace()).isSameAs(call.trace());
    assertThat(Credits.sum(List.of(call.credits(), reversal.credits()))).isEqualTo(Credits.zero());
    assertThat(reversal.explain()).containsExactly(
        "reversal r1 of event e1 refunds 2 credits, as the event was priced:",
        "61 s voice_minutes billed as 120 s on 60/60 increments × 1 credit per 60 s = 2 credits"
            + " (rate card 2026-04, rounded HALF_UP to 0.000001)");
  }

  @Test
  void reverse_ofAReversalRejected() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    PricedEvent reversal = calc.reverse(calc.price(event(Metrics.SMS_OUTBOUND, 1)), EventId.of("r1"));

    assertThatThrownBy(() -> calc.reverse(reversal, EventId.of("r2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event r1 is a reversal and cannot be reversed again");
  }

  @Test
  void explain_showsRateMultiplierAndFactor() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).defaultMultiplier(CreditMultiplier.parse("1.5")).build());

    assertThat(calc.price(event(Metrics.VOICE_MINUTES, 61)).explain()).containsExactly(
        "61 s voice_minutes billed as 120 s on 60/60 increments × 1 credit per 60 s = 2 credits"
            + " (rate card 2026-04, rounded HALF_UP to 0.000001)");
    assertThat(calc.price(event(Metrics.COMPLETION_TOKENS, 1_200, APRIL_2, GPT_4O)).explain()).containsExactly(
        "1200 completion_tokens × 0.5 credits per 1000 tokens × 3 for openai/gpt-4o = 1.8 credits"
            + " (rate card 2026-04, rounded HALF_UP to 0.000001)");
    assertThat(calc.price(event(Metrics.CACHED_TOKENS, 1_000, APRIL_2, GPT_4O_MINI)).explain()).containsExactly(
        "1000 cached_tokens × 1 credit per 1000 prompt_tokens × 0.2 for openai/gpt-4o-mini"
            + " × 0.5 cached-token factor = 0.1 credits (rate card 2026-04, rounded HALF_UP to 0.000001)");
    assertThat(calc.price(event(Metrics.PROMPT_TOKENS, 10, APRIL_2, UNKNOWN_MODEL)).explain()).containsExactly(
        "10 prompt_tokens × 1 credit per 1000 tokens × 1.5 default model multiplier = 0.015 credits"
            + " (rate card 2026-04, rounded HALF_UP to 0.000001)");
    assertThat(calc.price(event(Metrics.SMS_OUTBOUND, 1)).explain()).containsExactly(
        "1 sms_outbound × 2 credits per segment = 2 credits (rate card 2026-04, rounded HALF_UP to 0.000001)");
  }

  @Test
  void invoiceTotal_isTheExactSumOfPerEventCredits() {
    CreditCalculator calc = calculator(base("2026-04", APRIL).build());
    List<PricedEvent> lines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      lines.add(calc.price(event(Metrics.STT_SECONDS, 20)));
    }
    lines.add(calc.price(event(Metrics.VOICE_MINUTES, 61)));
    lines.add(calc.price(event(Metrics.COMPLETION_TOKENS, 1_234, APRIL_2, GPT_4O)));
    lines.add(calc.reverse(lines.get(3), EventId.of("r-call")));

    Credits total = Credits.sum(lines.stream().map(PricedEvent::credits).toList());

    // each third of a credit is rounded once, per event, and the invoice adds those exactly
    assertThat(lines.get(0).credits()).isEqualTo(Credits.parse("0.333333"));
    assertThat(total).isEqualTo(Credits.parse("2.850999"));
    assertThat(total.micros()).isEqualTo(lines.stream().mapToLong(l -> l.credits().micros()).sum());
  }

  @Test
  void pricedEvent_wrongSignRejected() {
    PricedEvent ok = calculator(base("2026-04", APRIL).build()).price(event(Metrics.SMS_OUTBOUND, 1));

    assertThatThrownBy(() -> new PricedEvent(ok.event(), Credits.of(-2), 1, ok.trace()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event e1 must not carry negative credits or billable quantity but had -2 and 1");
    assertThatThrownBy(() -> new PricedEvent(ok.event().reversal(EventId.of("r1")), Credits.of(2), -1, ok.trace()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reversal r1 must carry negated credits and billable quantity but had 2 and -1");
  }

  @Test
  void pricingTrace_incrementWithoutIncrementalRateRejected() {
    assertThatThrownBy(() -> new PricingTrace("v1", Optional.of(Rate.of(1, 60)), "voice_minutes", CreditMultiplier.ONE,
        Optional.empty(), Optional.empty(), Optional.of(BillingIncrement.PER_MINUTE), RoundingMode.HALF_UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pricing trace of rate card v1 has increment");
  }

  @Test
  void builder_withoutRateCardsRejected() {
    assertThatThrownBy(() -> CreditCalculator.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("credit calculator needs rate cards: call rateCards(RateCardHistory)");
    assertThatThrownBy(() -> CreditCalculator.builder()
        .unratedMetrics(CreditCalculator.UnratedMetrics.FREE)
        .unratedMetrics(CreditCalculator.UnratedMetrics.REJECT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unrated metrics were already set to FREE");
  }
}
