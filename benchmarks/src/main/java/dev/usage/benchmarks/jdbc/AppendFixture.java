package dev.usage.benchmarks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.usage.benchmarks.Workload;
import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.PricedEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the append benchmarks share: {@value #EVENTS} {@link Workload} events per iteration,
 * redeliveries included, in batches of at most {@value #BATCH} (the store's statement size),
 * appended into a {@link JdbcUsageStore} over {@code database} whose tables are emptied before
 * each iteration. Each iteration is one shot over the batches; scores are nanoseconds per event,
 * so events per second = 10^9 / score.
 *
 * <p>Subclasses name their schema, build the batches once per trial and may prepare each
 * iteration after the tables were emptied.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AppendFixture.EVENTS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public abstract class AppendFixture {

  /** Events appended per iteration, redeliveries included. */
  public static final int EVENTS = 30_000;

  /** The most events of a batch: the store's statement size, so that a full batch is one insert. */
  public static final int BATCH = 500;

  /** Where the events go. */
  @Param({"h2-mem", "h2-file", "postgres"})
  public String database;

  HikariDataSource pool;
  JdbcUsageStore store;
  List<List<PricedEvent>> batches;

  /** Returns the database (H2) or schema (PostgreSQL) of the benchmark. */
  abstract String area();

  /** Returns the batches every iteration appends, built once per trial. */
  abstract List<List<PricedEvent>> batches();

  /** Prepares an iteration once the tables are empty; nothing by default. */
  void prepareIteration() {}

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    pool = Databases.open(database, area(), true);
    store = JdbcUsageStore.builder(pool).build();
    batches = batches();
  }

  @Setup(Level.Iteration)
  public void empty() throws SQLException {
    Databases.truncate(pool);
    prepareIteration();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  /** Returns an equal event that shares no object with {@code p} but the interned parts. */
  static PricedEvent copy(PricedEvent p) {
    UsageEvent e = p.event();
    UsageEvent again = UsageEvent.builder(EventId.of(new String(e.id().value())), e.tenant(), e.metric())
        .at(e.occurredAt()).quantity(e.quantity()).dimensions(e.dimensions()).build();
    return new PricedEvent(again, p.credits(), p.billableQuantity(), p.trace());
  }
}
