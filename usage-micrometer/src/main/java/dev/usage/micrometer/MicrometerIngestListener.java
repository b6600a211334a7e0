package dev.usage.micrometer;

import static java.util.Objects.requireNonNull;

import dev.usage.kafka.DeadLetter;
import dev.usage.kafka.IngestBatch;
import dev.usage.kafka.IngestListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * An {@link IngestListener} of {@code usage-kafka} that records what an ingest worker does as
 * Micrometer meters: throughput by outcome, batch time, dead letters by reason, store failures and
 * consumer lag. Needs {@code usage-kafka} on the class path, which this module does not bring.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>counts or measures</th></tr>
 *   <tr><td>{@value #RECORDS}</td><td>counter</td><td>{@code outcome}</td>
 *       <td>records of stored batches: {@code stored}, {@code duplicate}, {@code ignored} or
 *       {@code dead_lettered}; its rate is the worker's throughput</td></tr>
 *   <tr><td>{@value #BATCHES}</td><td>timer</td><td></td>
 *       <td>from a poll's return to its batch's offset commit</td></tr>
 *   <tr><td>{@value #DEAD_LETTERS}</td><td>counter</td><td>{@code reason}</td>
 *       <td>records sent to the dead-letter topic, by the lower-case {@link DeadLetter#reason()}</td></tr>
 *   <tr><td>{@value #STORE_FAILURES}</td><td>counter</td><td>{@code exception}</td>
 *       <td>store calls that failed and will be retried, by the failure's simple class name</td></tr>
 *   <tr><td>{@value #LAG}</td><td>gauge, base unit {@code records}</td><td></td>
 *       <td>records behind on the worker's partitions, summed, as last told</td></tr>
 * </table>
 *
 * <p>Give each worker its own instance, with a common tag that names it (such as {@code
 * Tags.of("worker", "ingest-1")}), so that the lag gauges of several workers do not collide. No
 * meter carries a partition, tenant or event id.
 *
 * <p>This class is thread-safe.
 */
public final class MicrometerIngestListener implements IngestListener {

  /** The counter of records by outcome. */
  public static final String RECORDS = "usage.ingest.records";
  /** The timer of batches, from poll to commit. */
  public static final String BATCHES = "usage.ingest.batches";
  /** The counter of dead letters by reason. */
  public static final String DEAD_LETTERS = "usage.ingest.dead.letters";
  /** The counter of failed store calls by exception. */
  public static final String STORE_FAILURES = "usage.ingest.store.failures";
  /** The gauge of the worker's consumer lag. */
  public static final String LAG = "usage.ingest.lag";

  private static final Set<String> OWN_TAG_KEYS = Set.of("outcome", "reason", "exception");

  private final Meter.MeterProvider<Counter> records;
  private final Timer batches;
  private final Meter.MeterProvider<Counter> deadLetters;
  private final Meter.MeterProvider<Counter> storeFailures;
  private final AtomicLong lag = new AtomicLong();

  /**
   * Creates a listener that registers its meters in {@code registry}, each with {@code commonTags}.
   *
   * @param registry where the meters go
   * @param commonTags tags every meter carries, such as {@code Tags.of("worker", "ingest-1")};
   *     their keys must not be {@code outcome}, {@code reason} or {@code exception}
   * @throws IllegalArgumentException if a common tag's key is one of the meters' own
   */
  public MicrometerIngestListener(MeterRegistry registry, Iterable<Tag> commonTags) {
    requireNonNull(registry, "registry");
    Tags tags = Tags.of(requireNonNull(commonTags, "commonTags"));
    for (Tag tag : tags) {
      if (OWN_TAG_KEYS.contains(tag.getKey())) {
        throw new IllegalArgumentException("common tag " + tag.getKey() + "=" + tag.getValue()
            + " has the key of one of the meters' own tags; rename it");
      }
    }
    this.records = Counter.builder(RECORDS).description("Records of stored batches, by outcome").tags(tags)
        .withRegistry(registry);
    this.batches = Timer.builder(BATCHES).description("Batches from poll to offset commit").tags(tags)
        .register(registry);
    this.deadLetters = Counter.builder(DEAD_LETTERS).description("Records sent to the dead-letter topic, by reason")
        .tags(tags).withRegistry(registry);
    this.storeFailures = Counter.builder(STORE_FAILURES).description("Store calls that failed and will be retried")
        .tags(tags).withRegistry(registry);
    Gauge.builder(LAG, lag, AtomicLong::get).description("Records behind on the worker's partitions")
        .baseUnit("records").tags(tags).register(registry);
  }

  @Override
  public void batchStored(IngestBatch batch) {
    records.withTags("outcome", "stored").increment(batch.stored());
    records.withTags("outcome", "duplicate").increment(batch.duplicates());
    records.withTags("outcome", "ignored").increment(batch.ignored());
    records.withTags("outcome", "dead_lettered").increment(batch.deadLettered());
    batches.record(batch.nanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void deadLettered(DeadLetter letter) {
    deadLetters.withTags("reason", letter.reason().toLowerCase(Locale.ROOT)).increment();
  }

  @Override
  public void storeFailed(RuntimeException failure, int attempt) {
    storeFailures.withTags("exception", failure.getClass().getSimpleName()).increment();
  }

  @Override
  public void lag(Map<TopicPartition, Long> lagByPartition) {
    lag.set(lagByPartition.values().stream().mapToLong(Long::longValue).sum());
  }
}
