package dev.usage.metric;

import java.util.List;

/**
 * The built-in metrics: what AI voice, chat and SMS platforms bill on and report.
 *
 * <p>Keys are stable: stores persist them and reports group by them. Time metrics count seconds;
 * reports show minutes.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Metrics {

  /** Seconds of finished voice calls. */
  public static final Metric VOICE_MINUTES = sum("voice_minutes", Unit.SECONDS, "voice call time of finished calls");
  /** Seconds of finished chat sessions. */
  public static final Metric CHAT_MINUTES = sum("chat_minutes", Unit.SECONDS, "chat session time of finished chats");
  /** Finished calls (voice or chat, by the channel dimension; inbound or outbound, by direction). */
  public static final Metric CALLS = count("calls", "finished calls with a real start and end");
  /** Calls that were never answered. */
  public static final Metric MISSED_CALLS = count("missed_calls", "calls that were not answered");
  /** Calls recorded while still in progress; they count as calls once finished. */
  public static final Metric CALLS_IN_PROGRESS = count("calls_in_progress", "calls that have not ended yet");
  /** Seconds of inbound calls, billed separately on some plans. */
  public static final Metric INBOUND_MINUTES = sum("inbound_minutes", Unit.SECONDS, "inbound call time");
  /** Outbound dial attempts placed by an AI agent. */
  public static final Metric AI_DIAL_ATTEMPTS = count("ai_dial_attempts", "dial attempts by AI agents");
  /** Seconds an AI agent was connected on a standard voice. */
  public static final Metric AI_CONNECTED_MINUTES_STANDARD =
      sum("ai_connected_minutes_standard", Unit.SECONDS, "AI connected time, standard voice");
  /** Seconds an AI agent was connected on a premium voice. */
  public static final Metric AI_CONNECTED_MINUTES_PREMIUM =
      sum("ai_connected_minutes_premium", Unit.SECONDS, "AI connected time, premium voice");
  /** Outbound dial attempts placed by a human agent. */
  public static final Metric HUMAN_DIAL_ATTEMPTS = count("human_dial_attempts", "dial attempts by human agents");
  /** Seconds a human agent was connected. */
  public static final Metric HUMAN_CONNECTED_MINUTES =
      sum("human_connected_minutes", Unit.SECONDS, "human agent connected time");
  /** Segments of outbound SMS, what carriers bill and what SMS outbound credits are drawn for. */
  public static final Metric SMS_OUTBOUND = sum("sms_outbound", Unit.SEGMENTS, "outbound SMS segments");
  /** Segments of inbound SMS. */
  public static final Metric SMS_INBOUND = sum("sms_inbound", Unit.SEGMENTS, "inbound SMS segments");
  /** Characters of SMS text, either direction. */
  public static final Metric SMS_CHARACTERS = sum("sms_characters", Unit.CHARACTERS, "SMS characters");
  /** SMS replies written by an AI agent. */
  public static final Metric AI_SMS_REPLIES = count("ai_sms_replies", "SMS replies written by AI");
  /** Voicemail drops left on a live line. */
  public static final Metric VOICEMAIL_DROPS = count("voicemail_drops", "voicemail drops");
  /** Voicemails delivered without ringing the phone. */
  public static final Metric RINGLESS_VOICEMAIL = count("ringless_voicemail", "ringless voicemail deliveries");
  /** Text queries answered by an AI model. */
  public static final Metric AI_TEXT_QUERIES = count("ai_text_queries", "AI text queries");
  /**
   * Messages people sent to an assistant in a conversation on any channel but SMS (whose messages
   * are its own metrics); with {@link #AI_MESSAGES}, the messages of the usage reports.
   */
  public static final Metric HUMAN_MESSAGES = count("human_messages", "messages people sent");
  /** Model completions (chat or realtime), the assistant's messages in the usage reports. */
  public static final Metric AI_MESSAGES = count("ai_messages", "AI model completions");
  /** Prompt (input) tokens that were not served from the cache. */
  public static final Metric PROMPT_TOKENS = sum("prompt_tokens", Unit.TOKENS, "prompt tokens, uncached");
  /** Completion (output) tokens. */
  public static final Metric COMPLETION_TOKENS = sum("completion_tokens", Unit.TOKENS, "completion tokens");
  /** Prompt tokens served from the provider's cache, billed at a discount. */
  public static final Metric CACHED_TOKENS = sum("cached_tokens", Unit.TOKENS, "cached prompt tokens");
  /** Audio input tokens of realtime models. */
  public static final Metric AUDIO_INPUT_TOKENS = sum("audio_input_tokens", Unit.TOKENS, "audio input tokens");
  /** Audio output tokens of realtime models. */
  public static final Metric AUDIO_OUTPUT_TOKENS = sum("audio_output_tokens", Unit.TOKENS, "audio output tokens");
  /** Seconds of audio transcribed (speech to text). */
  public static final Metric STT_SECONDS = sum("stt_seconds", Unit.SECONDS, "speech-to-text audio");
  /** Characters synthesised (text to speech). */
  public static final Metric TTS_CHARACTERS = sum("tts_characters", Unit.CHARACTERS, "text-to-speech characters");
  /** Workflow runs that succeeded. */
  public static final Metric WORKFLOW_RUNS_SUCCESS = count("workflow_runs_success", "successful workflow runs");
  /** Workflow runs that failed. */
  public static final Metric WORKFLOW_RUNS_FAILED = count("workflow_runs_failed", "failed workflow runs");
  /** Phone numbers held. */
  public static final Metric PHONE_NUMBERS = max("phone_numbers", "phone numbers held");
  /** Calls running at the same time, a gauge. */
  public static final Metric CONCURRENT_CALLS = max("concurrent_calls", "peak concurrent calls");
  /** Human-agent seats held. */
  public static final Metric HUMAN_AGENT_SEATS = max("human_agent_seats", "human-agent seats");

  private static final List<Metric> ALL = List.of(
      VOICE_MINUTES, CHAT_MINUTES, CALLS, MISSED_CALLS, CALLS_IN_PROGRESS, INBOUND_MINUTES,
      AI_DIAL_ATTEMPTS, AI_CONNECTED_MINUTES_STANDARD, AI_CONNECTED_MINUTES_PREMIUM,
      HUMAN_DIAL_ATTEMPTS, HUMAN_CONNECTED_MINUTES, SMS_OUTBOUND, SMS_INBOUND, SMS_CHARACTERS,
      AI_SMS_REPLIES, VOICEMAIL_DROPS, RINGLESS_VOICEMAIL, AI_TEXT_QUERIES, HUMAN_MESSAGES, AI_MESSAGES,
      PROMPT_TOKENS, COMPLETION_TOKENS, CACHED_TOKENS, AUDIO_INPUT_TOKENS, AUDIO_OUTPUT_TOKENS,
      STT_SECONDS, TTS_CHARACTERS, WORKFLOW_RUNS_SUCCESS, WORKFLOW_RUNS_FAILED, PHONE_NUMBERS,
      CONCURRENT_CALLS, HUMAN_AGENT_SEATS);

  private Metrics() {}

  /** {@return every built-in metric, in a stable order} */
  public static List<Metric> builtIn() {
    return ALL;
  }

  private static Metric sum(String key, Unit unit, String description) {
    return new Metric(key, unit, Aggregation.SUM, 0, description);
  }

  private static Metric count(String key, String description) {
    return new Metric(key, Unit.COUNT, Aggregation.COUNT, 0, description);
  }

  private static Metric max(String key, String description) {
    return new Metric(key, Unit.ITEMS, Aggregation.MAX, 0, description);
  }
}
