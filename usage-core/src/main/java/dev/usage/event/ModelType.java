package dev.usage.event;

/**
 * Whether a model answered in a chat exchange or in a realtime (speech) session.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum ModelType {
  /** Request/response text completions. */
  CHAT,
  /** Streaming speech-to-speech sessions. */
  REALTIME;

  /** {@return the lowercase name stored and shown in reports} */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
