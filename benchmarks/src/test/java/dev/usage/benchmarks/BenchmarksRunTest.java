package dev.usage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.usage.benchmarks.jdbc.JdbcAppendBenchmark;
import dev.usage.benchmarks.jdbc.LedgerAppendBenchmark;
import dev.usage.benchmarks.jdbc.WalletReadBenchmark;
import dev.usage.benchmarks.jdbc.JdbcReportBenchmark;
import dev.usage.benchmarks.kafka.KafkaIngestBenchmark;
import dev.usage.benchmarks.observe.UsageListenerBenchmark;
import dev.usage.benchmarks.pricing.CreditCalculatorBenchmark;
import dev.usage.benchmarks.sms.SmsSegmentsBenchmark;
import dev.usage.benchmarks.store.IngestionBenchmark;
import dev.usage.benchmarks.store.ReportAggregationBenchmark;
import java.util.Collection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, in this JVM, on a small workload: not to measure (the numbers mean
 * nothing here) but so that a benchmark that no longer sets up or runs fails the build instead of
 * the next recorded run. Each must produce a finite, positive score for every parameter.
 */
class BenchmarksRunTest {

  /** One tiny iteration of the benchmarks of {@code type}, with the given parameters. */
  private static Collection<RunResult> runOnce(Class<?> type, String... params) throws RunnerException {
    return runOnce(type.getName() + "\\.", params);
  }

  /** One tiny iteration of the benchmarks whose names match {@code pattern}. */
  private static Collection<RunResult> runOnce(String pattern, String... params) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(pattern)
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(20))
        .timeout(TimeValue.minutes(2))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    for (int i = 0; i < params.length; i += 2) {
      options.param(params[i], params[i + 1].split(","));
    }
    return new Runner(options.build()).run();
  }

  private static void assertEachScored(Collection<RunResult> results, int expected) {
    assertThat(results).hasSize(expected);
    for (RunResult r : results) {
      double score = r.getPrimaryResult().getScore();
      assertThat(score).as("%s %s", r.getParams().getBenchmark(), r.getParams().getParam("input"))
          .isFinite().isPositive();
    }
  }

  @Test
  @DisplayName("SMS segment counting runs for every text")
  void smsSegments() throws RunnerException {
    assertEachScored(runOnce(SmsSegmentsBenchmark.class), 4 * 4);
  }

  @Test
  @DisplayName("recording runs without a listener, with a no-op one and with a counting one")
  void usageListener() throws RunnerException {
    assertEachScored(runOnce(UsageListenerBenchmark.class), 3);
  }

  @Test
  @DisplayName("pricing runs beside its baselines")
  void creditCalculator() throws RunnerException {
    Collection<RunResult> results = runOnce(CreditCalculatorBenchmark.class);
    assertThat(results).isNotEmpty();
    assertEachScored(results, results.size());
  }

  @Test
  @DisplayName("ingestion runs one shot of the library on one and two threads, shared and own tenants")
  void ingestion() throws RunnerException {
    // A shot is a fixed million events per thread (JMH divides by a constant), so the trivial
    // ConcurrentHashMap floor is left out to keep this short, and one batch shape is enough.
    assertEachScored(runOnce(IngestionBenchmark.class.getName() + "\\.library", "batch", "256"), 4);
  }

  @Test
  @DisplayName("JDBC appends run beside raw JDBC and the bulk-load floors on H2, and on PostgreSQL when given")
  void jdbcAppend() throws RunnerException {
    boolean postgres = System.getenv("USAGE_TEST_POSTGRES_URL") != null;
    String databases = postgres ? "h2-mem,postgres" : "h2-mem";
    Collection<RunResult> results = runOnce(JdbcAppendBenchmark.class, "database", databases);
    // library, rawJdbc, floor and floorBatch per database
    assertEachScored(results, postgres ? 8 : 4);
  }

  @Test
  @DisplayName("appends with and without wallets run on H2, and on PostgreSQL when a cluster is given")
  void ledgerAppend() throws RunnerException {
    boolean postgres = System.getenv("USAGE_TEST_POSTGRES_URL") != null;
    Collection<RunResult> results = runOnce(LedgerAppendBenchmark.class, "database",
        postgres ? "h2-mem,postgres" : "h2-mem");
    assertEachScored(results, postgres ? 4 : 2);
  }

  @Test
  @DisplayName("a wallet's balance reads beside a bare row read, on a small H2 ledger")
  void walletRead() throws RunnerException {
    Collection<RunResult> results = runOnce(WalletReadBenchmark.class, "database", "h2-mem", "grants", "30",
        "debits", "1000");
    assertEachScored(results, 2);
  }

  @Test
  @DisplayName("publish, direct recording and two Kafka workers run on a tiny stream, on PostgreSQL too when given")
  void kafkaIngest() throws RunnerException {
    if (System.getenv("USAGE_TEST_KAFKA_BOOTSTRAP") == null) {
      String why = "USAGE_TEST_KAFKA_BOOTSTRAP is not set; start a cluster with eval \"$(bash .ci/kafka.sh start)\"";
      if ("true".equalsIgnoreCase(System.getenv("USAGE_REQUIRE_KAFKA"))) {
        fail(why + " (USAGE_REQUIRE_KAFKA=true)");
      }
      Assumptions.abort("Kafka benchmark skipped: " + why);
    }
    boolean postgres = System.getenv("USAGE_TEST_POSTGRES_URL") != null;
    if (!postgres && "true".equalsIgnoreCase(System.getenv("USAGE_REQUIRE_POSTGRES"))) {
      fail("USAGE_TEST_POSTGRES_URL is not set (USAGE_REQUIRE_POSTGRES=true)");
    }
    // Two workers only: the rebalance as the second joins is the path one worker never takes.
    Collection<RunResult> results = runOnce(KafkaIngestBenchmark.class, "store", postgres ? "memory,postgres" : "memory",
        "events", "2000", "workers", "2");
    // direct and kafka per store, publish once
    assertEachScored(results, postgres ? 5 : 3);
  }

  @Test
  @DisplayName("JDBC month reports run from the rollup, from the events and by hand, on a small H2 workload")
  void jdbcReport() throws RunnerException {
    // In memory: a file database would keep the small workload where a real run keeps its million.
    Collection<RunResult> results = runOnce(JdbcReportBenchmark.class, "database", "h2-mem", "events", "20000");
    assertEachScored(results, 6);
  }

  @Test
  @DisplayName("the month report runs in the store and in every peer on a small workload")
  void reportAggregation() throws RunnerException {
    Collection<RunResult> results = runOnce(ReportAggregationBenchmark.class, "events", "20000");
    assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
        .contains("library_daily", "h2_daily");
    assertEachScored(results, results.size());
  }
}
