package dev.usage.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
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
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.AppendResult;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A store with priced events of the documented facts, for the report tests: each method records
 * one fact through {@link UsageFacts} and the {@link #CALCULATOR}.
 */
final class ReportFixture {

  static final TenantId TENANT = TenantId.of("acme", "main");
  static final TenantId OTHER = TenantId.of("globex", "main");
  static final Instant CARD_FROM = Instant.parse("2000-01-01T00:00:00Z");
  /** Serialises as hosts do: a plain mapper, nothing registered or configured. */
  static final ObjectMapper JSON = new ObjectMapper();
  /** Reads JSON back keeping decimals exact, scale included, so tests see what was written. */
  static final ObjectMapper READER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  /**
   * Rates for every metric the reports price (AI tokens with model multipliers and a cached-token
   * factor, call time in minute increments, SMS, speech); counts such as {@code calls} are free.
   */
  static final CreditCalculator CALCULATOR = CreditCalculator.builder()
      .rateCards(RateCardHistory.of(RateCard.builder("reports-1", CARD_FROM)
          .rate(Metrics.AI_MESSAGES, Rate.of(new BigDecimal("0.01"), 1))
          .rate(Metrics.PROMPT_TOKENS, Rate.of(1, 1000))
          .rate(Metrics.COMPLETION_TOKENS, Rate.of(2, 1000))
          .rate(Metrics.AUDIO_INPUT_TOKENS, Rate.of(4, 1000))
          .rate(Metrics.AUDIO_OUTPUT_TOKENS, Rate.of(8, 1000))
          .cachedTokenFactor(CreditMultiplier.parse("0.5"))
          .multiplier("openai", "gpt-4o", CreditMultiplier.parse("3"))
          .multiplier("openai", "gpt-4o-mini", CreditMultiplier.parse("0.2"))
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.CHAT_MINUTES, Rate.of(1, 600))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.SMS_INBOUND, Rate.of(1, 1))
          .rate(Metrics.STT_SECONDS, Rate.of(1, 60))
          .rate(Metrics.TTS_CHARACTERS, Rate.of(1, 1000))
          .increment(BillingIncrement.PER_MINUTE)
          .build()))
      .unratedMetrics(UnratedMetrics.FREE)
      .build();

  final InMemoryUsageStore store = new InMemoryUsageStore();
  private final List<PricedEvent> recorded = new ArrayList<>();
  private int ids;

  /** Prices and appends events, returning what the store did. */
  AppendResult record(List<UsageEvent> events) {
    List<PricedEvent> priced = events.stream().map(CALCULATOR::price).toList();
    recorded.addAll(priced);
    return store.append(priced);
  }

  /** Records the reversal of each of {@code events}, as a refund or a carrier's correction would. */
  AppendResult reverse(List<UsageEvent> events) {
    List<PricedEvent> reversals = new ArrayList<>();
    for (UsageEvent e : events) {
      PricedEvent original = recorded.stream().filter(p -> p.event().equals(e)).findFirst().orElseThrow();
      reversals.add(CALCULATOR.reverse(original, EventId.of(e.id().value() + "/reversal")));
    }
    recorded.addAll(reversals);
    return store.append(reversals);
  }

  /** Returns every event recorded so far, priced, in recording order. */
  List<PricedEvent> recorded() {
    return List.copyOf(recorded);
  }

  EventId nextId(String kind) {
    return EventId.of(kind + "-" + ++ids);
  }

  static Dimensions phone(String e164) {
    return e164 == null ? Dimensions.none() : Dimensions.builder().phoneNumber(e164).build();
  }

  /** Records a call of {@link #TENANT} and returns its events. */
  List<UsageEvent> call(Channel channel, Direction direction, CallOutcome outcome, String phoneNumber) {
    List<UsageEvent> events = UsageFacts.call(nextId("call"), TENANT, channel, direction, outcome, phone(phoneNumber));
    record(events);
    return events;
  }

  /** Records a finished call of {@link #TENANT} that lasted {@code seconds}. */
  List<UsageEvent> finishedCall(Channel channel, Direction direction, Instant start, long seconds, String phoneNumber) {
    return call(channel, direction, CallOutcome.finished(start, start.plusSeconds(seconds)), phoneNumber);
  }

  List<UsageEvent> sms(Instant at, Direction direction, int segments, int characters, String phoneNumber) {
    List<UsageEvent> events = UsageFacts.sms(nextId("sms"), TENANT, at, direction, segments, characters,
        phone(phoneNumber));
    record(events);
    return events;
  }

  List<UsageEvent> completion(Instant at, String provider, String model, ModelType type, TokenCounts tokens) {
    List<UsageEvent> events = UsageFacts.aiCompletion(nextId("ai"), TENANT, at, provider, model, type, tokens,
        Dimensions.none());
    record(events);
    return events;
  }

  List<UsageEvent> stt(Instant at, String provider, String model, long seconds) {
    List<UsageEvent> events = UsageFacts.speechToText(nextId("stt"), TENANT, at, provider, model,
        Duration.ofSeconds(seconds), Dimensions.none());
    record(events);
    return events;
  }

  List<UsageEvent> tts(Instant at, String provider, String model, long characters) {
    List<UsageEvent> events = UsageFacts.textToSpeech(nextId("tts"), TENANT, at, provider, model, characters,
        Dimensions.none());
    record(events);
    return events;
  }

  List<UsageEvent> workflow(Instant at, WorkflowOutcome outcome) {
    List<UsageEvent> events = UsageFacts.workflowRun(nextId("wf"), TENANT, at, outcome, Dimensions.none());
    record(events);
    return events;
  }

  UsageSummaryReport summaryReport(UsageRange range) {
    return UsageSummaryReport.compute(store, TENANT, range, Inventory.none());
  }

  AiUsageReport aiReport(UsageRange range) {
    return AiUsageReport.compute(store, TENANT, range);
  }

  SmsUsageReport smsReport(UsageRange range) {
    return SmsUsageReport.compute(store, TENANT, range);
  }

  PhoneUsageReport phoneReport(UsageRange range) {
    return PhoneUsageReport.compute(store, TENANT, range);
  }

  VoiceUsageReport voiceReport(UsageRange range) {
    return VoiceUsageReport.compute(store, TENANT, range);
  }

  /** Returns the field names of a JSON object, in order. */
  static List<String> fieldNames(JsonNode node) {
    assertThat(node.isObject()).as("%s is an object", node).isTrue();
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** Returns the field names of every element of a JSON array, each element's as one set. */
  static Set<List<String>> elementFieldNames(JsonNode array) {
    assertThat(array.isArray()).as("%s is an array", array).isTrue();
    assertThat(array.size()).as("array to check field names of").isPositive();
    Set<List<String>> shapes = new LinkedHashSet<>();
    array.forEach(e -> shapes.add(fieldNames(e)));
    return shapes;
  }

  /** Serialises a report with a plain, unconfigured {@link ObjectMapper}. */
  static JsonNode json(Object report) {
    try {
      return READER.readTree(JSON.writeValueAsString(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
