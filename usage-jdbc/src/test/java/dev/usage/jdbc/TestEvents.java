package dev.usage.jdbc;

import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.pricing.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Priced events for the store tests: hand-made edge cases and seeded random batches. */
final class TestEvents {

  static final TenantId ACME = TenantId.of("acme", "support");
  static final TenantId GLOBEX = TenantId.of("globex", "sales");
  static final Metric TRANSCRIPTS = Metric.custom("acme:transcripts", Unit.COUNT, Aggregation.SUM, 3, "transcripts");
  static final MetricCatalog CATALOG = MetricCatalog.builtIn().with(TRANSCRIPTS);

  static final String INJECTION = "x'); DROP TABLE usage_events; --";

  /** Values that sort differently by UTF-16 and by code point, and strings SQL must keep verbatim. */
  private static final List<String> VALUES = List.of("alice", "bob", "Zoë", "日本語", "\uE000private",
      "\uD83D\uDE00emoji", INJECTION, "a\"quote\\back", "tab\there", "مرحبا", "  spaced  ");
  private static final List<String> ID_PARTS = List.of("a", "b", "\uE000", "\uD83D\uDE00", "z", "é", "'", "\"");
  private static final List<Metric> METRICS = List.of(Metrics.VOICE_MINUTES, Metrics.CALLS, Metrics.PROMPT_TOKENS,
      Metrics.SMS_OUTBOUND, TRANSCRIPTS);

  static final PricingTrace UNRATED = new PricingTrace("2026-01", Optional.empty(), "calls", CreditMultiplier.ONE,
      Optional.empty(), Optional.empty(), Optional.empty(), RoundingMode.HALF_UP);
  static final PricingTrace PER_MINUTE = new PricingTrace("2026-04", Optional.of(Rate.of(1, 60).withIncrements()),
      "voice_minutes", CreditMultiplier.ONE, Optional.empty(), Optional.empty(),
      Optional.of(BillingIncrement.of(Duration.ofSeconds(60), Duration.ofSeconds(6)).withMinimum(Duration.ofSeconds(120))),
      RoundingMode.HALF_UP);
  static final PricingTrace TOKENS = new PricingTrace("rate card 'v3' \uD83D\uDE00",
      Optional.of(Rate.of(new BigDecimal("0.000125"), 1000)), "prompt_tokens",
      CreditMultiplier.of(new BigDecimal("2.5")), Optional.of("openai/gpt-4o-mini"),
      Optional.of(CreditMultiplier.of(new BigDecimal("0.1"))), Optional.empty(), RoundingMode.HALF_EVEN);

  private TestEvents() {}

  /** Returns an ordinary event of {@code quantity} at {@code at}, priced free. */
  static PricedEvent event(TenantId tenant, String id, Metric metric, Instant at, long quantity) {
    return event(tenant, id, metric, at, quantity, Dimensions.none());
  }

  static PricedEvent event(TenantId tenant, String id, Metric metric, Instant at, long quantity, Dimensions dims) {
    UsageEvent e = UsageEvent.builder(EventId.of(id), tenant, metric).at(at).quantity(quantity).dimensions(dims).build();
    PricingTrace trace = new PricingTrace("2026-01", Optional.empty(), metric.key(), CreditMultiplier.ONE,
        Optional.empty(), Optional.empty(), Optional.empty(), RoundingMode.HALF_UP);
    return new PricedEvent(e, Credits.ofMicros(quantity * 10), quantity, trace);
  }

  /** Returns events that exercise every column: every trace shape, custom dimensions, reversals. */
  static List<PricedEvent> edgeCases(TenantId tenant) {
    List<PricedEvent> events = new ArrayList<>();
    Dimensions full = Dimensions.builder()
        .channel(Channel.VOICE).direction(Direction.OUTBOUND).provider("openai").model("gpt-4o-mini")
        .modelType(ModelType.REALTIME).phoneNumber("+14155550100").member(INJECTION).assistant("日本語 agent")
        .campaign("spring \uD83D\uDE00").contact("contact-1").callId("call'1")
        .custom("acme:region", "eu-west").custom("acme:note", "quote \" backslash \\ newline \n done")
        .custom("acme:sql", INJECTION).custom("acme:emoji", "\uD83D\uDE00\uD83C\uDF89")
        .build();
    UsageEvent call = UsageEvent.builder(EventId.of("call-1/voice_minutes"), tenant, Metrics.VOICE_MINUTES)
        .at(Instant.parse("2026-03-29T00:59:59.123456789Z")).quantity(61).dimensions(full).build();
    PricedEvent priced = new PricedEvent(call, Credits.ofMicros(2_000_000), 126, PER_MINUTE);
    events.add(priced);
    events.add(new PricedEvent(call.reversal(EventId.of("call-1/voice_minutes/reversal")),
        Credits.ofMicros(-2_000_000), -126, PER_MINUTE));
    UsageEvent tokens = UsageEvent.builder(EventId.of(INJECTION), tenant, Metrics.PROMPT_TOKENS)
        .at(Instant.parse("1969-07-20T20:17:40.000000001Z")).quantity(Long.MAX_VALUE / 2)
        .dimensions(Dimensions.builder().provider("openai").model("gpt-4o-mini").build()).build();
    events.add(new PricedEvent(tokens, Credits.ofMicros(Long.MAX_VALUE / 3), Long.MAX_VALUE / 2, TOKENS));
    UsageEvent custom = UsageEvent.builder(EventId.of("\uD83D\uDE00 événement 日本"), tenant, TRANSCRIPTS)
        .at(Instant.parse("2262-04-11T23:47:16.854775806Z")).quantity(1_500).build();
    events.add(new PricedEvent(custom, Credits.zero(), 1_500, UNRATED));
    UsageEvent early = UsageEvent.builder(EventId.of("early"), tenant, Metrics.CALLS)
        .at(Instant.parse("1677-09-21T00:12:43.145224193Z")).quantity(0).build();
    events.add(new PricedEvent(early, Credits.zero(), 0, UNRATED));
    return events;
  }

  /**
   * Returns {@code n} random events of two tenants, ids unique, around two DST changes of 2026; about
   * one in ten is followed by its reversal, which comes on top of the {@code n}.
   */
  static List<PricedEvent> random(Random random, int n) {
    List<PricedEvent> events = new ArrayList<>();
    Instant start = Instant.parse("2026-03-27T00:00:00Z");
    long spanNanos = Duration.ofDays(5).toNanos();
    for (int i = 0; i < n; i++) {
      TenantId tenant = random.nextInt(5) == 0 ? GLOBEX : ACME;
      Metric metric = METRICS.get(random.nextInt(METRICS.size()));
      Instant at = start.plusNanos(Math.floorMod(random.nextLong(), spanNanos));
      if (random.nextInt(10) == 0) {
        at = at.plus(Duration.ofDays(210)); // the October change
      }
      if (random.nextInt(8) == 0 && !events.isEmpty()) {
        at = events.get(random.nextInt(events.size())).event().occurredAt(); // same instant, id decides
      }
      Dimensions.Builder dims = Dimensions.builder();
      if (random.nextBoolean()) {
        dims.channel(random.nextBoolean() ? Channel.VOICE : Channel.SMS);
      }
      if (random.nextBoolean()) {
        dims.direction(random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND);
      }
      for (DimensionKey k : List.of(DimensionKey.PROVIDER, DimensionKey.MODEL, DimensionKey.MEMBER,
          DimensionKey.ASSISTANT, DimensionKey.CONTACT)) {
        if (random.nextInt(3) > 0) {
          dims.set(k, VALUES.get(random.nextInt(k == DimensionKey.CONTACT ? VALUES.size() : 4)));
        }
      }
      if (random.nextInt(4) == 0) {
        dims.custom("acme:region", VALUES.get(random.nextInt(VALUES.size())));
      }
      String id = ID_PARTS.get(random.nextInt(ID_PARTS.size())) + ID_PARTS.get(random.nextInt(ID_PARTS.size())) + "-" + i;
      long quantity = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(10_000);
      UsageEvent e = UsageEvent.builder(EventId.of(id), tenant, metric).at(at).quantity(quantity)
          .dimensions(dims.build()).build();
      PricingTrace trace = switch (random.nextInt(3)) {
        case 0 -> UNRATED;
        case 1 -> PER_MINUTE;
        default -> TOKENS;
      };
      PricedEvent p = new PricedEvent(e, Credits.ofMicros(quantity * 1_000), quantity * 2, trace);
      events.add(p);
      if (random.nextInt(10) == 0) {
        // A store keeps only reversals of stored events: the reversal follows its original.
        events.add(p.reversal(EventId.of(id + "/r")));
      }
    }
    return events;
  }
}
