package dev.usage.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The idempotency key of a usage event: recording the same id twice counts once.
 *
 * <p>Ids are opaque to the library; the host chooses them so that a retried recording carries the
 * same id (a call id plus the metric, a message id, a provider's request id).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value 1 to 200 characters, no control characters; also the id's JSON form
 */
public record EventId(@JsonValue String value) {

  /** The longest id accepted, so that every store can index it. */
  public static final int MAX_LENGTH = 200;

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is empty, too long, holds control characters or a
   *     lone surrogate
   * @param value 1 to 200 characters, no control characters, well-formed Unicode; also the id's
   *     JSON form
   */
  public EventId {
    requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("event id must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("event id must be at most " + MAX_LENGTH + " characters but was "
          + value.length() + ": '" + value.substring(0, Math.min(32, value.length())) + "...'");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("event id '" + value.replaceAll("\\p{Cc}", "?")
          + "' must not contain control characters");
    }
    int lone = WellFormed.loneSurrogate(value);
    if (lone >= 0) {
      throw new IllegalArgumentException("event id '" + value + "' must be well-formed Unicode but has a lone "
          + "surrogate U+" + Integer.toHexString(value.charAt(lone)).toUpperCase(java.util.Locale.ROOT) + " at index "
          + lone);
    }
  }

  /**
   * Obtains an id.
   *
   * @param value 1 to 200 characters, no control characters
   * @return the id
   * @throws IllegalArgumentException if the value breaks those rules
   */
  public static EventId of(String value) {
    return new EventId(value);
  }

  /**
   * Returns the id of an event derived from this one, such as the minutes of a call.
   *
   * @param suffix what distinguishes the derived event, e.g. a metric key; not empty
   * @return {@code value + "/" + suffix}
   * @throws IllegalArgumentException if the suffix is empty, or the derived id breaks the rules
   *     of an id (too long, control characters)
   */
  public EventId derive(String suffix) {
    // Without the check a null suffix became the id "x/null", shared by every such mistake.
    requireNonNull(suffix, "suffix");
    if (suffix.isEmpty()) {
      throw new IllegalArgumentException("suffix of an id derived from " + value + " must not be empty");
    }
    return new EventId(value + "/" + suffix);
  }

  @Override
  public String toString() {
    return value;
  }
}
