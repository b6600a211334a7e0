package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateCardTest {

  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");

  @Test
  void build_keepsWhatWasSet() {
    RateCard card = CreditCalculatorTest.base("2026-04", APRIL).build();

    assertThat(card.version()).isEqualTo("2026-04");
    assertThat(card.effectiveFrom()).isEqualTo(APRIL);
    assertThat(card.rate(Metrics.VOICE_MINUTES)).contains(Rate.parse("1 per 60 in increments"));
    assertThat(card.rate(Metrics.CACHED_TOKENS)).isEmpty();
    assertThat(card.multiplier("openai", "gpt-4o")).contains(CreditMultiplier.parse("3"));
    assertThat(card.multiplier("openai", "o9")).isEmpty();
    assertThat(card.defaultMultiplier()).isEqualTo(CreditMultiplier.ONE);
    assertThat(card.cachedTokenFactor()).contains(CreditMultiplier.parse("0.5"));
    assertThat(card.increment()).contains(BillingIncrement.PER_MINUTE);
    assertThat(card).isEqualTo(CreditCalculatorTest.base("2026-04", APRIL).build())
        .hasSameHashCodeAs(CreditCalculatorTest.base("2026-04", APRIL).build())
        .isNotEqualTo(CreditCalculatorTest.base("2026-05", APRIL).build());
  }

  @Test
  void build_malformedVersionRejected() {
    assertThatThrownBy(() -> RateCard.builder("april 2026", APRIL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card version 'april 2026' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
  }

  @Test
  void build_incrementsOnlyForSeconds() {
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1).withIncrements())
        .increment(BillingIncrement.PER_MINUTE)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card v1 bills sms_outbound in increments, but only metrics counting seconds can be;"
            + " sms_outbound counts SEGMENTS");
  }

  @Test
  void build_incrementalRateNeedsAnIncrement() {
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card v1 bills voice_minutes in increments but has no billing increment");
  }

  @Test
  void build_unusedIncrementRejected() {
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60))
        .increment(BillingIncrement.PER_HALF_MINUTE)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card v1 has billing increment 30/30 but no rate billed in increments");
  }

  @Test
  void build_cachedTokenFactorRules() {
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .rate(Metrics.PROMPT_TOKENS, Rate.of(1, 1000))
        .cachedTokenFactor(CreditMultiplier.parse("1.5"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cached-token factor of rate card v1 must be at most 1 but was 1.5");
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .cachedTokenFactor(CreditMultiplier.parse("0.5"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card v1 has cached-token factor 0.5 but no rate for prompt_tokens to apply it to");
    assertThatThrownBy(() -> RateCard.builder("v1", APRIL)
        .rate(Metrics.PROMPT_TOKENS, Rate.of(1, 1000))
        .rate(Metrics.CACHED_TOKENS, Rate.of(1, 2000))
        .cachedTokenFactor(CreditMultiplier.parse("0.5"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card v1 has both a rate 1 per 2000 for cached_tokens and a cached-token factor 0.5; set one");
  }

  @Test
  void builder_secondValueForTheSameKeyRejected() {
    RateCard.Builder b = RateCard.builder("v1", APRIL)
        .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
        .multiplier("openai", "gpt-4o", CreditMultiplier.parse("3"));

    assertThatThrownBy(() -> b.rate(Metrics.SMS_OUTBOUND, Rate.of(3, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rate of sms_outbound was already set to 2 per 1");
    assertThatThrownBy(() -> b.multiplier("openai", "gpt-4o", CreditMultiplier.ONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("multiplier of openai/gpt-4o was already set to 3");
    assertThatThrownBy(() -> b.multiplier("", "gpt-4o", CreditMultiplier.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier needs a provider and a model but was for '/gpt-4o'");
  }
}
