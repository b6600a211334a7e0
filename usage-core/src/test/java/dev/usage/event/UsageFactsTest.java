package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.usage.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UsageFactsTest {

  static final TenantId TENANT = TenantId.of("org-1", "ws-1");
  static final Instant START = Instant.parse("2026-03-05T10:00:00Z");
  static final Dimensions CALLER = Dimensions.builder()
      .phoneNumber("+14155550100").member("m-7").assistant("sales-bot").campaign("spring").contact("c-9")
      .build();

  /** Returns the quantities by metric key, for compact assertions. */
  static Map<String, Long> quantities(List<UsageEvent> events) {
    return events.stream().collect(Collectors.toMap(e -> e.metric().key(), UsageEvent::quantity));
  }

  @Nested
  class Call {
    final EventId id = EventId.of("call-42");

    @Test
    void call_finishedInboundVoice_metersCallMinutesAndInboundMinutes() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.finished(START, START.plusSeconds(61)), CALLER);

      assertThat(events).extracting(e -> e.id().value(), e -> e.metric(), UsageEvent::quantity).containsExactly(
          tuple("call-42/calls", Metrics.CALLS, 1L),
          tuple("call-42/voice_minutes", Metrics.VOICE_MINUTES, 61L),
          tuple("call-42/inbound_minutes", Metrics.INBOUND_MINUTES, 61L));
      assertThat(events).allSatisfy(e -> {
        assertThat(e.tenant()).isEqualTo(TENANT);
        assertThat(e.occurredAt()).isEqualTo(START);
        assertThat(e.isReversal()).isFalse();
      });
    }

    @Test
    void call_finishedOutboundVoice_hasNoInboundMinutes() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.PHONE, Direction.OUTBOUND,
          CallOutcome.finished(START, START.plusSeconds(30)), Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(Map.of("calls", 1L, "voice_minutes", 30L));
    }

    @Test
    void call_finishedInboundChat_metersChatMinutesOnly() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.WEB_CHAT, Direction.INBOUND,
          CallOutcome.finished(START, START.plusSeconds(300)), Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(Map.of("calls", 1L, "chat_minutes", 300L));
    }

    @Test
    void call_customChannel_isAChat() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.of("line"), Direction.INBOUND,
          CallOutcome.finished(START, START.plusSeconds(5)), Dimensions.none());

      assertThat(quantities(events)).containsOnlyKeys("calls", "chat_minutes");
    }

    @Test
    void call_fractionalSecond_roundsUp() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.OUTBOUND,
          CallOutcome.finished(START, START.plusMillis(61_001)), Dimensions.none());

      assertThat(quantities(events)).containsEntry("voice_minutes", 62L);
    }

    @Test
    void call_zeroLength_metersACallOfZeroSeconds() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.OUTBOUND,
          CallOutcome.finished(START, START), Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(Map.of("calls", 1L, "voice_minutes", 0L));
    }

    @Test
    void call_missed_metersMissedCallOnly() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.missed(START), CALLER);

      assertThat(events).extracting(e -> e.id().value(), UsageEvent::quantity)
          .containsExactly(tuple("call-42/missed_calls", 1L));
    }

    @Test
    void call_inProgress_metersInProgressOnlyAndNoMinutes() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.inProgress(START), CALLER);

      assertThat(events).extracting(e -> e.id().value(), UsageEvent::quantity)
          .containsExactly(tuple("call-42/calls_in_progress", 1L));
    }

    @Test
    void call_inProgressThenFinished_haveDistinctIds() {
      List<UsageEvent> running = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.inProgress(START), CALLER);
      List<UsageEvent> finished = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.finished(START, START.plusSeconds(10)), CALLER);

      assertThat(finished).extracting(UsageEvent::id).doesNotContainAnyElementsOf(
          running.stream().map(UsageEvent::id).toList());
    }

    @Test
    void call_addsChannelDirectionAndCallIdToCallerDimensions() {
      UsageEvent event = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.missed(START), CALLER).get(0);

      assertThat(event.dimensions()).isEqualTo(CALLER.toBuilder()
          .channel(Channel.VOICE).direction(Direction.INBOUND).callId("call-42").build());
    }

    @Test
    void call_recordedTwice_yieldsEqualEvents() {
      CallOutcome outcome = CallOutcome.finished(START, START.plusSeconds(75));

      assertThat(UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND, outcome, CALLER))
          .isEqualTo(UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND, outcome, CALLER));
    }

    @Test
    void call_givenDimensionAgreesWithFact_isAccepted() {
      Dimensions given = Dimensions.builder().channel(Channel.VOICE).direction(Direction.INBOUND).build();

      assertThat(UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND, CallOutcome.missed(START), given))
          .hasSize(1);
    }

    @Test
    void call_givenDirectionContradictsFact_rejectedNamingBoth() {
      Dimensions given = Dimensions.builder().direction(Direction.OUTBOUND).build();

      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
              CallOutcome.missed(START), given))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension direction is 'outbound' in the given dimensions but 'inbound' for call call-42");
    }

    @Test
    void call_givenCallIdContradictsFact_rejected() {
      Dimensions given = Dimensions.builder().callId("call-41").build();

      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
              CallOutcome.missed(START), given))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'call-41'").hasMessageContaining("'call-42'");
    }

    @Test
    void call_idTooLongToDerive_rejected() {
      EventId longId = EventId.of("c".repeat(EventId.MAX_LENGTH - 3));

      assertThatThrownBy(() -> UsageFacts.call(longId, TENANT, Channel.VOICE, Direction.INBOUND,
              CallOutcome.missed(START), Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event id must be at most 200 characters but was 210");
    }

    @Test
    void call_nullArgument_namesIt() {
      CallOutcome outcome = CallOutcome.missed(START);

      assertThatThrownBy(() -> UsageFacts.call(null, TENANT, Channel.VOICE, Direction.INBOUND, outcome, CALLER))
          .isInstanceOf(NullPointerException.class).hasMessage("callId");
      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, null, Direction.INBOUND, outcome, CALLER))
          .isInstanceOf(NullPointerException.class).hasMessage("channel");
      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, Channel.VOICE, null, outcome, CALLER))
          .isInstanceOf(NullPointerException.class).hasMessage("direction");
      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND, null, CALLER))
          .isInstanceOf(NullPointerException.class).hasMessage("outcome");
      assertThatThrownBy(() -> UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND, outcome, null))
          .isInstanceOf(NullPointerException.class).hasMessage("dimensions");
    }

    @Test
    void call_eventsList_isImmutable() {
      List<UsageEvent> events = UsageFacts.call(id, TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.missed(START), CALLER);

      assertThatThrownBy(() -> events.add(events.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Sms {
    final EventId id = EventId.of("sms-7");

    @Test
    void sms_outbound_metersSegmentsAndCharacters() {
      List<UsageEvent> events = UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, 2, 161, CALLER);

      assertThat(events).extracting(e -> e.id().value(), UsageEvent::quantity).containsExactly(
          tuple("sms-7/sms_outbound", 2L), tuple("sms-7/sms_characters", 161L));
      assertThat(events).allSatisfy(e -> {
        assertThat(e.dimensions().channel()).contains(Channel.SMS);
        assertThat(e.dimensions().direction()).contains(Direction.OUTBOUND);
        assertThat(e.dimensions().get(DimensionKey.PHONE_NUMBER)).contains("+14155550100");
        assertThat(e.occurredAt()).isEqualTo(START);
      });
    }

    @Test
    void sms_text_isCountedAsCarriersCountIt() {
      // 66 Cyrillic letters, an emoji (a surrogate pair) and 66 more: UCS-2, and the pair does not
      // fit in the first 67-unit segment, so the message bills three segments, not two.
      String text = "ж".repeat(66) + "\uD83D\uDE00" + "ж".repeat(66);

      List<UsageEvent> events = UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, text, Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(
          Map.of("sms_outbound", 3L, "sms_characters", 133L));
    }

    @Test
    void sms_textWithExtensionCharacters_costsTheirEscapes() {
      // 158 letters plus a euro sign: 160 septets, one segment
      assertThat(quantities(UsageFacts.sms(id, TENANT, START, Direction.INBOUND, "a".repeat(158) + "€",
              Dimensions.none())))
          .containsEntry("sms_inbound", 1L).containsEntry("sms_characters", 159L);
      // one more letter and it no longer fits: 161 septets, two segments
      assertThat(quantities(UsageFacts.sms(id, TENANT, START, Direction.INBOUND, "a".repeat(159) + "€",
              Dimensions.none())))
          .containsEntry("sms_inbound", 2L);
    }

    @Test
    void sms_inbound_metersInboundSegments() {
      List<UsageEvent> events = UsageFacts.sms(id, TENANT, START, Direction.INBOUND, 1, 12, Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(
          Map.of("sms_inbound", 1L, "sms_characters", 12L));
    }

    @Test
    void sms_emptyMessage_isOneSegmentOfNoCharacters() {
      assertThat(quantities(UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, 1, 0, Dimensions.none())))
          .containsEntry("sms_outbound", 1L).containsEntry("sms_characters", 0L);
    }

    @Test
    void sms_moreSegmentsThanCharacters_rejectedAsLikelySwap() {
      assertThatThrownBy(() -> UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, 160, 1, Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sms segment count 160 exceeds character count 1: are the arguments swapped?");
    }

    @Test
    void sms_negativeCounts_rejected() {
      assertThatThrownBy(() -> UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, -1, 5, Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sms segment count must not be negative but was -1");
      assertThatThrownBy(() -> UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, 1, -5, Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sms character count must not be negative but was -5");
    }

    @Test
    void sms_givenChannelContradictsSms_rejected() {
      Dimensions given = Dimensions.builder().channel(Channel.WHATSAPP).build();

      assertThatThrownBy(() -> UsageFacts.sms(id, TENANT, START, Direction.OUTBOUND, 1, 5, given))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension channel is 'whatsapp' in the given dimensions but 'sms' for sms sms-7");
    }
  }

  @Nested
  class HumanMessage {
    final EventId id = EventId.of("msg-1");

    @Test
    void humanMessage_oneEventOnItsChannel() {
      List<UsageEvent> events = UsageFacts.humanMessage(id, TENANT, START, Channel.WHATSAPP, CALLER);

      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.id()).isEqualTo(EventId.of("msg-1/human_messages"));
        assertThat(e.metric()).isEqualTo(Metrics.HUMAN_MESSAGES);
        assertThat(e.quantity()).isEqualTo(1);
        assertThat(e.dimensions().valueOrNull(DimensionKey.CHANNEL)).isEqualTo("whatsapp");
        assertThat(e.dimensions().valueOrNull(DimensionKey.MEMBER)).isEqualTo("m-7");
      });
    }

    @Test
    void humanMessage_onSms_rejectedPointingToSms() {
      assertThatThrownBy(() -> UsageFacts.humanMessage(id, TENANT, START, Channel.SMS, Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("message msg-1 is on channel sms: record an SMS with UsageFacts.sms, whose events count as its message");
    }

    @Test
    void humanMessage_channelContradictingDimensions_rejected() {
      Dimensions web = Dimensions.builder().channel(Channel.WEB_CHAT).build();
      assertThatThrownBy(() -> UsageFacts.humanMessage(id, TENANT, START, Channel.WHATSAPP, web))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("web_chat").hasMessageContaining("whatsapp");
    }
  }

  @Nested
  class AiCompletion {
    final EventId id = EventId.of("req-abc");

    @Test
    void aiCompletion_allKinds_oneEventPerKindWithUncachedPrompt() {
      TokenCounts tokens = TokenCounts.of(1_200, 300).withCached(1_000).withAudio(50, 70);

      List<UsageEvent> events = UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-realtime",
          ModelType.REALTIME, tokens, Dimensions.none());

      assertThat(events).extracting(e -> e.id().value(), UsageEvent::quantity).containsExactly(
          tuple("req-abc/ai_messages", 1L),
          tuple("req-abc/prompt_tokens", 200L),
          tuple("req-abc/cached_tokens", 1_000L),
          tuple("req-abc/completion_tokens", 300L),
          tuple("req-abc/audio_input_tokens", 50L),
          tuple("req-abc/audio_output_tokens", 70L));
    }

    @Test
    void aiCompletion_zeroKinds_produceNoEvents() {
      List<UsageEvent> events = UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-mini",
          ModelType.CHAT, TokenCounts.of(120, 40), Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(
          Map.of("ai_messages", 1L, "prompt_tokens", 120L, "completion_tokens", 40L));
    }

    @Test
    void aiCompletion_fullyCachedPrompt_hasNoPromptTokensEvent() {
      List<UsageEvent> events = UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-mini",
          ModelType.CHAT, TokenCounts.of(1_024, 0).withCached(1_024), Dimensions.none());

      assertThat(quantities(events)).containsExactlyInAnyOrderEntriesOf(
          Map.of("ai_messages", 1L, "cached_tokens", 1_024L));
    }

    @Test
    void aiCompletion_noTokens_isStillAMessage() {
      assertThat(quantities(UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-mini",
          ModelType.CHAT, TokenCounts.of(0, 0), Dimensions.none())))
          .containsExactlyEntriesOf(Map.of("ai_messages", 1L));
    }

    @Test
    void aiCompletion_carriesProviderModelAndType() {
      Dimensions given = Dimensions.builder().assistant("sales-bot").build();

      List<UsageEvent> events = UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-mini",
          ModelType.CHAT, TokenCounts.of(1, 1), given);

      assertThat(events).extracting(UsageEvent::dimensions).containsOnly(given.toBuilder()
          .provider("openai").model("gpt-4o-mini").modelType(ModelType.CHAT).build());
    }

    @Test
    void aiCompletion_givenModelTypeContradicts_rejected() {
      Dimensions given = Dimensions.builder().modelType(ModelType.REALTIME).build();

      assertThatThrownBy(() -> UsageFacts.aiCompletion(id, TENANT, START, "openai", "gpt-4o-mini",
              ModelType.CHAT, TokenCounts.of(1, 1), given))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension model_type is 'realtime' in the given dimensions but 'chat' for completion req-abc");
    }

    @Test
    void aiCompletion_emptyProvider_rejected() {
      assertThatThrownBy(() -> UsageFacts.aiCompletion(id, TENANT, START, "", "gpt-4o-mini",
              ModelType.CHAT, TokenCounts.of(1, 1), Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension provider must not be empty");
    }

    @Test
    void aiCompletion_nullModel_namesIt() {
      assertThatThrownBy(() -> UsageFacts.aiCompletion(id, TENANT, START, "openai", null,
              ModelType.CHAT, TokenCounts.of(1, 1), Dimensions.none()))
          .isInstanceOf(NullPointerException.class).hasMessage("model");
    }
  }

  @Nested
  class Speech {
    final EventId id = EventId.of("tr-1");

    @Test
    void speechToText_roundsAudioUpToWholeSeconds() {
      List<UsageEvent> events = UsageFacts.speechToText(id, TENANT, START, "deepgram", "nova-2",
          Duration.ofMillis(12_345), Dimensions.none());

      assertThat(events).extracting(e -> e.id().value(), e -> e.metric(), UsageEvent::quantity)
          .containsExactly(tuple("tr-1/stt_seconds", Metrics.STT_SECONDS, 13L));
      assertThat(events.get(0).dimensions().get(DimensionKey.PROVIDER)).contains("deepgram");
      assertThat(events.get(0).dimensions().get(DimensionKey.MODEL)).contains("nova-2");
    }

    @Test
    void speechToText_wholeSeconds_unchanged() {
      assertThat(UsageFacts.speechToText(id, TENANT, START, "deepgram", "nova-2", Duration.ofSeconds(60),
          Dimensions.none()).get(0).quantity()).isEqualTo(60);
    }

    @Test
    void speechToText_negativeAudio_rejected() {
      assertThatThrownBy(() -> UsageFacts.speechToText(id, TENANT, START, "deepgram", "nova-2",
              Duration.ofSeconds(-3), Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("speech-to-text audio duration must not be negative but was PT-3S");
    }

    @Test
    void textToSpeech_text_countsCodePoints() {
      // "héllo 👋": the emoji is two UTF-16 chars but one character.
      List<UsageEvent> events = UsageFacts.textToSpeech(id, TENANT, START, "elevenlabs", "eleven_turbo_v2",
          "h\u00e9llo \uD83D\uDC4B", Dimensions.none());

      assertThat(events).extracting(e -> e.id().value(), UsageEvent::quantity)
          .containsExactly(tuple("tr-1/tts_characters", 7L));
    }

    @Test
    void textToSpeech_count_metersIt() {
      assertThat(UsageFacts.textToSpeech(id, TENANT, START, "elevenlabs", "v2", 1_234L, Dimensions.none())
          .get(0).quantity()).isEqualTo(1_234);
    }

    @Test
    void textToSpeech_negativeCount_rejected() {
      assertThatThrownBy(() -> UsageFacts.textToSpeech(id, TENANT, START, "elevenlabs", "v2", -1L,
              Dimensions.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("text-to-speech character count must not be negative but was -1");
    }

    @Test
    void textToSpeech_givenProviderContradicts_rejected() {
      Dimensions given = Dimensions.builder().provider("openai").build();

      assertThatThrownBy(() -> UsageFacts.textToSpeech(id, TENANT, START, "elevenlabs", "v2", "hi", given))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension provider is 'openai' in the given dimensions but 'elevenlabs' for text-to-speech tr-1");
    }
  }

  @Nested
  class WorkflowAndOutbound {

    @Test
    void workflowRun_byOutcome() {
      EventId id = EventId.of("run-3");

      assertThat(UsageFacts.workflowRun(id, TENANT, START, WorkflowOutcome.SUCCEEDED, CALLER))
          .extracting(e -> e.id().value(), UsageEvent::quantity, UsageEvent::dimensions)
          .containsExactly(tuple("run-3/workflow_runs_success", 1L, CALLER));
      assertThat(UsageFacts.workflowRun(id, TENANT, START, WorkflowOutcome.FAILED, CALLER))
          .extracting(e -> e.id().value()).containsExactly("run-3/workflow_runs_failed");
    }

    @Test
    void dialAttempt_connectedAi_metersAttemptAndConnectedSecondsByTier() {
      EventId id = EventId.of("att-1");
      CallOutcome connected = CallOutcome.finished(START, START.plusMillis(45_500));

      assertThat(UsageFacts.dialAttempt(id, TENANT, Dialer.AI_STANDARD_VOICE, connected, Dimensions.none()))
          .extracting(e -> e.id().value(), UsageEvent::quantity).containsExactly(
              tuple("att-1/ai_dial_attempts", 1L), tuple("att-1/ai_connected_minutes_standard", 46L));
      assertThat(UsageFacts.dialAttempt(id, TENANT, Dialer.AI_PREMIUM_VOICE, connected, Dimensions.none()))
          .extracting(e -> e.id().value(), UsageEvent::quantity).containsExactly(
              tuple("att-1/ai_dial_attempts", 1L), tuple("att-1/ai_connected_minutes_premium", 46L));
      assertThat(UsageFacts.dialAttempt(id, TENANT, Dialer.HUMAN, connected, Dimensions.none()))
          .extracting(e -> e.id().value(), UsageEvent::quantity).containsExactly(
              tuple("att-1/human_dial_attempts", 1L), tuple("att-1/human_connected_minutes", 46L));
    }

    @Test
    void dialAttempt_notConnected_metersAttemptOnly() {
      EventId id = EventId.of("att-2");

      assertThat(UsageFacts.dialAttempt(id, TENANT, Dialer.HUMAN, CallOutcome.missed(START), Dimensions.none()))
          .extracting(e -> e.id().value()).containsExactly("att-2/human_dial_attempts");
    }

    @Test
    void dialAttempt_inProgressThenFinished_sameAttemptEvent() {
      EventId id = EventId.of("att-3");

      UsageEvent running = UsageFacts.dialAttempt(id, TENANT, Dialer.AI_STANDARD_VOICE,
          CallOutcome.inProgress(START), Dimensions.none()).get(0);
      UsageEvent finished = UsageFacts.dialAttempt(id, TENANT, Dialer.AI_STANDARD_VOICE,
          CallOutcome.finished(START, START.plusSeconds(9)), Dimensions.none()).get(0);

      assertThat(finished).isEqualTo(running);
    }

    @Test
    void dialAttempt_isOutbound_andRejectsInboundDimension() {
      EventId id = EventId.of("att-4");
      Dimensions inbound = Dimensions.builder().direction(Direction.INBOUND).build();

      assertThat(UsageFacts.dialAttempt(id, TENANT, Dialer.HUMAN, CallOutcome.missed(START), Dimensions.none())
          .get(0).dimensions().direction()).contains(Direction.OUTBOUND);
      assertThatThrownBy(() -> UsageFacts.dialAttempt(id, TENANT, Dialer.HUMAN, CallOutcome.missed(START), inbound))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension direction is 'inbound' in the given dimensions but 'outbound' for dial attempt att-4");
    }

    @Test
    void voicemail_dropAndRingless_countOnceOutbound() {
      EventId id = EventId.of("vm-1");

      assertThat(UsageFacts.voicemailDrop(id, TENANT, START, CALLER))
          .extracting(e -> e.id().value(), UsageEvent::quantity, e -> e.dimensions().direction().orElseThrow())
          .containsExactly(tuple("vm-1/voicemail_drops", 1L, Direction.OUTBOUND));
      assertThat(UsageFacts.ringlessVoicemail(id, TENANT, START, CALLER))
          .extracting(e -> e.id().value(), UsageEvent::quantity)
          .containsExactly(tuple("vm-1/ringless_voicemail", 1L));
    }

    @Test
    void voicemailDrop_nullId_namesIt() {
      assertThatThrownBy(() -> UsageFacts.voicemailDrop(null, TENANT, START, CALLER))
          .isInstanceOf(NullPointerException.class).hasMessage("dropId");
    }
  }

  @Nested
  class Reversals {

    @Test
    void reversal_ofEachEventOfAFact_netsEveryMetricToZero() {
      List<UsageEvent> events = UsageFacts.call(EventId.of("call-9"), TENANT, Channel.VOICE, Direction.INBOUND,
          CallOutcome.finished(START, START.plusSeconds(125)), CALLER);

      List<UsageEvent> reversals = events.stream().map(e -> e.reversal(e.id().derive("reversal"))).toList();

      assertThat(reversals).allSatisfy(r -> assertThat(r.isReversal()).isTrue());
      assertThat(reversals).extracting(r -> r.reverses().orElseThrow())
          .containsExactlyElementsOf(events.stream().map(UsageEvent::id).toList());
      Map<String, Long> net = java.util.stream.Stream.concat(events.stream(), reversals.stream())
          .collect(Collectors.groupingBy(e -> e.metric().key(), Collectors.summingLong(UsageEvent::quantity)));
      assertThat(net).containsOnlyKeys("calls", "voice_minutes", "inbound_minutes").allSatisfy(
          (metric, sum) -> assertThat(sum).isZero());
      assertThat(reversals).extracting(UsageEvent::id).doesNotHaveDuplicates()
          .doesNotContainAnyElementsOf(events.stream().map(UsageEvent::id).toList());
    }

    @Test
    void reversal_keepsTimeTenantMetricAndDimensions() {
      UsageEvent original = UsageFacts.sms(EventId.of("sms-1"), TENANT, START, Direction.OUTBOUND, 3, 400, CALLER)
          .get(0);

      UsageEvent reversal = original.reversal(EventId.of("sms-1/void"));

      assertThat(reversal).extracting(UsageEvent::tenant, UsageEvent::occurredAt, UsageEvent::metric,
              UsageEvent::dimensions, UsageEvent::quantity)
          .containsExactly(TENANT, START, Metrics.SMS_OUTBOUND, original.dimensions(), -3L);
      assertThat(reversal.reverses()).contains(original.id());
    }

    @Test
    void reversal_ofAReversal_isRefused() {
      UsageEvent original = UsageFacts.workflowRun(EventId.of("run-1"), TENANT, START, WorkflowOutcome.FAILED,
          Dimensions.none()).get(0);
      UsageEvent reversal = original.reversal(EventId.of("run-1/void"));

      assertThatThrownBy(() -> reversal.reversal(EventId.of("run-1/void/void")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("event run-1/void is a reversal and cannot be reversed again");
    }

    @Test
    void reversal_withTheOriginalsId_isRefused() {
      UsageEvent original = UsageFacts.workflowRun(EventId.of("run-2"), TENANT, START, WorkflowOutcome.FAILED,
          Dimensions.none()).get(0);

      assertThatThrownBy(() -> original.reversal(original.id()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("event run-2/workflow_runs_failed cannot reverse itself");
    }
  }

  @Test
  void ids_ofAFactsEvents_areTheFactIdDerivedByMetricKey() {
    List<UsageEvent> events = UsageFacts.aiCompletion(EventId.of("r"), TENANT, START, "p", "m", ModelType.CHAT,
        TokenCounts.of(2, 3).withCached(1).withAudio(4, 5), Dimensions.none());

    assertThat(events).allSatisfy(e -> assertThat(e.id()).isEqualTo(EventId.of("r").derive(e.metric().key())));
    assertThat(events.stream().collect(Collectors.toMap(UsageEvent::id, Function.identity()))).hasSize(6);
  }
}
