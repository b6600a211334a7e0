package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.store.InMemoryUsageStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The worker over a real cluster and the in-memory store: dead letters, shutdown, listener. */
class IngestWorkerTest {

  private static final TenantId ACME = TenantId.of("acme", "support");

  private Ingestion ingestion;

  @BeforeEach
  void createTopics(TestInfo test) throws Exception {
    ingestion = Ingestion.create(KafkaCluster.require(), test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void stop() throws Exception {
    if (ingestion != null) {
      ingestion.close();
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheRestIsStored() throws Exception {
    UsageRecordFormat format = UsageRecordFormat.over(dev.usage.metric.MetricCatalog.builtIn());
    UsageEvent first = sms("good-1", 2);
    UsageEvent conflicting = sms("good-1", 5); // the id of the first with another quantity
    List<byte[]> values = new ArrayList<>();
    values.add(format.write(first));
    values.add("{not json".getBytes(StandardCharsets.UTF_8));
    values.add(format.write(sms("good-2", 1)));
    values.add(new String(format.write(sms("from-the-future", 1)), StandardCharsets.UTF_8)
        .replace("\"v\":1", "\"v\":7").getBytes(StandardCharsets.UTF_8));
    values.add(new String(format.write(sms("mars", 1)), StandardCharsets.UTF_8)
        .replace("sms_outbound", "minutes_on_mars").getBytes(StandardCharsets.UTF_8));
    values.add(format.write(UsageEvent.builder(EventId.of("ancient"), ACME, Metrics.SMS_OUTBOUND)
        .at(TestUsage.NOW.minus(Duration.ofDays(400))).quantity(1).build()));
    values.add(format.write(conflicting));
    values.add(format.write(sms("good-3", 4)));
    // One key: every record on one partition, so the poison sits between good records there.
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        ingestion.kafka.bootstrap(), "key.serializer", ByteArraySerializer.class, "value.serializer",
        ByteArraySerializer.class, "acks", "all"))) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(ingestion.topic, UsagePublisher.key(ACME), value)).get();
      }
    }
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<DeadLetter> heard = new CopyOnWriteArrayList<>();
    IngestWorker worker = ingestion.startWorker("w1", store, b -> b.listener(new IngestListener() {
      @Override
      public void deadLettered(DeadLetter letter) {
        heard.add(letter);
      }
    }));
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));

    List<ConsumerRecord<byte[], byte[]>> dead = ingestion.kafka.readAll(ingestion.deadLetters, 5);
    List<DeadLetter> letters = dead.stream().map(r -> DeadLetter.of(r).orElseThrow()).toList();
    assertThat(letters).extracting(DeadLetter::reason).containsExactly(
        "MALFORMED", "UNSUPPORTED_VERSION", "UNKNOWN_METRIC", "TOO_OLD", "CONFLICT");
    assertThat(letters).extracting(DeadLetter::offset).containsExactly(1L, 3L, 4L, 5L, 6L);
    assertThat(letters).allSatisfy(l -> assertThat(l.topic()).isEqualTo(ingestion.topic));
    assertThat(letters.get(2).detail()).contains("minutes_on_mars");
    assertThat(letters.get(4).detail()).isNotBlank();
    // The original bytes and key travel unchanged, so the record can be published again once fixed.
    assertThat(dead.get(0).value()).isEqualTo(values.get(1));
    assertThat(dead.get(0).key()).isEqualTo(UsagePublisher.key(ACME));
    assertThat(heard).containsExactlyElementsOf(letters);

    assertThat(TestUsage.totals(store, List.of(ACME))).isEqualTo(
        TestUsage.expectedTotals(List.of(first, sms("good-2", 1), sms("good-3", 4)), List.of(ACME)));
    IngestStats stats = worker.stats();
    assertThat(stats.records()).isEqualTo(values.size());
    assertThat(stats.stored()).isEqualTo(3);
    assertThat(stats.deadLettered()).isEqualTo(5);
  }

  @Test
  void closeCommitsWhatWasStoredSoTheNextWorkerReadsNothingTwice() throws Exception {
    List<TenantId> tenants = TestUsage.tenants(12);
    List<UsageEvent> events = TestUsage.workload("close", tenants, 20_000, 0, 7);
    ingestion.publish(events);
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<IngestBatch> batches = new CopyOnWriteArrayList<>();
    IngestWorker first = ingestion.startWorker("first", store, b -> b.maxBatch(200).listener(new IngestListener() {
      @Override
      public void batchStored(IngestBatch batch) {
        batches.add(batch);
      }
    }));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (first.stats().stored() < 2_000 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    first.close();
    IngestStats closed = first.stats();
    assertThat(closed.stored()).as("stored before the close").isBetween(2_000L, 19_999L);
    assertThat(ingestion.committedRecords()).as("committed at close").isEqualTo(closed.records());
    assertThat(batches).extracting(IngestBatch::records).allSatisfy(n -> assertThat(n).isBetween(1, 200));

    IngestWorker second = ingestion.startWorker("second", store);
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));
    assertThat(second.stats().duplicates()).as("records the second worker read again").isZero();
    assertThat(second.stats().stored()).isEqualTo(events.size() - closed.stored());
    assertThat(TestUsage.totals(store, tenants)).isEqualTo(TestUsage.expectedTotals(events, tenants));
  }

  @Test
  void reportsLagWhileBehindAndNoneOnceCaughtUp() throws Exception {
    List<TenantId> tenants = TestUsage.tenants(6);
    ingestion.publish(TestUsage.workload("lag", tenants, 30_000, 0, 11));
    List<Long> lags = new CopyOnWriteArrayList<>();
    IngestWorker worker = ingestion.startWorker("w1", new InMemoryUsageStore(), b -> b.maxBatch(100)
        .listener(new IngestListener() {
          @Override
          public void lag(Map<org.apache.kafka.common.TopicPartition, Long> lagByPartition) {
            lags.add(lagByPartition.values().stream().mapToLong(Long::longValue).sum());
          }
        }));
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((lags.isEmpty() || lags.get(lags.size() - 1) != 0) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(lags).as("lag told while catching up").anyMatch(l -> l > 0);
    assertThat(lags.get(lags.size() - 1)).as("lag once caught up").isZero();
    assertThat(worker.stats().lag()).isZero();
  }

  @Test
  void aFailingStoreIsRetriedWithTheBatchReadAgainAndNothingCommittedBeforeItIsStored() throws Exception {
    List<TenantId> tenants = TestUsage.tenants(6);
    List<UsageEvent> events = TestUsage.workload("flaky", tenants, 5_000, 500, 13);
    ingestion.publish(events);
    InMemoryUsageStore memory = new InMemoryUsageStore();
    java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(3);
    dev.usage.spi.UsageStore flaky = new dev.usage.spi.UsageStore() {
      @Override
      public dev.usage.spi.AppendResult append(List<dev.usage.pricing.PricedEvent> batch) {
        if (failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("database unreachable");
        }
        return memory.append(batch);
      }

      @Override
      public dev.usage.spi.EventPage scan(dev.usage.spi.ScanQuery query) {
        return memory.scan(query);
      }
    };
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    List<Long> committedAtFailures = new CopyOnWriteArrayList<>();
    IngestWorker worker = ingestion.startWorker("w1", flaky, b -> b.listener(new IngestListener() {
      @Override
      public void storeFailed(RuntimeException failure, int attempt) {
        assertThat(failure).hasMessage("database unreachable");
        attempts.add(attempt);
        try {
          committedAtFailures.add(ingestion.committedRecords());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }));
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));

    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(committedAtFailures).containsExactly(0L, 0L, 0L);
    assertThat(worker.stats().storeFailures()).isEqualTo(3);
    assertThat(TestUsage.totals(memory, tenants)).isEqualTo(TestUsage.expectedTotals(events, tenants));
  }

  @Test
  void anEventTheStoreRefusesOutrightIsFoundAndDeadLetteredAloneAndTheRestIsStored() throws Exception {
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(sms("s-" + i, 1));
    }
    events.set(7, UsageEvent.builder(EventId.of("s-7"), ACME, Metrics.SMS_OUTBOUND)
        .at(TestUsage.NOW.minus(Duration.ofHours(1))).quantity(1)
        .dimensions(dev.usage.event.Dimensions.builder().member("too-exotic-for-the-store").build()).build());
    ingestion.publish(events);
    InMemoryUsageStore memory = new InMemoryUsageStore();
    dev.usage.spi.UsageStore picky = new dev.usage.spi.UsageStore() {
      @Override
      public dev.usage.spi.AppendResult append(List<dev.usage.pricing.PricedEvent> batch) {
        for (dev.usage.pricing.PricedEvent e : batch) {
          if (e.event().dimensions().get(dev.usage.event.DimensionKey.MEMBER).isPresent()) {
            throw new IllegalArgumentException("event " + e.event().id() + " cannot be stored: its member");
          }
        }
        return memory.append(batch);
      }

      @Override
      public dev.usage.spi.EventPage scan(dev.usage.spi.ScanQuery query) {
        return memory.scan(query);
      }
    };
    IngestWorker worker = ingestion.startWorker("w1", picky);
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));

    List<DeadLetter> letters = ingestion.kafka.readAll(ingestion.deadLetters, 1).stream()
        .map(r -> DeadLetter.of(r).orElseThrow()).toList();
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.reason()).isEqualTo("INVALID");
      assertThat(l.detail()).contains("event s-7 cannot be stored");
      assertThat(l.offset()).isEqualTo(7);
    });
    assertThat(worker.stats().stored()).isEqualTo(19);
    assertThat(worker.stats().storeFailures()).isZero();
  }

  @Test
  void anEventOfATenantNoShardHoldsIsDeadLettered() throws Exception {
    TenantId homeless = TenantId.of("acme", "nowhere");
    UsageEvent stray = UsageEvent.builder(EventId.of("stray"), homeless, Metrics.SMS_OUTBOUND)
        .at(TestUsage.NOW.minus(Duration.ofHours(1))).quantity(1).build();
    ingestion.publish(List.of(sms("kept", 1), stray));
    InMemoryUsageStore store = new InMemoryUsageStore();
    dev.usage.UsageEngine engine = TestUsage.engine(store);
    IngestWorker worker = IngestWorker.builder(dev.usage.metric.MetricCatalog.builtIn(),
            tenant -> tenant.equals(ACME) ? engine : null)
        .kafka(Map.of("bootstrap.servers", ingestion.kafka.bootstrap(), "group.id", ingestion.group))
        .topic(ingestion.topic).deadLetterTopic(ingestion.deadLetters).build();
    worker.start();
    ingestion.own(worker);
    ingestion.awaitAllCommitted(Duration.ofMinutes(2));

    List<DeadLetter> letters = ingestion.kafka.readAll(ingestion.deadLetters, 1).stream()
        .map(r -> DeadLetter.of(r).orElseThrow()).toList();
    assertThat(letters).singleElement().satisfies(l -> {
      assertThat(l.reason()).isEqualTo("NO_SHARD");
      assertThat(l.detail()).contains("acme/nowhere");
    });
    assertThat(worker.stats().stored()).isEqualTo(1);
  }

  private static UsageEvent sms(String id, long segments) {
    return UsageEvent.builder(EventId.of(id), ACME, Metrics.SMS_OUTBOUND)
        .at(TestUsage.NOW.minus(Duration.ofHours(1))).quantity(segments).build();
  }
}
