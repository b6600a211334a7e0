package dev.usage.store;

import dev.usage.metric.Metric;
import dev.usage.pricing.PricingTrace;
import java.util.SortedMap;

/**
 * The parts of a stored event that many events share and that no column holds: its metric (the
 * metric column holds only the key), its pricing trace and its custom dimensions. A tenant keeps
 * each distinct combination once, in {@link SharedPartsDictionary}, and each row its code.
 *
 * <p>This class is immutable and thread-safe as long as the map is not changed, which the
 * dimensions it comes from guarantee.
 *
 * @param metric the event's metric
 * @param trace how the event was priced
 * @param custom the event's custom dimensions, sorted by key
 */
record SharedParts(Metric metric, PricingTrace trace, SortedMap<String, String> custom) {}
