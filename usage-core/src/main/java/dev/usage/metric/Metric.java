package dev.usage.metric;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A measurable kind of usage: a stable key, the unit its quantities count and how they aggregate.
 *
 * <p>Quantities are exact integers of the metric's unit, scaled by {@link #scale()} decimal places:
 * a metric with scale 0 counts whole units (every built-in metric does), one with scale 3 counts
 * thousandths. Keeping quantities integral lets stores sum them without {@code BigDecimal} or
 * boxing.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param key the stable key, lowercase letters, digits, {@code _}, {@code .} and {@code -} starting
 *     with a letter, and for user-defined metrics a namespace of the same form before a {@code :};
 *     the name and the namespace are at most 32 characters each
 * @param unit what one unit measures
 * @param aggregation how quantities combine over a period
 * @param scale the number of decimal places of a quantity, 0 to 9
 * @param description one line for people reading a report
 */
public record Metric(String key, Unit unit, Aggregation aggregation, int scale, String description) {

  private static final Pattern KEY = Pattern.compile("(?:[a-z][a-z0-9_.-]{0,31}:)?[a-z][a-z0-9_.-]{0,31}");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the key is malformed or the scale is out of range
   * @param key the stable key, lowercase letters, digits, {@code _}, {@code .} and {@code -} starting
   *     with a letter, and for user-defined metrics a namespace of the same form before a {@code :};
   *     the name and the namespace are at most 32 characters each
   * @param unit what one unit measures
   * @param aggregation how quantities combine over a period
   * @param scale the number of decimal places of a quantity, 0 to 9
   * @param description one line for people reading a report
   */
  public Metric {
    requireNonNull(key, "key");
    requireNonNull(unit, "unit");
    requireNonNull(aggregation, "aggregation");
    requireNonNull(description, "description");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("metric key '" + key + "' must be lowercase letters, digits, '_', '.' or '-',"
          + " optionally after a 'namespace:' prefix, at most 32 characters each");
    }
    if (scale < 0 || scale > 9) {
      throw new IllegalArgumentException("metric scale must be 0 to 9 but was " + scale + " for " + key);
    }
  }

  /**
   * Obtains a user-defined metric that counts whole units.
   *
   * @param key a namespaced key such as {@code acme:transcripts}
   * @param unit what one unit measures
   * @param aggregation how quantities combine
   * @return the metric, with scale 0 and no description
   * @throws IllegalArgumentException if the key is malformed or has no namespace
   */
  public static Metric custom(String key, Unit unit, Aggregation aggregation) {
    return custom(key, unit, aggregation, 0, "");
  }

  /**
   * Obtains a user-defined metric.
   *
   * <p>User-defined keys carry a namespace ({@code acme:transcripts}) so that they can never
   * collide with a metric this library adds later.
   *
   * @param key a namespaced key such as {@code acme:storage_gb_hours}
   * @param unit what one unit measures
   * @param aggregation how quantities combine
   * @param scale decimal places of a quantity, 0 to 9
   * @param description one line for people reading a report
   * @return the metric
   * @throws IllegalArgumentException if the key is malformed or has no namespace, or the scale is
   *     out of range
   */
  public static Metric custom(String key, Unit unit, Aggregation aggregation, int scale, String description) {
    requireNonNull(key, "key");
    if (key.indexOf(':') <= 0) {
      throw new IllegalArgumentException("user-defined metric key '" + key + "' needs a namespace, e.g. 'acme:" + key
          + "'");
    }
    return new Metric(key, unit, aggregation, scale, description);
  }

  /** {@return whether this is a user-defined (namespaced) metric} */
  public boolean isCustom() {
    return key.indexOf(':') > 0;
  }

  /**
   * Returns an unscaled quantity of this metric as the decimal it stands for.
   *
   * @param unscaled the quantity as stored
   * @return {@code unscaled × 10^-scale}
   */
  public BigDecimal toDecimal(long unscaled) {
    return BigDecimal.valueOf(unscaled, scale);
  }

  /** Returns the key. */
  @Override
  public String toString() {
    return key;
  }
}
