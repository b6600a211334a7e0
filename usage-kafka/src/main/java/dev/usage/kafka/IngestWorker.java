package dev.usage.kafka;

import static java.util.Objects.requireNonNull;

import dev.usage.EventOutcome;
import dev.usage.UsageEngine;
import dev.usage.UsageRejectedException;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Kafka consumer group that records the usage events of its partitions through a
 * {@link UsageEngine}, committing each batch's offsets only after the store committed the batch.
 *
 * <p><b>Exactly-once totals.</b> A worker that dies between the store's commit and the offsets'
 * commit leaves its last batch to be read again by the partition's next owner; the store counts
 * every event id once, so the second delivery changes nothing. That holds for every way a batch
 * can be delivered twice: a crash, a rebalance, a worker paused past its session, a commit lost
 * with a broker.
 *
 * <p><b>Nothing vanishes, nothing blocks.</b> A record that cannot be read (not JSON, a newer
 * format version, a metric the catalogue lacks) or an event the engine does not store (too old, a
 * conflict, refused by a hard-limit wallet, ...) goes to the dead-letter topic with its {@link
 * DeadLetter reason}, and the partition moves on; so does an event the store refuses outright
 * (it throws {@link IllegalArgumentException}: text it cannot hold, say), found by recording the
 * batch's events one at a time. Its offset is committed only after the
 * dead-letter topic acknowledged it. Events a tenant's plan ignores by policy are neither stored
 * nor dead-lettered. When the engine or its store throws (the database is down), the worker seeks
 * back to the batch, waits (doubling from {@code retryBackoff} up to {@code maxRetryBackoff}) and
 * reads it again, for as long as it takes: nothing is committed that was not stored.
 *
 * <p><b>Back-pressure.</b> One batch at a time is in flight, of at most {@code maxBatch} records:
 * the worker polls again only after the batch is stored and committed, so a slow store slows the
 * consumer and the backlog stays in Kafka, where the consumer lag shows it.
 *
 * <p><b>Shutdown.</b> {@link #close()} lets the batch in hand finish, commits what was stored, and
 * leaves the group, so its partitions move to the other workers at once.
 *
 * <p>This class is thread-safe: {@link #start()}, {@link #close()} and {@link #stats()} may be
 * called from any thread; the consumer itself is used by the worker's own thread only.
 */
public final class IngestWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestWorker.class);
  private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);
  /** The dead-letter reason of an event whose tenant the shard directory does not know. */
  static final String NO_SHARD = "NO_SHARD";
  /** The dead-letter reason of an event the store refuses outright, with an IllegalArgumentException. */
  static final String INVALID = "INVALID";

  private final Map<String, Object> consumerConfig;
  private final Map<String, Object> producerConfig;
  private final String topic;
  private final String deadLetterTopic;
  private final UsageRecordFormat format;
  private final Function<TenantId, UsageEngine> engines;
  private final IngestListener listener;
  private final Duration pollTimeout;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Counters counters = new Counters();

  private volatile boolean running;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile Throwable failure;

  // The worker thread's own state.
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private int failuresInARow;
  private long lastLagReport;

  private IngestWorker(Builder b) {
    this.consumerConfig = b.consumerConfig();
    this.producerConfig = b.deadLetterProducerConfig();
    this.topic = b.topic;
    this.deadLetterTopic = b.deadLetterTopic;
    this.format = UsageRecordFormat.over(b.catalog);
    this.engines = b.engines;
    this.listener = b.listener;
    this.pollTimeout = b.pollTimeout;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.thread = new Thread(this::run, "usage-ingest-" + topic + "-" + consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG));
  }

  /**
   * Starts a worker that records into one engine.
   *
   * @param engine records every tenant's events; its catalogue reads the records' metrics
   * @return a builder
   */
  public static Builder builder(UsageEngine engine) {
    requireNonNull(engine, "engine");
    return new Builder(engine.catalog(), tenant -> engine);
  }

  /**
   * Starts a worker that records each tenant's events into the engine of the tenant's shard, for
   * deployments with one database per group of tenants.
   *
   * @param catalog reads the records' metrics; every shard's engine should know the same metrics
   * @param engines the engine of a tenant's shard, always the same one for a tenant; {@code null}
   *     for a tenant no shard holds, whose events go to the dead-letter topic as {@code NO_SHARD}.
   *     An exception it throws (a directory that cannot be read) fails the batch, which is read
   *     again after a back-off
   * @return a builder
   */
  public static Builder builder(MetricCatalog catalog, Function<TenantId, UsageEngine> engines) {
    return new Builder(requireNonNull(catalog, "catalog"), requireNonNull(engines, "engines"));
  }

  /**
   * Joins the group and starts consuming on the worker's own thread.
   *
   * @throws IllegalStateException if the worker was started before
   */
  public synchronized void start() {
    if (thread.getState() != Thread.State.NEW) {
      throw new IllegalStateException("worker " + thread.getName() + " was started before");
    }
    running = true;
    thread.start();
  }

  /** {@return whether the worker's thread is consuming} */
  public boolean isRunning() {
    return running && thread.isAlive();
  }

  /** {@return what stopped the worker's thread, if it died of an error rather than a close} */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** {@return the worker's counts so far} */
  public IngestStats stats() {
    return counters.snapshot();
  }

  /**
   * Stops the worker: the batch in hand is finished and committed, then the consumer leaves the
   * group. Waits up to a minute; a worker that has not stopped by then is left to finish on its own.
   */
  @Override
  public void close() {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread.getState() == Thread.State.NEW) {
      return;
    }
    try {
      if (!stopped.await(1, TimeUnit.MINUTES)) {
        log.warn("worker {} did not stop within a minute", thread.getName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig);
        Producer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerConfig)) {
      consumer = c;
      c.subscribe(List.of(topic), new Rebalance(c));
      try {
        while (running) {
          ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout);
          if (!records.isEmpty()) {
            ingest(c, deadLetters, records);
          }
          reportLag(c);
        }
      } catch (WakeupException e) {
        // close() woke a blocking call: stop.
      } finally {
        commitUncommitted(c);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      log.error("worker {} stopped on an error; its partitions move to the other workers", thread.getName(), e);
    } finally {
      running = false;
      stopped.countDown();
    }
  }

  private void ingest(Consumer<byte[], byte[]> c, Producer<byte[], byte[]> deadLetters,
      ConsumerRecords<byte[], byte[]> records) {
    long started = System.nanoTime();
    Tally tally;
    try {
      tally = record(records);
      send(deadLetters, tally.letters);
    } catch (RuntimeException e) {
      failuresInARow++;
      counters.storeFailures.incrementAndGet();
      tell(() -> listener.storeFailed(e, failuresInARow));
      long backoff = backoffMillis();
      log.warn("recording a batch of {} records failed ({} in a row); reading it again in {} ms",
          records.count(), failuresInARow, backoff, e);
      seekBack(c, records);
      sleep(backoff);
      return;
    }
    failuresInARow = 0;
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
      ConsumerRecord<byte[], byte[]> last = part.get(part.size() - 1);
      uncommitted.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
    }
    commitUncommitted(c);
    IngestBatch batch = new IngestBatch(records.count(), tally.stored, tally.duplicates, tally.ignored,
        tally.letters.size(), System.nanoTime() - started);
    counters.add(batch);
    for (DeadLetter letter : tally.letters.keySet()) {
      tell(() -> listener.deadLettered(letter));
    }
    tell(() -> listener.batchStored(batch));
  }

  /** Reads the batch and records its events, each shard's in one call, in the records' order. */
  private Tally record(ConsumerRecords<byte[], byte[]> records) {
    Tally tally = new Tally();
    Map<UsageEngine, List<ConsumerRecord<byte[], byte[]>>> sources = new IdentityHashMap<>();
    Map<UsageEngine, List<UsageEvent>> events = new IdentityHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      UsageEvent event;
      try {
        event = format.read(r.value());
      } catch (UnreadableRecordException e) {
        tally.letters.put(letter(r, e.reason().name(), e.getMessage()), r);
        continue;
      }
      UsageEngine engine = engines.apply(event.tenant());
      if (engine == null) {
        tally.letters.put(letter(r, NO_SHARD, "no shard holds tenant " + event.tenant()), r);
        continue;
      }
      sources.computeIfAbsent(engine, k -> new ArrayList<>()).add(r);
      events.computeIfAbsent(engine, k -> new ArrayList<>()).add(event);
    }
    events.forEach((engine, batch) -> {
      List<ConsumerRecord<byte[], byte[]>> from = sources.get(engine);
      List<EventOutcome> outcomes;
      try {
        outcomes = record(engine, batch);
      } catch (IllegalArgumentException e) {
        // The store refused an event outright (text it cannot hold, a time outside its range): no
        // retry would store it, so find it by recording one at a time, and dead-letter it alone.
        for (int i = 0; i < batch.size(); i++) {
          try {
            tally.add(record(engine, List.of(batch.get(i))).get(0), from.get(i));
          } catch (IllegalArgumentException refused) {
            tally.letters.put(letter(from.get(i), INVALID, refused.getMessage()), from.get(i));
          }
        }
        return;
      }
      for (int i = 0; i < outcomes.size(); i++) {
        tally.add(outcomes.get(i), from.get(i));
      }
    });
    return tally;
  }

  private static List<EventOutcome> record(UsageEngine engine, List<UsageEvent> events) {
    try {
      return engine.record(events).outcomes();
    } catch (UsageRejectedException e) {
      return e.result().outcomes(); // stored as the result says; the rejected ones go to the dead-letter topic
    }
  }

  private static DeadLetter letter(ConsumerRecord<byte[], byte[]> r, String reason, String detail) {
    return new DeadLetter(reason, detail, r.topic(), r.partition(), r.offset());
  }

  /**
   * Sends the dead letters in the order of their source records and waits until the topic
   * acknowledged every one.
   */
  private void send(Producer<byte[], byte[]> producer, Map<DeadLetter, ConsumerRecord<byte[], byte[]>> letters) {
    if (letters.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
    letters.forEach((letter, r) -> {
      ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, null, r.key(), r.value());
      letter.writeTo(out.headers());
      acks.add(producer.send(out));
    });
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (ExecutionException e) {
        throw new KafkaException("the dead-letter topic " + deadLetterTopic + " did not take a record", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while waiting for the dead-letter topic", e);
      }
    }
  }

  /**
   * Commits the offsets of what was stored. A commit that fails because the partitions moved to
   * another worker is dropped: that worker reads the batch again and finds duplicates.
   */
  private void commitUncommitted(Consumer<byte[], byte[]> c) {
    if (uncommitted.isEmpty()) {
      return;
    }
    try {
      c.commitSync(uncommitted);
      uncommitted.clear();
    } catch (CommitFailedException | RebalanceInProgressException e) {
      counters.failedCommits.incrementAndGet();
      log.info("offsets of a stored batch were not committed ({}); the partitions' next owner reads it again "
          + "and counts each event once", e.getMessage());
      uncommitted.clear();
    } catch (WakeupException e) {
      // close() asked to stop during the commit: the offsets stay, and the shutdown path commits them.
    } catch (KafkaException e) {
      // A broker or the coordinator is away: keep the offsets and commit them with the next batch.
      counters.failedCommits.incrementAndGet();
      log.warn("committing offsets failed; they are committed with the next batch", e);
    }
  }

  private void seekBack(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
    var assigned = c.assignment();
    for (TopicPartition tp : records.partitions()) {
      if (assigned.contains(tp)) {
        ConsumerRecord<byte[], byte[]> first = records.records(tp).get(0);
        c.seek(tp, new OffsetAndMetadata(first.offset(), first.leaderEpoch(), ""));
      }
    }
  }

  private long backoffMillis() {
    long base = retryBackoff.toMillis();
    int doublings = Math.min(failuresInARow - 1, 20);
    return Math.min(maxRetryBackoff.toMillis(), base << doublings);
  }

  private void sleep(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    // Sleeps in short steps so that close() is not kept waiting by a long back-off.
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void reportLag(Consumer<byte[], byte[]> c) {
    long now = System.nanoTime();
    if (now - lastLagReport < LAG_INTERVAL.toNanos()) {
      return;
    }
    lastLagReport = now;
    Map<TopicPartition, Long> lag = new HashMap<>();
    long total = 0;
    for (TopicPartition tp : c.assignment()) {
      OptionalLong l = c.currentLag(tp);
      if (l.isPresent()) {
        lag.put(tp, l.getAsLong());
        total += l.getAsLong();
      }
    }
    counters.lag.set(total);
    if (!lag.isEmpty()) {
      tell(() -> listener.lag(Map.copyOf(lag)));
    }
  }

  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("ingest listener failed; ingestion goes on", e);
    }
  }

  /** Commits what was stored before partitions move away, so their next owner starts after it. */
  private final class Rebalance implements ConsumerRebalanceListener {
    private final Consumer<byte[], byte[]> consumer;

    Rebalance(Consumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata o = uncommitted.remove(tp);
        if (o != null) {
          revoked.put(tp, o);
        }
      }
      if (!revoked.isEmpty()) {
        try {
          consumer.commitSync(revoked);
        } catch (KafkaException e) {
          counters.failedCommits.incrementAndGet();
          log.info("offsets of revoked partitions were not committed ({}); their next owner reads the last batch "
              + "again and counts each event once", e.getMessage());
        }
      }
      counters.rebalances.incrementAndGet();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.debug("worker {} got partitions {}", thread.getName(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another worker owns them already: these offsets are not ours to commit.
      partitions.forEach(uncommitted::remove);
      counters.rebalances.incrementAndGet();
    }
  }

  /** What a batch came to; dead letters in the order of their source records. */
  private static final class Tally {
    final Map<DeadLetter, ConsumerRecord<byte[], byte[]>> letters = new TreeMap<>(Comparator.comparing(DeadLetter::topic)
        .thenComparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
    int stored;
    int duplicates;
    int ignored;

    void add(EventOutcome o, ConsumerRecord<byte[], byte[]> from) {
      switch (o.status()) {
        case RECORDED, REBOOKED, RESTATED -> stored++;
        case DUPLICATE -> duplicates++;
        case IGNORED -> ignored++;
        case REJECTED, CONFLICT, REFUSED -> letters.put(letter(from, o.reason().name(), o.detail()), from);
      }
    }
  }

  private static final class Counters {
    final AtomicLong records = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong storeFailures = new AtomicLong();
    final AtomicLong failedCommits = new AtomicLong();
    final AtomicLong rebalances = new AtomicLong();
    final AtomicLong lag = new AtomicLong();

    void add(IngestBatch b) {
      records.addAndGet(b.records());
      stored.addAndGet(b.stored());
      duplicates.addAndGet(b.duplicates());
      ignored.addAndGet(b.ignored());
      deadLettered.addAndGet(b.deadLettered());
      batches.incrementAndGet();
    }

    IngestStats snapshot() {
      return new IngestStats(records.get(), stored.get(), duplicates.get(), ignored.get(), deadLettered.get(),
          batches.get(), storeFailures.get(), failedCommits.get(), rebalances.get(), lag.get());
    }
  }

  /**
   * Configures an {@link IngestWorker}.
   *
   * <p>This class is not thread-safe: configure it on one thread, then build.
   */
  public static final class Builder {
    private final MetricCatalog catalog;
    private final Function<TenantId, UsageEngine> engines;
    private Map<String, Object> kafka = Map.of();
    private String topic;
    private String deadLetterTopic;
    private int maxBatch = 2_000;
    private IngestListener listener = IngestListener.NONE;
    private Duration pollTimeout = Duration.ofMillis(500);
    private Duration retryBackoff = Duration.ofMillis(200);
    private Duration maxRetryBackoff = Duration.ofSeconds(10);

    private Builder(MetricCatalog catalog, Function<TenantId, UsageEngine> engines) {
      this.catalog = catalog;
      this.engines = engines;
    }

    /**
     * Sets the Kafka client settings, shared by the consumer and the dead-letter producer.
     *
     * @param kafka at least {@code bootstrap.servers} and {@code group.id}; {@code client.id} names
     *     the worker's thread. Deserializers, {@code enable.auto.commit=false} and {@code
     *     max.poll.records} are set by the worker; {@code auto.offset.reset} defaults to {@code
     *     earliest}, so a new group reads the topic from its start
     * @return this builder
     */
    public Builder kafka(Map<String, ?> kafka) {
      this.kafka = Map.copyOf(requireNonNull(kafka, "kafka"));
      return this;
    }

    /**
     * Sets the topic the worker reads.
     *
     * @param topic a topic of records in {@link UsageRecordFormat}
     * @return this builder
     */
    public Builder topic(String topic) {
      this.topic = requireNonNull(topic, "topic");
      return this;
    }

    /**
     * Sets the topic records go to when they cannot be read or stored.
     *
     * @param deadLetterTopic an existing topic, other than the one read
     * @return this builder
     */
    public Builder deadLetterTopic(String deadLetterTopic) {
      this.deadLetterTopic = requireNonNull(deadLetterTopic, "deadLetterTopic");
      return this;
    }

    /**
     * Sets the most records recorded in one store call: the worker's in-flight bound.
     *
     * @param maxBatch 1 or more; 2,000 unless set
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be at least 1 but was " + maxBatch);
      }
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Sets who hears of batches, dead letters, failures and lag.
     *
     * @param listener the listener; {@link IngestListener#NONE} unless set
     * @return this builder
     */
    public Builder listener(IngestListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how long one poll waits for records, which bounds how long {@link IngestWorker#close()}
     * waits for an idle worker.
     *
     * @param pollTimeout positive; 500 ms unless set
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder pollTimeout(Duration pollTimeout) {
      this.pollTimeout = positive(pollTimeout, "pollTimeout");
      return this;
    }

    /**
     * Sets the wait after a failed store call, doubled after each further failure in a row.
     *
     * @param first the first wait; 200 ms unless set
     * @param max the longest wait; 10 s unless set
     * @return this builder
     * @throws IllegalArgumentException if a wait is not positive or {@code max} is shorter than
     *     {@code first}
     */
    public Builder retryBackoff(Duration first, Duration max) {
      positive(first, "first");
      positive(max, "max");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("the longest back-off " + max + " is shorter than the first " + first);
      }
      this.retryBackoff = first;
      this.maxRetryBackoff = max;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + d);
      }
      return d;
    }

    /**
     * Builds the worker; {@link IngestWorker#start()} starts it.
     *
     * @return the worker
     * @throws IllegalStateException if the topic, the dead-letter topic, {@code bootstrap.servers}
     *     or {@code group.id} is missing, the two topics are the same, or the settings turn auto
     *     commit on
     * @throws IllegalArgumentException if the settings weaken the dead-letter producer (see {@link
     *     UsagePublisher#create})
     */
    public IngestWorker build() {
      if (topic == null || deadLetterTopic == null) {
        throw new IllegalStateException("a worker needs a topic and a dead-letter topic");
      }
      if (topic.equals(deadLetterTopic)) {
        throw new IllegalStateException("the dead-letter topic must differ from the topic read, " + topic);
      }
      for (String required : List.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.GROUP_ID_CONFIG)) {
        if (!kafka.containsKey(required)) {
          throw new IllegalStateException("the Kafka settings lack " + required);
        }
      }
      Object autoCommit = kafka.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
      if (autoCommit != null && "true".equalsIgnoreCase(autoCommit.toString())) {
        throw new IllegalStateException(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG + "=true would commit offsets of "
            + "events not stored yet; the worker commits after the store does");
      }
      return new IngestWorker(this);
    }

    /** Copies the settings a client knows, so that neither client warns of the other's. */
    private void putKnown(Map<String, Object> config, java.util.Set<String> known) {
      kafka.forEach((k, v) -> {
        if (known.contains(k)) {
          config.put(k, v);
        }
      });
    }

        private Map<String, Object> deadLetterProducerConfig() {
      Map<String, Object> config = new HashMap<>();
      putKnown(config, ProducerConfig.configNames());
      Object clientId = kafka.get(ConsumerConfig.CLIENT_ID_CONFIG);
      if (clientId != null) {
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
      }
      return UsagePublisher.reliableProducer(config);
    }

    private Map<String, Object> consumerConfig() {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.CLIENT_ID_CONFIG, "usage-ingest-" + Long.toHexString(System.nanoTime()));
      putKnown(config, ConsumerConfig.configNames());
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      return config;
    }
  }
}
