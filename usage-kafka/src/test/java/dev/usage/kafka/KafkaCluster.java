package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;

/**
 * The three-broker test cluster that {@code .ci/kafka.sh start} runs on loopback: its bootstrap
 * servers (exported as {@value #BOOTSTRAP}), topics, and the script that kills and restarts a broker.
 *
 * <p>This class is thread-safe.
 */
final class KafkaCluster {

  static final String BOOTSTRAP = "USAGE_TEST_KAFKA_BOOTSTRAP";
  static final String REQUIRE = "USAGE_REQUIRE_KAFKA";

  private final String bootstrap;

  private KafkaCluster(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Returns the cluster, skipping the calling test when there is none (failing it when required). */
  static KafkaCluster require() {
    String bootstrap = System.getenv(BOOTSTRAP);
    if (bootstrap == null || bootstrap.isBlank()) {
      String why = BOOTSTRAP + " is not set; start a cluster with eval \"$(bash .ci/kafka.sh start)\"";
      if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
        fail(why + " (" + REQUIRE + "=true)");
      }
      Assumptions.abort("Kafka tests skipped: " + why);
    }
    return new KafkaCluster(bootstrap);
  }

  String bootstrap() {
    return bootstrap;
  }

  Map<String, Object> client(String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    return config;
  }

  /** Creates a topic with replication factor 3 and {@code min.insync.replicas=2}. */
  void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(client(null))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3)
          .configs(Map.of("min.insync.replicas", "2")))).all().get();
    }
  }

  /** {@return the offsets the group committed on {@code topic}, per partition} */
  Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(client(null))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> committed = new HashMap<>();
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
      return committed;
    }
  }

  /** {@return each partition's end offset} */
  Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(client(null))) {
      Map<TopicPartition, OffsetSpec> query = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        query.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(query).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    }
  }

  /** Reads a topic from its start until {@code expected} records came, or 60 s passed. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Map<String, Object> config = client(null);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (records.size() < expected && System.nanoTime() < deadline) {
        c.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
      }
      // A little longer, so that a test sees records it did not expect too.
      c.poll(java.time.Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  /** Kills broker {@code node} (1 to 3) with SIGKILL. */
  void killNode(int node) throws IOException, InterruptedException {
    script("kill-node", node);
  }

  /** Starts broker {@code node} again and waits until it serves. */
  void startNode(int node) throws IOException, InterruptedException {
    script("start-node", node);
  }

  /** Starts broker {@code node} if a failed test left it down, so that the next test finds three. */
  void ensureRunning(int node) throws IOException, InterruptedException {
    String state = System.getenv("USAGE_KAFKA_STATE");
    Path pid = Path.of(state == null ? "/tmp/usage-kafka" : state, "node" + node, "pid");
    if (!Files.exists(pid)) {
      startNode(node);
    }
  }

  private static void script(String command, int node) throws IOException, InterruptedException {
    Path script = repositoryRoot().resolve(".ci/kafka.sh");
    Process p = new ProcessBuilder("bash", script.toString(), command, Integer.toString(node))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(".ci/kafka.sh %s %s finished", command, node).isTrue();
    assertThat(p.exitValue()).as(".ci/kafka.sh %s %s exit code", command, node).isZero();
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".ci/kafka.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no .ci/kafka.sh above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
