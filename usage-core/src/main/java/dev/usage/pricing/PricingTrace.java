package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.math.RoundingMode;
import java.util.Optional;

/**
 * How an event was priced: the rate card version, the rate, the factors and the rounding that
 * turned its quantity into credits.
 *
 * <p>The trace is stored with the {@link PricedEvent}, so that an invoice line can be explained
 * and reversed long after the rate card changed, without looking the card up again.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param rateCardVersion the version of the rate card in force when the event occurred
 * @param rate the rate applied, or empty when the card had no rate for the metric and the
 *     calculator prices unrated metrics as free
 * @param rateMetric the key of the metric whose rate applied: the event's own, or {@code
 *     prompt_tokens} for cached tokens priced at a discount on the prompt-token rate
 * @param multiplier the model multiplier applied; {@link CreditMultiplier#ONE} for metrics that do
 *     not count tokens
 * @param multiplierModel {@code provider/model} when the card has a multiplier for the event's
 *     model; empty when the card's default multiplier applied or the metric does not count tokens
 * @param cachedTokenFactor the fraction of the prompt-token price paid by a cached token, when
 *     cached tokens were priced that way
 * @param increment the billing increment applied to the quantity, present exactly when the rate is
 *     billed in increments
 * @param rounding how the exact product was rounded to micro-credits
 */
public record PricingTrace(
    String rateCardVersion,
    Optional<Rate> rate,
    String rateMetric,
    CreditMultiplier multiplier,
    Optional<String> multiplierModel,
    Optional<CreditMultiplier> cachedTokenFactor,
    Optional<BillingIncrement> increment,
    RoundingMode rounding) {

  /**
   * Validates the trace.
   *
   * @throws IllegalArgumentException if an increment is present without a rate billed in
   *     increments or missing for one
   * @param rateCardVersion the version of the rate card in force when the event occurred
   * @param rate the rate applied, or empty when the card had no rate for the metric and the
   *     calculator prices unrated metrics as free
   * @param rateMetric the key of the metric whose rate applied: the event's own, or {@code
   *     prompt_tokens} for cached tokens priced at a discount on the prompt-token rate
   * @param multiplier the model multiplier applied; {@link CreditMultiplier#ONE} for metrics that do
   *     not count tokens
   * @param multiplierModel {@code provider/model} when the card has a multiplier for the event's
   *     model; empty when the card's default multiplier applied or the metric does not count tokens
   * @param cachedTokenFactor the fraction of the prompt-token price paid by a cached token, when
   *     cached tokens were priced that way
   * @param increment the billing increment applied to the quantity, present exactly when the rate is
   *     billed in increments
   * @param rounding how the exact product was rounded to micro-credits
   */
  public PricingTrace {
    requireNonNull(rateCardVersion, "rateCardVersion");
    requireNonNull(rate, "rate");
    requireNonNull(rateMetric, "rateMetric");
    requireNonNull(multiplier, "multiplier");
    requireNonNull(multiplierModel, "multiplierModel");
    requireNonNull(cachedTokenFactor, "cachedTokenFactor");
    requireNonNull(increment, "increment");
    requireNonNull(rounding, "rounding");
    boolean incremental = rate.map(Rate::billedInIncrements).orElse(false);
    if (increment.isPresent() != incremental) {
      throw new IllegalArgumentException("pricing trace of rate card " + rateCardVersion + " has increment " + increment
          + " but rate " + rate);
    }
  }

  /**
   * Returns the trace of a metric that had no rate on the card and was priced free.
   *
   * @param rateCardVersion the card in force
   * @param metricKey the metric's key
   * @return the trace
   */
  public static PricingTrace unrated(String rateCardVersion, String metricKey) {
    return new PricingTrace(rateCardVersion, Optional.empty(), metricKey, CreditMultiplier.ONE,
        Optional.empty(), Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING);
  }
}
