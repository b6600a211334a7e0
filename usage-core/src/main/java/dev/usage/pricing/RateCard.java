package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One version of a plan's price list, in force from an instant until the next version: a {@link
 * Rate} per metric, a {@link CreditMultiplier} per (provider, model) for token metrics, a discount
 * for cached tokens and the {@link BillingIncrement} of call time.
 *
 * <p>The card, not the calculator, carries the billing increment, because the increment is part of
 * what a plan sells (60 s on base, 30 s on professional, custom on enterprise) and changes with its
 * prices: a card version fixes both, and the {@link PricingTrace} of every event names the version.
 *
 * <p>Token metrics (those whose unit is {@link Unit#TOKENS}: prompt, completion, cached and audio
 * tokens, and custom token metrics) are priced at their rate times the multiplier of the event's
 * {@code provider} and {@code model} dimensions; an event whose model has no multiplier on the
 * card, or that lacks either dimension, uses the {@linkplain Builder#defaultMultiplier default
 * multiplier}, 1 unless set. Other metrics ignore multipliers. Audio tokens have no special
 * treatment: they are priced at their own metrics' rates.
 *
 * <p>Cached tokens ({@code cached_tokens}) are priced either at their own rate, like any metric, or,
 * when the card sets a {@linkplain Builder#cachedTokenFactor cached-token factor}, at the {@code
 * prompt_tokens} rate times the model multiplier times that factor: a factor of 0.5 charges a cached
 * token half the price of an uncached prompt token. A card cannot do both.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class RateCard {

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private final String version;
  private final Instant effectiveFrom;
  private final Map<Metric, Rate> rates;
  private final Map<ModelKey, CreditMultiplier> multipliers;
  private final CreditMultiplier defaultMultiplier;
  private final Optional<CreditMultiplier> cachedTokenFactor;
  private final Optional<BillingIncrement> increment;
  private final Map<Metric, MetricPrice> prices;

  private RateCard(Builder b) {
    this.version = b.version;
    this.effectiveFrom = b.effectiveFrom;
    // insertion order, as the card was written, for rates() and toString()
    this.rates = Collections.unmodifiableMap(new LinkedHashMap<>(b.rates));
    this.multipliers = Collections.unmodifiableMap(new LinkedHashMap<>(b.multipliers));
    this.defaultMultiplier = b.defaultMultiplier;
    this.cachedTokenFactor = Optional.ofNullable(b.cachedTokenFactor);
    this.increment = Optional.ofNullable(b.increment);
    this.prices = compile();
  }

  /**
   * Starts building a rate card.
   *
   * @param version the card's id, shown on invoices and in every {@link PricingTrace}: 1 to 64
   *     letters, digits, {@code _ . : -}, e.g. {@code 2026-04}
   * @param effectiveFrom the instant from which the card is in force, inclusive
   * @return a builder
   */
  public static Builder builder(String version, Instant effectiveFrom) {
    return new Builder(version, effectiveFrom);
  }

  /** {@return the version id} */
  public String version() {
    return version;
  }

  /** {@return the instant from which this card is in force, inclusive} */
  public Instant effectiveFrom() {
    return effectiveFrom;
  }

  /**
   * Returns the rate of {@code metric}.
   *
   * @param metric a metric
   * @return its own rate, or empty if the card has none (cached tokens priced through the
   *     cached-token factor have none of their own)
   */
  public Optional<Rate> rate(Metric metric) {
    return Optional.ofNullable(rates.get(requireNonNull(metric, "metric")));
  }

  /** {@return every metric's own rate, in the order they were set} */
  public Map<Metric, Rate> rates() {
    return rates;
  }

  /**
   * Returns the multiplier the card sets for a model.
   *
   * @param provider the provider dimension, e.g. {@code openai}
   * @param model the model dimension, e.g. {@code gpt-4o}
   * @return the multiplier, or empty if the card sets none, in which case the default applies
   */
  public Optional<CreditMultiplier> multiplier(String provider, String model) {
    return Optional.ofNullable(multipliers.get(new ModelKey(provider, model)));
  }

  /** {@return the multiplier of token events whose model has none on the card} */
  public CreditMultiplier defaultMultiplier() {
    return defaultMultiplier;
  }

  /** {@return the fraction of the prompt-token price that a cached token pays, if the card prices them so} */
  public Optional<CreditMultiplier> cachedTokenFactor() {
    return cachedTokenFactor;
  }

  /** {@return the billing increment of rates billed in increments, if any is} */
  public Optional<BillingIncrement> increment() {
    return increment;
  }

  /** Returns how this card prices {@code metric}, or {@code null} if it has no rate for it. */
  MetricPrice price(Metric metric) {
    return prices.get(metric);
  }

  private Map<Metric, MetricPrice> compile() {
    Map<Metric, MetricPrice> compiled = new HashMap<>();
    rates.forEach((metric, rate) -> compiled.put(metric, compile(metric, metric, rate, Optional.empty())));
    cachedTokenFactor.ifPresent(factor -> compiled.put(Metrics.CACHED_TOKENS,
        compile(Metrics.CACHED_TOKENS, Metrics.PROMPT_TOKENS, rates.get(Metrics.PROMPT_TOKENS), Optional.of(factor))));
    return Map.copyOf(compiled);
  }

  private MetricPrice compile(Metric metric, Metric rateMetric, Rate rate, Optional<CreditMultiplier> traceFactor) {
    CreditMultiplier factor = traceFactor.orElse(CreditMultiplier.ONE);
    boolean tokens = metric.unit() == Unit.TOKENS;
    BillingIncrement inc = rate.billedInIncrements() ? increment.orElseThrow() : null;
    CreditMultiplier base = tokens ? defaultMultiplier : CreditMultiplier.ONE;
    Quote baseQuote = Quote.of(rate, base, factor, metric.scale(), new PricingTrace(version, Optional.of(rate),
        rateMetric.key(), base, Optional.empty(), traceFactor, Optional.ofNullable(inc), CreditCalculator.ROUNDING));
    Map<String, Map<String, Quote>> byModel = new LinkedHashMap<>();
    if (tokens) {
      multipliers.forEach((key, multiplier) -> byModel.computeIfAbsent(key.provider(), p -> new LinkedHashMap<>())
          .put(key.model(), Quote.of(rate, multiplier, factor, metric.scale(), new PricingTrace(version,
              Optional.of(rate), rateMetric.key(), multiplier, Optional.of(key.toString()), traceFactor,
              Optional.ofNullable(inc), CreditCalculator.ROUNDING))));
    }
    Map<String, Map<String, Quote>> frozen = new HashMap<>();
    byModel.forEach((provider, models) -> frozen.put(provider, Map.copyOf(models)));
    return new MetricPrice(baseQuote, Map.copyOf(frozen), inc, metric.scale());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateCard c
        && version.equals(c.version)
        && effectiveFrom.equals(c.effectiveFrom)
        && rates.equals(c.rates)
        && multipliers.equals(c.multipliers)
        && defaultMultiplier.equals(c.defaultMultiplier)
        && cachedTokenFactor.equals(c.cachedTokenFactor)
        && increment.equals(c.increment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, effectiveFrom, rates, multipliers, defaultMultiplier, cachedTokenFactor, increment);
  }

  /** Returns the version, when it takes effect and its contents, for logs. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("rate card ").append(version).append(" from ").append(effectiveFrom)
        .append(": ").append(rates);
    if (!multipliers.isEmpty() || !defaultMultiplier.isOne()) {
      s.append(", multipliers ").append(multipliers).append(" default ").append(defaultMultiplier);
    }
    cachedTokenFactor.ifPresent(f -> s.append(", cached tokens at ").append(f).append(" × prompt rate"));
    increment.ifPresent(i -> s.append(", increment ").append(i));
    return s.toString();
  }

  /** A (provider, model) pair, the key of a multiplier. */
  record ModelKey(String provider, String model) {
    ModelKey {
      requireNonNull(provider, "provider");
      requireNonNull(model, "model");
    }

    @Override
    public String toString() {
      return provider + "/" + model;
    }
  }

  /**
   * Builds a {@link RateCard}; setters refuse a second value for the same key, and {@link #build()}
   * checks that the parts fit together.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final String version;
    private final Instant effectiveFrom;
    private final Map<Metric, Rate> rates = new LinkedHashMap<>();
    private final Map<ModelKey, CreditMultiplier> multipliers = new LinkedHashMap<>();
    private CreditMultiplier defaultMultiplier = CreditMultiplier.ONE;
    private boolean defaultMultiplierSet;
    private CreditMultiplier cachedTokenFactor;
    private BillingIncrement increment;

    private Builder(String version, Instant effectiveFrom) {
      this.version = requireNonNull(version, "version");
      this.effectiveFrom = requireNonNull(effectiveFrom, "effectiveFrom");
    }

    /**
     * Sets the rate of a metric.
     *
     * @param metric the metric
     * @param rate its rate; billed in increments only if the metric counts seconds
     * @return this builder
     * @throws IllegalStateException if the metric already has a rate
     */
    public Builder rate(Metric metric, Rate rate) {
      requireNonNull(metric, "metric");
      requireNonNull(rate, "rate");
      Rate previous = rates.putIfAbsent(metric, rate);
      if (previous != null) {
        throw new IllegalStateException("rate of " + metric.key() + " was already set to " + previous);
      }
      return this;
    }

    /**
     * Sets the multiplier of a model's token metrics.
     *
     * @param provider the provider dimension, e.g. {@code openai}
     * @param model the model dimension, e.g. {@code gpt-4o}
     * @param multiplier how many times the token rates the model consumes
     * @return this builder
     * @throws IllegalStateException if the model already has a multiplier
     */
    public Builder multiplier(String provider, String model, CreditMultiplier multiplier) {
      requireNonNull(multiplier, "multiplier");
      ModelKey key = new ModelKey(provider, model);
      if (provider.isEmpty() || model.isEmpty()) {
        throw new IllegalArgumentException("multiplier needs a provider and a model but was for '" + key + "'");
      }
      CreditMultiplier previous = multipliers.putIfAbsent(key, multiplier);
      if (previous != null) {
        throw new IllegalStateException("multiplier of " + key + " was already set to " + previous);
      }
      return this;
    }

    /**
     * Sets the multiplier of token events whose model has none on the card; 1 unless set.
     *
     * @param multiplier the default multiplier
     * @return this builder
     * @throws IllegalStateException if the default was already set
     */
    public Builder defaultMultiplier(CreditMultiplier multiplier) {
      requireNonNull(multiplier, "multiplier");
      if (defaultMultiplierSet) {
        throw new IllegalStateException("default multiplier was already set to " + defaultMultiplier);
      }
      defaultMultiplier = multiplier;
      defaultMultiplierSet = true;
      return this;
    }

    /**
     * Prices {@code cached_tokens} at the {@code prompt_tokens} rate times {@code factor}, instead
     * of a rate of their own.
     *
     * @param factor the fraction of the prompt-token price a cached token pays, 0 to 1: 0.5 is
     *     half price, 0.1 is 90 % off
     * @return this builder
     * @throws IllegalStateException if the factor was already set
     */
    public Builder cachedTokenFactor(CreditMultiplier factor) {
      requireNonNull(factor, "factor");
      if (cachedTokenFactor != null) {
        throw new IllegalStateException("cached-token factor was already set to " + cachedTokenFactor);
      }
      cachedTokenFactor = factor;
      return this;
    }

    /**
     * Sets the billing increment of the rates billed in increments.
     *
     * @param increment e.g. {@link BillingIncrement#PER_MINUTE} on a base plan
     * @return this builder
     * @throws IllegalStateException if the increment was already set
     */
    public Builder increment(BillingIncrement increment) {
      requireNonNull(increment, "increment");
      if (this.increment != null) {
        throw new IllegalStateException("billing increment was already set to " + this.increment);
      }
      this.increment = increment;
      return this;
    }

    /**
     * {@return the rate card}
     *
     * @throws IllegalArgumentException if the version is malformed; a rate billed in increments is
     *     for a metric that does not count seconds; a rate is billed in increments but no increment
     *     is set, or an increment is set but no rate is billed in increments; the cached-token
     *     factor is above 1, has no prompt-token rate to apply to, or competes with a cached-token
     *     rate
     */
    public RateCard build() {
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("rate card version '" + version
            + "' must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
      }
      boolean anyIncremental = false;
      for (Map.Entry<Metric, Rate> e : rates.entrySet()) {
        if (e.getValue().billedInIncrements()) {
          anyIncremental = true;
          if (e.getKey().unit() != Unit.SECONDS) {
            throw new IllegalArgumentException("rate card " + version + " bills " + e.getKey().key()
                + " in increments, but only metrics counting seconds can be; " + e.getKey().key() + " counts "
                + e.getKey().unit());
          }
          if (increment == null) {
            throw new IllegalArgumentException("rate card " + version + " bills " + e.getKey().key()
                + " in increments but has no billing increment");
          }
        }
      }
      // an increment nothing uses is almost always a rate missing withIncrements(), which under-bills
      if (increment != null && !anyIncremental) {
        throw new IllegalArgumentException("rate card " + version + " has billing increment " + increment
            + " but no rate billed in increments");
      }
      if (cachedTokenFactor != null) {
        if (cachedTokenFactor.value().compareTo(BigDecimal.ONE) > 0) {
          throw new IllegalArgumentException("cached-token factor of rate card " + version
              + " must be at most 1 but was " + cachedTokenFactor);
        }
        if (!rates.containsKey(Metrics.PROMPT_TOKENS)) {
          throw new IllegalArgumentException("rate card " + version + " has cached-token factor " + cachedTokenFactor
              + " but no rate for " + Metrics.PROMPT_TOKENS.key() + " to apply it to");
        }
        if (rates.containsKey(Metrics.CACHED_TOKENS)) {
          throw new IllegalArgumentException("rate card " + version + " has both a rate "
              + rates.get(Metrics.CACHED_TOKENS) + " for " + Metrics.CACHED_TOKENS.key() + " and a cached-token factor "
              + cachedTokenFactor + "; set one");
        }
      }
      return new RateCard(this);
    }
  }
}
