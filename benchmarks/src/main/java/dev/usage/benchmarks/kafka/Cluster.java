package dev.usage.benchmarks.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka cluster of {@code USAGE_TEST_KAFKA_BOOTSTRAP} (started with {@code eval "$(bash
 * .ci/kafka.sh start)"}), through one admin client: the benchmark's topics, their end offsets and
 * what a group committed.
 *
 * <p>This class is thread-safe, as Kafka's {@link Admin} is.
 */
final class Cluster implements AutoCloseable {

  /** The environment variable that names the cluster's bootstrap servers. */
  static final String BOOTSTRAP = "USAGE_TEST_KAFKA_BOOTSTRAP";

  private final String bootstrap;
  private final Admin admin;

  private Cluster(String bootstrap) {
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /**
   * Connects to the cluster of {@value #BOOTSTRAP}.
   *
   * @param benchmark the benchmark that needs it, named in the message when there is none
   * @return the cluster
   * @throws IllegalStateException if {@value #BOOTSTRAP} is not set
   */
  static Cluster connect(String benchmark) {
    String bootstrap = System.getenv(BOOTSTRAP);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalStateException(benchmark + " needs a Kafka cluster in " + BOOTSTRAP
          + ": start one with eval \"$(bash .ci/kafka.sh start)\", or run only the direct path with "
          + "KafkaIngestBenchmark.direct");
    }
    return new Cluster(bootstrap);
  }

  String bootstrap() {
    return bootstrap;
  }

  /** Creates a topic of {@code partitions} partitions, 3 replicas, {@code min.insync.replicas=2}. */
  void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3)
        .configs(Map.of("min.insync.replicas", "2")))).all().get();
  }

  /** Deletes topics; a topic already gone is no error. */
  void deleteTopics(List<String> names) throws InterruptedException {
    try {
      admin.deleteTopics(names).all().get();
    } catch (ExecutionException e) {
      // Best effort: a benchmark's leftover topic is harmless beside the others' unique names.
    }
  }

  /** Deletes a consumer group that has no members left; best effort, as for topics. */
  void deleteGroup(String group) throws InterruptedException {
    try {
      admin.deleteConsumerGroups(List.of(group)).all().get();
    } catch (ExecutionException e) {
      // The group may still be emptying; the coordinator expires it on its own.
    }
  }

  /** {@return each partition's end offset} */
  Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> query = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      query.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(query).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** {@return the offsets {@code group} committed, per partition; none before its first commit} */
  Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((tp, o) -> {
      if (o != null) {
        committed.put(tp, o.offset());
      }
    });
    return committed;
  }

  @Override
  public void close() {
    admin.close();
  }
}
