package dev.usage.benchmarks.kafka;

import dev.usage.EventOutcome;
import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.benchmarks.Workload;
import dev.usage.event.UsageEvent;
import dev.usage.kafka.IngestStats;
import dev.usage.kafka.IngestWorker;
import dev.usage.kafka.UsagePublisher;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.UsageStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

// JMH settings stated per class on purpose, as in JMH's samples: each benchmark says how it is run.
/**
 * Measures publish→store through Kafka with 1, 2 and 3 {@link IngestWorker}s of one consumer
 * group, beside the direct path that records the same events through {@link UsageEngine#record}
 * with no Kafka, in the same run (issue #16, "Performance").
 *
 * <p>The input is a stream of {@code events} {@link Workload} events (50 tenants of Zipf sizes,
 * 2.5 events per fact, a month of March 2026), 10 % of them redeliveries of one of the thousand
 * events before, as a retrying service sends them.
 *
 * <ul>
 *   <li>{@code direct} (the baseline): the stream recorded by one thread through {@code
 *       UsageEngine.record}, in batches of {@value #MAX_BATCH} (the workers' {@code maxBatch}),
 *       into an empty store.
 *   <li>{@code kafka}: the stream is published to a fresh topic of {@value #PARTITIONS} partitions
 *       (3 replicas, {@code min.insync.replicas=2}) before the shot, outside the measured time;
 *       the shot is the time from starting {@code workers} workers (a new consumer group, each
 *       worker its own engine over the one shared store) until the group has committed every
 *       partition's end offset, that is, until every record is stored. Joining the group and its
 *       rebalances as the second and third workers arrive are part of it, as they are when a
 *       deployment starts.
 *   <li>{@code publish}: publishing the stream to a fresh topic through {@link UsagePublisher}
 *       ({@code acks=all}, idempotent, {@code linger.ms=5}) until every record is acknowledged,
 *       measured on its own.
 * </ul>
 *
 * <p>After each {@code direct} and {@code kafka} shot, outside its time, the store must hold every
 * distinct event of the stream exactly once, or the run fails.
 *
 * <p>{@code store} is {@code memory} (one {@code InMemoryUsageStore}) or {@code postgres} (one
 * {@code JdbcUsageStore} over a pool of 4 connections, on a fresh migrated schema per shot).
 *
 * <p>Each iteration is one shot over the whole stream; scores are milliseconds per shot, so events
 * per second = {@code events} × 1000 / score. During each {@code kafka} shot the consumer lag and
 * the machine's CPU are sampled every {@value LagLog#INTERVAL_MILLIS} ms and appended to the CSV
 * file named by {@value LagLog#CSV}, if set; each shot also prints a one-line summary.
 *
 * <p>Needs {@code USAGE_TEST_KAFKA_BOOTSTRAP} for {@code kafka} and {@code publish} (they fail
 * with a message naming it otherwise; {@code direct} runs without) and {@code
 * USAGE_TEST_POSTGRES_URL} for {@code store=postgres}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class KafkaIngestBenchmark {

  /** Records per worker batch and events per direct {@code record} call. */
  static final int MAX_BATCH = 500;

  /** Partitions of each topic: two per worker at three workers. */
  static final int PARTITIONS = 6;

  /** The share of the stream that are redeliveries. */
  static final double DUPLICATES = 0.10;

  /** The longest a shot may take before it fails as stuck. */
  private static final long SHOT_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);

  /** The events of every shot, generated once per trial. */
  @State(Scope.Benchmark)
  public static class Stream {
    /** Events per shot, redeliveries included. */
    @Param({"100000"})
    public int events;

    List<UsageEvent> stream;
    int distinct;

    @Setup(Level.Trial)
    public void setUp() {
      int unique = (int) Math.round(events * (1 - DUPLICATES));
      List<UsageEvent> originals = new ArrayList<>(unique);
      Workload.generate(unique, Workload.SEED, (t, m, c, d, e) -> originals.add(e.event()));
      SplittableRandom random = new SplittableRandom(Workload.SEED);
      stream = new ArrayList<>(events);
      int o = 0;
      while (stream.size() < events) {
        if (o < unique && (o == 0 || random.nextDouble() >= DUPLICATES)) {
          stream.add(originals.get(o++));
        } else {
          stream.add(originals.get(o - 1 - random.nextInt(Math.min(o, 1_000))));
        }
      }
      // about 10 %: the draw decides how many originals the stream holds before it is full
      distinct = o;
    }

    /** {@return an engine over {@code store} that prices as the workload does} */
    UsageEngine engine(UsageStore store) {
      // The clock stands at the month's end, so that no event of March is too late to record.
      return UsageEngine.builder().store(store).calculator(Workload.calculator())
          .clock(Clock.fixed(Workload.END, ZoneOffset.UTC)).build();
    }
  }

  /** An empty store for each shot. */
  @State(Scope.Benchmark)
  public static class Target {
    /** {@code memory} or {@code postgres}. */
    @Param({"memory", "postgres"})
    public String store;

    TargetStore target;
    /** The distinct events the shot must leave in the store, checked after it. */
    long expected;
    private int shots;

    @Setup(Level.Iteration)
    public void open() throws SQLException {
      target = TargetStore.open(store, "kbench_" + ProcessHandle.current().pid() + "_" + (++shots));
      expected = -1;
    }

    @TearDown(Level.Iteration)
    public void close() throws SQLException {
      try {
        // The store, not the workers' counters, says whether each distinct event was stored once:
        // a batch whose commit was lost in transit is stored, then counted as duplicates on its retry.
        long count = count(target.store());
        if (expected >= 0 && count != expected) {
          throw new IllegalStateException("the shot left " + count + " events in the " + store
              + " store; expected the stream's " + expected + " distinct events, each once");
        }
      } finally {
        target.close();
      }
    }

    private static long count(UsageStore store) {
      long count = 0;
      for (int t = 0; t < Workload.TENANTS; t++) {
        for (AggregateRow row : store.aggregate(AggregateQuery.builder(Workload.tenant(t), Workload.START,
            Workload.END).build())) {
          count += row.count();
        }
      }
      return count;
    }
  }

  /** A fresh topic, dead-letter topic and publisher for each shot. */
  @State(Scope.Benchmark)
  public static class Topic {
    Cluster cluster;
    String topic;
    String deadLetters;
    UsagePublisher publisher;

    @Setup(Level.Trial)
    public void connect() {
      cluster = Cluster.connect("KafkaIngestBenchmark");
    }

    @Setup(Level.Iteration)
    public void create() throws ExecutionException, InterruptedException {
      String unique = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
      topic = "kbench-" + unique;
      deadLetters = "kbench-dead-" + unique;
      cluster.createTopic(topic, PARTITIONS);
      cluster.createTopic(deadLetters, 1);
      publisher = UsagePublisher.create(Map.of("bootstrap.servers", cluster.bootstrap(), "linger.ms", 5), topic);
    }

    /** Publishes the stream and waits until the cluster acknowledged every record. */
    void publish(Stream stream) throws ExecutionException, InterruptedException, TimeoutException {
      publisher.publish(stream.stream).get(SHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @TearDown(Level.Iteration)
    public void delete() throws InterruptedException {
      publisher.close();
      cluster.deleteTopics(List.of(topic, deadLetters));
    }

    @TearDown(Level.Trial)
    public void disconnect() {
      cluster.close();
    }
  }

  /** The stream published before the shot, and the shot's workers, stopped after it. */
  @State(Scope.Benchmark)
  public static class Group {
    /** Workers of the consumer group, each on its own thread. */
    @Param({"1", "2", "3"})
    public int workers;

    String group;
    String shot;
    Map<TopicPartition, Long> ends;
    long published;
    final List<IngestWorker> running = new ArrayList<>();
    private final Map<String, Integer> shots = new HashMap<>();

    @Setup(Level.Iteration)
    public void publish(Stream stream, Topic topic, IterationParams iteration) throws Exception {
      // IterationParams gives the type's count of iterations, not this one's number: count them here.
      shot = iteration.getType().name().toLowerCase(Locale.ROOT) + "-"
          + shots.merge(iteration.getType().name(), 1, Integer::sum);
      group = "kbench-" + topic.topic;
      topic.publish(stream);
      ends = topic.cluster.endOffsets(topic.topic, PARTITIONS);
      published = ends.values().stream().mapToLong(Long::longValue).sum();
      if (published != stream.events) {
        throw new IllegalStateException("topic " + topic.topic + " holds " + published + " records after publishing "
            + stream.events + " events");
      }
    }

    @TearDown(Level.Iteration)
    public void stop(Topic topic) throws InterruptedException {
      // Stopping (finish the batch in hand, leave the group) is outside the measured time.
      for (IngestWorker w : running) {
        w.close();
      }
      running.clear();
      topic.cluster.deleteGroup(group);
    }
  }

  @Benchmark
  public long direct(Stream stream, Target target) {
    target.expected = stream.distinct;
    UsageEngine engine = stream.engine(target.target.store());
    long stored = 0;
    List<UsageEvent> events = stream.stream;
    for (int i = 0; i < events.size(); i += MAX_BATCH) {
      RecordResult result = engine.record(events.subList(i, Math.min(events.size(), i + MAX_BATCH)));
      stored += result.count(EventOutcome.Status.RECORDED);
    }
    return stored;
  }

  @Benchmark
  public long publish(Stream stream, Topic topic) throws ExecutionException, InterruptedException, TimeoutException {
    topic.publish(stream);
    return stream.events;
  }

  @Benchmark
  public long kafka(Stream stream, Target target, Topic topic, Group group) throws Exception {
    target.expected = stream.distinct;
    long started = System.nanoTime();
    for (int i = 1; i <= group.workers; i++) {
      IngestWorker worker = IngestWorker.builder(stream.engine(target.target.store()))
          .kafka(Map.of("bootstrap.servers", topic.cluster.bootstrap(), "group.id", group.group,
              "client.id", group.group + "-w" + i))
          .topic(topic.topic)
          .deadLetterTopic(topic.deadLetters)
          .maxBatch(MAX_BATCH)
          .build();
      group.running.add(worker);
      worker.start();
    }
    LagLog log = new LagLog(target.store + "," + group.workers + "," + group.shot, started);
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(SHOT_TIMEOUT_MILLIS);
    long nextSample = started;
    long nextCheck = started;
    long firstStored = -1;
    while (true) {
      long records = 0;
      long workerLag = 0;
      for (IngestWorker w : group.running) {
        IngestStats s = w.stats();
        records += s.records();
        workerLag += s.lag();
        if (w.failure().isPresent()) {
          throw new IllegalStateException("worker " + w + " died", w.failure().get());
        }
      }
      long now = System.nanoTime();
      if (firstStored < 0 && records > 0) {
        firstStored = now;
      }
      // records() counts a batch read again after a lost commit twice, so it only says when to
      // ask the cluster; the group's committed offsets decide.
      boolean maybeDone = records >= group.published && now >= nextCheck;
      if (now >= nextSample || maybeDone) {
        Map<TopicPartition, Long> committed = topic.cluster.committed(group.group);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : group.ends.entrySet()) {
          lag += end.getValue() - committed.getOrDefault(end.getKey(), 0L);
        }
        log.sample(records, lag, workerLag);
        nextSample = now + TimeUnit.MILLISECONDS.toNanos(LagLog.INTERVAL_MILLIS);
        nextCheck = now + TimeUnit.MILLISECONDS.toNanos(20);
        if (lag == 0) {
          break;
        }
      }
      if (now > deadline) {
        throw new IllegalStateException("group " + group.group + " had not stored " + group.published
            + " records after " + SHOT_TIMEOUT_MILLIS + " ms: " + log.rows().get(log.rows().size() - 1));
      }
      Thread.sleep(2);
    }
    long elapsed = System.nanoTime() - started;
    long stored = 0;
    List<String> perWorker = new ArrayList<>();
    for (IngestWorker w : group.running) {
      IngestStats s = w.stats();
      stored += s.stored();
      perWorker.add(s.records() + " records in " + s.batches() + " batches, " + s.stored() + " stored, "
          + s.duplicates() + " duplicates, " + s.deadLettered() + " dead letters, " + s.storeFailures()
          + " store failures, " + s.failedCommits() + " failed commits, " + s.rebalances() + " rebalances");
    }
    log.write();
    System.out.printf(Locale.ROOT, "%nkafka store=%s workers=%d %s: %,d records in %,d ms = %,.0f events/s; "
            + "first batch stored after %,d ms; machine CPU busy %.0f %% on average; partitions %s; %,d stored by "
            + "the workers' count; workers %s%n",
        target.store, group.workers, group.shot, group.published, elapsed / 1_000_000,
        group.published * 1e9 / elapsed, (firstStored - started) / 1_000_000, log.meanBusyPercent(),
        new TreeMap<>(byPartition(group.ends)), stored, perWorker);
    return stored;
  }

  private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> out = new TreeMap<>();
    offsets.forEach((tp, o) -> out.put(tp.partition(), o));
    return out;
  }
}
