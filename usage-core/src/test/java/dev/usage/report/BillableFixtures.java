package dev.usage.report;

import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditCalculator.UnratedMetrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Events, prices and a store for the member usage, billable metrics and credit usage report tests.
 *
 * <p>Prices: voice 1 credit per started minute, chat 1 credit per 120 s, an AI message 0.1
 * credit, an outbound SMS segment 2 credits, an inbound one 1 credit, a workflow run 0.5 credit;
 * everything else is free.
 */
final class BillableFixtures {

  static final TenantId ACME = TenantId.of("acme", "main");
  static final TenantId GLOBEX = TenantId.of("globex", "main");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  /** Noon on 15 April 2026, UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-15T12:00:00Z"), ZoneOffset.UTC);

  static final CreditCalculator CALCULATOR = CreditCalculator.builder()
      .rateCards(RateCardHistory.of(RateCard.builder("2026-04", Instant.parse("2020-01-01T00:00:00Z"))
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.CHAT_MINUTES, Rate.of(1, 120))
          .rate(Metrics.AI_MESSAGES, Rate.of(new BigDecimal("0.1"), 1))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.SMS_INBOUND, Rate.of(1, 1))
          .rate(Metrics.WORKFLOW_RUNS_SUCCESS, Rate.of(new BigDecimal("0.5"), 1))
          .increment(BillingIncrement.PER_MINUTE)
          .build()))
      .unratedMetrics(UnratedMetrics.FREE)
      .build();

  private BillableFixtures() {}

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  static Dimensions by(String member, String assistant) {
    Dimensions.Builder b = Dimensions.builder();
    if (member != null) {
      b.member(member);
    }
    if (assistant != null) {
      b.assistant(assistant);
    }
    return b.build();
  }

  static List<PricedEvent> priced(List<UsageEvent> events) {
    return events.stream().map(CALCULATOR::price).toList();
  }

  /** A finished inbound call or chat of {@code seconds}. */
  static List<PricedEvent> call(TenantId tenant, String id, Instant start, Channel channel, long seconds,
      Dimensions dimensions) {
    return priced(UsageFacts.call(EventId.of(id), tenant, channel, Direction.INBOUND,
        CallOutcome.finished(start, start.plusSeconds(seconds)), dimensions));
  }

  static List<PricedEvent> missedCall(TenantId tenant, String id, Instant at, Dimensions dimensions) {
    return priced(UsageFacts.call(EventId.of(id), tenant, Channel.VOICE, Direction.INBOUND,
        CallOutcome.missed(at), dimensions));
  }

  static List<PricedEvent> sms(TenantId tenant, String id, Instant at, Direction direction, String text,
      Dimensions dimensions) {
    return priced(UsageFacts.sms(EventId.of(id), tenant, at, direction, text, dimensions));
  }

  static List<PricedEvent> ai(TenantId tenant, String id, Instant at, Dimensions dimensions) {
    return priced(UsageFacts.aiCompletion(EventId.of(id), tenant, at, "openai", "gpt-4o-mini", ModelType.CHAT,
        TokenCounts.of(100, 20), dimensions));
  }

  /** A workflow run with no member: system work. */
  static List<PricedEvent> workflow(TenantId tenant, String id, Instant at) {
    return priced(UsageFacts.workflowRun(EventId.of(id), tenant, at, WorkflowOutcome.SUCCEEDED, Dimensions.none()));
  }

  static List<PricedEvent> speech(TenantId tenant, String id, Instant at, long seconds, Dimensions dimensions) {
    return priced(UsageFacts.speechToText(EventId.of(id), tenant, at, "deepgram", "nova-2",
        Duration.ofSeconds(seconds), dimensions));
  }

  @SafeVarargs
  static UsageStore store(List<PricedEvent>... facts) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    for (List<PricedEvent> f : facts) {
      store.append(f);
    }
    return store;
  }
}
