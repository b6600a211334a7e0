package dev.usage.benchmarks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.usage.benchmarks.Workload;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.Credits;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
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

// JMH settings stated per class on purpose, as in JMH's samples: each benchmark says how it is run.
/**
 * Measures reading a wallet's balance from a ledger that has seen {@code grants} grants (all but
 * ten expired) and {@code debits} debited events: {@code balance} is {@link
 * JdbcUsageStore#wallet}, which reads the wallet's row and its unsettled grants in one snapshot
 * and brings them up to now; {@code walletRow} is the floor, a bare primary-key read of the same
 * row on the same pool. The target is a balance read of at most 1 ms with 10,000 grants and a
 * million debits.
 *
 * <p>The debited events are written straight into {@code usage_events} by SQL, each naming the
 * wallet in {@code debit_wallet}: a balance read never touches them, so only their presence in the
 * database matters, not how they got there.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class WalletReadBenchmark {

  private static final WalletId WALLET = WalletId.ofWorkspace(Workload.tenant(0));
  private static final Instant NOW = Workload.END;

  /** Where the ledger is. */
  @Param({"h2-file", "postgres"})
  public String database;

  /** Grants ever added to the wallet; ten of them live. */
  @Param({"10000"})
  public int grants;

  /** Debited events in the database. */
  @Param({"1000000"})
  public int debits;

  private HikariDataSource pool;
  private JdbcUsageStore store;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    pool = Databases.open(database, "bench_wallet", true);
    Databases.truncate(pool); // an in-memory database outlives the trial before this one
    store = JdbcUsageStore.builder(pool).build();
    store.openWallet(WALLET, LimitMode.HARD);
    Instant from = Workload.START.minus(Duration.ofDays(400));
    for (int i = 0; i < grants; i++) {
      Grant g = Grant.of("g" + i, GrantKind.TOP_UP, Credits.of(1 + i % 7), from.plusSeconds(i));
      store.grant(WALLET, i < grants - 10 ? g.withExpiry(from.plusSeconds(i + 3_600)) : g, NOW);
    }
    String rows = database.equals("postgres") ? "generate_series(1, " + debits + ") AS r(x)"
        : "SYSTEM_RANGE(1, " + debits + ") AS r(x)";
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO usage_events (organization, workspace, event_id, occurred_at, metric, quantity, billable,"
          + " credits_micros, rate_card_version, rate_metric, multiplier, rounding, debit_wallet) SELECT '"
          + WALLET.organization() + "', '" + WALLET.workspace() + "', CONCAT('e', x), x, 'sms_outbound', 1, 1, 1000,"
          + " 'bench', 'sms_outbound', 1, 'HALF_UP', '" + WALLET.workspace() + "' FROM " + rows);
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  @Benchmark
  public WalletStatus balance() {
    return store.wallet(WALLET, NOW).orElseThrow();
  }

  @Benchmark
  public long walletRow() throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT balance FROM usage_wallets WHERE organization = ? AND workspace = ?")) {
      ps.setString(1, WALLET.organization());
      ps.setString(2, WALLET.workspace());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
