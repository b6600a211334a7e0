package dev.usage.event;

import static java.util.Objects.requireNonNull;

import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.sms.SmsAnalysis;
import dev.usage.sms.SmsSegments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns domain facts (a call, an SMS, a model completion, speech, a workflow run, a dial attempt,
 * a voicemail) into the usage events that meter them, so that no caller computes units by hand.
 *
 * <p>Every event of a fact gets the id {@code factId.derive(metric.key())}, e.g. {@code
 * call-42/voice_minutes}: the ids of one fact are distinct, and recording the same fact again
 * yields the same events, which stores count once. A fact's id must leave room for the suffix
 * within {@link EventId#MAX_LENGTH}: ids of up to 170 characters always do, since the longest
 * suffix is {@code /ai_connected_minutes_standard}.
 *
 * <p>Each method adds the dimensions its fact determines (the channel, the direction, the
 * provider and model, the call id) to those the caller gives, and rejects given dimensions that
 * contradict the fact rather than let either win quietly. Quantities are never negative. Time is
 * metered in whole seconds, a started second counting whole, so metered time is never less than
 * real time and less than one second more.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class UsageFacts {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private UsageFacts() {}

  /**
   * Returns the events of a call on any channel: voice (or phone) calls meter {@code
   * voice_minutes}, every other channel {@code chat_minutes}.
   *
   * <ul>
   *   <li>{@linkplain CallOutcome#finished(Instant, Instant) Finished}: {@code calls} = 1 and the
   *       minutes metric = the elapsed seconds rounded up; an inbound voice call also meters the
   *       same seconds as {@code inbound_minutes}.
   *   <li>{@linkplain CallOutcome#missed(Instant) Missed}: {@code missed_calls} = 1 only.
   *   <li>{@linkplain CallOutcome#inProgress(Instant) In progress}: {@code calls_in_progress} = 1
   *       only; no minutes are metered until the call is recorded again as finished, under the same
   *       id, which adds {@code calls} and the minutes.
   * </ul>
   *
   * <p>Events are stamped with {@link CallOutcome#occurredAt()} and carry the given dimensions
   * plus the channel, the direction and the call id ({@code callId}'s value).
   *
   * @param callId the call's id, from which the events' ids derive
   * @param tenant whose call it was
   * @param channel where the call happened
   * @param direction which way it went
   * @param outcome how it turned out
   * @param dimensions further dimensions: phone number, member, assistant, campaign, contact
   * @return the events, in a stable order
   * @throws IllegalArgumentException if {@code dimensions} contradict the channel, direction or
   *     call id, or a derived id is too long
   */
  public static List<UsageEvent> call(
      EventId callId,
      TenantId tenant,
      Channel channel,
      Direction direction,
      CallOutcome outcome,
      Dimensions dimensions) {
    requireNonNull(callId, "callId");
    requireNonNull(tenant, "tenant");
    requireNonNull(channel, "channel");
    requireNonNull(direction, "direction");
    requireNonNull(outcome, "outcome");
    Dimensions dims = new Merge(dimensions, "call " + callId)
        .add(DimensionKey.CHANNEL, channel.name())
        .add(DimensionKey.DIRECTION, direction.key())
        .add(DimensionKey.CALL_ID, callId.value())
        .build();
    Events events = new Events(callId, tenant, outcome.occurredAt(), dims);
    if (outcome instanceof CallOutcome.Finished finished) {
      long seconds = finished.elapsedSeconds();
      events.add(Metrics.CALLS, 1);
      events.add(channel.isVoice() ? Metrics.VOICE_MINUTES : Metrics.CHAT_MINUTES, seconds);
      if (channel.isVoice() && direction == Direction.INBOUND) {
        events.add(Metrics.INBOUND_MINUTES, seconds);
      }
    } else if (outcome instanceof CallOutcome.Missed) {
      events.add(Metrics.MISSED_CALLS, 1);
    } else {
      events.add(Metrics.CALLS_IN_PROGRESS, 1);
    }
    return events.list();
  }

  /**
   * Returns the events of one SMS from its text, counted as carriers count it with {@link
   * SmsSegments#analyze(CharSequence)}: {@code sms_outbound} or {@code sms_inbound} = its
   * segments, and {@code sms_characters} = its code points.
   *
   * @param messageId the message's id, from which the events' ids derive
   * @param tenant whose message it was
   * @param at when it was sent or received
   * @param direction which way it went
   * @param text the message text; empty text is one segment, as carriers bill it
   * @param dimensions further dimensions: phone number, member, assistant, campaign, contact
   * @return the events
   * @throws IllegalArgumentException if {@code dimensions} contradict the channel or direction
   */
  public static List<UsageEvent> sms(
      EventId messageId, TenantId tenant, Instant at, Direction direction, CharSequence text, Dimensions dimensions) {
    SmsAnalysis analysis = SmsSegments.analyze(requireNonNull(text, "text"));
    return sms(messageId, tenant, at, direction, analysis.segmentCount(), analysis.characterCount(), dimensions);
  }

  /**
   * Returns the events of one SMS: {@code sms_outbound} or {@code sms_inbound} = its segments,
   * and {@code sms_characters} = its characters, on channel {@code sms} with its direction.
   *
   * <p>Segments are what carriers bill: count them with the library's SMS segment counter rather
   * than dividing by 160. Since every segment holds at least one character, more segments than
   * characters (but for one segment of an empty message) is refused as a likely swap of the two
   * arguments.
   *
   * @param messageId the message's id, from which the events' ids derive
   * @param tenant whose message it was
   * @param at when it was sent or received
   * @param direction which way it went
   * @param segments the segments it was sent as, zero or more
   * @param characters its characters, zero or more
   * @param dimensions further dimensions: phone number, member, assistant, campaign, contact
   * @return the two events
   * @throws IllegalArgumentException if a count is negative, the segments exceed the characters,
   *     or {@code dimensions} contradict the channel or direction
   */
  public static List<UsageEvent> sms(
      EventId messageId,
      TenantId tenant,
      Instant at,
      Direction direction,
      int segments,
      int characters,
      Dimensions dimensions) {
    requireNonNull(messageId, "messageId");
    requireNonNull(tenant, "tenant");
    requireNonNull(at, "at");
    requireNonNull(direction, "direction");
    if (segments < 0) {
      throw new IllegalArgumentException("sms segment count must not be negative but was " + segments);
    }
    if (characters < 0) {
      throw new IllegalArgumentException("sms character count must not be negative but was " + characters);
    }
    if (segments > Math.max(characters, 1)) {
      throw new IllegalArgumentException("sms segment count " + segments + " exceeds character count " + characters
          + ": are the arguments swapped?");
    }
    Dimensions dims = new Merge(dimensions, "sms " + messageId)
        .add(DimensionKey.CHANNEL, Channel.SMS.name())
        .add(DimensionKey.DIRECTION, direction.key())
        .build();
    Events events = new Events(messageId, tenant, at, dims);
    events.add(direction == Direction.OUTBOUND ? Metrics.SMS_OUTBOUND : Metrics.SMS_INBOUND, segments);
    events.add(Metrics.SMS_CHARACTERS, characters);
    return events.list();
  }

  /**
   * Returns the event of one message a person sent in a conversation: {@code human_messages} = 1,
   * on its channel. The assistant's side is {@link #aiCompletion}; together they are the messages
   * the usage reports count. An SMS is recorded with {@link #sms} instead, whose events count as
   * its message.
   *
   * @param messageId the message's id, from which the event's id derives
   * @param tenant whose conversation it was
   * @param at when it was sent
   * @param channel where: web chat, WhatsApp, a call's transcript, ...; not {@link Channel#SMS}
   * @param dimensions further dimensions: member, assistant, campaign, contact, call id
   * @return the one event
   * @throws IllegalArgumentException if the channel is SMS or {@code dimensions} contradict it
   */
  public static List<UsageEvent> humanMessage(
      EventId messageId, TenantId tenant, Instant at, Channel channel, Dimensions dimensions) {
    requireNonNull(messageId, "messageId");
    requireNonNull(tenant, "tenant");
    requireNonNull(at, "at");
    requireNonNull(channel, "channel");
    if (channel.equals(Channel.SMS)) {
      throw new IllegalArgumentException("message " + messageId
          + " is on channel sms: record an SMS with UsageFacts.sms, whose events count as its message");
    }
    Events events = new Events(messageId, tenant, at,
        new Merge(dimensions, "message " + messageId).add(DimensionKey.CHANNEL, channel.name()).build());
    events.add(Metrics.HUMAN_MESSAGES, 1);
    return events.list();
  }

  /**
   * Returns the events of one model completion: {@code ai_messages} = 1, plus one event for each
   * kind of token that was used: {@code prompt_tokens} (the {@linkplain
   * TokenCounts#uncachedPrompt() uncached} prompt tokens), {@code cached_tokens}, {@code
   * completion_tokens}, {@code audio_input_tokens} and {@code audio_output_tokens}.
   *
   * <p>Kinds with zero tokens produce no event, so a text model's completion is two to four
   * events. Each event carries the provider, model and model type.
   *
   * @param requestId the provider's request id or the host's, from which the events' ids derive
   * @param tenant whose completion it was
   * @param at when the completion happened
   * @param provider the provider, e.g. {@code openai}
   * @param model the model, e.g. {@code gpt-4o-mini}
   * @param modelType chat or realtime
   * @param tokens the tokens used, prompt including cached as OpenAI reports them
   * @param dimensions further dimensions: member, assistant, call id
   * @return the events, {@code ai_messages} first
   * @throws IllegalArgumentException if {@code dimensions} contradict the provider, model or model
   *     type, or those are empty or longer than {@value Dimensions#MAX_VALUE_LENGTH} characters
   */
  public static List<UsageEvent> aiCompletion(
      EventId requestId,
      TenantId tenant,
      Instant at,
      String provider,
      String model,
      ModelType modelType,
      TokenCounts tokens,
      Dimensions dimensions) {
    requireNonNull(requestId, "requestId");
    requireNonNull(tenant, "tenant");
    requireNonNull(at, "at");
    requireNonNull(modelType, "modelType");
    requireNonNull(tokens, "tokens");
    Dimensions dims = new Merge(dimensions, "completion " + requestId)
        .add(DimensionKey.PROVIDER, requireNonNull(provider, "provider"))
        .add(DimensionKey.MODEL, requireNonNull(model, "model"))
        .add(DimensionKey.MODEL_TYPE, modelType.key())
        .build();
    Events events = new Events(requestId, tenant, at, dims);
    events.add(Metrics.AI_MESSAGES, 1);
    events.addIfPositive(Metrics.PROMPT_TOKENS, tokens.uncachedPrompt());
    events.addIfPositive(Metrics.CACHED_TOKENS, tokens.cached());
    events.addIfPositive(Metrics.COMPLETION_TOKENS, tokens.completion());
    events.addIfPositive(Metrics.AUDIO_INPUT_TOKENS, tokens.audioInput());
    events.addIfPositive(Metrics.AUDIO_OUTPUT_TOKENS, tokens.audioOutput());
    return events.list();
  }

  // Documents its parameters as aiCompletion does on purpose: each public factory reads alone.
  /**
   * Returns the event of one speech-to-text transcription: {@code stt_seconds} = the audio's
   * duration in whole seconds, a started second counting whole.
   *
   * @param transcriptionId the transcription's id, from which the event's id derives
   * @param tenant whose transcription it was
   * @param at when it happened
   * @param provider the provider, e.g. {@code deepgram}
   * @param model the model, e.g. {@code nova-2}
   * @param audio how long the transcribed audio was, zero or positive
   * @param dimensions further dimensions: member, assistant, call id
   * @return the one event
   * @throws IllegalArgumentException if {@code audio} is negative or {@code dimensions} contradict
   *     the provider or model
   */
  public static List<UsageEvent> speechToText(
      EventId transcriptionId,
      TenantId tenant,
      Instant at,
      String provider,
      String model,
      Duration audio,
      Dimensions dimensions) {
    requireNonNull(audio, "audio");
    if (audio.isNegative()) {
      throw new IllegalArgumentException("speech-to-text audio duration must not be negative but was " + audio);
    }
    requireNonNull(transcriptionId, "transcriptionId");
    return speech(transcriptionId, "speech-to-text", tenant, at, provider, model, Metrics.STT_SECONDS,
        secondsRoundedUp(audio), dimensions);
  }

  /**
   * Returns the event of one text-to-speech synthesis: {@code tts_characters} = the code points
   * of {@code text}, so that an emoji counts once and not as its two UTF-16 chars.
   *
   * @param synthesisId the synthesis's id, from which the event's id derives
   * @param tenant whose synthesis it was
   * @param at when it happened
   * @param provider the provider, e.g. {@code elevenlabs}
   * @param model the model or voice, e.g. {@code eleven_turbo_v2}
   * @param text the text synthesised
   * @param dimensions further dimensions: member, assistant, call id
   * @return the one event
   * @throws IllegalArgumentException if {@code dimensions} contradict the provider or model
   */
  public static List<UsageEvent> textToSpeech(
      EventId synthesisId,
      TenantId tenant,
      Instant at,
      String provider,
      String model,
      CharSequence text,
      Dimensions dimensions) {
    requireNonNull(text, "text");
    return textToSpeech(synthesisId, tenant, at, provider, model,
        Character.codePointCount(text, 0, text.length()), dimensions);
  }

  /**
   * Returns the event of one text-to-speech synthesis whose characters the provider reported:
   * {@code tts_characters} = {@code characters}.
   *
   * @param synthesisId the synthesis's id, from which the event's id derives
   * @param tenant whose synthesis it was
   * @param at when it happened
   * @param provider the provider, e.g. {@code elevenlabs}
   * @param model the model or voice
   * @param characters the characters synthesised, zero or more
   * @param dimensions further dimensions: member, assistant, call id
   * @return the one event
   * @throws IllegalArgumentException if {@code characters} is negative or {@code dimensions}
   *     contradict the provider or model
   */
  public static List<UsageEvent> textToSpeech(
      EventId synthesisId,
      TenantId tenant,
      Instant at,
      String provider,
      String model,
      long characters,
      Dimensions dimensions) {
    requireNonNull(synthesisId, "synthesisId");
    if (characters < 0) {
      throw new IllegalArgumentException("text-to-speech character count must not be negative but was " + characters);
    }
    return speech(synthesisId, "text-to-speech", tenant, at, provider, model, Metrics.TTS_CHARACTERS, characters,
        dimensions);
  }

  /**
   * Returns the event of one workflow run: {@code workflow_runs_success} or {@code
   * workflow_runs_failed} = 1.
   *
   * @param runId the run's id, from which the event's id derives
   * @param tenant whose run it was
   * @param at when the run ended
   * @param outcome how it ended
   * @param dimensions further dimensions: member, assistant, campaign
   * @return the one event
   */
  public static List<UsageEvent> workflowRun(
      EventId runId, TenantId tenant, Instant at, WorkflowOutcome outcome, Dimensions dimensions) {
    requireNonNull(runId, "runId");
    requireNonNull(outcome, "outcome");
    Metric metric = outcome == WorkflowOutcome.SUCCEEDED ? Metrics.WORKFLOW_RUNS_SUCCESS : Metrics.WORKFLOW_RUNS_FAILED;
    return single(runId, tenant, at, metric, dimensions);
  }

  /**
   * Returns the events of one outbound dial attempt: {@code ai_dial_attempts} or {@code
   * human_dial_attempts} = 1, and for an attempt that connected and has ended, the connected
   * seconds (rounded up) as {@code ai_connected_minutes_standard}, {@code
   * ai_connected_minutes_premium} or {@code human_connected_minutes}, by {@code dialer}.
   *
   * <p>An attempt still {@linkplain CallOutcome#inProgress(Instant) in progress} counts as an
   * attempt only; recorded again as finished, under the same id, it yields the same attempt
   * event (a duplicate that stores count once) and the connected time. A {@linkplain
   * CallOutcome#missed(Instant) missed} attempt never connected. Events are stamped with {@link
   * CallOutcome#occurredAt()} and carry the direction {@code outbound}.
   *
   * @param attemptId the attempt's id, from which the events' ids derive
   * @param tenant whose attempt it was
   * @param dialer who dialled, and for AI agents on which voice tier
   * @param outcome whether and how long it connected
   * @param dimensions further dimensions: channel, phone number, member, assistant, campaign
   * @return the events, the attempt first
   * @throws IllegalArgumentException if {@code dimensions} give a direction other than outbound
   */
  public static List<UsageEvent> dialAttempt(
      EventId attemptId, TenantId tenant, Dialer dialer, CallOutcome outcome, Dimensions dimensions) {
    requireNonNull(attemptId, "attemptId");
    requireNonNull(tenant, "tenant");
    requireNonNull(dialer, "dialer");
    requireNonNull(outcome, "outcome");
    Dimensions dims = new Merge(dimensions, "dial attempt " + attemptId)
        .add(DimensionKey.DIRECTION, Direction.OUTBOUND.key())
        .build();
    Events events = new Events(attemptId, tenant, outcome.occurredAt(), dims);
    events.add(dialer.isAi() ? Metrics.AI_DIAL_ATTEMPTS : Metrics.HUMAN_DIAL_ATTEMPTS, 1);
    if (outcome instanceof CallOutcome.Finished finished) {
      Metric connected = switch (dialer) {
        case AI_STANDARD_VOICE -> Metrics.AI_CONNECTED_MINUTES_STANDARD;
        case AI_PREMIUM_VOICE -> Metrics.AI_CONNECTED_MINUTES_PREMIUM;
        case HUMAN -> Metrics.HUMAN_CONNECTED_MINUTES;
      };
      events.add(connected, finished.elapsedSeconds());
    }
    return events.list();
  }

  /**
   * Returns the event of one voicemail dropped on a live line: {@code voicemail_drops} = 1, with
   * the direction {@code outbound}.
   *
   * @param dropId the drop's id, from which the event's id derives
   * @param tenant whose drop it was
   * @param at when the voicemail was left
   * @param dimensions further dimensions: phone number, member, campaign, contact
   * @return the one event
   * @throws IllegalArgumentException if {@code dimensions} give a direction other than outbound
   */
  public static List<UsageEvent> voicemailDrop(EventId dropId, TenantId tenant, Instant at, Dimensions dimensions) {
    requireNonNull(dropId, "dropId");
    return single(dropId, tenant, at, Metrics.VOICEMAIL_DROPS, outbound(dimensions, "voicemail drop " + dropId));
  }

  /**
   * Returns the event of one voicemail delivered without ringing the phone: {@code
   * ringless_voicemail} = 1, with the direction {@code outbound}.
   *
   * @param deliveryId the delivery's id, from which the event's id derives
   * @param tenant whose delivery it was
   * @param at when the voicemail was delivered
   * @param dimensions further dimensions: phone number, member, campaign, contact
   * @return the one event
   * @throws IllegalArgumentException if {@code dimensions} give a direction other than outbound
   */
  public static List<UsageEvent> ringlessVoicemail(
      EventId deliveryId, TenantId tenant, Instant at, Dimensions dimensions) {
    requireNonNull(deliveryId, "deliveryId");
    return single(deliveryId, tenant, at, Metrics.RINGLESS_VOICEMAIL,
        outbound(dimensions, "ringless voicemail " + deliveryId));
  }

  /** Returns {@code duration} in whole seconds, a started second counting whole. */
  static long secondsRoundedUp(Duration duration) {
    // Duration keeps 0 <= nano < 1e9 with the sign in the seconds, so this is a ceiling for
    // positive durations; callers reject negative ones first.
    return duration.getNano() == 0 ? duration.getSeconds() : Math.addExact(duration.getSeconds(), 1);
  }

  private static Dimensions outbound(Dimensions dimensions, String fact) {
    return new Merge(dimensions, fact).add(DimensionKey.DIRECTION, Direction.OUTBOUND.key()).build();
  }

  private static List<UsageEvent> speech(
      EventId factId, String what, TenantId tenant, Instant at, String provider, String model, Metric metric,
      long quantity, Dimensions dimensions) {
    requireNonNull(tenant, "tenant");
    requireNonNull(at, "at");
    Dimensions dims = new Merge(dimensions, what + " " + factId)
        .add(DimensionKey.PROVIDER, requireNonNull(provider, "provider"))
        .add(DimensionKey.MODEL, requireNonNull(model, "model"))
        .build();
    Events events = new Events(factId, tenant, at, dims);
    events.add(metric, quantity);
    return events.list();
  }

  private static List<UsageEvent> single(
      EventId factId, TenantId tenant, Instant at, Metric metric, Dimensions dimensions) {
    requireNonNull(tenant, "tenant");
    requireNonNull(at, "at");
    requireNonNull(dimensions, "dimensions");
    Events events = new Events(factId, tenant, at, dimensions);
    events.add(metric, 1);
    return events.list();
  }

  /** Adds the dimensions a fact determines to the caller's, refusing contradictions. */
  private static final class Merge {
    private final Dimensions given;
    private final String fact;
    private final Dimensions.Builder builder;

    Merge(Dimensions given, String fact) {
      this.given = requireNonNull(given, "dimensions");
      this.fact = fact;
      this.builder = given.toBuilder();
    }

    Merge add(DimensionKey key, String value) {
      String present = given.valueOrNull(key);
      if (present != null && !present.equals(value)) {
        throw new IllegalArgumentException("dimension " + key.key() + " is '" + present
            + "' in the given dimensions but '" + value + "' for " + fact);
      }
      builder.set(key, value);
      return this;
    }

    Dimensions build() {
      return builder.build();
    }
  }

  /** Collects the events of one fact, each with an id derived from the fact's. */
  private static final class Events {
    private final EventId factId;
    private final TenantId tenant;
    private final Instant at;
    private final Dimensions dimensions;
    private final List<UsageEvent> events = new ArrayList<>(6);

    Events(EventId factId, TenantId tenant, Instant at, Dimensions dimensions) {
      this.factId = factId;
      this.tenant = tenant;
      this.at = at;
      this.dimensions = dimensions;
    }

    void add(Metric metric, long quantity) {
      events.add(UsageEvent.builder(factId.derive(metric.key()), tenant, metric)
          .at(at)
          .quantity(quantity)
          .dimensions(dimensions)
          .build());
    }

    void addIfPositive(Metric metric, long quantity) {
      if (quantity > 0) {
        add(metric, quantity);
      }
    }

    List<UsageEvent> list() {
      return List.copyOf(events);
    }
  }
}
