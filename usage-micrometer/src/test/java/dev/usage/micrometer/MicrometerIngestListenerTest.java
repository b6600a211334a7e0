package dev.usage.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.kafka.DeadLetter;
import dev.usage.kafka.IngestBatch;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MicrometerIngestListenerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerIngestListener listener = new MicrometerIngestListener(registry, Tags.of("worker", "w1"));

  @Test
  void countsRecordsOfStoredBatchesByOutcomeAndTimesTheBatches() {
    listener.batchStored(new IngestBatch(500, 440, 50, 3, 7, Duration.ofMillis(40).toNanos()));
    listener.batchStored(new IngestBatch(10, 10, 0, 0, 0, Duration.ofMillis(10).toNanos()));

    assertThat(records("stored")).isEqualTo(450);
    assertThat(records("duplicate")).isEqualTo(50);
    assertThat(records("ignored")).isEqualTo(3);
    assertThat(records("dead_lettered")).isEqualTo(7);
    var timer = registry.get(MicrometerIngestListener.BATCHES).tag("worker", "w1").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(50);
  }

  @Test
  void countsDeadLettersByReasonAndStoreFailuresByException() {
    listener.deadLettered(new DeadLetter("UNKNOWN_METRIC", "metric 'x' is not in the catalogue", "usage", 3, 17));
    listener.deadLettered(new DeadLetter("UNKNOWN_METRIC", "metric 'y' is not in the catalogue", "usage", 3, 18));
    listener.deadLettered(new DeadLetter("TOO_OLD", "older than 35 days", "usage", 1, 2));
    listener.storeFailed(new IllegalStateException("down"), 1);

    assertThat(registry.get(MicrometerIngestListener.DEAD_LETTERS).tag("reason", "unknown_metric").counter().count())
        .isEqualTo(2);
    assertThat(registry.get(MicrometerIngestListener.DEAD_LETTERS).tag("reason", "too_old").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(MicrometerIngestListener.STORE_FAILURES).tag("exception", "IllegalStateException")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void theLagGaugeShowsTheLastToldSumOverTheWorkersPartitions() {
    var gauge = registry.get(MicrometerIngestListener.LAG).tag("worker", "w1").gauge();
    assertThat(gauge.value()).isZero();
    listener.lag(Map.of(new TopicPartition("usage", 0), 1_200L, new TopicPartition("usage", 4), 300L));
    assertThat(gauge.value()).isEqualTo(1_500);
    listener.lag(Map.of(new TopicPartition("usage", 0), 0L));
    assertThat(gauge.value()).isZero();
  }

  @Test
  void refusesACommonTagThatWouldCollideWithAMetersOwn() {
    assertThatThrownBy(() -> new MicrometerIngestListener(registry, Tags.of("reason", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason=x");
  }

  private double records(String outcome) {
    return registry.get(MicrometerIngestListener.RECORDS).tags("worker", "w1", "outcome", outcome).counter().count();
  }
}
