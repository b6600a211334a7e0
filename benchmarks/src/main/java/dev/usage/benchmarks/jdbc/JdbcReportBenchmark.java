package dev.usage.benchmarks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.usage.benchmarks.Workload;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.time.UsageRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures a month's report of the largest tenant (22 % of {@code events} events) from {@link
 * JdbcUsageStore#aggregate(AggregateQuery)} beside the same {@code GROUP BY} written by hand:
 * per-day, per-metric totals ({@code daily}) and a breakdown by metric, channel and direction
 * ({@code breakdown}).
 *
 * <ul>
 *   <li>{@code library}: the store, for the month in UTC. Such a question reads {@code
 *       usage_rollup}, the hourly sums per metric, channel and direction that every append keeps;
 *       its rows carry count, reversals, sum, billable sum, max and credits.
 *   <li>{@code libraryFromEvents}: the store, for the month in Asia/Kolkata (UTC+05:30), whose days
 *       do not start on whole UTC hours, so the store reads {@code usage_events} as for any
 *       question the rollup cannot answer: a {@code GROUP BY} over the tenant's events. Its days
 *       are Kolkata's, so its rows differ from the others'; the work is the same.
 *   <li>{@code rawJdbc}: a plain {@code GROUP BY} over {@code usage_events} of the same sums, as a
 *       report written by hand would be; it never reads the rollup.
 * </ul>
 *
 * <p>The events are loaded once through the store (500 per append) and kept between forks and
 * runs: a marker table records what was loaded; a schema loaded before {@code usage_rollup}
 * existed gets it, backfilled, from {@code migrate()}. Scores are milliseconds per report.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class JdbcReportBenchmark {

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;
  private static final String RANGE =
      " FROM usage_events WHERE organization = ? AND workspace = ? AND occurred_at >= ? AND occurred_at < ?";
  private static final String SUMS =
      "COUNT(*), SUM(quantity), SUM(billable), MAX(quantity), SUM(credits_micros)";

  /** Where the events are. */
  @Param({"h2-file", "postgres"})
  public String database;

  /** Events of all tenants over the month. */
  @Param({"1000000"})
  public int events;

  private HikariDataSource pool;
  private JdbcUsageStore store;
  private AggregateQuery daily;
  private AggregateQuery breakdown;
  private AggregateQuery dailyFromEvents;
  private AggregateQuery breakdownFromEvents;

  /** One row of a hand-written report. */
  public record Row(String first, String second, String third, long count, long quantity, long billable, long max,
      long credits) {}

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    pool = Databases.open(database, "bench_report", false);
    store = JdbcUsageStore.builder(pool).build();
    if (!loaded()) {
      Databases.truncate(pool);
      List<PricedEvent> batch = new ArrayList<>(500);
      Workload.generate(events, Workload.SEED, (t, m, c, d, e) -> {
        batch.add(e);
        if (batch.size() == 500) {
          store.append(batch);
          batch.clear();
        }
      });
      store.append(batch);
      Databases.analyze(pool, database);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("INSERT INTO bench_marker VALUES (" + events + ", " + Workload.SEED + ")");
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
    }
    daily = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), Workload.MONTH)
        .groupBy(GroupKey.DAY, GroupKey.METRIC).build();
    breakdown = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), Workload.MONTH)
        .groupBy(GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION).build();
    UsageRange kolkata =
        UsageRange.of(Workload.MONTH.start(), Workload.MONTH.endInclusive(), ZoneId.of("Asia/Kolkata"));
    dailyFromEvents = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), kolkata)
        .groupBy(GroupKey.DAY, GroupKey.METRIC).build();
    breakdownFromEvents = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), kolkata)
        .groupBy(GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION).build();
  }

  /** Returns whether an earlier fork loaded these events, and clears the marker if not. */
  private boolean loaded() throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bench_marker (events BIGINT, seed BIGINT)");
      boolean same;
      try (ResultSet rs = s.executeQuery("SELECT events, seed FROM bench_marker")) {
        same = rs.next() && rs.getLong(1) == events && rs.getLong(2) == Workload.SEED && !rs.next();
      }
      if (!same) {
        s.execute("DELETE FROM bench_marker");
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return same;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  @Benchmark
  public List<AggregateRow> library_daily() {
    return store.aggregate(daily);
  }

  @Benchmark
  public List<AggregateRow> libraryFromEvents_daily() {
    return store.aggregate(dailyFromEvents);
  }

  @Benchmark
  public List<Row> rawJdbc_daily() throws SQLException {
    String day = "occurred_at / " + NANOS_PER_DAY;
    return rows("SELECT " + day + ", metric, " + SUMS + RANGE + " GROUP BY " + day + ", metric ORDER BY 1, 2", 2);
  }

  @Benchmark
  public List<AggregateRow> library_breakdown() {
    return store.aggregate(breakdown);
  }

  @Benchmark
  public List<AggregateRow> libraryFromEvents_breakdown() {
    return store.aggregate(breakdownFromEvents);
  }

  @Benchmark
  public List<Row> rawJdbc_breakdown() throws SQLException {
    return rows("SELECT metric, channel, direction, " + SUMS + RANGE
        + " GROUP BY metric, channel, direction ORDER BY 1, 2, 3", 3);
  }

  private List<Row> rows(String sql, int keys) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, Workload.tenant(Workload.REPORTED_TENANT).organization());
      ps.setString(2, Workload.tenant(Workload.REPORTED_TENANT).workspace());
      ps.setLong(3, Workload.START.getEpochSecond() * 1_000_000_000L);
      ps.setLong(4, Workload.END.getEpochSecond() * 1_000_000_000L);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int i = keys + 1;
          rows.add(new Row(rs.getString(1), rs.getString(2), keys > 2 ? rs.getString(3) : null, rs.getLong(i),
              rs.getLong(i + 1), rs.getLong(i + 2), rs.getLong(i + 3), rs.getLong(i + 4)));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    return rows;
  }
}
