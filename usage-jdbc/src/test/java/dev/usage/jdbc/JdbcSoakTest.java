package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.UsageSoak;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The concurrency soak of {@code usage-core}'s {@link UsageSoak} on H2 and PostgreSQL; {@code
 * -Dusage.soak.seconds=N} runs each longer.
 */
class JdbcSoakTest {

  @Test
  @DisplayName("H2: concurrent writers with repeated batches and concurrent readers: totals exact, batches whole")
  void h2_concurrentAppendsAndReads() throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      soak("h2", db);
    }
  }

  @Test
  @DisplayName("PostgreSQL: concurrent writers with repeated batches and concurrent readers: totals exact, batches whole")
  void postgres_concurrentAppendsAndReads() throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      soak("postgresql", db);
    }
  }

  private static void soak(String name, TestDatabase db) throws Exception {
    JdbcUsageStore store = JdbcUsageStore.builder(db.dataSource()).catalog(UsageSoak.CATALOG).build();
    store.migrate();

    UsageSoak.Figures figures = UsageSoak.run(name, store, UsageSoak.seconds(15), 3, 2);

    System.out.println(figures.line());
    assertThat(figures.duplicates()).isPositive();
    assertThat(figures.reads()).isPositive();
  }
}
