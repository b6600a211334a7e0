package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One group of an aggregate: the group's values and what its events add up to.
 *
 * <p>Quantities are unscaled, in the metric's unit, so a row mixing metrics (no {@link
 * GroupKey#METRIC} grouping) sums unlike units; reports group by metric.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param group the value of each group key; a key whose events carry no value is absent
 * @param count the number of events, reversals included
 * @param reversals how many of them are {@linkplain dev.usage.event.UsageEvent#isReversal()
 *     reversals}, so that {@link #netCount()} can count the usage that stands
 * @param sum the sum of their quantities
 * @param billableSum the sum of their billable quantities (after billing increments)
 * @param max the largest quantity, which a {@linkplain dev.usage.metric.Aggregation#MAX peak}
 *     metric such as concurrent calls bills
 * @param credits the sum of their credits
 */
public record AggregateRow(
    Map<GroupKey, String> group,
    long count,
    long reversals,
    long sum,
    long billableSum,
    long max,
    Credits credits) {

  /**
   * Validates and copies.
   *
   * @param group the value of each group key; a key whose events carry no value is absent
   * @param count the number of events, reversals included
   * @param reversals how many of them are {@linkplain dev.usage.event.UsageEvent#isReversal()
   *     reversals}, so that {@link #netCount()} can count the usage that stands
   * @param sum the sum of their quantities
   * @param billableSum the sum of their billable quantities (after billing increments)
   * @param max the largest quantity, which a {@linkplain dev.usage.metric.Aggregation#MAX peak}
   *     metric such as concurrent calls bills
   * @param credits the sum of their credits
   */
  public AggregateRow {
    requireNonNull(group, "group");
    requireNonNull(credits, "credits");
    if (count <= 0) {
      throw new IllegalArgumentException("an aggregate row covers at least one event but had count " + count);
    }
    if (reversals < 0 || reversals > count) {
      throw new IllegalArgumentException("an aggregate row's reversals must be between 0 and its count " + count
          + " but were " + reversals);
    }
    EnumMap<GroupKey, String> copy = new EnumMap<>(GroupKey.class);
    copy.putAll(group);
    group = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the events that stand: each reversal takes itself and the event it reverses back out,
   * so a message sent and then reversed counts zero, as its (negated) quantities sum to zero.
   *
   * <p>Negative when the range holds more reversals than originals: when an original lies outside
   * the range (a reversal keeps its original's time, so normally both are in), or when the host
   * reversed one event more than once, which the library does not prevent.
   *
   * @return {@code count - 2 * reversals}
   */
  public long netCount() {
    // reversals <= count, so neither subtraction can wrap
    return count - reversals - reversals;
  }

  /**
   * Returns the value of a group key.
   *
   * @param key a key of the query's grouping
   * @return its value, or empty when the events carry none
   */
  public Optional<String> get(GroupKey key) {
    return Optional.ofNullable(group.get(key));
  }

  /**
   * Returns the day of a row grouped by {@link GroupKey#DAY}.
   *
   * @return the day
   * @throws IllegalStateException if the query did not group by day
   */
  public LocalDate day() {
    String day = group.get(GroupKey.DAY);
    if (day == null) {
      throw new IllegalStateException("row is not grouped by day: " + group);
    }
    return LocalDate.parse(day);
  }

  /**
   * Returns the metric key of a row grouped by {@link GroupKey#METRIC}.
   *
   * @return the metric key
   * @throws IllegalStateException if the query did not group by metric
   */
  public String metric() {
    String metric = group.get(GroupKey.METRIC);
    if (metric == null) {
      throw new IllegalStateException("row is not grouped by metric: " + group);
    }
    return metric;
  }
}
