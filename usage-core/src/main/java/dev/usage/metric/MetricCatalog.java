package dev.usage.metric;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics a deployment knows: the built-in ones plus those its users define.
 *
 * <p>Stores and rate cards look metrics up by key, so a key names exactly one metric: adding a
 * different metric under a known key is refused rather than silently replacing it.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class MetricCatalog {

  private static final MetricCatalog BUILT_IN = new MetricCatalog(index(Metrics.builtIn()));

  private final Map<String, Metric> byKey;

  private MetricCatalog(Map<String, Metric> byKey) {
    this.byKey = Collections.unmodifiableMap(byKey);
  }

  /** {@return the catalogue of the built-in metrics} */
  public static MetricCatalog builtIn() {
    return BUILT_IN;
  }

  /**
   * Returns a catalogue that also knows {@code metric}.
   *
   * @param metric the metric to add; adding one already known is a no-op
   * @return the extended catalogue
   * @throws IllegalArgumentException if a different metric already has that key
   */
  public MetricCatalog with(Metric metric) {
    requireNonNull(metric, "metric");
    Metric known = byKey.get(metric.key());
    if (known != null) {
      // Metric.toString() is just the key, so the message spells out both definitions.
      if (!known.equals(metric)) {
        throw new IllegalArgumentException("metric key '" + metric.key() + "' is already defined as "
            + definition(known) + " and cannot be redefined as " + definition(metric));
      }
      return this;
    }
    Map<String, Metric> copy = new LinkedHashMap<>(byKey);
    copy.put(metric.key(), metric);
    return new MetricCatalog(copy);
  }

  /**
   * Returns the metric with {@code key}, if known.
   *
   * @param key a metric key
   * @return the metric, or empty if none has that key
   */
  public Optional<Metric> find(String key) {
    return Optional.ofNullable(byKey.get(requireNonNull(key, "key")));
  }

  /**
   * Returns the metric with {@code key}.
   *
   * @param key a metric key
   * @return the metric
   * @throws IllegalArgumentException if no metric has that key
   */
  public Metric get(String key) {
    return find(key).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + key + "'"));
  }

  /** {@return every metric in the catalogue, built-in ones first, in a stable order} */
  public Collection<Metric> all() {
    return byKey.values();
  }

  private static String definition(Metric m) {
    return m.unit() + "/" + m.aggregation() + "/scale " + m.scale() + " '" + m.description() + "'";
  }

  private static Map<String, Metric> index(Collection<Metric> metrics) {
    Map<String, Metric> byKey = new LinkedHashMap<>();
    for (Metric m : metrics) {
      if (byKey.put(m.key(), m) != null) {
        throw new IllegalArgumentException("metric key '" + m.key() + "' is defined twice");
      }
    }
    return byKey;
  }
}
