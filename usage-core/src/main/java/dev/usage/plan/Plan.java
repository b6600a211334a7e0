package dev.usage.plan;

import static java.util.Objects.requireNonNull;

import dev.usage.metric.Metric;
import dev.usage.pricing.BillingIncrement;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tenant subscribes to: the metrics it may use and see, its allotment per {@link
 * CreditType}, and, if it sets one, the {@link BillingIncrement} its calls are rounded to.
 *
 * <p>A metric the plan does not list is neither counted nor shown in reports; whether recording one
 * is an error or silently ignored is the plan's {@link UnlistedMetricPolicy} (see {@link
 * #check(Metric)}). Every allotted credit type must have at least one of its metrics listed, so an
 * allotment can always be used.
 *
 * <p>Plans are values, built once and shared. For example, a professional plan that bills call
 * time in 30-second blocks:
 *
 * <pre>{@code
 * Plan pro = Plan.builder("pro")
 *     .name("Professional")
 *     .metric(Metrics.VOICE_MINUTES).metric(Metrics.AI_TEXT_QUERIES).metric(Metrics.CONCURRENT_CALLS)
 *     .allot(CreditType.VOICE_MINUTES, 1_000)     // minutes
 *     .allot(CreditType.TEXT_QUERIES, 5_000)
 *     .allot(CreditType.CONCURRENT_CALLS, 10)
 *     .increment(BillingIncrement.PER_HALF_MINUTE)
 *     .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the stable id: 1 to 64 lowercase letters, digits, {@code _ . -}, starting with a letter
 *     or digit
 * @param name the name shown to people, not blank
 * @param metrics the metrics available on the plan, in the order reports show them
 * @param unlistedMetrics what recording an unlisted metric does
 * @param allotments per credit type, in {@linkplain CreditType#allotmentUnit() allotment units},
 *     each zero or more; a type without an entry has no allotment
 * @param increment how call time is rounded before it is priced, in place of the rate card's
 *     increment for rates the card bills in increments; empty to use the card's
 */
public record Plan(
    String id,
    String name,
    Set<Metric> metrics,
    UnlistedMetricPolicy unlistedMetrics,
    Map<CreditType, Long> allotments,
    Optional<BillingIncrement> increment) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  /**
   * Validates and copies the parts.
   *
   * @throws IllegalArgumentException if the id is malformed, the name blank, two metrics share a key,
   *     an allotment is negative or too large to meter, or an allotted type has none of its metrics
   *     listed
   * @param id the stable id: 1 to 64 lowercase letters, digits, {@code _ . -}, starting with a letter
   *     or digit
   * @param name the name shown to people, not blank
   * @param metrics the metrics available on the plan, in the order reports show them
   * @param unlistedMetrics what recording an unlisted metric does
   * @param allotments per credit type, in {@linkplain CreditType#allotmentUnit() allotment units},
   *     each zero or more; a type without an entry has no allotment
   * @param increment how call time is rounded before it is priced, in place of the rate card's
   *     increment for rates the card bills in increments; empty to use the card's
   */
  public Plan {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(metrics, "metrics");
    requireNonNull(unlistedMetrics, "unlistedMetrics");
    requireNonNull(allotments, "allotments");
    requireNonNull(increment, "increment");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("plan id '" + id
          + "' must be 1 to 64 lowercase letters, digits, '_', '.' or '-'");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("name of plan " + id + " must not be blank");
    }
    metrics = Collections.unmodifiableSet(new LinkedHashSet<>(metrics));
    Set<String> keys = new HashSet<>();
    for (Metric m : metrics) {
      if (!keys.add(m.key())) {
        throw new IllegalArgumentException("plan " + id + " lists two different metrics with key " + m.key());
      }
    }
    EnumMap<CreditType, Long> byType = new EnumMap<>(CreditType.class);
    byType.putAll(allotments);
    allotments = Collections.unmodifiableMap(byType);
    for (Map.Entry<CreditType, Long> a : allotments.entrySet()) {
      CreditType type = a.getKey();
      long allotted = a.getValue();
      if (allotted < 0) {
        throw new IllegalArgumentException("allotment of " + type + " on plan " + id + " must not be negative but was "
            + allotted);
      }
      type.toMetered(allotted); // refuses an allotment whose metered form would overflow
      if (type.metrics().stream().noneMatch(metrics::contains)) {
        throw new IllegalArgumentException("plan " + id + " allots " + type + " but lists none of its metrics "
            + type.metrics());
      }
    }
  }

  /**
   * Starts building a plan.
   *
   * @param id the stable id, e.g. {@code "pro"}
   * @return a builder whose name defaults to the id, unlisted metrics to {@link
   *     UnlistedMetricPolicy#REJECT} and no increment of its own (the rate card's applies)
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns whether the plan lists {@code metric}.
   *
   * @param metric any metric
   * @return true if usage of it is counted and shown
   */
  public boolean admits(Metric metric) {
    return metrics.contains(requireNonNull(metric, "metric"));
  }

  /**
   * Decides whether usage of {@code metric} should be recorded, by the plan's {@link
   * UnlistedMetricPolicy}.
   *
   * @param metric the metric of some usage
   * @return true if the plan lists it; false if it does not and ignores unlisted metrics
   * @throws MetricNotOnPlanException if the plan does not list it and rejects unlisted metrics
   */
  public boolean check(Metric metric) {
    if (admits(metric)) {
      return true;
    }
    if (unlistedMetrics == UnlistedMetricPolicy.REJECT) {
      throw new MetricNotOnPlanException(metric, id);
    }
    return false;
  }

  /**
   * Returns the allotment of {@code type}.
   *
   * @param type a credit type
   * @return the allotment in allotment units, or empty if the plan allots none
   */
  public OptionalLong allotment(CreditType type) {
    Long allotted = allotments.get(requireNonNull(type, "type"));
    return allotted == null ? OptionalLong.empty() : OptionalLong.of(allotted);
  }

  /**
   * Builds a {@link Plan}; validation happens in {@link #build()}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private String name;
    private final Set<Metric> metrics = new LinkedHashSet<>();
    private UnlistedMetricPolicy unlistedMetrics = UnlistedMetricPolicy.REJECT;
    private final Map<CreditType, Long> allotments = new EnumMap<>(CreditType.class);
    private BillingIncrement increment;

    private Builder(String id) {
      this.id = requireNonNull(id, "id");
      this.name = id;
    }

    /**
     * Sets the name shown to people.
     *
     * @param name any text that is not blank
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Lists a metric on the plan.
     *
     * @param metric a metric the plan bills
     * @return this builder
     * @throws IllegalArgumentException if the metric is already listed
     */
    public Builder metric(Metric metric) {
      requireNonNull(metric, "metric");
      if (!metrics.add(metric)) {
        throw new IllegalArgumentException("metric " + metric.key() + " is listed twice on plan " + id);
      }
      return this;
    }

    /**
     * Lists several metrics on the plan, in order.
     *
     * @param metrics metrics the plan bills, listed in this order after those already listed
     * @return this builder
     * @throws IllegalArgumentException if one is already listed
     */
    public Builder metrics(Metric... metrics) {
      for (Metric m : metrics) {
        metric(m);
      }
      return this;
    }

    /**
     * Sets what recording an unlisted metric does.
     *
     * @param policy whether an unlisted metric is recorded or rejected
     * @return this builder
     */
    public Builder unlistedMetrics(UnlistedMetricPolicy policy) {
      this.unlistedMetrics = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Allots {@code allotted} units of {@code type}.
     *
     * @param type the credit type
     * @param allotted in {@linkplain CreditType#allotmentUnit() allotment units} (minutes for {@link
     *     CreditType#VOICE_MINUTES}), zero or more; checked in {@link #build()}
     * @return this builder
     * @throws IllegalArgumentException if the type is already allotted
     */
    public Builder allot(CreditType type, long allotted) {
      requireNonNull(type, "type");
      if (allotments.containsKey(type)) {
        throw new IllegalArgumentException(type + " is already allotted " + allotments.get(type) + " on plan " + id);
      }
      allotments.put(type, allotted);
      return this;
    }

    /**
     * Sets how call time is rounded on this plan, in place of the rate card's increment: the engine
     * prices the plan's tenants with it wherever the card bills a rate in increments.
     *
     * @param increment the rounding of call time for this plan's tenants
     * @return this builder
     */
    public Builder increment(BillingIncrement increment) {
      this.increment = requireNonNull(increment, "increment");
      return this;
    }

    /**
     * {@return the plan}
     *
     * @throws IllegalArgumentException if the parts break a rule of {@link Plan}
     */
    public Plan build() {
      return new Plan(id, name, metrics, unlistedMetrics, allotments, Optional.ofNullable(increment));
    }
  }
}
