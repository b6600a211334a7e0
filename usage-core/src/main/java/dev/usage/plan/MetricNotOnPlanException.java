package dev.usage.plan;

import static java.util.Objects.requireNonNull;

import dev.usage.metric.Metric;

/**
 * Thrown when usage of a metric is recorded against a plan that does not list it and {@linkplain
 * UnlistedMetricPolicy#REJECT rejects} unlisted metrics.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class MetricNotOnPlanException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  // The key, not the Metric: exceptions are Serializable and Metric is not.
  /** The key of the metric the plan does not list. */
  private final String metricKey;
  /** The id of the plan. */
  private final String planId;

  MetricNotOnPlanException(Metric metric, String planId) {
    super("metric " + metric.key() + " is not on plan " + planId);
    this.metricKey = metric.key();
    this.planId = requireNonNull(planId, "planId");
  }

  /** {@return the key of the metric that the plan does not list} */
  public String metricKey() {
    return metricKey;
  }

  /** {@return the id of the plan} */
  public String planId() {
    return planId;
  }
}
