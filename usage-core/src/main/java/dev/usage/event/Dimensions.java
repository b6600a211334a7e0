package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The dimensions of a usage event: the closed set of {@link DimensionKey}s plus namespaced custom
 * ones.
 *
 * <p>Values are kept verbatim, except that typed dimensions are checked: the channel must be a
 * valid {@link Channel} name, the direction and model type one of their constants' keys, and the
 * phone number E.164. Unknown providers, models, members and so on are allowed.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Dimensions {

  /** The longest value accepted, so that every store can index it. */
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Dimensions NONE =
      new Dimensions(new String[DimensionKey.values().length], Collections.emptySortedMap());
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern CUSTOM_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_.-]{0,63}");

  private final String[] values;
  private final SortedMap<String, String> custom;

  private Dimensions(String[] values, SortedMap<String, String> custom) {
    this.values = values;
    this.custom = custom;
  }

  /** {@return dimensions with no values} */
  public static Dimensions none() {
    return NONE;
  }

  /** {@return a builder with no values} */
  public static Builder builder() {
    return new Builder(new String[DimensionKey.values().length], new TreeMap<>());
  }

  /** {@return a builder that starts from these values} */
  public Builder toBuilder() {
    return new Builder(values.clone(), new TreeMap<>(custom));
  }

  /**
   * Returns the value of {@code key}.
   *
   * @param key a dimension
   * @return its value, or empty when the event does not carry it
   */
  public Optional<String> get(DimensionKey key) {
    return Optional.ofNullable(values[key.ordinal()]);
  }

  /**
   * Returns the value of {@code key}, or {@code null} when absent. For stores on their hot path,
   * where an {@code Optional} per event and key would be measurable.
   *
   * @param key a dimension
   * @return the value or {@code null}
   */
  public String valueOrNull(DimensionKey key) {
    return values[key.ordinal()];
  }

  /** {@return the channel, if any} */
  public Optional<Channel> channel() {
    return get(DimensionKey.CHANNEL).map(Channel::new);
  }

  /** {@return the direction, if any} */
  public Optional<Direction> direction() {
    return get(DimensionKey.DIRECTION).map(v -> Direction.valueOf(v.toUpperCase(Locale.ROOT)));
  }

  /** {@return the model type, if any} */
  public Optional<ModelType> modelType() {
    return get(DimensionKey.MODEL_TYPE).map(v -> ModelType.valueOf(v.toUpperCase(Locale.ROOT)));
  }

  /**
   * Returns the value of a custom dimension.
   *
   * @param key a namespaced key such as {@code acme:region}
   * @return its value, or empty
   */
  public Optional<String> custom(String key) {
    return Optional.ofNullable(custom.get(requireNonNull(key, "key")));
  }

  /** {@return the custom dimensions, sorted by key} */
  public SortedMap<String, String> customValues() {
    return custom;
  }

  /** {@return the values of the closed set that are present, in {@link DimensionKey} order} */
  public Map<DimensionKey, String> asMap() {
    Map<DimensionKey, String> map = new EnumMap<>(DimensionKey.class);
    for (DimensionKey k : DimensionKey.values()) {
      if (values[k.ordinal()] != null) {
        map.put(k, values[k.ordinal()]);
      }
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dimensions d && Arrays.equals(values, d.values) && custom.equals(d.custom);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + custom.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    asMap().forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k.key()).append('=').append(v));
    custom.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append('=').append(v));
    return s.append('}').toString();
  }

  /**
   * Builds {@link Dimensions}; each setter validates its value at once.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final String[] values;
    private final TreeMap<String, String> custom;

    private Builder(String[] values, TreeMap<String, String> custom) {
      this.values = values;
      this.custom = custom;
    }

    /**
     * Sets a dimension of the closed set.
     *
     * @param key the dimension
     * @param value its value, 1 to 256 characters; checked for typed dimensions
     * @return this builder
     * @throws IllegalArgumentException if the value is empty, too long, holds U+0000 or a lone
     *     surrogate, or is not valid for the key
     */
    public Builder set(DimensionKey key, String value) {
      requireNonNull(key, "key");
      values[key.ordinal()] = check(key, value);
      return this;
    }

    // One typed setter per dimension on purpose: each names its key and checks its own type.
    /**
     * Sets the channel.
     *
     * @param channel the channel the usage went through, e.g. voice or SMS
     * @return this builder
     */
    public Builder channel(Channel channel) {
      return set(DimensionKey.CHANNEL, requireNonNull(channel, "channel").name());
    }

    /**
     * Sets the direction.
     *
     * @param direction inbound or outbound
     * @return this builder
     */
    public Builder direction(Direction direction) {
      return set(DimensionKey.DIRECTION, requireNonNull(direction, "direction").key());
    }

    /**
     * Sets the provider, e.g. {@code openai}.
     *
     * @param provider the provider's name, 1 to 256 characters
     * @return this builder
     */
    public Builder provider(String provider) {
      return set(DimensionKey.PROVIDER, provider);
    }

    /**
     * Sets the model, e.g. {@code gpt-4o-mini}.
     *
     * @param model the model's name as the provider spells it, 1 to 256 characters
     * @return this builder
     */
    public Builder model(String model) {
      return set(DimensionKey.MODEL, model);
    }

    /**
     * Sets the model type.
     *
     * @param modelType chat or realtime
     * @return this builder
     */
    public Builder modelType(ModelType modelType) {
      return set(DimensionKey.MODEL_TYPE, requireNonNull(modelType, "modelType").key());
    }

    /**
     * Sets the phone number, E.164 such as {@code +14155550100}.
     *
     * @param e164 a plus sign and 2 to 15 digits, the first not 0
     * @return this builder
     */
    public Builder phoneNumber(String e164) {
      return set(DimensionKey.PHONE_NUMBER, e164);
    }

    /**
     * Sets the member the work is attributed to.
     *
     * @param member the member's id in the host application, 1 to 256 characters
     * @return this builder
     */
    public Builder member(String member) {
      return set(DimensionKey.MEMBER, member);
    }

    /**
     * Sets the assistant or agent.
     *
     * @param assistant the assistant's or agent's id, 1 to 256 characters
     * @return this builder
     */
    public Builder assistant(String assistant) {
      return set(DimensionKey.ASSISTANT, assistant);
    }

    /**
     * Sets the campaign.
     *
     * @param campaign the campaign's id, 1 to 256 characters
     * @return this builder
     */
    public Builder campaign(String campaign) {
      return set(DimensionKey.CAMPAIGN, campaign);
    }

    /**
     * Sets the contact.
     *
     * @param contact the contact's id or address, 1 to 256 characters
     * @return this builder
     */
    public Builder contact(String contact) {
      return set(DimensionKey.CONTACT, contact);
    }

    /**
     * Sets the call or conversation id.
     *
     * @param callId the id that ties a call's or conversation's events together, 1 to 256
     *     characters
     * @return this builder
     */
    public Builder callId(String callId) {
      return set(DimensionKey.CALL_ID, callId);
    }

    /**
     * Sets a custom dimension.
     *
     * @param key a namespaced key such as {@code acme:region}
     * @param value 1 to 256 characters
     * @return this builder
     * @throws IllegalArgumentException if the key is not namespaced or the value is empty, too long, or
     *     holds U+0000 or a lone surrogate
     */
    public Builder custom(String key, String value) {
      requireNonNull(key, "key");
      if (!CUSTOM_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("custom dimension key '" + key
            + "' must be 'namespace:name' in lowercase letters, digits, '_', '-' or '.'");
      }
      custom.put(key, checkLength(key, value));
      return this;
    }

    /** {@return the dimensions} */
    public Dimensions build() {
      return new Dimensions(values.clone(), Collections.unmodifiableSortedMap(new TreeMap<>(custom)));
    }

    private static String check(DimensionKey key, String value) {
      checkLength(key.key(), value);
      switch (key) {
        case CHANNEL -> Channel.of(value);
        case DIRECTION -> {
          if (!value.equals("inbound") && !value.equals("outbound")) {
            throw new IllegalArgumentException("direction must be 'inbound' or 'outbound' but was '" + value + "'");
          }
        }
        case MODEL_TYPE -> {
          if (!value.equals("chat") && !value.equals("realtime")) {
            throw new IllegalArgumentException("model type must be 'chat' or 'realtime' but was '" + value + "'");
          }
        }
        case PHONE_NUMBER -> {
          if (!E164.matcher(value).matches()) {
            throw new IllegalArgumentException("phone number '" + value + "' must be E.164, e.g. +14155550100");
          }
        }
        default -> { }
      }
      return value;
    }

    private static String checkLength(String key, String value) {
      requireNonNull(value, key);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("dimension " + key + " must not be empty");
      }
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException("dimension " + key + " must be at most " + MAX_VALUE_LENGTH
            + " characters but was " + value.length());
      }
      if (value.indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException("dimension " + key + " value '" + value.replaceAll("\\p{Cc}", "?")
            + "' must not contain U+0000, which PostgreSQL text cannot hold, but has it at index "
            + value.indexOf('\u0000'));
      }
      int lone = WellFormed.loneSurrogate(value);
      if (lone >= 0) {
        throw new IllegalArgumentException("dimension " + key + " value '" + value + "' must be well-formed Unicode "
            + "but has a lone surrogate U+" + Integer.toHexString(value.charAt(lone)).toUpperCase(Locale.ROOT)
            + " at index " + lone);
      }
      return value;
    }
  }
}
