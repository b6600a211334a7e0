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
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Measures appending priced events through {@link JdbcUsageStore#append(List)} beside raw JDBC
 * doing the same insert by hand: a stream of {@value AppendFixture#EVENTS} {@link Workload}
 * events, 10 % of them ({@code duplicatePercent}) redeliveries of a recent event, in batches of
 * {@value AppendFixture#BATCH}, one transaction per batch, into a table emptied before each
 * iteration.
 *
 * <ul>
 *   <li>{@code library}: the store: checks every event, sorts the batch's keys, inserts, reads back
 *       the skipped ids in one statement, tells duplicates from conflicts, and adds the new events
 *       to {@code usage_rollup} (one {@code INSERT ... ON CONFLICT DO UPDATE}, or H2 {@code MERGE},
 *       per batch). On PostgreSQL it inserts with {@code INSERT ... SELECT * FROM unnest(?, ...) ON
 *       CONFLICT DO NOTHING RETURNING}, one array per column; on H2 it first reads which keys are
 *       taken and then runs a batch of single-row {@code INSERT}s of the others only.
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

  /** The share of appended events, in percent, that are redeliveries of a recent event. */
  @Param({"10"})
  public int duplicatePercent;

  private final Map<Integer, String> postgresInserts = new HashMap<>();

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
    for (int i = 0; i < stream.size(); i += BATCH) {
      batches.add(List.copyOf(stream.subList(i, Math.min(stream.size(), i + BATCH))));
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
