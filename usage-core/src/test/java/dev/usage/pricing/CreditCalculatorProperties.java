package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.statistics.StatisticsReport.StatisticsReportMode;
import net.jqwik.api.constraints.IntRange;

class CreditCalculatorProperties {

  static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  static final long SPAN_SECONDS = Duration.ofDays(92).toSeconds();
  static final List<Metric> METRICS = List.of(Metrics.VOICE_MINUTES, Metrics.STT_SECONDS, Metrics.SMS_OUTBOUND,
      Metrics.PROMPT_TOKENS, Metrics.COMPLETION_TOKENS, Metrics.CACHED_TOKENS, Metrics.AUDIO_OUTPUT_TOKENS);
  static final List<Dimensions> MODELS = List.of(Dimensions.none(), CreditCalculatorTest.GPT_4O,
      CreditCalculatorTest.GPT_4O_MINI, CreditCalculatorTest.UNKNOWN_MODEL);

  static final CreditCalculator CALCULATOR =
      CreditCalculatorTest.calculator(CreditCalculatorTest.base("2026-03", MARCH).build());

  @Property
  @StatisticsReport(label = "path", value = StatisticsReportMode.OFF)
  void quote_fastPathEqualsBigDecimalReference(
      @ForAll("rates") Rate rate,
      @ForAll("multipliers") CreditMultiplier multiplier,
      @ForAll("factors") CreditMultiplier factor,
      @ForAll @IntRange(min = 0, max = 9) int metricScale,
      @ForAll("quantities") long quantity) {
    Quote quote = Quote.of(rate, multiplier, factor, metricScale, PricingTrace.unrated("v1", "m"));
    BigDecimal exact = BigDecimal.valueOf(quantity, metricScale)
        .multiply(rate.credits()).multiply(multiplier.value()).multiply(factor.value());
    BigInteger reference = exact.divide(BigDecimal.valueOf(rate.per()), Credits.SCALE, CreditCalculator.ROUNDING)
        .unscaledValue();

    long fast = quote.fastMicros(quantity);
    Statistics.label("path").collect(fast >= 0 ? "fast" : reference.bitLength() < 64 ? "slow" : "overflow");
    // both paths and the overflow must actually be exercised, or the comparison proves little
    Statistics.label("path").coverage(c -> {
      c.check("fast").percentage(p -> p >= 30);
      c.check("slow").count(n -> n >= 10);
      c.check("overflow").count(n -> n >= 1);
    });
    if (reference.bitLength() < 64) {
      assertThat(quote.micros(quantity)).isEqualTo(reference.longValueExact());
      assertThat(quote.slowMicros(quantity)).isEqualTo(reference.longValueExact());
      if (fast >= 0) {
        assertThat(fast).isEqualTo(reference.longValueExact());
      }
    } else {
      assertThatThrownBy(() -> quote.micros(quantity)).isInstanceOf(UsageOverflowException.class);
    }
  }

  @Property
  void credits_additiveAcrossAnySplitOfTheEvents(
      @ForAll("events") List<UsageEvent> events, @ForAll("groups") List<Integer> groups) {
    List<PricedEvent> priced = events.stream().map(CALCULATOR::price).toList();
    Map<Integer, List<Credits>> parts = new HashMap<>();
    for (int i = 0; i < priced.size(); i++) {
      parts.computeIfAbsent(groups.get(i % groups.size()), g -> new ArrayList<>()).add(priced.get(i).credits());
    }

    Credits whole = Credits.sum(priced.stream().map(PricedEvent::credits).toList());
    Credits sumOfParts = Credits.sum(parts.values().stream().map(Credits::sum).toList());

    assertThat(sumOfParts).isEqualTo(whole);
  }

  @Property
  void rateChanges_doNotAlterAlreadyPricedEvents(
      @ForAll("events") List<UsageEvent> events,
      @ForAll("offsets") long newCardOffsetSeconds,
      @ForAll("rates") Rate newVoiceRate) {
    List<PricedEvent> stored = events.stream().map(CALCULATOR::price).toList();
    Instant changeAt = MARCH.plusSeconds(newCardOffsetSeconds);
    RateCard newCard = RateCard.builder("2026-new", changeAt)
        .rate(Metrics.VOICE_MINUTES, newVoiceRate.withIncrements())
        .increment(BillingIncrement.PER_HALF_MINUTE)
        .build();
    CreditCalculator changed = CreditCalculator.builder()
        .rateCards(CALCULATOR.rateCards().with(newCard))
        .unratedMetrics(CreditCalculator.UnratedMetrics.FREE)
        .build();

    for (int i = 0; i < events.size(); i++) {
      UsageEvent e = events.get(i);
      assertThat(stored.get(i)).isEqualTo(CALCULATOR.price(e));
      if (e.occurredAt().isBefore(changeAt)) {
        assertThat(changed.price(e)).isEqualTo(stored.get(i));
      }
      assertThat(changed.reverse(stored.get(i), EventId.of("r" + i)).credits())
          .isEqualTo(stored.get(i).credits().negated());
    }
  }

  @Property
  void price_billsAtLeastTheQuantityAndIsMonotonicInIt(@ForAll("events") List<UsageEvent> events) {
    for (UsageEvent e : events) {
      PricedEvent priced = CALCULATOR.price(e);
      UsageEvent more = UsageEvent.builder(EventId.of("more"), e.tenant(), e.metric())
          .at(e.occurredAt()).quantity(e.quantity() + 1).dimensions(e.dimensions()).build();

      assertThat(priced.billableQuantity()).isGreaterThanOrEqualTo(e.quantity());
      assertThat(CALCULATOR.price(more).credits()).isGreaterThanOrEqualTo(priced.credits());
    }
  }

  @Provide
  Arbitrary<Rate> rates() {
    Arbitrary<BigDecimal> credits = Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000_000_000L), Arbitraries.integers().between(0, Credits.SCALE))
        .as(BigDecimal::valueOf);
    Arbitrary<Long> per = Arbitraries.oneOf(
        Arbitraries.of(1L, 60L, 1000L, 1_000_000L), Arbitraries.longs().between(1, Long.MAX_VALUE));
    return Combinators.combine(credits, per).as(Rate::of);
  }

  @Provide
  Arbitrary<CreditMultiplier> multipliers() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000_000L), Arbitraries.integers().between(0, CreditMultiplier.SCALE))
        .as((unscaled, scale) -> CreditMultiplier.of(BigDecimal.valueOf(unscaled, scale)));
  }

  @Provide
  Arbitrary<CreditMultiplier> factors() {
    return Arbitraries.longs().between(0, 1_000_000)
        .map(unscaled -> CreditMultiplier.of(BigDecimal.valueOf(unscaled, CreditMultiplier.SCALE)));
  }

  @Provide
  Arbitrary<Long> quantities() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 100_000),
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.of(0L, 1L, Long.MAX_VALUE));
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.longs().between(1, SPAN_SECONDS);
  }

  @Provide
  Arbitrary<List<Integer>> groups() {
    return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(50);
  }

  @Provide
  Arbitrary<List<UsageEvent>> events() {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    Arbitrary<UsageEvent> event = Combinators.combine(
            Arbitraries.of(METRICS), Arbitraries.longs().between(0, 10_000_000), Arbitraries.longs().between(0, SPAN_SECONDS),
            Arbitraries.of(MODELS), index)
        .as((metric, quantity, offset, dims, id) -> UsageEvent.builder(
                EventId.of("e" + id), TenantId.of("acme", "main"), metric)
            .at(MARCH.plusSeconds(offset)).quantity(quantity).dimensions(dims).build());
    return event.list().ofMaxSize(40);
  }
}
