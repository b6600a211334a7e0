package dev.usage.event;

import java.util.Locale;
import java.util.Optional;

/**
 * The closed set of dimensions an event can carry, and that stores filter and group by.
 *
 * <p>Hosts that need more attach namespaced custom dimensions ({@code acme:region}); those are
 * kept with the event but are not grouping keys, so that every store can index what it groups by.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum DimensionKey {
  /** The {@link Channel}. */
  CHANNEL,
  /** The {@link Direction}, {@code inbound} or {@code outbound}. */
  DIRECTION,
  /** The AI, speech or telephony provider, e.g. {@code openai}. */
  PROVIDER,
  /** The model, e.g. {@code gpt-4o-mini}. */
  MODEL,
  /** The {@link ModelType}, {@code chat} or {@code realtime}. */
  MODEL_TYPE,
  /** The customer's phone number in E.164 form, e.g. {@code +14155550100}. */
  PHONE_NUMBER,
  /** The team member the work is attributed to; absent for agent-only and system work. */
  MEMBER,
  /** The AI assistant or agent that did the work. */
  ASSISTANT,
  /** The campaign a dial attempt or message belongs to. */
  CAMPAIGN,
  /** The contact the conversation was with. */
  CONTACT,
  /** The call or conversation the event belongs to. */
  CALL_ID;

  private final String key = name().toLowerCase(Locale.ROOT);

  /** {@return the lowercase key used in stores and JSON, e.g. {@code phone_number}} */
  public String key() {
    return key;
  }

  /**
   * Returns the dimension with {@code key}, if any.
   *
   * @param key a lowercase key such as {@code channel}
   * @return the dimension, or empty if {@code key} names none
   */
  public static Optional<DimensionKey> fromKey(String key) {
    for (DimensionKey d : values()) {
      if (d.key.equals(key)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
