package dev.usage.spi;

import dev.usage.event.DimensionKey;
import java.util.Optional;

/**
 * What an aggregate can be grouped by: the day (in the query's zone), the metric, or one of the
 * dimensions that reports break usage down by.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum GroupKey {
  /** The calendar day of the event in the query's zone, as {@code YYYY-MM-DD}. */
  DAY(null),
  /** The metric key. */
  METRIC(null),
  /** The channel. */
  CHANNEL(DimensionKey.CHANNEL),
  /** The direction. */
  DIRECTION(DimensionKey.DIRECTION),
  /** The provider. */
  PROVIDER(DimensionKey.PROVIDER),
  /** The model type, chat or realtime. */
  MODEL_TYPE(DimensionKey.MODEL_TYPE),
  /** The model. */
  MODEL(DimensionKey.MODEL),
  /** The customer's phone number. */
  PHONE_NUMBER(DimensionKey.PHONE_NUMBER),
  /** The member the work is attributed to. */
  MEMBER(DimensionKey.MEMBER),
  /** The assistant or agent. */
  ASSISTANT(DimensionKey.ASSISTANT),
  /** The campaign that dialled or messaged, e.g. for the credit usage page's burn by campaign. */
  CAMPAIGN(DimensionKey.CAMPAIGN);

  private final DimensionKey dimension;

  GroupKey(DimensionKey dimension) {
    this.dimension = dimension;
  }

  /** {@return the dimension this key groups by, or empty for {@link #DAY} and {@link #METRIC}} */
  public Optional<DimensionKey> dimension() {
    return Optional.ofNullable(dimension);
  }
}
