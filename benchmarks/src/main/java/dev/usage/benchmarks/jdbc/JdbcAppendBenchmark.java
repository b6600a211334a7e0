package dev.usage.benchmarks.jdbc;

import dev.usage.benchmarks.Workload;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.pricing.Rate;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Measures appending priced events through {@link JdbcUsageStore#append(List)} beside the
 * database's own bulk load of the same rows and beside raw JDBC doing the insert by hand: a stream
 * of {@value AppendFixture#EVENTS} {@link Workload} events, 10 % of them ({@code duplicatePercent})
 * redeliveries of a recent event, in batches of {@code batchSize}, one transaction per batch, into
 * a table emptied before each iteration.
 *
 * <ul>
 *   <li>{@code library}: the store: checks every event, sorts the batch's keys, inserts, reads back
 *       the skipped ids in one statement, tells duplicates from conflicts, and adds the new events
 *       to {@code usage_rollup} (one {@code INSERT ... ON CONFLICT DO UPDATE}, or H2 {@code MERGE},
 *       per batch). On PostgreSQL it {@code COPY}s the batch into a session's staging table and
 *       moves it with one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING}; on H2 it
 *       first reads which keys are taken and inserts the others as a batch of single-row inserts.
 *   <li>{@code floor} (the baseline of issue #17): the batches' distinct rows only, loaded the
 *       fastest way the database offers, with no idempotency, read-back or rollup: a text {@code
 *       COPY} into {@code usage_events} on PostgreSQL, an {@code INSERT ... DIRECT SELECT * FROM
 *       TABLE(...)} of array parameters on H2. {@code floorBatch} is H2's other candidate, a batch
 *       of single-row inserts (nothing on PostgreSQL); H2's floor is the faster of the two.
 *   <li>{@code rawJdbc}: the same rows, all 31 columns, as a user writes them by hand: on PostgreSQL
 *       one multi-row {@code INSERT ... VALUES ... ON CONFLICT DO NOTHING}, on H2 a batch of
 *       {@code INSERT}s whose taken keys fail alone; it neither reads back nor reports what it
 *       skipped, and keeps no rollup.
 * </ul>
 *
 * <p>The library's SQL is not the baseline's: its array insert binds 31 parameters where the
 * VALUES list binds 15,500, and its H2 insert raises no exception for a redelivered event. So the
 * library may beat the baseline; the ratio then says what the better SQL is worth, not that the
 * bookkeeping is free.
 *
 * <p>Each iteration is one shot over the stream; scores are nanoseconds per event, so events per
 * second = 10^9 / score. {@code postgres} needs {@code USAGE_TEST_POSTGRES_URL}; without it pass
 * {@code -p database=h2-mem,h2-file}.
 */
public class JdbcAppendBenchmark extends AppendFixture {

  private static final String COLUMNS = "organization, workspace, event_id, occurred_at, metric, quantity, "
      + "billable, credits_micros, channel, direction, provider, model, model_type, phone_number, member, "
      + "assistant, campaign, contact, call_id, custom_dimensions, reverses_id, rate_card_version, rate_credits, "
      + "rate_per, rate_in_increments, rate_metric, multiplier, multiplier_model, cached_token_factor, "
      + "billing_increment, rounding";
  /** Columns of a row: 8 of the event, 11 dimensions, custom dimensions, reversal and 10 of the trace. */
  private static final int COLUMN_COUNT = 31;
  private static final String H2_INSERT = "INSERT INTO usage_events (" + COLUMNS + ") VALUES ("
      + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
  /** The column types of {@link #COLUMNS}, as H2's {@code TABLE(…)} function names them. */
  private static final String H2_TYPES = "VARCHAR(64), VARCHAR(64), VARCHAR(200), BIGINT, VARCHAR(65), BIGINT, "
      + "BIGINT, BIGINT, VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR(256), "
      + "VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR(256), VARCHAR, VARCHAR(200), "
      + "VARCHAR(128), NUMERIC(38, 6), BIGINT, BOOLEAN, VARCHAR(65), NUMERIC(38, 6), VARCHAR(513), NUMERIC(38, 6), "
      + "VARCHAR(40), VARCHAR(16)";
  private static final String H2_INSERT_DIRECT = h2InsertDirect();

  /** The share of appended events, in percent, that are redeliveries of a recent event. */
  @Param({"10"})
  public int duplicatePercent;

  /** Events per batch, redeliveries included: one append, one transaction. */
  @Param({"500"})
  public int batchSize;

  private final Map<Integer, String> postgresInserts = new HashMap<>();
  /** Per batch, the events whose key the stream has not carried before: what the floor loads. */
  private List<List<PricedEvent>> distinct;

  private static String h2InsertDirect() {
    String[] names = COLUMNS.split(", ");
    String[] types = H2_TYPES.split(", (?=[A-Z])");
    StringBuilder sql = new StringBuilder("INSERT INTO usage_events (" + COLUMNS + ") DIRECT SELECT * FROM TABLE(");
    for (int i = 0; i < names.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(types[i]).append(" = ?");
    }
    return sql.append(')').toString();
  }

  @Override
  String area() {
    return "bench_append";
  }

  @Override
  List<List<PricedEvent>> batches() {
    int unique = EVENTS * (100 - duplicatePercent) / 100;
    PricedEvent[] originals = Workload.events(unique, Workload.SEED);
    SplittableRandom random = new SplittableRandom(Workload.SEED);
    List<PricedEvent> stream = new ArrayList<>(EVENTS);
    int o = 0;
    while (stream.size() < EVENTS) {
      if (o < unique && (o == 0 || random.nextInt(100) >= duplicatePercent)) {
        stream.add(originals[o++]);
      } else {
        stream.add(copy(originals[o - 1 - random.nextInt(Math.min(o, 1_000))]));
      }
    }
    List<List<PricedEvent>> batches = new ArrayList<>();
    for (int i = 0; i < stream.size(); i += batchSize) {
      batches.add(List.copyOf(stream.subList(i, Math.min(stream.size(), i + batchSize))));
    }
    Set<String> seen = new HashSet<>();
    distinct = new ArrayList<>();
    for (List<PricedEvent> batch : batches) {
      List<PricedEvent> fresh = new ArrayList<>();
      for (PricedEvent p : batch) {
        if (seen.add(p.event().tenant() + "\u0000" + p.event().id().value())) {
          fresh.add(p);
        }
      }
      distinct.add(List.copyOf(fresh));
    }
    return batches;
  }

  @Benchmark
  public long library() {
    long appended = 0;
    for (List<PricedEvent> batch : batches) {
      appended += store.append(batch).appended();
    }
    return appended;
  }

  /**
   * The database's own bulk-load floor: the same batches' distinct rows, each batch in one
   * transaction, with no idempotency check, no read-back and no rollup. On PostgreSQL a text
   * {@code COPY} into {@code usage_events}; on H2 one {@code INSERT … DIRECT SELECT} from the
   * batch's columns bound as arrays, the fastest of the H2 loads tried (see the results README).
   */
  @Benchmark
  public long floor() throws SQLException, IOException {
    long loaded = 0;
    boolean postgres = database.equals("postgres");
    for (List<PricedEvent> rows : distinct) {
      if (rows.isEmpty()) {
        continue;
      }
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          loaded += postgres ? copyPostgres(c, rows) : insertH2Direct(c, rows);
          c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
    return loaded;
  }

  /** H2's row-at-a-time floor: a batch of single-row inserts of the distinct rows, none failing. */
  @Benchmark
  public long floorBatch() throws SQLException {
    if (database.equals("postgres")) {
      return 0;
    }
    long loaded = 0;
    for (List<PricedEvent> rows : distinct) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(H2_INSERT)) {
          for (PricedEvent p : rows) {
            bind(ps, 1, p);
            ps.addBatch();
          }
          loaded += ps.executeBatch().length;
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
    return loaded;
  }

  private static long copyPostgres(Connection c, List<PricedEvent> rows) throws SQLException, IOException {
    StringBuilder text = new StringBuilder(rows.size() * 256);
    for (PricedEvent p : rows) {
      Object[] values = values(p);
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          text.append('\t');
        }
        copyText(text, values[i]);
      }
      text.append('\n');
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    return copy.copyIn("COPY usage_events (" + COLUMNS + ") FROM STDIN", new StringReader(text.toString()));
  }

  /** Appends a value in COPY's text format: \N for null, backslash escapes for the separators. */
  private static void copyText(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
      return;
    }
    String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(ch);
      }
    }
  }

  private static int insertH2Direct(Connection c, List<PricedEvent> rows) throws SQLException {
    int n = rows.size();
    Object[][] columns = new Object[COLUMN_COUNT][n];
    for (int r = 0; r < n; r++) {
      Object[] values = values(rows.get(r));
      for (int i = 0; i < COLUMN_COUNT; i++) {
        columns[i][r] = values[i];
      }
    }
    try (PreparedStatement ps = c.prepareStatement(H2_INSERT_DIRECT)) {
      for (int i = 0; i < COLUMN_COUNT; i++) {
        ps.setObject(i + 1, columns[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** Returns a row's values in {@link #COLUMNS} order, as the store writes them. */
  private static Object[] values(PricedEvent p) {
    UsageEvent e = p.event();
    PricingTrace t = p.trace();
    Object[] v = new Object[COLUMN_COUNT];
    int i = 0;
    v[i++] = e.tenant().organization();
    v[i++] = e.tenant().workspace();
    v[i++] = e.id().value();
    Instant at = e.occurredAt();
    v[i++] = at.getEpochSecond() * 1_000_000_000L + at.getNano();
    v[i++] = e.metric().key();
    v[i++] = e.quantity();
    v[i++] = p.billableQuantity();
    v[i++] = p.credits().micros();
    for (DimensionKey k : DimensionKey.values()) {
      v[i++] = e.dimensions().valueOrNull(k);
    }
    v[i++] = null; // no custom dimensions in the workload
    v[i++] = e.reverses().map(EventId::value).orElse(null);
    v[i++] = t.rateCardVersion();
    Rate rate = t.rate().orElse(null);
    v[i++] = rate == null ? null : rate.credits();
    v[i++] = rate == null ? null : rate.per();
    v[i++] = rate == null ? null : rate.billedInIncrements();
    v[i++] = t.rateMetric();
    v[i++] = t.multiplier().value();
    v[i++] = t.multiplierModel().orElse(null);
    v[i++] = t.cachedTokenFactor().map(f -> f.value()).orElse(null);
    v[i++] = t.increment().map(BillingIncrement::toString).orElse(null);
    v[i++] = t.rounding().name();
    return v;
  }

  @Benchmark
  public long rawJdbc() throws SQLException {
    long inserted = 0;
    boolean postgres = database.equals("postgres");
    for (List<PricedEvent> batch : batches) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          inserted += postgres ? insertPostgres(c, batch) : insertH2(c, batch);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
    return inserted;
  }

  private int insertPostgres(Connection c, List<PricedEvent> batch) throws SQLException {
    String sql = postgresInserts.computeIfAbsent(batch.size(), rows -> {
      String row = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
      return "INSERT INTO usage_events (" + COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(rows, row))
          + " ON CONFLICT DO NOTHING";
    });
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (PricedEvent p : batch) {
        i = bind(ps, i, p);
      }
      return ps.executeUpdate();
    }
  }

  private int insertH2(Connection c, List<PricedEvent> batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(H2_INSERT)) {
      for (PricedEvent p : batch) {
        bind(ps, 1, p);
        ps.addBatch();
      }
      int[] counts;
      try {
        counts = ps.executeBatch();
      } catch (BatchUpdateException e) {
        counts = e.getUpdateCounts(); // taken keys fail alone
      }
      int n = 0;
      for (int count : counts) {
        n += count == 1 ? 1 : 0;
      }
      return n;
    }
  }

  // Repeats EventRows.bind on purpose: the baseline is JDBC written by hand, not a call into the store.
  /** Binds the row as the store writes it: same columns, same values. */
  private static int bind(PreparedStatement ps, int index, PricedEvent p) throws SQLException {
    UsageEvent e = p.event();
    PricingTrace t = p.trace();
    int i = index;
    ps.setString(i++, e.tenant().organization());
    ps.setString(i++, e.tenant().workspace());
    ps.setString(i++, e.id().value());
    Instant at = e.occurredAt();
    ps.setLong(i++, at.getEpochSecond() * 1_000_000_000L + at.getNano());
    ps.setString(i++, e.metric().key());
    ps.setLong(i++, e.quantity());
    ps.setLong(i++, p.billableQuantity());
    ps.setLong(i++, p.credits().micros());
    for (DimensionKey k : DimensionKey.values()) {
      ps.setString(i++, e.dimensions().valueOrNull(k));
    }
    ps.setNull(i++, Types.VARCHAR); // no custom dimensions in the workload
    ps.setString(i++, e.reverses().map(EventId::value).orElse(null));
    ps.setString(i++, t.rateCardVersion());
    Rate rate = t.rate().orElse(null);
    if (rate == null) {
      ps.setNull(i++, Types.NUMERIC);
      ps.setNull(i++, Types.BIGINT);
      ps.setNull(i++, Types.BOOLEAN);
    } else {
      ps.setBigDecimal(i++, rate.credits());
      ps.setLong(i++, rate.per());
      ps.setBoolean(i++, rate.billedInIncrements());
    }
    ps.setString(i++, t.rateMetric());
    ps.setBigDecimal(i++, t.multiplier().value());
    ps.setString(i++, t.multiplierModel().orElse(null));
    if (t.cachedTokenFactor().isPresent()) {
      ps.setBigDecimal(i++, t.cachedTokenFactor().get().value());
    } else {
      ps.setNull(i++, Types.NUMERIC);
    }
    ps.setString(i++, t.increment().map(BillingIncrement::toString).orElse(null));
    ps.setString(i++, t.rounding().name());
    return i;
  }
}
