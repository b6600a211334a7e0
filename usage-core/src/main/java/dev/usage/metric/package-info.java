/**
 * What can be measured: {@link dev.usage.metric.Metric} (a key, a {@link dev.usage.metric.Unit}
 * and an {@link dev.usage.metric.Aggregation}), the built-in {@link dev.usage.metric.Metrics} and
 * the {@link dev.usage.metric.MetricCatalog} that adds user-defined ones.
 */
package dev.usage.metric;
