package dev.usage.plan;

/**
 * What happens to usage of a metric that a plan does not list.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum UnlistedMetricPolicy {
  /** Recording it is a mistake: {@link Plan#check(dev.usage.metric.Metric)} throws. */
  REJECT,
  /** Recording it is allowed and has no effect: the plan neither counts nor shows it. */
  IGNORE
}
