package dev.usage.report;

import static dev.usage.report.ReportFixture.CALCULATOR;
import static dev.usage.report.ReportFixture.OTHER;
import static dev.usage.report.ReportFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of the range reports over random facts of two tenants, spread over an eight-day
 * window and a day either side of it, in zones with 23-hour days and half-hour offsets.
 */
class ReportMergeProperties {

  static final LocalDate FIRST = LocalDate.of(2026, 3, 26);
  static final LocalDate LAST = LocalDate.of(2026, 4, 2);
  static final int TRIES = 100;

  static final ZoneId[] ZONES = {
    ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/Los_Angeles"), ZoneId.of("Asia/Kolkata")
  };
  static final String[] PHONES = {null, "+14155550100", "+14155550101", "+442071838750"};
  static final Channel[] CHANNELS = {Channel.VOICE, Channel.PHONE, Channel.WEB_CHAT, Channel.WHATSAPP};
  static final String[][] MODELS = {
    {"openai", "gpt-4o", "chat"},
    {"openai", "gpt-4o-mini", "chat"},
    {"openai", "gpt-4o-realtime", "realtime"},
    {"anthropic", "claude-haiku", "chat"},
    {"google", "gemini-flash", "chat"},
    {"openai", "gpt-4o", "realtime"},
  };
  static final String[][] SPEECH = {{"deepgram", "nova-2"}, {"azure", "whisper"}, {"elevenlabs", "turbo"}};

  /**
   * One random fact: what it is, whose, when (seconds after the day before the window starts)
   * and three numbers and a pick it reads its details from.
   */
  record Fact(int kind, boolean otherTenant, long offsetSeconds, int a, int b, int c, int pick) {

    TenantId tenant() {
      return otherTenant ? OTHER : TENANT;
    }

    Instant at(ZoneId zone) {
      return FIRST.minusDays(1).atStartOfDay(zone).toInstant().plusSeconds(offsetSeconds);
    }

    /** Returns the fact's priced events; {@code index} makes its ids unique. */
    List<PricedEvent> events(int index, ZoneId zone) {
      EventId id = EventId.of("fact-" + index);
      Instant at = at(zone);
      Dimensions phone = ReportFixture.phone(PHONES[pick % PHONES.length]);
      Direction direction = b % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND;
      Channel channel = CHANNELS[pick % CHANNELS.length];
      String[] model = MODELS[pick % MODELS.length];
      String[] speech = SPEECH[pick % SPEECH.length];
      List<UsageEvent> events = switch (kind) {
        case 0, 8 -> UsageFacts.call(id, tenant(), channel, direction,
            CallOutcome.finished(at, at.plusSeconds(a)), phone);
        case 1 -> UsageFacts.call(id, tenant(), channel, direction, CallOutcome.missed(at), phone);
        case 2 -> UsageFacts.call(id, tenant(), channel, direction, CallOutcome.inProgress(at), phone);
        case 3 -> UsageFacts.sms(id, tenant(), at, direction, 1 + a % 4, (1 + a % 4) * 100 - c % 50, phone);
        case 4 -> UsageFacts.aiCompletion(id, tenant(), at, model[0], model[1],
            model[2].equals("realtime") ? ModelType.REALTIME : ModelType.CHAT,
            new TokenCounts(a, c, Math.min(a, b), model[2].equals("realtime") ? b : 0,
                model[2].equals("realtime") ? c : 0),
            Dimensions.none());
        case 5 -> UsageFacts.speechToText(id, tenant(), at, speech[0], speech[1], Duration.ofMillis(a * 7L),
            Dimensions.none());
        case 6 -> UsageFacts.textToSpeech(id, tenant(), at, speech[0], speech[1], a, Dimensions.none());
        case 9 -> UsageFacts.humanMessage(id, tenant(), at, Channel.WEB_CHAT, Dimensions.builder().member("m1").build());
        default -> UsageFacts.workflowRun(id, tenant(), at,
            b % 2 == 0 ? WorkflowOutcome.SUCCEEDED : WorkflowOutcome.FAILED, Dimensions.none());
      };
      List<PricedEvent> priced = new ArrayList<>();
      for (UsageEvent e : events) {
        PricedEvent p = CALCULATOR.price(e);
        priced.add(p);
        if (kind == 8) {
          // A call recorded and then reversed, as a correction does: it must net to nothing.
          priced.add(CALCULATOR.reverse(p, e.id().derive("reversal")));
        }
      }
      return priced;
    }
  }

  /** A store with the facts' events, and the events themselves. */
  record World(UsageStore store, List<PricedEvent> events, List<Fact> facts, ZoneId zone) {

    static World of(List<Fact> facts, ZoneId zone) {
      List<PricedEvent> events = new ArrayList<>();
      for (int i = 0; i < facts.size(); i++) {
        events.addAll(facts.get(i).events(i, zone));
      }
      InMemoryUsageStore store = new InMemoryUsageStore();
      store.append(events);
      return new World(store, events, facts, zone);
    }

    UsageRange window() {
      return UsageRange.of(FIRST, LAST, zone);
    }

    UsageRange head(int split) {
      return UsageRange.of(FIRST, FIRST.plusDays(split), zone);
    }

    UsageRange tail(int split) {
      return UsageRange.of(FIRST.plusDays(split + 1L), LAST, zone);
    }
  }

  @Provide
  Arbitrary<List<Fact>> facts() {
    long span = Duration.ofDays(10).toSeconds();
    Arbitrary<Fact> fact = Combinators.combine(
            Arbitraries.integers().between(0, 10),
            Arbitraries.integers().between(0, 5).map(i -> i == 0),
            Arbitraries.longs().between(0, span - 1),
            Arbitraries.integers().between(0, 5000),
            Arbitraries.integers().between(0, 5000),
            Arbitraries.integers().between(0, 5000),
            Arbitraries.integers().between(0, 1000))
        .as(Fact::new);
    return fact.list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  <R> void assertMergeEqualsUnion(World world, int split, BiFunction<UsageStore, UsageRange, R> compute,
      BiFunction<R, R, R> merge) {
    R head = compute.apply(world.store(), world.head(split));
    R tail = compute.apply(world.store(), world.tail(split));

    assertThat(merge.apply(head, tail)).isEqualTo(compute.apply(world.store(), world.window()));
  }

  @Property(tries = TRIES)
  void summary_mergeOfAdjacentRangesEqualsUnion(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone, @ForAll @IntRange(min = 0, max = 6) int split) {
    World world = World.of(facts, zone);
    Inventory inventory = new Inventory(3, 2, 1, 1, 1, 0);
    assertMergeEqualsUnion(world, split,
        (store, range) -> UsageSummaryReport.compute(store, TENANT, range, inventory), UsageSummaryReport::merge);
  }

  @Property(tries = TRIES)
  void ai_mergeOfAdjacentRangesEqualsUnion(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone, @ForAll @IntRange(min = 0, max = 6) int split) {
    assertMergeEqualsUnion(World.of(facts, zone), split,
        (store, range) -> AiUsageReport.compute(store, TENANT, range), AiUsageReport::merge);
  }

  @Property(tries = TRIES)
  void sms_mergeOfAdjacentRangesEqualsUnion(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone, @ForAll @IntRange(min = 0, max = 6) int split) {
    assertMergeEqualsUnion(World.of(facts, zone), split,
        (store, range) -> SmsUsageReport.compute(store, TENANT, range), SmsUsageReport::merge);
  }

  @Property(tries = TRIES)
  void phone_mergeOfAdjacentRangesEqualsUnion(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone, @ForAll @IntRange(min = 0, max = 6) int split) {
    assertMergeEqualsUnion(World.of(facts, zone), split,
        (store, range) -> PhoneUsageReport.compute(store, TENANT, range), PhoneUsageReport::merge);
  }

  @Property(tries = TRIES)
  void voice_mergeOfAdjacentRangesEqualsUnion(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone, @ForAll @IntRange(min = 0, max = 6) int split) {
    assertMergeEqualsUnion(World.of(facts, zone), split,
        (store, range) -> VoiceUsageReport.compute(store, TENANT, range), VoiceUsageReport::merge);
  }

  @Property(tries = TRIES)
  void summary_dailyPointsAddUpToTotalsAndMatchTheFacts(
      @ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone) {
    World world = World.of(facts, zone);
    UsageRange range = world.window();
    UsageSummaryReport report = UsageSummaryReport.compute(world.store(), TENANT, range, Inventory.none());

    long[] callsPerDay = new long[range.dayCount()];
    long voiceSeconds = 0;
    for (Fact f : facts) {
      // Finished calls of the tenant in the range, by their start's day in the zone; reversed
      // calls (kind 8) net to nothing.
      if (f.kind() == 0 && !f.otherTenant() && range.contains(f.at(zone))) {
        callsPerDay[(int) (range.dayOf(f.at(zone)).toEpochDay() - FIRST.toEpochDay())]++;
        voiceSeconds += CHANNELS[f.pick() % CHANNELS.length].isVoice() ? f.a() : 0;
      }
    }
    assertThat(report.daily()).extracting(UsageSummaryReport.Day::calls)
        .containsExactly(Arrays.stream(callsPerDay).boxed().toArray(Long[]::new));
    assertThat(report.voiceSeconds()).isEqualTo(voiceSeconds);

    JsonNode json = ReportFixture.json(report);
    long calls = 0;
    long runs = 0;
    BigDecimal voiceMinutes = BigDecimal.ZERO;
    BigDecimal chatMinutes = BigDecimal.ZERO;
    for (JsonNode day : json.get("daily")) {
      calls += day.get("calls").asLong();
      runs += day.get("workflow_runs").asLong();
      voiceMinutes = voiceMinutes.add(day.get("voice_minutes").decimalValue());
      chatMinutes = chatMinutes.add(day.get("chat_minutes").decimalValue());
    }
    // A client that adds up the daily minutes gets the totals exactly.
    assertThat(voiceMinutes).isEqualByComparingTo(json.get("voice_minutes").decimalValue());
    assertThat(chatMinutes).isEqualByComparingTo(json.get("chat_minutes").decimalValue());
    assertThat(calls).isEqualTo(json.get("total_calls").asLong()).isEqualTo(report.totalCalls());
    assertThat(runs).isEqualTo(json.get("workflow_runs_total").asLong());
    assertThat(report.voiceCalls() + report.chatCalls()).isEqualTo(report.totalCalls());
    assertThat(report.inboundCalls() + report.outboundCalls()).isEqualTo(report.totalCalls());
    assertThat(report.daily().stream().mapToLong(UsageSummaryReport.Day::chatSeconds).sum())
        .isEqualTo(report.chatSeconds());
  }

  @Property(tries = TRIES)
  void everyReport_neverIncludesAnotherTenantsEvents(@ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone) {
    World mixed = World.of(facts, zone);
    InMemoryUsageStore alone = new InMemoryUsageStore();
    alone.append(mixed.events().stream().filter(e -> e.event().tenant().equals(TENANT)).toList());

    assertSameReports(mixed.store(), alone, mixed.window());
  }

  @Property(tries = TRIES)
  void everyReport_unchangedByDuplicateAppends(@ForAll("facts") List<Fact> facts, @ForAll("zones") ZoneId zone) {
    World world = World.of(facts, zone);
    InMemoryUsageStore twice = new InMemoryUsageStore();
    twice.append(world.events());
    List<PricedEvent> again = new ArrayList<>(world.events());
    Collections.shuffle(again, new Random(facts.size()));
    twice.append(again);

    assertSameReports(world.store(), twice, world.window());
  }

  static void assertSameReports(UsageStore expected, UsageStore actual, UsageRange range) {
    assertThat(UsageSummaryReport.compute(actual, TENANT, range, Inventory.none()))
        .isEqualTo(UsageSummaryReport.compute(expected, TENANT, range, Inventory.none()));
    assertThat(AiUsageReport.compute(actual, TENANT, range)).isEqualTo(AiUsageReport.compute(expected, TENANT, range));
    assertThat(SmsUsageReport.compute(actual, TENANT, range)).isEqualTo(SmsUsageReport.compute(expected, TENANT, range));
    assertThat(PhoneUsageReport.compute(actual, TENANT, range))
        .isEqualTo(PhoneUsageReport.compute(expected, TENANT, range));
    assertThat(VoiceUsageReport.compute(actual, TENANT, range))
        .isEqualTo(VoiceUsageReport.compute(expected, TENANT, range));
  }
}
