package dev.usage.pricing;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import java.math.BigInteger;
import java.util.Map;

/**
 * How one rate card prices one metric: the quote for the default multiplier and, for token
 * metrics, one quote per (provider, model) with its own multiplier, all computed when the card is
 * built so that pricing an event only looks them up.
 *
 * <p>Quotes are found through nested maps, provider then model, so that a lookup allocates no key.
 *
 * <p>This class is immutable and thread-safe.
 */
final class MetricPrice {

  private final Quote base;
  private final Map<String, Map<String, Quote>> byModel;
  /** The increment, or {@code null} when the rate is not billed in increments. */
  private final BillingIncrement increment;
  private final long unitsPerSecond;

  MetricPrice(Quote base, Map<String, Map<String, Quote>> byModel,
      BillingIncrement increment, int metricScale) {
    this.base = base;
    this.byModel = byModel;
    this.increment = increment;
    this.unitsPerSecond = BigInteger.TEN.pow(metricScale).longValueExact();
  }

  /** Returns the quote for the event's provider and model, or the base quote. */
  Quote quote(Dimensions dimensions) {
    if (byModel.isEmpty()) {
      return base;
    }
    String provider = dimensions.valueOrNull(DimensionKey.PROVIDER);
    Map<String, Quote> models = provider == null ? null : byModel.get(provider);
    if (models == null) {
      return base;
    }
    String model = dimensions.valueOrNull(DimensionKey.MODEL);
    Quote quote = model == null ? null : models.get(model);
    return quote == null ? base : quote;
  }

  /**
   * Returns the quantity that is billed: rounded up by the increment when the rate is billed in
   * increments, else the quantity itself.
   *
   * @param quantity unscaled, zero or positive
   */
  long billable(long quantity) {
    return billable(quantity, increment);
  }

  /** Returns whether the rate is billed in increments, so that a plan's increment applies to it. */
  boolean billedInIncrements() {
    return increment != null;
  }

  /** Returns the billable quantity with {@code increment} in place of the card's, or the quantity without one. */
  long billable(long quantity, BillingIncrement increment) {
    if (increment == null) {
      return quantity;
    }
    // a started second starts its block, so rounding up to whole seconds first bills the same
    long seconds = unitsPerSecond == 1 ? quantity : BillingIncrement.ceilDiv(quantity, unitsPerSecond);
    long billed = increment.billableSeconds(seconds);
    return UsageOverflowException.multiplyExact(billed, unitsPerSecond, "billable quantity");
  }
}
