package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.time.UsageRange;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aggregate question for a store: one tenant's events in {@code [from, to)}, filtered and
 * grouped by some {@link GroupKey}s.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose events
 * @param from the first instant, inclusive
 * @param to the instant after the last, exclusive; after {@code from}
 * @param zone the zone whose calendar days {@link GroupKey#DAY} groups by
 * @param filter which events count
 * @param groupBy the group keys, in the order rows are sorted by; no key twice
 */
public record AggregateQuery(
    TenantId tenant,
    Instant from,
    Instant to,
    ZoneId zone,
    EventFilter filter,
    List<GroupKey> groupBy) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code to} is not after {@code from} or a group key repeats
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive; after {@code from}
   * @param zone the zone whose calendar days {@link GroupKey#DAY} groups by
   * @param filter which events count
   * @param groupBy the group keys, in the order rows are sorted by; no key twice
   */
  public AggregateQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    zone = requireNonNull(zone, "zone").normalized();
    requireNonNull(filter, "filter");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("query end " + to + " is not after its start " + from);
    }
    groupBy = List.copyOf(groupBy);
    if (groupBy.stream().distinct().count() != groupBy.size()) {
      throw new IllegalArgumentException("group keys repeat: " + groupBy);
    }
  }

  /**
   * Starts a query over a tenant's events in {@code [from, to)}, UTC days, no filter, no grouping.
   *
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @return a builder
   */
  public static Builder builder(TenantId tenant, Instant from, Instant to) {
    return new Builder(tenant, from, to, ZoneOffset.UTC);
  }

  /**
   * Starts a query over the days of {@code range}, grouping days in the range's zone.
   *
   * @param tenant whose events
   * @param range the days
   * @return a builder
   */
  public static Builder builder(TenantId tenant, UsageRange range) {
    return new Builder(tenant, range.startInstant(), range.endInstant(), range.zone());
  }

  /**
   * Builds an {@link AggregateQuery}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final TenantId tenant;
    private final Instant from;
    private final Instant to;
    private ZoneId zone;
    private EventFilter filter = EventFilter.all();
    private final List<GroupKey> groupBy = new ArrayList<>();

    private Builder(TenantId tenant, Instant from, Instant to, ZoneId zone) {
      this.tenant = requireNonNull(tenant, "tenant");
      this.from = requireNonNull(from, "from");
      this.to = requireNonNull(to, "to");
      this.zone = zone;
    }

    /**
     * Sets the zone whose days {@link GroupKey#DAY} groups by.
     *
     * @param zone the zone whose midnight starts each day group
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Keeps only these metrics.
     *
     * @param metrics the metrics to keep, added to any already kept
     * @return this builder
     */
    public Builder metrics(Metric... metrics) {
      filter = filter.withMetrics(metrics);
      return this;
    }

    /**
     * Keeps only events whose {@code dimension} is one of {@code values}.
     *
     * @param dimension the dimension to filter on
     * @param values the accepted values, at least one
     * @return this builder
     */
    public Builder where(DimensionKey dimension, String... values) {
      filter = filter.with(dimension, values);
      return this;
    }

    /**
     * Replaces the filter.
     *
     * @param filter the filter that replaces the metrics and dimensions set so far
     * @return this builder
     */
    public Builder filter(EventFilter filter) {
      this.filter = requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Adds group keys, in order.
     *
     * @param keys the keys to group by, after those already added
     * @return this builder
     */
    public Builder groupBy(GroupKey... keys) {
      groupBy.addAll(Arrays.asList(keys));
      return this;
    }

    /** {@return the query} */
    public AggregateQuery build() {
      return new AggregateQuery(tenant, from, to, zone, filter, groupBy);
    }
  }
}
