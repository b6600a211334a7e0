package dev.usage.jdbc;

import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static dev.usage.jdbc.TestEvents.GLOBEX;

import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.LedgerStore;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The process the crash tests kill: writes numbered batches through a {@link JdbcUsageStore} and,
 * after each write returned, appends the batch number to an acknowledgement file and forces it to
 * disk, so that the file lists exactly what the store acknowledged, whenever the process dies.
 *
 * <pre>
 *   java -cp &lt;test classpath&gt; dev.usage.jdbc.CrashingWriter MODE JDBC_URL SCHEMA ACK_FILE FROM TO
 * </pre>
 *
 * <p>Batch {@code b} is the same in every run ({@link #events(int)}), so the parent knows what
 * each acknowledged number stands for, and a restarted writer resends the batch it was killed in.
 * A failed write is retried every 50 ms, as a client retries through a server restart; each
 * failure prints a line starting {@value #RETRY} on standard output. {@code SCHEMA} is {@code -}
 * on H2. The writer does not migrate: the parent creates the schema before the first run.
 *
 * <p>A workload is a {@link Mode}; a new one (a ledger's debits, say) is a new constant that
 * writes batch {@code b}, and a check of its own in the test.
 *
 * <p>This class is not thread-safe.
 */
final class CrashingWriter {

  /** Events of each batch that are new to the store. */
  static final int EVENTS_PER_BATCH = 40;
  /** Where batch 0 starts; batch {@code b} fills hour {@code b} after it. */
  static final Instant BASE = Instant.parse("2026-05-01T00:00:00Z");
  /** The instant the {@link Mode#LEDGER} writer posts at, after every batch's events. */
  static final Instant LEDGER_NOW = BASE.plus(Duration.ofDays(400));
  /** ACME's own wallet: soft, with one credit, which the batches overdraw after about 30. */
  static final WalletId ACME_WALLET = WalletId.ofWorkspace(ACME);
  /** GLOBEX's organization's wallet: hard, with enough credit for every batch. */
  static final WalletId GLOBEX_WALLET = WalletId.ofOrganization(GLOBEX.organization());

  /** The standard-output prefix of a failed write that the writer retries. */
  static final String RETRY = "RETRY";

  private static final List<Metric> METRICS =
      List.of(Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.SMS_OUTBOUND, Metrics.PROMPT_TOKENS);

  /** What the writer writes for each batch number. */
  enum Mode {
    /** Appends {@link #events(int)} with {@link JdbcUsageStore#append(List)}. */
    EVENTS {
      @Override
      void write(JdbcUsageStore store, int batch) {
        store.append(events(batch));
      }
    },
    /**
     * Appends {@link #events(int)} into the wallets of {@link #openWallets}, posting each event's
     * debit in the append's transaction, at the fixed instant {@link #LEDGER_NOW}.
     */
    LEDGER {
      @Override
      void write(JdbcUsageStore store, int batch) {
        store.append(events(batch), LEDGER_NOW);
      }
    };

    /** Writes batch {@code batch}; returns only once the store acknowledged it. */
    abstract void write(JdbcUsageStore store, int batch);
  }

  private CrashingWriter() {}

  /** Opens the wallets the {@link Mode#LEDGER} batches draw from, with their grants. */
  static void openWallets(LedgerStore store) {
    store.openWallet(ACME_WALLET, LimitMode.SOFT);
    store.grant(ACME_WALLET, Grant.of("one-credit", GrantKind.PLAN_GRANT, Credits.of(1), BASE), LEDGER_NOW);
    store.openWallet(GLOBEX_WALLET, LimitMode.HARD);
    store.grant(GLOBEX_WALLET, Grant.of("org-plan", GrantKind.PLAN_GRANT, Credits.of(1_000), BASE), LEDGER_NOW);
  }

  /**
   * Returns batch {@code batch}: {@value #EVENTS_PER_BATCH} events in hour {@code batch} after
   * {@link #BASE}, of both tenants, four metrics, two channels and both directions, plus (after
   * batch 0) a redelivery of the previous batch's first event, which the store must count once.
   */
  static List<PricedEvent> events(int batch) {
    List<PricedEvent> events = new ArrayList<>(EVENTS_PER_BATCH + 1);
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      events.add(event(batch, i));
    }
    if (batch > 0) {
      events.add(event(batch - 1, 0));
    }
    return events;
  }

  /** Returns the first instant after batch {@code batch}'s hour. */
  static Instant end(int batch) {
    return start(batch + 1);
  }

  /** Returns the first instant of batch {@code batch}'s hour. */
  static Instant start(int batch) {
    return BASE.plus(Duration.ofHours(batch));
  }

  private static PricedEvent event(int batch, int i) {
    Metric metric = METRICS.get(i % METRICS.size());
    Dimensions dims = Dimensions.builder().channel(metric == Metrics.SMS_OUTBOUND ? Channel.SMS : Channel.VOICE)
        .direction(i % 2 == 0 ? Direction.INBOUND : Direction.OUTBOUND).build();
    long quantity = 1 + (batch * 31L + i * 17L) % 200;
    Instant at = start(batch).plusSeconds(i * 3_600L / EVENTS_PER_BATCH);
    return TestEvents.event(i % 4 == 3 ? GLOBEX : ACME, "b" + batch + "-" + i, metric, at, quantity, dims);
  }

  /**
   * Writes batches {@code FROM} to {@code TO}, inclusive, acknowledging each.
   *
   * @param args {@code MODE JDBC_URL SCHEMA ACK_FILE FROM TO}
   */
  public static void main(String[] args) throws IOException, InterruptedException, SQLException {
    if (args.length != 6) {
      throw new IllegalArgumentException("expected MODE JDBC_URL SCHEMA ACK_FILE FROM TO, got " + List.of(args));
    }
    Mode mode = Mode.valueOf(args[0]);
    DataSource dataSource = dataSource(args[1], args[2]);
    JdbcUsageStore store = JdbcUsageStore.builder(dataSource).catalog(CATALOG).build();
    int from = Integer.parseInt(args[4]);
    int to = Integer.parseInt(args[5]);
    // On H2 an idle connection keeps the database open, as a pool would; without one, H2 closes the
    // database after every append and reopens it for the next.
    try (Connection keepOpen = args[1].startsWith("jdbc:h2:") ? dataSource.getConnection() : null;
        FileChannel acks = FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      for (int b = from; b <= to; b++) {
        writeWithRetries(mode, store, b);
        acks.write(ByteBuffer.wrap((b + "\n").getBytes(StandardCharsets.US_ASCII)));
        acks.force(true);
      }
    }
  }

  private static void writeWithRetries(Mode mode, JdbcUsageStore store, int batch) throws InterruptedException {
    while (true) {
      try {
        mode.write(store, batch);
        return;
      } catch (JdbcUsageStoreException e) {
        // The database went away (a server restart): idempotency makes the resend safe.
        System.out.println(RETRY + " batch " + batch + ": " + e.getMessage());
        System.out.flush();
        Thread.sleep(50);
      }
    }
  }

  private static DataSource dataSource(String url, String schema) {
    if (url.startsWith("jdbc:h2:")) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(url);
      return ds;
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setCurrentSchema(schema);
    return ds;
  }
}
