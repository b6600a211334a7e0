package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.usage.event.UsageEvent;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.spi.UsageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * One test's topic, dead-letter topic, consumer group and workers, over the test cluster.
 *
 * <p>This class is not thread-safe: one test uses it from its own thread.
 */
final class Ingestion implements AutoCloseable {

  static final int PARTITIONS = 6;

  final KafkaCluster kafka;
  final String topic;
  final String deadLetters;
  final String group;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<IngestWorker> workers = new ArrayList<>();

  private Ingestion(KafkaCluster kafka, String name) {
    this.kafka = kafka;
    String unique = name + "-" + Long.toHexString(System.nanoTime());
    this.topic = "usage-" + unique;
    this.deadLetters = "usage-dead-" + unique;
    this.group = "ingest-" + unique;
  }

  static Ingestion create(KafkaCluster kafka, String name) throws Exception {
    Ingestion ingestion = new Ingestion(kafka, name);
    kafka.createTopic(ingestion.topic, PARTITIONS);
    kafka.createTopic(ingestion.deadLetters, 1);
    return ingestion;
  }

  /** Starts a worker in this JVM over {@code store}; the test's close stops it. */
  IngestWorker startWorker(String name, UsageStore store) {
    return startWorker(name, store, b -> b);
  }

  IngestWorker startWorker(String name, UsageStore store, Function<IngestWorker.Builder, IngestWorker.Builder> more) {
    IngestWorker worker = more.apply(IngestWorker.builder(TestUsage.engine(store))
        .kafka(Map.of("bootstrap.servers", kafka.bootstrap(), "group.id", group, "client.id", name,
            "session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000))
        .topic(topic)
        .deadLetterTopic(deadLetters)
        .maxBatch(500)
        .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)))
        .build();
    worker.start();
    workers.add(worker);
    resources.add(worker);
    return worker;
  }

  /** Stops {@code worker} when the test closes this. */
  void own(IngestWorker worker) {
    workers.add(worker);
    resources.add(worker);
  }

  /** Starts a worker in this JVM that records into the JDBC store over {@code db}. */
  IngestWorker startWorker(String name, TestPostgres db) {
    return startWorker(name, jdbcStore(db));
  }

  JdbcUsageStore jdbcStore(TestPostgres db) {
    HikariDataSource ds = db.dataSource(2);
    resources.add(ds);
    return JdbcUsageStore.builder(ds).build();
  }

  /** Publishes the events in order and waits until the cluster acknowledged every one. */
  void publish(List<UsageEvent> events) throws Exception {
    try (UsagePublisher publisher = UsagePublisher.create(Map.of("bootstrap.servers", kafka.bootstrap(),
        "linger.ms", 5), topic)) {
      publisher.publish(events).get(5, TimeUnit.MINUTES);
    }
  }

  /** Waits until the group committed every partition's end offset, that is, stored every record. */
  void awaitAllCommitted(Duration timeout) throws Exception {
    Map<TopicPartition, Long> ends = new java.util.HashMap<>(kafka.endOffsets(topic, PARTITIONS));
    ends.values().removeIf(end -> end == 0); // a partition that never held a record gets no commit
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> committed = Map.of();
    while (System.nanoTime() < deadline) {
      committed = kafka.committed(group);
      if (committed.equals(ends)) {
        return;
      }
      Thread.sleep(250);
    }
    assertThat(committed).as("offsets committed by group %s after %s", group, timeout).isEqualTo(ends);
  }

  /** {@return whether the group committed anything yet} */
  long committedRecords() throws Exception {
    return kafka.committed(group).values().stream().mapToLong(Long::longValue).sum();
  }

  List<IngestWorker> workers() {
    return workers;
  }

  @Override
  public void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }
}
