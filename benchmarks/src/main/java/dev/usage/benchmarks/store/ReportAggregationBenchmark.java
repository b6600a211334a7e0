package dev.usage.benchmarks.store;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.summingLong;

import dev.usage.benchmarks.Workload;
import dev.usage.event.DimensionKey;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.store.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
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
 * Measures a month's usage report for one tenant, three ways: per-day, per-metric totals ({@code
 * daily}: 31 days × 12 metrics), a breakdown by metric, channel and direction ({@code breakdown}),
 * and totals per metric and model ({@code models}, the AI usage report's grouping). Every
 * implementation answers all three from the same {@link Workload} of {@code events} events of 50
 * tenants over March 2026; the reported tenant is the largest, with 22 % of them.
 *
 * <p>The library keeps a rollup per day, metric, channel and direction as events arrive, so it
 * answers {@code daily} and {@code breakdown} from 31 days of rollups; {@code models} groups by a
 * dimension the rollups lack and is answered row by row from the store's columns, the path every
 * other grouping, filter or zone takes.
 *
 * <ul>
 *   <li>{@code library}: {@link InMemoryUsageStore#aggregate(AggregateQuery)}; rows carry count,
 *       reversals, sum, billable sum, max and credits.
 *   <li>{@code baselineA}: what a user writes by hand: a {@code List} of a simple record, streamed
 *       through {@code Collectors.groupingBy} on a composite key with {@code summingLong}.
 *   <li>{@code baselineB}: the practical limit: one loop over primitive columns in arrival (that
 *       is, time) order, all tenants, into {@code long[]} accumulators of count, quantity and
 *       credits.
 *   <li>{@code baselineBSlice}: the same loop over columns clustered by tenant, reading only the
 *       reported tenant's slice, as a store partitioned by tenant can.
 *   <li>{@code duckdb}: DuckDB in process (default threads, one per core), fed through its appender,
 *       answering the same {@code GROUP BY} with count, sum and credits.
 *   <li>{@code h2}: H2 in memory, batch-inserted, with an index on (tenant, ts), the same SQL.
 * </ul>
 *
 * <p>Scores are milliseconds per report. Each implementation is built in its own fork, only when
 * its methods run. Measured at 10 M events: the library's store holds 3.9 GB of heap and loads in
 * 30 s, the records 1.1 GB, the columns 0.8 GB, H2 2.2 GB in 90 s, DuckDB its own memory in 19 s;
 * the forks get 12 GB.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g"})
public class ReportAggregationBenchmark {

  private static final long DAY_MILLIS = 86_400_000L;
  private static final int DAYS = Workload.DAYS;
  private static final int METRICS = Workload.METRIC_COUNT;
  private static final int WHERE = Workload.CHANNELS.size() * 2;
  private static final int MODELS = Workload.MODEL_NAMES.size() + 1;

  /** How many events the store holds. */
  @State(Scope.Benchmark)
  public static class Size {
    /** Events of all tenants over the month. */
    @Param({"1000000", "10000000"})
    public int events;
  }

  /** The library's store and its two queries. */
  @State(Scope.Benchmark)
  public static class Library {
    InMemoryUsageStore store;
    AggregateQuery daily;
    AggregateQuery breakdown;
    AggregateQuery models;

    /** Appends the workload in batches of 1,000, as a bulk load would. */
    @Setup(Level.Trial)
    public void setUp(Size size) {
      store = new InMemoryUsageStore();
      List<PricedEvent> batch = new ArrayList<>(1_000);
      Workload.generate(size.events, Workload.SEED, (t, m, c, d, e) -> {
        batch.add(e);
        if (batch.size() == 1_000) {
          store.append(batch);
          batch.clear();
        }
      });
      store.append(batch);
      daily = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), Workload.MONTH)
          .groupBy(GroupKey.DAY, GroupKey.METRIC).build();
      breakdown = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), Workload.MONTH)
          .groupBy(GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION).build();
      models = AggregateQuery.builder(Workload.tenant(Workload.REPORTED_TENANT), Workload.MONTH)
          .groupBy(GroupKey.METRIC, GroupKey.MODEL).build();
    }
  }

  /** The event a user keeps when writing the report by hand. */
  public record Event(String tenant, Instant at, String metric, String channel, String direction, String model,
      long quantity, long credits) {}

  /** The composite key of the daily report. */
  public record DayMetric(LocalDate day, String metric) {}

  /** The composite key of the breakdown. */
  public record MetricWhere(String metric, String channel, String direction) {}

  /** The composite key of the models report; the model is null for events without one. */
  public record MetricModel(String metric, String model) {}

  /** A list of {@link Event}s, for baseline A. */
  @State(Scope.Benchmark)
  public static class Records {
    List<Event> events;
    String tenant;

    @Setup(Level.Trial)
    public void setUp(Size size) {
      events = new ArrayList<>(size.events);
      String[] tenants = tenantNames();
      Workload.generate(size.events, Workload.SEED, (t, m, c, d, e) -> events.add(new Event(tenants[t],
          e.event().occurredAt(), e.event().metric().key(), Workload.CHANNELS.get(c).name(), d.key(),
          e.event().dimensions().valueOrNull(DimensionKey.MODEL), e.event().quantity(), e.credits().micros())));
      tenant = tenants[Workload.REPORTED_TENANT];
    }
  }

  /** Primitive columns, in arrival order and clustered by tenant, for baseline B. */
  @State(Scope.Benchmark)
  public static class Columns {
    // arrival (time) order, all tenants
    long[] time;
    int[] tenant;
    int[] metric;
    int[] where;
    int[] model;
    long[] quantity;
    long[] credits;
    // clustered by tenant, time order within a tenant; the reported tenant's rows are [from, to)
    long[] sliceTime;
    int[] sliceMetric;
    int[] sliceWhere;
    int[] sliceModel;
    long[] sliceQuantity;
    long[] sliceCredits;
    int sliceFrom;
    int sliceTo;

    @Setup(Level.Trial)
    public void setUp(Size size) {
      int n = size.events;
      time = new long[n];
      tenant = new int[n];
      metric = new int[n];
      where = new int[n];
      model = new int[n];
      quantity = new long[n];
      credits = new long[n];
      int[] next = {0};
      int[] perTenant = new int[Workload.TENANTS];
      Workload.generate(n, Workload.SEED, (t, m, c, d, e) -> {
        int i = next[0]++;
        time[i] = e.event().occurredAt().toEpochMilli();
        tenant[i] = t;
        metric[i] = m;
        where[i] = c * 2 + d.ordinal();
        model[i] = modelIndex(e);
        quantity[i] = e.event().quantity();
        credits[i] = e.credits().micros();
        perTenant[t]++;
      });
      // counting sort by tenant keeps time order within each tenant
      int[] start = new int[Workload.TENANTS + 1];
      for (int t = 0; t < Workload.TENANTS; t++) {
        start[t + 1] = start[t] + perTenant[t];
      }
      sliceFrom = start[Workload.REPORTED_TENANT];
      sliceTo = start[Workload.REPORTED_TENANT + 1];
      sliceTime = new long[n];
      sliceMetric = new int[n];
      sliceWhere = new int[n];
      sliceModel = new int[n];
      sliceQuantity = new long[n];
      sliceCredits = new long[n];
      int[] at = start.clone();
      for (int i = 0; i < n; i++) {
        int j = at[tenant[i]]++;
        sliceTime[j] = time[i];
        sliceMetric[j] = metric[i];
        sliceWhere[j] = where[i];
        sliceModel[j] = model[i];
        sliceQuantity[j] = quantity[i];
        sliceCredits[j] = credits[i];
      }
    }
  }

  /** Count, quantity and credits per group, indexed as the report's slots. */
  public record Totals(long[] count, long[] quantity, long[] credits) {
    Totals(int slots) {
      this(new long[slots], new long[slots], new long[slots]);
    }
  }

  /** One row of an SQL report. */
  public record Row(String first, String second, String third, long count, long quantity, long credits) {}

  /** An embedded SQL database holding the workload, and the two reports as statements. */
  public abstract static class Sql {
    static final String TABLE = "CREATE TABLE events (tenant VARCHAR(64), ts TIMESTAMP, metric VARCHAR(64),"
        + " channel VARCHAR(32), direction VARCHAR(8), model VARCHAR(64), quantity BIGINT, credits BIGINT)";
    static final String RANGE = " WHERE tenant = ? AND ts >= TIMESTAMP '2026-03-01 00:00:00'"
        + " AND ts < TIMESTAMP '2026-04-01 00:00:00'";
    static final String DAILY = "SELECT CAST(CAST(ts AS DATE) AS VARCHAR) AS d, metric,"
        + " count(*), CAST(sum(quantity) AS BIGINT), CAST(sum(credits) AS BIGINT) FROM events" + RANGE
        + " GROUP BY d, metric ORDER BY d, metric";
    static final String BREAKDOWN = "SELECT metric, channel, direction,"
        + " count(*), CAST(sum(quantity) AS BIGINT), CAST(sum(credits) AS BIGINT) FROM events" + RANGE
        + " GROUP BY metric, channel, direction ORDER BY metric, channel, direction";
    static final String MODELS = "SELECT metric, model,"
        + " count(*), CAST(sum(quantity) AS BIGINT), CAST(sum(credits) AS BIGINT) FROM events" + RANGE
        + " GROUP BY metric, model ORDER BY metric, model NULLS FIRST";

    Connection connection;
    PreparedStatement daily;
    PreparedStatement breakdown;
    PreparedStatement models;

    void prepare() throws SQLException {
      String tenant = Workload.tenant(Workload.REPORTED_TENANT).toString();
      daily = connection.prepareStatement(DAILY);
      daily.setString(1, tenant);
      breakdown = connection.prepareStatement(BREAKDOWN);
      breakdown.setString(1, tenant);
      models = connection.prepareStatement(MODELS);
      models.setString(1, tenant);
    }

    static List<Row> rows(PreparedStatement query, boolean threeKeys) throws SQLException {
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        int k = threeKeys ? 3 : 2;
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getString(2), threeKeys ? rs.getString(3) : null,
              rs.getLong(k + 1), rs.getLong(k + 2), rs.getLong(k + 3)));
        }
      }
      return rows;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      connection.close();
    }
  }

  /** DuckDB in memory, loaded through its appender. */
  @State(Scope.Benchmark)
  public static class DuckDb extends Sql {
    @Setup(Level.Trial)
    public void setUp(Size size) throws SQLException {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = connection.createStatement()) {
        s.execute(TABLE);
      }
      String[] tenants = tenantNames();
      try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender(
          DuckDBConnection.DEFAULT_SCHEMA, "events")) {
        Workload.generate(size.events, Workload.SEED, (t, m, c, d, e) -> {
          try {
            appender.beginRow();
            appender.append(tenants[t]);
            appender.appendLocalDateTime(LocalDateTime.ofInstant(e.event().occurredAt(), ZoneOffset.UTC));
            appender.append(e.event().metric().key());
            appender.append(Workload.CHANNELS.get(c).name());
            appender.append(d.key());
            appender.append(e.event().dimensions().valueOrNull(DimensionKey.MODEL));
            appender.append(e.event().quantity());
            appender.append(e.credits().micros());
            appender.endRow();
          } catch (SQLException x) {
            throw new IllegalStateException(x);
          }
        });
      }
      prepare();
    }
  }

  /** H2 in memory, batch-inserted, indexed on (tenant, ts). */
  @State(Scope.Benchmark)
  public static class H2 extends Sql {
    @Setup(Level.Trial)
    public void setUp(Size size) throws SQLException {
      connection = DriverManager.getConnection("jdbc:h2:mem:report;OPTIMIZE_REUSE_RESULTS=0");
      try (Statement s = connection.createStatement()) {
        s.execute(TABLE);
      }
      String[] tenants = tenantNames();
      connection.setAutoCommit(false);
      // 100 rows per statement load several times faster than one row per batch entry
      int rows = 100;
      String values = String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?)"));
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES " + values)) {
        int[] pending = {0};
        Workload.generate(size.events, Workload.SEED, (t, m, c, d, e) -> {
          try {
            int p = pending[0]++ * 8;
            insert.setString(p + 1, tenants[t]);
            insert.setObject(p + 2, LocalDateTime.ofInstant(e.event().occurredAt(), ZoneOffset.UTC));
            insert.setString(p + 3, e.event().metric().key());
            insert.setString(p + 4, Workload.CHANNELS.get(c).name());
            insert.setString(p + 5, d.key());
            insert.setString(p + 6, e.event().dimensions().valueOrNull(DimensionKey.MODEL));
            insert.setLong(p + 7, e.event().quantity());
            insert.setLong(p + 8, e.credits().micros());
            if (pending[0] == rows) {
              insert.executeUpdate();
              pending[0] = 0;
            }
          } catch (SQLException x) {
            throw new IllegalStateException(x);
          }
        });
        if (pending[0] != 0) {
          throw new IllegalStateException("event count " + size.events + " is not a multiple of " + rows);
        }
        connection.commit();
      }
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        // indexing after the load is several times faster than maintaining the index during it
        s.execute("CREATE INDEX events_tenant_ts ON events (tenant, ts)");
        s.execute("ANALYZE");
      }
      prepare();
    }
  }

  /** Returns the index of the event's model in {@link Workload#MODEL_NAMES}, or their count if it has none. */
  static int modelIndex(PricedEvent e) {
    String model = e.event().dimensions().valueOrNull(DimensionKey.MODEL);
    return model == null ? Workload.MODEL_NAMES.size() : Workload.MODEL_NAMES.indexOf(model);
  }

  static String[] tenantNames() {
    String[] tenants = new String[Workload.TENANTS];
    for (int i = 0; i < tenants.length; i++) {
      tenants[i] = Workload.tenant(i).toString();
    }
    return tenants;
  }

  // Baselines repeat their loops per report on purpose: hand-written code, no helper in the timed loop.

  // ---- daily: per day, per metric ----

  @Benchmark
  public List<AggregateRow> library_daily(Library s) {
    return s.store.aggregate(s.daily);
  }

  @Benchmark
  public Map<DayMetric, Long> baselineA_daily(Records s) {
    String tenant = s.tenant;
    Instant from = Workload.START;
    Instant to = Workload.END;
    return s.events.stream()
        .filter(e -> e.tenant().equals(tenant) && !e.at().isBefore(from) && e.at().isBefore(to))
        .collect(groupingBy(e -> new DayMetric(LocalDate.ofInstant(e.at(), ZoneOffset.UTC), e.metric()),
            summingLong(Event::quantity)));
  }

  @Benchmark
  public Totals baselineB_daily(Columns s) {
    Totals out = new Totals(DAYS * METRICS);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    int wanted = Workload.REPORTED_TENANT;
    long[] time = s.time;
    int[] tenant = s.tenant;
    int[] metric = s.metric;
    long[] quantity = s.quantity;
    long[] credits = s.credits;
    for (int i = 0; i < time.length; i++) {
      long t = time[i];
      if (tenant[i] != wanted || t < from || t >= to) {
        continue;
      }
      int slot = (int) ((t - from) / DAY_MILLIS) * METRICS + metric[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public Totals baselineBSlice_daily(Columns s) {
    Totals out = new Totals(DAYS * METRICS);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    long[] time = s.sliceTime;
    int[] metric = s.sliceMetric;
    long[] quantity = s.sliceQuantity;
    long[] credits = s.sliceCredits;
    for (int i = s.sliceFrom; i < s.sliceTo; i++) {
      long t = time[i];
      if (t < from || t >= to) {
        continue;
      }
      int slot = (int) ((t - from) / DAY_MILLIS) * METRICS + metric[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public List<Row> duckdb_daily(DuckDb s) throws SQLException {
    return Sql.rows(s.daily, false);
  }

  @Benchmark
  public List<Row> h2_daily(H2 s) throws SQLException {
    return Sql.rows(s.daily, false);
  }

  // ---- breakdown: per metric, channel and direction ----

  @Benchmark
  public List<AggregateRow> library_breakdown(Library s) {
    return s.store.aggregate(s.breakdown);
  }

  @Benchmark
  public Map<MetricWhere, Long> baselineA_breakdown(Records s) {
    String tenant = s.tenant;
    Instant from = Workload.START;
    Instant to = Workload.END;
    return s.events.stream()
        .filter(e -> e.tenant().equals(tenant) && !e.at().isBefore(from) && e.at().isBefore(to))
        .collect(groupingBy(e -> new MetricWhere(e.metric(), e.channel(), e.direction()),
            summingLong(Event::quantity)));
  }

  @Benchmark
  public Totals baselineB_breakdown(Columns s) {
    Totals out = new Totals(METRICS * WHERE);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    int wanted = Workload.REPORTED_TENANT;
    long[] time = s.time;
    int[] tenant = s.tenant;
    int[] metric = s.metric;
    int[] where = s.where;
    long[] quantity = s.quantity;
    long[] credits = s.credits;
    for (int i = 0; i < time.length; i++) {
      long t = time[i];
      if (tenant[i] != wanted || t < from || t >= to) {
        continue;
      }
      int slot = metric[i] * WHERE + where[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public Totals baselineBSlice_breakdown(Columns s) {
    Totals out = new Totals(METRICS * WHERE);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    long[] time = s.sliceTime;
    int[] metric = s.sliceMetric;
    int[] where = s.sliceWhere;
    long[] quantity = s.sliceQuantity;
    long[] credits = s.sliceCredits;
    for (int i = s.sliceFrom; i < s.sliceTo; i++) {
      long t = time[i];
      if (t < from || t >= to) {
        continue;
      }
      int slot = metric[i] * WHERE + where[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public List<Row> duckdb_breakdown(DuckDb s) throws SQLException {
    return Sql.rows(s.breakdown, true);
  }

  @Benchmark
  public List<Row> h2_breakdown(H2 s) throws SQLException {
    return Sql.rows(s.breakdown, true);
  }

  // ---- models: per metric and model, answered row by row ----

  @Benchmark
  public List<AggregateRow> library_models(Library s) {
    return s.store.aggregate(s.models);
  }

  @Benchmark
  public Map<MetricModel, Long> baselineA_models(Records s) {
    String tenant = s.tenant;
    Instant from = Workload.START;
    Instant to = Workload.END;
    return s.events.stream()
        .filter(e -> e.tenant().equals(tenant) && !e.at().isBefore(from) && e.at().isBefore(to))
        .collect(groupingBy(e -> new MetricModel(e.metric(), e.model()), summingLong(Event::quantity)));
  }

  @Benchmark
  public Totals baselineB_models(Columns s) {
    Totals out = new Totals(METRICS * MODELS);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    int wanted = Workload.REPORTED_TENANT;
    long[] time = s.time;
    int[] tenant = s.tenant;
    int[] metric = s.metric;
    int[] model = s.model;
    long[] quantity = s.quantity;
    long[] credits = s.credits;
    for (int i = 0; i < time.length; i++) {
      long t = time[i];
      if (tenant[i] != wanted || t < from || t >= to) {
        continue;
      }
      int slot = metric[i] * MODELS + model[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public Totals baselineBSlice_models(Columns s) {
    Totals out = new Totals(METRICS * MODELS);
    long from = Workload.START.toEpochMilli();
    long to = Workload.END.toEpochMilli();
    long[] time = s.sliceTime;
    int[] metric = s.sliceMetric;
    int[] model = s.sliceModel;
    long[] quantity = s.sliceQuantity;
    long[] credits = s.sliceCredits;
    for (int i = s.sliceFrom; i < s.sliceTo; i++) {
      long t = time[i];
      if (t < from || t >= to) {
        continue;
      }
      int slot = metric[i] * MODELS + model[i];
      out.count[slot]++;
      out.quantity[slot] += quantity[i];
      out.credits[slot] += credits[i];
    }
    return out;
  }

  @Benchmark
  public List<Row> duckdb_models(DuckDb s) throws SQLException {
    return Sql.rows(s.models, false);
  }

  @Benchmark
  public List<Row> h2_models(H2 s) throws SQLException {
    return Sql.rows(s.models, false);
  }
}
