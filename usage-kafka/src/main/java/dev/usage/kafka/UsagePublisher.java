package dev.usage.kafka;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes usage events to a topic, for {@link IngestWorker}s to record.
 *
 * <p>Each record is keyed by its tenant ({@code organization/workspace}), so Kafka's default
 * partitioner puts one tenant's events on one partition, in the order they were published. The
 * producer is idempotent with {@code acks=all}: a retried send is written once, and a send is
 * acknowledged only once every in-sync replica has it. An event may still be published twice (by
 * a service that retries after a crash, say); the store counts its id once.
 *
 * <p>This class is thread-safe: one publisher per process, shared by every thread, batches best.
 */
public final class UsagePublisher implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final UsageRecordFormat format = UsageRecordFormat.over(MetricCatalog.builtIn());

  private UsagePublisher(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /**
   * Creates a publisher.
   *
   * @param kafka producer settings; at least {@code bootstrap.servers}. The serializers, {@code
   *     enable.idempotence=true} and {@code acks=all} are set here
   * @param topic the topic the workers read
   * @return the publisher; close it to flush and release its connections
   * @throws IllegalArgumentException if the settings turn idempotence off or ask for fewer
   *     acknowledgements than {@code all}
   */
  public static UsagePublisher create(Map<String, ?> kafka, String topic) {
    requireNonNull(topic, "topic");
    return new UsagePublisher(new KafkaProducer<>(reliableProducer(kafka)), topic);
  }

  /**
   * Returns producer settings with the serializers this module uses and the settings that keep
   * every acknowledged record, refusing settings that would weaken them.
   */
  static Map<String, Object> reliableProducer(Map<String, ?> kafka) {
    requireNonNull(kafka, "kafka");
    Object idempotence = kafka.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    if (idempotence != null && !"true".equalsIgnoreCase(idempotence.toString())) {
      throw new IllegalArgumentException(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG + " must be true but was "
          + idempotence + ": without it a retried send can write a record twice and reorder a tenant's events");
    }
    Object acks = kafka.get(ProducerConfig.ACKS_CONFIG);
    if (acks != null && !"all".equals(acks.toString()) && !"-1".equals(acks.toString())) {
      throw new IllegalArgumentException(ProducerConfig.ACKS_CONFIG + " must be all but was " + acks
          + ": a record acknowledged by the leader alone is lost if the leader dies");
    }
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /**
   * Returns the key of a tenant's records.
   *
   * @param tenant a tenant
   * @return {@code organization/workspace} in UTF-8
   */
  static byte[] key(TenantId tenant) {
    return tenant.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Publishes an event.
   *
   * @param event an ordinary (non-reversal) event
   * @return completes when every in-sync replica has the record, or exceptionally with the
   *     producer's error after its retries ran out ({@code delivery.timeout.ms})
   * @throws IllegalArgumentException if the event is a reversal
   */
  public CompletableFuture<Void> publish(UsageEvent event) {
    byte[] value = format.write(event);
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, key(event.tenant()), value), (metadata, e) -> {
      if (e == null) {
        acked.complete(null);
      } else {
        acked.completeExceptionally(e);
      }
    });
    return acked;
  }

  /**
   * Publishes events, in order.
   *
   * @param events ordinary (non-reversal) events
   * @return completes when every record is acknowledged, or exceptionally with the first error
   * @throws IllegalArgumentException if an event is a reversal; none is sent then
   */
  public CompletableFuture<Void> publish(Collection<UsageEvent> events) {
    requireNonNull(events, "events");
    events.forEach(UsageRecordFormat::requirePublishable);
    List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
    for (UsageEvent e : events) {
      sends.add(publish(e));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
  }

  /** Sends every buffered record now and waits until each is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** Flushes and closes the producer. */
  @Override
  public void close() {
    producer.close();
  }
}
