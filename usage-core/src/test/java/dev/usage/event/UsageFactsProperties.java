package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class UsageFactsProperties {

  private static final TenantId TENANT = TenantId.of("org-1", "ws-1");
  private static final EventId ID = EventId.of("fact-1");

  @Property
  void call_minutesAreElapsedRoundedUpToTheSecond(
      @ForAll("instants") Instant start, @ForAll("durations") Duration elapsed, @ForAll boolean voice) {
    Channel channel = voice ? Channel.VOICE : Channel.WEB_CHAT;
    List<UsageEvent> events = UsageFacts.call(ID, TENANT, channel, Direction.INBOUND,
        CallOutcome.finished(start, start.plus(elapsed)), Dimensions.none());

    UsageEvent minutes = events.stream()
        .filter(e -> e.metric().equals(voice ? Metrics.VOICE_MINUTES : Metrics.CHAT_MINUTES))
        .findFirst().orElseThrow();
    Duration metered = Duration.ofSeconds(minutes.quantity());
    assertThat(metered).isGreaterThanOrEqualTo(elapsed).isLessThan(elapsed.plusSeconds(1));
  }

  @Property
  void dialAttempt_connectedSecondsAreElapsedRoundedUp(
      @ForAll("instants") Instant start, @ForAll("durations") Duration elapsed, @ForAll Dialer dialer) {
    List<UsageEvent> events = UsageFacts.dialAttempt(ID, TENANT, dialer,
        CallOutcome.finished(start, start.plus(elapsed)), Dimensions.none());

    Duration metered = Duration.ofSeconds(events.get(1).quantity());
    assertThat(metered).isGreaterThanOrEqualTo(elapsed).isLessThan(elapsed.plusSeconds(1));
  }

  @Property
  void speechToText_secondsAreAudioRoundedUp(@ForAll("durations") Duration audio) {
    long seconds = UsageFacts.speechToText(ID, TENANT, Instant.EPOCH, "p", "m", audio, Dimensions.none())
        .get(0).quantity();

    assertThat(Duration.ofSeconds(seconds)).isGreaterThanOrEqualTo(audio).isLessThan(audio.plusSeconds(1));
  }

  @Property
  void aiCompletion_promptAndCachedEventsAddUpToThePrompt(@ForAll("tokens") TokenCounts tokens) {
    List<UsageEvent> events = UsageFacts.aiCompletion(ID, TENANT, Instant.EPOCH, "p", "m", ModelType.REALTIME,
        tokens, Dimensions.none());

    long promptSide = events.stream()
        .filter(e -> e.metric().equals(Metrics.PROMPT_TOKENS) || e.metric().equals(Metrics.CACHED_TOKENS))
        .mapToLong(UsageEvent::quantity).sum();
    assertThat(promptSide).isEqualTo(tokens.prompt());
    assertThat(events).allSatisfy(e -> assertThat(e.quantity()).isPositive());
  }

  @Property
  void textToSpeech_countsAtMostTheUtf16Length(@ForAll String text) {
    long characters = UsageFacts.textToSpeech(ID, TENANT, Instant.EPOCH, "p", "m", text, Dimensions.none())
        .get(0).quantity();

    assertThat(characters).isBetween((long) Math.ceil(text.length() / 2.0), (long) text.length());
  }

  @Property
  void anyFact_neverProducesNegativeQuantities(@ForAll("facts") Supplier<List<UsageEvent>> fact) {
    assertThat(fact.get()).isNotEmpty().allSatisfy(e -> assertThat(e.quantity()).isNotNegative());
  }

  @Property
  void anyFact_eventIdsAreDistinctDerivedAndDeterministic(@ForAll("facts") Supplier<List<UsageEvent>> fact) {
    List<UsageEvent> first = fact.get();

    assertThat(first).extracting(UsageEvent::id).doesNotHaveDuplicates();
    assertThat(first).allSatisfy(e -> assertThat(e.id()).isEqualTo(ID.derive(e.metric().key())));
    assertThat(fact.get()).isEqualTo(first);
  }

  @Property
  void anyFact_reversalOfAReversalIsImpossible(@ForAll("facts") Supplier<List<UsageEvent>> fact) {
    for (UsageEvent event : fact.get()) {
      UsageEvent reversal = event.reversal(event.id().derive("reversal"));

      assertThat(reversal.quantity()).isEqualTo(-event.quantity());
      assertThat(reversal.reverses()).contains(event.id());
      assertThatThrownBy(() -> reversal.reversal(reversal.id().derive("again")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(reversal.id().value());
    }
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 4_102_444_800L).map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Combinators.combine(Arbitraries.longs().between(0, 7 * 86_400), Arbitraries.integers().between(0, 999_999_999))
        .as(Duration::ofSeconds)
        .edgeCases(edges -> edges.add(Duration.ZERO));
  }

  @Provide
  Arbitrary<TokenCounts> tokens() {
    Arbitrary<Long> counts = Arbitraries.longs().between(0, 2_000_000);
    return Combinators.combine(counts, counts, Arbitraries.doubles().between(0, 1), counts, counts)
        .as((prompt, completion, cachedShare, audioIn, audioOut) ->
            new TokenCounts(prompt, completion, (long) (prompt * cachedShare), audioIn, audioOut));
  }

  /** Facts of every kind, as suppliers, so that a property can record the same fact twice. */
  @Provide
  Arbitrary<Supplier<List<UsageEvent>>> facts() {
    Arbitrary<Instant> at = instants();
    Arbitrary<Direction> direction = Arbitraries.of(Direction.class);
    Arbitrary<CallOutcome> outcome = Combinators.combine(at, durations(), Arbitraries.integers().between(0, 2))
        .as((start, elapsed, kind) -> switch (kind) {
          case 0 -> CallOutcome.finished(start, start.plus(elapsed));
          case 1 -> CallOutcome.missed(start);
          default -> CallOutcome.inProgress(start);
        });
    Arbitrary<Channel> channel = Arbitraries.of(Channel.VOICE, Channel.PHONE, Channel.WEB_CHAT, Channel.WHATSAPP);
    Arbitrary<Supplier<List<UsageEvent>>> calls = Combinators.combine(channel, direction, outcome)
        .as((c, d, o) -> () -> UsageFacts.call(ID, TENANT, c, d, o, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> sms = Combinators.combine(
            at, direction, Arbitraries.integers().between(0, 10_000), Arbitraries.doubles().between(0, 1))
        .as((a, d, characters, share) -> () -> UsageFacts.sms(
            ID, TENANT, a, d, Math.max(1, (int) (characters * share)), characters, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> ai = Combinators.combine(at, tokens(), Arbitraries.of(ModelType.class))
        .as((a, t, type) -> () -> UsageFacts.aiCompletion(ID, TENANT, a, "openai", "gpt-4o", type, t,
            Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> stt = Combinators.combine(at, durations())
        .as((a, audio) -> () -> UsageFacts.speechToText(ID, TENANT, a, "p", "m", audio, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> tts = Combinators.combine(at, Arbitraries.strings().ofMaxLength(500))
        .as((a, text) -> () -> UsageFacts.textToSpeech(ID, TENANT, a, "p", "m", text, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> runs = Combinators.combine(at, Arbitraries.of(WorkflowOutcome.class))
        .as((a, o) -> () -> UsageFacts.workflowRun(ID, TENANT, a, o, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> dials = Combinators.combine(Arbitraries.of(Dialer.class), outcome)
        .as((d, o) -> () -> UsageFacts.dialAttempt(ID, TENANT, d, o, Dimensions.none()));
    Arbitrary<Supplier<List<UsageEvent>>> voicemail = Combinators.combine(at, Arbitraries.of(true, false))
        .as((a, ringless) -> () -> ringless
            ? UsageFacts.ringlessVoicemail(ID, TENANT, a, Dimensions.none())
            : UsageFacts.voicemailDrop(ID, TENANT, a, Dimensions.none()));
    return Arbitraries.oneOf(calls, sms, ai, stt, tts, runs, dials, voicemail);
  }

  @Property
  void secondsRoundedUp_isCeiling(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long seconds,
      @ForAll("nanos") int nanos) {
    long rounded = UsageFacts.secondsRoundedUp(Duration.ofSeconds(seconds, nanos));

    assertThat(rounded).isEqualTo(nanos == 0 ? seconds : seconds + 1);
  }

  @Provide
  Arbitrary<Integer> nanos() {
    return Arbitraries.integers().between(0, 999_999_999).edgeCases(e -> e.add(0));
  }
}
