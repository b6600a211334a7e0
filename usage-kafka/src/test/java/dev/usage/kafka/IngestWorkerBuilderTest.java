package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.store.InMemoryUsageStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestWorkerBuilderTest {

  private final IngestWorker.Builder builder = IngestWorker.builder(TestUsage.engine(new InMemoryUsageStore()))
      .kafka(Map.of("bootstrap.servers", "127.0.0.1:9", "group.id", "g"));

  @Test
  void needsBothTopicsAndTheyMustDiffer() {
    assertThatThrownBy(() -> builder.topic("usage").build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dead-letter");
    assertThatThrownBy(() -> builder.topic("usage").deadLetterTopic("usage").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("usage");
  }

  @Test
  void needsBootstrapServersAndAGroup() {
    assertThatThrownBy(() -> IngestWorker.builder(TestUsage.engine(new InMemoryUsageStore()))
        .kafka(Map.of("bootstrap.servers", "127.0.0.1:9")).topic("a").deadLetterTopic("b").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("group.id");
  }

  @Test
  void refusesAutoCommitWhichWouldCommitWhatWasNotStored() {
    assertThatThrownBy(() -> builder.kafka(Map.of("bootstrap.servers", "x:1", "group.id", "g",
        "enable.auto.commit", "true")).topic("a").deadLetterTopic("b").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("enable.auto.commit");
  }

  @Test
  void refusesADeadLetterProducerThatCouldLoseRecords() {
    assertThatThrownBy(() -> builder.kafka(Map.of("bootstrap.servers", "x:1", "group.id", "g", "acks", "1"))
        .topic("a").deadLetterTopic("b").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks must be all but was 1");
    assertThatThrownBy(() -> UsagePublisher.create(Map.of("bootstrap.servers", "x:1", "enable.idempotence", false), "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enable.idempotence must be true");
  }

  @Test
  void refusesNonsenseLimits() {
    assertThatThrownBy(() -> builder.maxBatch(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> builder.pollTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S");
  }

  @Test
  void startsOnce() {
    IngestWorker worker = builder.topic("a").deadLetterTopic("b").pollTimeout(Duration.ofMillis(50)).build();
    try {
      worker.start();
      assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started before");
    } finally {
      worker.close();
    }
  }
}
