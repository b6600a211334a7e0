package dev.usage.micrometer;

import static java.util.Objects.requireNonNull;

import dev.usage.EventOutcome;
import dev.usage.event.LateEventDecision;
import dev.usage.event.UsageEvent;
import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import dev.usage.spi.RefusedDebit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@link UsageListener} that records what the engine and its stores do as Micrometer meters.
 *
 * <p>Give the same instance to the engine and to the store:
 *
 * <pre>{@code
 * MicrometerUsageListener metrics = new MicrometerUsageListener(meterRegistry);
 * JdbcUsageStore store = JdbcUsageStore.builder(dataSource).usageListener(metrics).build();
 * UsageEngine engine = UsageEngine.builder().calculator(calculator).store(store).usageListener(metrics).build();
 * }</pre>
 *
 * <p>The meters, named after Micrometer's conventions (lower-case words separated by dots, which
 * each registry renders in its own style: {@code usage_events_total} in Prometheus):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>counts or measures</th></tr>
 *   <tr><td>{@value #EVENTS}</td><td>counter</td><td>{@code outcome}, {@code reason}, {@code metric}</td>
 *       <td>events the engine was given, by what it did with each: {@code outcome} is the
 *       lower-case {@link EventOutcome.Status} ({@code recorded}, {@code rebooked}, {@code restated},
 *       {@code duplicate}, {@code conflict}, {@code rejected}, {@code ignored}, {@code refused}),
 *       {@code reason} the lower-case {@link EventOutcome.Reason} ({@code none} unless the event
 *       was not stored)</td></tr>
 *   <tr><td>{@value #LATE_EVENTS}</td><td>counter</td><td>{@code decision}, {@code metric}</td>
 *       <td>events the late-event policy did not simply accept, by its lower-case {@link
 *       LateEventDecision.Outcome} ({@code rebooked}, {@code restated}, {@code rejected_too_old},
 *       {@code rejected_in_future}, {@code rejected_closed_period})</td></tr>
 *   <tr><td>{@value #STORE_OPERATIONS}</td><td>timer</td><td>{@code operation}, {@code outcome}</td>
 *       <td>how long store operations took, retries included: {@code operation} is {@code append},
 *       {@code aggregate} or {@code scan}, {@code outcome} {@code success} or {@code failure}</td></tr>
 *   <tr><td>{@value #STORE_BATCH_SIZE}</td><td>distribution summary, base unit {@code events}</td>
 *       <td>{@code operation}</td><td>events per successful append</td></tr>
 *   <tr><td>{@value #STORE_RETRIES}</td><td>counter</td><td>{@code operation}, {@code exception}</td>
 *       <td>store transactions tried again after a transient failure (a deadlock, a serialization
 *       failure): {@code operation} is {@code append} or {@code ledger}, {@code exception} the
 *       failure's simple class name</td></tr>
 * </table>
 *
 * <p>Every meter also carries the common tags given to the constructor. Each meter name always
 * has the same tag keys, as Prometheus requires.
 *
 * <p><b>Why no tenant or event tags.</b> Every distinct combination of tag values is a time series
 * that the registry and the monitoring system keep, usually for weeks: one per tenant multiplies
 * every meter by the number of tenants, and one per event id grows without end. The tags here are
 * bounded: statuses, reasons, decisions and operations are enums, and {@code metric} is the key of
 * a catalogued metric (an event whose metric is not in the catalogue counts under {@code
 * unknown}, since its key came from the client). Per-tenant usage is what the library's reports
 * are for; a host that wants a tenant tag anyway, for a handful of tenants, can implement {@link
 * UsageListener} itself, with this class as a model.
 *
 * <p>Meters are looked up in the registry on each callback, so a registry that is cleared or
 * filtered later stays consistent; the lookup is a map read once the meter exists.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class MicrometerUsageListener implements UsageListener {

  /** The counter of events by outcome, reason and metric. */
  public static final String EVENTS = "usage.events";
  /** The counter of events the late-event policy rebooked, restated or rejected, by decision and metric. */
  public static final String LATE_EVENTS = "usage.events.late";
  /** The timer of store operations, by operation and outcome. */
  public static final String STORE_OPERATIONS = "usage.store.operations";
  /** The distribution summary of events per successful append. */
  public static final String STORE_BATCH_SIZE = "usage.store.batch.size";
  /** The counter of store transactions retried after a transient failure, by operation and exception. */
  public static final String STORE_RETRIES = "usage.store.retries";

  /** The {@code metric} tag of an event whose metric is not in the engine's catalogue. */
  static final String UNKNOWN_METRIC = "unknown";

  private static final Set<String> OWN_TAG_KEYS =
      Set.of("outcome", "reason", "metric", "decision", "operation", "exception");

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final Meter.MeterProvider<Counter> events;
  private final Meter.MeterProvider<Counter> late;
  private final Meter.MeterProvider<Timer> operations;
  private final Meter.MeterProvider<DistributionSummary> batchSize;
  private final Meter.MeterProvider<Counter> retries;

  /**
   * Creates a listener that registers its meters in {@code registry}.
   *
   * @param registry where the meters go, such as a Spring Boot application's {@code MeterRegistry}
   * @throws NullPointerException if {@code registry} is null
   */
  public MicrometerUsageListener(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Creates a listener that registers its meters in {@code registry}, each with {@code commonTags}
   * besides its own.
   *
   * @param registry where the meters go
   * @param commonTags tags every meter carries, such as {@code Tags.of("store", "jdbc")}; their
   *     keys must not be one of the meters' own ({@code outcome}, {@code reason}, {@code metric},
   *     {@code decision}, {@code operation}, {@code exception})
   * @throws NullPointerException if {@code registry} or {@code commonTags} is null
   * @throws IllegalArgumentException if a common tag's key is one of the meters' own
   */
  public MicrometerUsageListener(MeterRegistry registry, Iterable<Tag> commonTags) {
    this.registry = requireNonNull(registry, "registry");
    this.commonTags = Tags.of(requireNonNull(commonTags, "commonTags"));
    for (Tag tag : this.commonTags) {
      if (OWN_TAG_KEYS.contains(tag.getKey())) {
        throw new IllegalArgumentException("common tag " + tag.getKey() + "=" + tag.getValue()
            + " has the key of one of the meters' own tags; rename it");
      }
    }
    this.events = Counter.builder(EVENTS).description("Usage events the engine was given, by what it did with each")
        .tags(this.commonTags).withRegistry(registry);
    this.late = Counter.builder(LATE_EVENTS)
        .description("Usage events the late-event policy rebooked, restated or rejected").tags(this.commonTags)
        .withRegistry(registry);
    this.operations = Timer.builder(STORE_OPERATIONS).description("Time of usage store operations, retries included")
        .tags(this.commonTags).withRegistry(registry);
    this.batchSize = DistributionSummary.builder(STORE_BATCH_SIZE).description("Events per successful append")
        .baseUnit("events").tags(this.commonTags).withRegistry(registry);
    this.retries = Counter.builder(STORE_RETRIES)
        .description("Usage store transactions retried after a deadlock or serialization failure")
        .tags(this.commonTags).withRegistry(registry);
  }

  @Override
  public void recorded(UsageEvent event, EventOutcome outcome) {
    count(event, outcome);
  }

  @Override
  public void duplicate(UsageEvent event, EventOutcome outcome) {
    count(event, outcome);
  }

  @Override
  public void conflict(UsageEvent event, EventOutcome outcome) {
    count(event, outcome);
  }

  @Override
  public void rejected(UsageEvent event, EventOutcome outcome) {
    count(event, outcome);
  }

  @Override
  public void refused(UsageEvent event, RefusedDebit debit) {
    events.withTags("outcome", tag(EventOutcome.Status.REFUSED), "reason", tag(EventOutcome.Reason.INSUFFICIENT_CREDITS),
        "metric", event.metric().key()).increment();
  }

  @Override
  public void late(UsageEvent event, LateEventDecision decision) {
    // The engine checks the catalogue before the late-event policy, so the metric is a catalogued one.
    late.withTags("decision", tag(decision.outcome()), "metric", event.metric().key()).increment();
  }

  @Override
  public void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
    operations.withTags("operation", tag(operation), "outcome", succeeded ? "success" : "failure")
        .record(nanos, TimeUnit.NANOSECONDS);
    if (succeeded && operation == StoreOperation.APPEND) {
      batchSize.withTags("operation", tag(operation)).record(size);
    }
  }

  @Override
  public void storeRetry(StoreOperation operation, int attempt, Exception cause) {
    retries.withTags("operation", tag(operation), "exception", cause.getClass().getSimpleName()).increment();
  }

  private void count(UsageEvent event, EventOutcome outcome) {
    events.withTags("outcome", tag(outcome.status()), "reason", tag(outcome.reason()),
        "metric", metric(event, outcome.reason())).increment();
  }

  /** The event's metric key, or {@value #UNKNOWN_METRIC} when the key came from outside the catalogue. */
  private static String metric(UsageEvent event, EventOutcome.Reason reason) {
    return reason == EventOutcome.Reason.UNKNOWN_METRIC ? UNKNOWN_METRIC : event.metric().key();
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "MicrometerUsageListener[" + registry.getClass().getSimpleName() + commonTags + "]";
  }
}
