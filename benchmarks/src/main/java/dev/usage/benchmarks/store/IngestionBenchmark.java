package dev.usage.benchmarks.store;

import dev.usage.benchmarks.Workload;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.store.InMemoryUsageStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

// JMH settings stated per class on purpose, as in JMH's samples: each benchmark says how it is run.
/**
 * Measures appending priced events with permanent idempotency: each thread appends its own stream
 * of {@value #EVENTS_PER_THREAD} events, of which 10 % are redeliveries of an event it sent
 * shortly before (an equal copy, as a retried message is), into a store that is fresh at each
 * iteration and grows to a million events per thread.
 *
 * <ul>
 *   <li>{@code library}: {@link InMemoryUsageStore#append(List)}.
 *   <li>{@code baseline}: the floor of permanent idempotency: a {@link ConcurrentHashMap#putIfAbsent}
 *       of each id and, for the new ones, an {@code ArrayList} add under a lock per batch.
 *   <li>{@code duckdb}: DuckDB in memory, every event of the stream appended through its
 *       appender as one row of the store's columns (tenant, id, time, metric, quantity, billable
 *       quantity, micro-credits, the seven dimensions the workload uses and the rate card), with
 *       no idempotency: a columnar database's bulk-load rate for the same rows.
 *   <li>{@code library_ownTenants}: as {@code library}, but each thread's events belong to
 *       tenants of its own (the workload's 50, renamed per thread), so that two threads share
 *       no tenant: what the store's threads share besides tenants decides how they scale.
 * </ul>
 *
 * <p>{@code batch} is what each append holds: {@code fact} is one fact's events (one tenant, 1 to 4
 * events), as {@code UsageEngine.record} appends them, or one redelivered event: 1.9 events per
 * append on average; {@code 256} is a queue consumer's batch of 256 events of many tenants. The {@code _2threads} methods run two threads on
 * one store.
 *
 * <p>Each iteration is one shot over the whole stream; scores are nanoseconds per event and
 * thread, so events per second = threads × 10^9 / score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(IngestionBenchmark.EVENTS_PER_THREAD)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class IngestionBenchmark {

  /** Events each thread appends per iteration, redeliveries included. */
  public static final int EVENTS_PER_THREAD = 1_000_000;

  /** The share of appended events that are redeliveries. */
  static final double DUPLICATES = 0.10;

  /** The stores, fresh for each iteration. */
  @State(Scope.Benchmark)
  public static class Stores {
    InMemoryUsageStore library;
    ConcurrentHashMap<EventId, PricedEvent> ids;
    List<PricedEvent> events;

    @Setup(Level.Iteration)
    public void setUp() {
      library = new InMemoryUsageStore();
      ids = new ConcurrentHashMap<>();
      events = new ArrayList<>();
    }
  }

  /** A DuckDB in-memory database with an empty events table, fresh for each iteration. */
  @State(Scope.Benchmark)
  public static class DuckDb {
    Connection connection;

    @Setup(Level.Iteration)
    public void setUp() throws SQLException {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE events (tenant VARCHAR, id VARCHAR, ts TIMESTAMP, metric VARCHAR,"
            + " quantity BIGINT, billable BIGINT, credits BIGINT, channel VARCHAR, direction VARCHAR,"
            + " provider VARCHAR, model VARCHAR, model_type VARCHAR, phone_number VARCHAR, call_id VARCHAR,"
            + " rate_card VARCHAR)");
      }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws SQLException {
      connection.close();
    }
  }

  /** One thread's stream of batches, its events renamed to tenants no other thread has. */
  @State(Scope.Thread)
  public static class OwnTenants {
    List<List<PricedEvent>> batches;

    @Setup(Level.Trial)
    public void setUp(Stream stream, ThreadParams thread) {
      Map<TenantId, TenantId> renamed = new HashMap<>();
      batches = new ArrayList<>(stream.batches.size());
      for (List<PricedEvent> batch : stream.batches) {
        List<PricedEvent> own = new ArrayList<>(batch.size());
        for (PricedEvent p : batch) {
          UsageEvent e = p.event();
          TenantId tenant = renamed.computeIfAbsent(e.tenant(),
              t -> TenantId.of(t.organization(), "thread-" + thread.getThreadIndex()));
          own.add(new PricedEvent(new UsageEvent(e.id(), tenant, e.occurredAt(), e.metric(), e.quantity(),
              e.dimensions(), e.reverses()), p.credits(), p.billableQuantity(), p.trace()));
        }
        batches.add(List.copyOf(own));
      }
    }
  }

  /** One thread's stream of batches. */
  @State(Scope.Thread)
  public static class Stream {
    /** What an append holds: {@code fact}, one fact's events, or a number of events. */
    @Param({"fact", "256"})
    public String batch;

    List<List<PricedEvent>> batches;
    PricedEvent[] fresh;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      int unique = (int) Math.round(EVENTS_PER_THREAD * (1 - DUPLICATES));
      PricedEvent[] originals = new PricedEvent[unique];
      int[] next = {0};
      // facts of different threads are numbered apart, so that their ids never meet
      Workload.generate(unique, Workload.SEED + thread.getThreadIndex(), 1_000_000_000L * thread.getThreadIndex(),
          (t, m, c, d, e) -> originals[next[0]++] = e);
      SplittableRandom random = new SplittableRandom(Workload.SEED - thread.getThreadIndex());
      List<PricedEvent> stream = new ArrayList<>(EVENTS_PER_THREAD);
      int o = 0;
      while (stream.size() < EVENTS_PER_THREAD) {
        if (o < unique && (o == 0 || random.nextDouble() >= DUPLICATES)) {
          stream.add(originals[o++]);
        } else {
          // a redelivery of one of the last thousand events sent
          stream.add(copy(originals[o - 1 - random.nextInt(Math.min(o, 1_000))]));
        }
      }
      batches = new ArrayList<>();
      if (batch.equals("fact")) {
        // a fact's events are consecutive and share the fact's id before the '/'; a redelivery is
        // a batch of its own, as a retried message is
        int from = 0;
        for (int i = 1; i <= stream.size(); i++) {
          if (i == stream.size() || !fact(stream.get(i)).equals(fact(stream.get(from)))) {
            batches.add(List.copyOf(stream.subList(from, i)));
            from = i;
          }
        }
      } else {
        int size = Integer.parseInt(batch);
        for (int i = 0; i < stream.size(); i += size) {
          batches.add(List.copyOf(stream.subList(i, Math.min(stream.size(), i + size))));
        }
      }
      fresh = new PricedEvent[batches.stream().mapToInt(List::size).max().orElse(0)];
    }

    /** Returns the id of the fact an event derives from, unique per fact and tenant. */
    private static String fact(PricedEvent p) {
      String id = p.event().id().value();
      return p.event().tenant() + " " + id.substring(0, id.indexOf('/'));
    }

    /** Returns an equal event that shares no object with {@code p} but the interned parts. */
    private static PricedEvent copy(PricedEvent p) {
      UsageEvent e = p.event();
      UsageEvent again = UsageEvent.builder(EventId.of(new String(e.id().value())), e.tenant(), e.metric())
          .at(e.occurredAt()).quantity(e.quantity()).dimensions(e.dimensions()).build();
      return new PricedEvent(again, p.credits(), p.billableQuantity(), p.trace());
    }
  }

  @Benchmark
  public long library(Stores stores, Stream stream) {
    return appendAll(stores.library, stream);
  }

  @Benchmark
  @Threads(2)
  public long library_2threads(Stores stores, Stream stream) {
    return appendAll(stores.library, stream);
  }

  @Benchmark
  public long library_ownTenants(Stores stores, OwnTenants stream) {
    return appendAll(stores.library, stream.batches);
  }

  @Benchmark
  @Threads(2)
  public long library_ownTenants_2threads(Stores stores, OwnTenants stream) {
    return appendAll(stores.library, stream.batches);
  }

  @Benchmark
  public long duckdb(DuckDb db, Stream stream) throws SQLException {
    long appended = 0;
    try (DuckDBAppender appender = ((DuckDBConnection) db.connection).createAppender(
        DuckDBConnection.DEFAULT_SCHEMA, "events")) {
      for (List<PricedEvent> batch : stream.batches) {
        for (int i = 0; i < batch.size(); i++) {
          PricedEvent p = batch.get(i);
          UsageEvent e = p.event();
          appender.beginRow();
          appender.append(e.tenant().toString());
          appender.append(e.id().value());
          appender.appendLocalDateTime(LocalDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
          appender.append(e.metric().key());
          appender.append(e.quantity());
          appender.append(p.billableQuantity());
          appender.append(p.credits().micros());
          for (DimensionKey key : DUCKDB_DIMENSIONS) {
            appender.append(e.dimensions().valueOrNull(key));
          }
          appender.append(p.trace().rateCardVersion());
          appender.endRow();
        }
        appended += batch.size();
      }
    }
    return appended;
  }

  private static final DimensionKey[] DUCKDB_DIMENSIONS = {DimensionKey.CHANNEL, DimensionKey.DIRECTION,
    DimensionKey.PROVIDER, DimensionKey.MODEL, DimensionKey.MODEL_TYPE, DimensionKey.PHONE_NUMBER,
    DimensionKey.CALL_ID};

  @Benchmark
  public long baseline(Stores stores, Stream stream) {
    return putAll(stores, stream);
  }

  @Benchmark
  @Threads(2)
  public long baseline_2threads(Stores stores, Stream stream) {
    return putAll(stores, stream);
  }

  private static long appendAll(InMemoryUsageStore store, Stream stream) {
    return appendAll(store, stream.batches);
  }

  private static long appendAll(InMemoryUsageStore store, List<List<PricedEvent>> batches) {
    long appended = 0;
    for (List<PricedEvent> batch : batches) {
      AppendResult result = store.append(batch);
      appended += result.appended();
    }
    return appended;
  }

  private static long putAll(Stores stores, Stream stream) {
    ConcurrentHashMap<EventId, PricedEvent> ids = stores.ids;
    List<PricedEvent> events = stores.events;
    PricedEvent[] fresh = stream.fresh;
    long appended = 0;
    for (List<PricedEvent> batch : stream.batches) {
      int n = 0;
      for (int i = 0; i < batch.size(); i++) {
        PricedEvent e = batch.get(i);
        if (ids.putIfAbsent(e.event().id(), e) == null) {
          fresh[n++] = e;
        }
      }
      synchronized (events) {
        for (int i = 0; i < n; i++) {
          events.add(fresh[i]);
        }
      }
      appended += n;
    }
    return appended;
  }
}
