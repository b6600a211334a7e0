package dev.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.store.InMemoryUsageStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The concurrency soak on the in-memory store; {@code -Dusage.soak.seconds=N} runs it longer. */
class SoakTest {

  @Test
  @DisplayName("concurrent writers with repeated batches and concurrent readers: totals exact, batches whole")
  void inMemory_concurrentAppendsAndReads() throws Exception {
    UsageSoak.Figures figures = UsageSoak.run("in-memory", new InMemoryUsageStore(), UsageSoak.seconds(15), 3, 2);

    System.out.println(figures.line());
    assertThat(figures.duplicates()).isPositive();
    assertThat(figures.reads()).isPositive();
  }
}
