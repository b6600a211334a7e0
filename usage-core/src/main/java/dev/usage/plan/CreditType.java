package dev.usage.plan;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What a plan allots: a kind of usage with a monthly (or per-period) allowance, and the metrics
 * that consume it.
 *
 * <p>Allotments are quoted in the unit a plan shows ({@link #allotmentUnit()}: minutes for voice),
 * while usage is metered in the unit of the consuming metric ({@link #meteredUnit()}: seconds for
 * voice). The two never meet as decimals: an allotment is converted to metered units with an exact
 * integer multiplication ({@link #toMetered(long)}), so 1,000 minutes are compared with 60,000
 * seconds, never 16.67 minutes with 1,000.
 *
 * <p>Gauge types ({@link #isGauge()}: concurrent calls, phone numbers, seats) measure a level, not
 * a flow: what counts against the allotment is the peak level recorded, not the sum of readings,
 * as their metrics {@linkplain Aggregation#MAX aggregate}.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum CreditType {
  /** AI text queries, one per query. */
  TEXT_QUERIES("queries", 1, Metrics.AI_TEXT_QUERIES),
  /** Voice call time: allotted in minutes, metered in seconds. */
  VOICE_MINUTES("minutes", 60, Metrics.VOICE_MINUTES),
  /** Calls at the same time, a gauge. */
  CONCURRENT_CALLS("calls", 1, Metrics.CONCURRENT_CALLS),
  /** Phone numbers held, a gauge. */
  PHONE_NUMBERS("numbers", 1, Metrics.PHONE_NUMBERS),
  /** Human-agent seats held, a gauge. */
  HUMAN_AGENT_SEATS("seats", 1, Metrics.HUMAN_AGENT_SEATS);

  private final String allotmentUnit;
  private final long meteredPerAllotted;
  private final Set<Metric> metrics;

  CreditType(String allotmentUnit, long meteredPerAllotted, Metric... metrics) {
    this.allotmentUnit = allotmentUnit;
    this.meteredPerAllotted = meteredPerAllotted;
    this.metrics = Set.of(metrics);
  }

  /**
   * Returns the credit type that {@code metric} consumes.
   *
   * @param metric any metric
   * @return the credit type, or empty if the metric consumes no allotment (SMS, tokens, ...)
   */
  public static Optional<CreditType> consumedBy(Metric metric) {
    requireNonNull(metric, "metric");
    return Arrays.stream(values()).filter(t -> t.metrics.contains(metric)).findFirst();
  }

  /** {@return the metrics whose usage counts against this type's allotment} */
  public Set<Metric> metrics() {
    return metrics;
  }

  /** {@return the unit an allotment is quoted in, for people: {@code "minutes"}, {@code "seats"}} */
  public String allotmentUnit() {
    return allotmentUnit;
  }

  /** {@return the unit usage is metered in: that of the consuming metrics} */
  public Unit meteredUnit() {
    return metrics.iterator().next().unit();
  }

  /** {@return how many metered units one allotted unit holds: 60 for voice minutes, else 1} */
  public long meteredPerAllotted() {
    return meteredPerAllotted;
  }

  /** {@return whether usage is a level (peak counts) rather than a flow (sum counts)} */
  public boolean isGauge() {
    return metrics.iterator().next().aggregation() == Aggregation.MAX;
  }

  /**
   * Returns an allotment in metered units.
   *
   * @param allotted the allotment in {@linkplain #allotmentUnit() allotment units}
   * @return {@code allotted × meteredPerAllotted()}, e.g. seconds for minutes
   * @throws UsageOverflowException if the product does not fit in a {@code long}
   */
  public long toMetered(long allotted) {
    return UsageOverflowException.multiplyExact(allotted, meteredPerAllotted, name() + " allotment");
  }
}
