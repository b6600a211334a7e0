package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.DimensionKey;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which events a query looks at: a set of metric keys and, per dimension, a set of accepted
 * values. An empty set means "any"; an event without a value for a filtered dimension never
 * matches.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param metrics metric keys to keep, or empty for all
 * @param dimensions accepted values per dimension; dimensions not in the map are not filtered
 */
public record EventFilter(Set<String> metrics, Map<DimensionKey, Set<String>> dimensions) {

  private static final EventFilter ALL = new EventFilter(Set.of(), Map.of());

  /**
   * Validates and copies.
   *
   * @param metrics metric keys to keep, or empty for all
   * @param dimensions accepted values per dimension; dimensions not in the map are not filtered
   */
  public EventFilter {
    metrics = copyInOrder(requireNonNull(metrics, "metrics"));
    EnumMap<DimensionKey, Set<String>> copy = new EnumMap<>(DimensionKey.class);
    requireNonNull(dimensions, "dimensions").forEach((k, v) -> {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("filter on dimension " + k.key() + " must accept at least one value");
      }
      copy.put(k, copyInOrder(v));
    });
    dimensions = Collections.unmodifiableMap(copy);
  }

  /** {@return the filter that keeps every event} */
  public static EventFilter all() {
    return ALL;
  }

  /**
   * Returns a copy that keeps only these metrics (on top of any already kept).
   *
   * @param metrics the metrics
   * @return the new filter
   */
  public EventFilter withMetrics(Metric... metrics) {
    Set<String> keys = new LinkedHashSet<>(this.metrics);
    Arrays.stream(metrics).forEach(m -> keys.add(m.key()));
    return new EventFilter(keys, dimensions);
  }

  /**
   * Returns a copy that keeps only events whose {@code dimension} is one of {@code values}.
   *
   * @param dimension the dimension
   * @param values accepted values, at least one
   * @return the new filter
   */
  public EventFilter with(DimensionKey dimension, String... values) {
    return with(dimension, Arrays.asList(values));
  }

  /**
   * Returns a copy that keeps only events whose {@code dimension} is one of {@code values}.
   *
   * @param dimension the dimension
   * @param values accepted values, at least one
   * @return the new filter
   */
  public EventFilter with(DimensionKey dimension, Collection<String> values) {
    EnumMap<DimensionKey, Set<String>> copy = new EnumMap<>(DimensionKey.class);
    copy.putAll(dimensions);
    copy.put(requireNonNull(dimension, "dimension"), copyInOrder(values));
    return new EventFilter(metrics, copy);
  }

  /**
   * Returns whether {@code event} passes this filter.
   *
   * @param event an event
   * @return true if its metric and dimensions are accepted
   */
  public boolean matches(UsageEvent event) {
    if (!metrics.isEmpty() && !metrics.contains(event.metric().key())) {
      return false;
    }
    for (Map.Entry<DimensionKey, Set<String>> f : dimensions.entrySet()) {
      String value = event.dimensions().valueOrNull(f.getKey());
      if (value == null || !f.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }

  // Keeps the caller's order, which Set.copyOf does not, so that adapters build the same query
  // text for the same filter and toString() reads as written.
  private static Set<String> copyInOrder(Collection<String> values) {
    Set<String> copy = new LinkedHashSet<>();
    values.forEach(v -> copy.add(requireNonNull(v, "filter value")));
    return Collections.unmodifiableSet(copy);
  }
}
