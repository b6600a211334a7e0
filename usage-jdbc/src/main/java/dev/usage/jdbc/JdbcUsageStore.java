package dev.usage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.UsageStore;
import dev.usage.event.TenantId;
import dev.usage.plan.CreditType;
import dev.usage.wallet.Grant;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.time.YearMonth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link UsageStore} in a relational database reached through JDBC: H2 2.x (embedded, the
 * default for examples and small deployments) or PostgreSQL 15+.
 *
 * <p>The store borrows connections from the caller's {@link DataSource}, one per operation, and
 * never opens a pool of its own. Create the schema with {@link #migrate()} or by running the
 * scripts under {@code db/migration/<dialect>/} with Flyway.
 *
 * <ul>
 *   <li>{@link #append(List)} writes a batch in one transaction: all of it or nothing. Ids are
 *       unique per tenant in the database ({@code INSERT … ON CONFLICT DO NOTHING} on PostgreSQL),
 *       so a retried batch counts each event once, also across processes.
 *   <li>{@link #append(Connection, List)} writes inside the caller's own transaction, so that
 *       usage is recorded exactly once with the business change it belongs to, without an outbox.
 *   <li>{@link #aggregate(AggregateQuery)} runs one {@code GROUP BY} in the database; no raw event
 *       is loaded into the JVM. Questions about days, metrics, channels and directions over whole
 *       hours read {@code usage_rollup}, which every append keeps up to date in its own
 *       transaction (see {@link #aggregate(AggregateQuery)}); so nothing but this store may write
 *       {@code usage_events}.
 *   <li>{@link #scan(ScanQuery)} pages by keyset ({@code occurred_at, event_id}), never by offset.
 * </ul>
 *
 * <p>Every SQL statement is prepared; every value is bound; dimension keys map to a fixed set of
 * column names.
 *
 * <p>This class is thread-safe.
 */
public final class JdbcUsageStore implements LedgerStore {

  /** Rows per insert or read-back statement, as {@link EventWriter} writes them. */
  static final int ROWS_PER_STATEMENT = EventWriter.ROWS_PER_STATEMENT;
  /** More offset segments than this and the aggregate first narrows its range to the data's. */
  private static final int MAX_SEGMENTS = 64;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final MetricCatalog catalog;
  private final Transactions transactions;
  private final EventWriter writer;
  private final HourlyRollup rollup;
  private final JdbcLedger ledger;

  private JdbcUsageStore(DataSource dataSource, Dialect dialect, MetricCatalog catalog) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.catalog = catalog;
    this.transactions = new Transactions(dataSource, dialect);
    this.rollup = new HourlyRollup(dialect);
    this.ledger = new JdbcLedger(catalog);
    this.writer = new EventWriter(dialect, catalog, rollup, ledger);
  }

  /**
   * Starts building a store over a data source.
   *
   * @param dataSource where connections come from; the store never closes it
   * @return a builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Returns the dialect the store speaks. */
  public Dialect dialect() {
    return dialect;
  }

  /** Returns the catalog that stored metric keys are read back with. */
  public MetricCatalog catalog() {
    return catalog;
  }

  /**
   * Creates or upgrades the schema: applies the scripts under {@code db/migration/<dialect>/} that
   * the database lacks, in version order, and records each in {@code usage_schema_version}.
   *
   * <p>Idempotent: on a current schema it changes nothing. On PostgreSQL the whole upgrade is one
   * transaction under an advisory lock, so processes that start together may all call it: one
   * migrates, the others wait and find nothing to do. H2 commits DDL as it goes and has no such
   * lock; its scripts are written to run again after a crash, and calls are serialized only
   * within this store instance, so migrate an H2 database from one process at a time.
   *
   * @return the versions applied, oldest first; empty when the schema was already current
   * @throws IllegalStateException if an applied script has changed since (its checksum differs)
   * @throws JdbcUsageStoreException if the database fails
   */
  public synchronized List<Integer> migrate() {
    try (Connection c = dataSource.getConnection()) {
      return new Migrator(dialect).migrate(c);
    } catch (SQLException e) {
      throw new JdbcUsageStoreException("migrating the usage schema on " + dialect + " failed", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The batch is written in one transaction on a connection of its own, with the debits,
   * refunds and allotment usage it posts to the ledger: on failure nothing of it is stored and
   * nothing debited. Deadlocks and serialization failures are retried up to three times.
   *
   * @throws IllegalArgumentException naming the event if an event cannot be stored exactly (a
   *     metric unknown to the catalog, a value too long for its column, a time outside 1677 to
   *     2262); the batch is then not written at all
   * @throws JdbcUsageStoreException if the database fails; retrying the batch is safe
   */
  @Override
  public AppendResult append(List<PricedEvent> events, Instant now) {
    requireNonNull(now, "now");
    AppendBatch batch = AppendBatch.of(events, catalog);
    if (batch.isEmpty()) {
      return AppendResult.empty();
    }
    return transactions.transaction("appending " + events.size() + " events failed; the batch was rolled back unless "
        + "its commit was lost in transit, and retrying it counts each event once", c -> writer.write(c, batch, now));
  }

  /**
   * Records a batch inside the caller's transaction: the events become visible when, and only if,
   * the caller commits. The store neither commits nor rolls back, and does not close the
   * connection.
   *
   * <p>Use it to record usage exactly once together with the change that caused it (the call's
   * row, the message's status) without an outbox:
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   c.setAutoCommit(false);
   *   try {
   *     markCallFinished(c, callId);                  // the caller's own SQL
   *     store.append(c, List.of(priced));             // same transaction
   *     c.commit();                                   // both or neither
   *   } catch (RuntimeException | SQLException e) {
   *     c.rollback();
   *     throw e;
   *   }
   * }
   * }</pre>
   *
   * <p>The connection must belong to this store's database (the same schema) and must not be in
   * auto-commit mode. The batch is all-or-nothing within the transaction: on failure the store
   * rolls back to a savepoint it took on entry, so the transaction holds none of the batch and,
   * unless the connection broke, stays usable. Retrying the whole unit of work counts each event
   * once.
   *
   * @param connection the caller's connection, in a transaction
   * @param events the events, in any order
   * @return which events were new, duplicates and conflicts, as seen inside the transaction
   * @throws IllegalStateException if the connection is in auto-commit mode
   * @throws IllegalArgumentException naming the event if an event cannot be stored exactly
   * @throws JdbcUsageStoreException if the database fails
   */
  public AppendResult append(Connection connection, List<PricedEvent> events) {
    return append(connection, events, Instant.now());
  }

  /**
   * Records a batch inside the caller's transaction, as {@link #append(Connection, List)} does, and
   * posts its debits, refunds and allotment usage in the same transaction: they commit, or roll
   * back, with the caller's own changes.
   *
   * @param connection the caller's connection, in a transaction
   * @param events the events, in any order
   * @param now the current instant, by the caller's clock
   * @return which events were new, duplicates, conflicts and refused, as seen inside the transaction
   * @throws IllegalStateException if the connection is in auto-commit mode
   * @throws IllegalArgumentException naming the event if an event cannot be stored exactly
   * @throws JdbcUsageStoreException if the database fails
   */
  public AppendResult append(Connection connection, List<PricedEvent> events, Instant now) {
    requireNonNull(connection, "connection");
    requireNonNull(now, "now");
    AppendBatch batch = AppendBatch.of(events, catalog);
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException("the caller's connection is in auto-commit mode, so the batch would not join "
            + "a transaction; call setAutoCommit(false) first, or use append(List) to let the store commit");
      }
      if (batch.isEmpty()) {
        return AppendResult.empty();
      }
      return Transactions.underSavepoint(connection, c -> writer.write(c, batch, now));
    } catch (SQLException e) {
      throw new JdbcUsageStoreException("appending " + events.size()
          + " events in the caller's transaction failed; none of them is in the transaction", e);
    }
  }

  @Override
  public void openWallet(WalletId wallet, LimitMode mode) {
    requireNonNull(wallet, "wallet");
    requireNonNull(mode, "mode");
    transactions.transaction("opening wallet " + wallet + " failed", c -> {
      ledger.openWallet(c, wallet, mode);
      return null;
    });
  }

  @Override
  public boolean grant(WalletId wallet, Grant grant, Instant now) {
    requireNonNull(wallet, "wallet");
    requireNonNull(grant, "grant");
    requireNonNull(now, "now");
    return transactions.transaction("adding grant " + grant.id() + " to wallet " + wallet + " failed",
        c -> ledger.grant(c, wallet, grant, now));
  }

  @Override
  public Optional<Grant> findGrant(WalletId wallet, String grantId) {
    requireNonNull(wallet, "wallet");
    requireNonNull(grantId, "grantId");
    return transactions.snapshot("reading grant " + grantId + " of wallet " + wallet + " failed",
        c -> ledger.findGrant(c, wallet, grantId));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the wallet's row and its unsettled grants in one snapshot (repeatable read), without
   * locking them.
   */
  @Override
  public Optional<WalletStatus> wallet(WalletId wallet, Instant now) {
    requireNonNull(wallet, "wallet");
    requireNonNull(now, "now");
    return transactions.snapshot("reading wallet " + wallet + " failed", c -> ledger.wallet(c, wallet, now));
  }

  @Override
  public Optional<WalletId> walletOf(TenantId tenant) {
    requireNonNull(tenant, "tenant");
    return transactions.snapshot("finding the wallet of " + tenant + " failed", c -> ledger.walletOf(c, tenant));
  }

  @Override
  public LedgerPage entries(LedgerQuery query) {
    requireNonNull(query, "query");
    return transactions.snapshot("reading the ledger of wallet " + query.wallet() + " failed",
        c -> ledger.entries(c, query));
  }

  @Override
  public Map<CreditType, Long> allotmentUsage(WalletId wallet, YearMonth month) {
    requireNonNull(wallet, "wallet");
    requireNonNull(month, "month");
    return transactions.snapshot("reading the allotments of wallet " + wallet + " failed",
        c -> ledger.allotmentUsage(c, wallet, month));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement groups and sums in the database. Days are bucketed in the query's zone with
   * the JVM's time-zone rules (see {@link DaySegments}); sums are exact {@code NUMERIC} in SQL and
   * must fit a {@code long}.
   *
   * <p>The statement reads the hourly sums of {@code usage_rollup} instead of the events when the
   * query groups and filters by nothing but day, metric, channel and direction, counts nothing
   * distinct, starts and ends on whole UTC hours, and, grouping by day, its zone's offsets over the
   * range are whole hours (UTC, most of Europe and the Americas; not India or Nepal). The answer
   * is the same either way; other queries read the events.
   *
   * @throws UsageOverflowException if a sum of quantities, billable quantities or credits does not
   *     fit in a {@code long}
   * @throws JdbcUsageStoreException if the database fails
   */
  @Override
  public List<AggregateRow> aggregate(AggregateQuery query) {
    requireNonNull(query, "query");
    return transactions.read("aggregating usage of tenant " + query.tenant(), c -> aggregate(c, query, true));
  }

  /** Returns the aggregate computed from the events themselves, never from the rollup: for tests. */
  List<AggregateRow> aggregateFromEvents(AggregateQuery query) {
    return transactions.read("aggregating usage of tenant " + query.tenant(), c -> aggregate(c, query, false));
  }

  private List<AggregateRow> aggregate(Connection c, AggregateQuery query, boolean mayUseRollup)
      throws SQLException {
    Optional<DaySegments> segments = Optional.empty();
    if (query.groupBy().contains(GroupKey.DAY)) {
      DaySegments s = DaySegments.of(query.zone(), query.from(), query.to());
      if (s.size() > MAX_SEGMENTS) {
        // A long range in a zone with daylight saving time: bucket over the span that holds
        // data, which the time index answers at once, instead of a CASE of hundreds of offsets.
        Optional<Instant[]> span = span(c, query);
        if (span.isEmpty()) {
          return List.of();
        }
        s = DaySegments.of(query.zone(), span.get()[0], span.get()[1]);
      }
      segments = Optional.of(s);
    }
    List<AggregateRow> rows = new ArrayList<>();
    if (mayUseRollup && HourlyRollup.serves(query, segments)) {
      rows.addAll(rollup.aggregate(c, query, segments));
    } else {
      Sql sql = aggregateSql(query, segments);
      try (PreparedStatement ps = c.prepareStatement(sql.text())) {
        sql.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            readRow(rs, query).ifPresent(rows::add);
          }
        }
      }
    }
    rows.sort(rowOrder(query.groupBy()));
    return rows;
  }

  private Optional<Instant[]> span(Connection c, AggregateQuery query) throws SQLException {
    Sql sql = new Sql().append("SELECT MIN(occurred_at), MAX(occurred_at) FROM ").append(EventRows.TABLE)
        .append(Sql.where(query.tenant(), query.from(), query.to(), query.filter()));
    try (PreparedStatement ps = c.prepareStatement(sql.text())) {
      sql.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        if (rs.wasNull()) {
          return Optional.empty();
        }
        long max = rs.getLong(2);
        return Optional.of(new Instant[] {EventRows.fromNanos(min), EventRows.fromNanos(max).plusNanos(1)});
      }
    }
  }

  private Sql aggregateSql(AggregateQuery q, Optional<DaySegments> segments) {
    // Three levels: (1) filter and compute each event's local epoch second, (2) compute the group
    // values, (3) group, keeping each group's newest time. Level 1 binds the offsets once; level
    // 2's expressions then refer to plain columns. The latest quantity is then looked up per
    // group among the events at that newest time, through the time index: on PostgreSQL a
    // month's report costs about what the plain GROUP BY does, where numbering every event of a
    // group newest first (ROW_NUMBER) sorted all of them and took 1.4 to 2.4 times as long.
    List<String> groupExpressions = new ArrayList<>();
    for (GroupKey g : q.groupBy()) {
      groupExpressions.add(switch (g) {
        case DAY -> Sql.floorDiv("local_s", SECONDS_PER_DAY);
        case METRIC -> "metric";
        default -> EventRows.column(g.dimension().orElseThrow());
      });
    }
    Optional<String> distinct = q.distinct().map(EventRows::column);

    Sql level1 = new Sql().append("SELECT occurred_at, metric, quantity, billable, credits_micros, reverses_id");
    Set<String> dimensionColumns = new LinkedHashSet<>();
    for (GroupKey g : q.groupBy()) {
      g.dimension().map(EventRows::column).ifPresent(dimensionColumns::add);
    }
    distinct.ifPresent(dimensionColumns::add);
    for (String column : dimensionColumns) {
      level1.append(", ").append(column);
    }
    if (segments.isPresent()) {
      level1.append(", ").append(Sql.floorDiv("occurred_at", NANOS_PER_SECOND)).append(" + ")
          .append(segments.get().offsetSql(), segments.get().bindValues().toArray()).append(" AS local_s");
    }
    // OFFSET 0 keeps level 1 a subquery of its own. Merged into the levels above, PostgreSQL
    // estimated the day of occurred_at to be as distinct as occurred_at itself, planned 180K
    // groups (sort, spill, JIT compilation): 480-700 ms for a month's daily report of the
    // 220K-event tenant, 140-250 ms fenced, on the same loaded box.
    level1.append(" FROM ").append(EventRows.TABLE).append(Sql.where(q.tenant(), q.from(), q.to(), q.filter()))
        .append(" OFFSET 0 ROWS");

    Sql level2 = new Sql().append("SELECT ");
    for (int i = 0; i < groupExpressions.size(); i++) {
      level2.append(groupExpressions.get(i)).append(" AS g").append(Integer.toString(i)).append(", ");
    }
    distinct.ifPresent(d -> level2.append(d).append(" AS distinct_value, "));
    level2.append("occurred_at, quantity, billable, credits_micros, reverses_id FROM (").append(level1).append(") e1");

    Sql level3 = new Sql().append("SELECT ");
    List<String> groupColumns = new ArrayList<>();
    for (int i = 0; i < groupExpressions.size(); i++) {
      groupColumns.add("g" + i);
      level3.append("g").append(Integer.toString(i)).append(", ");
    }
    level3.append("COUNT(*) AS n, COUNT(reverses_id) AS rv, SUM(quantity) AS q, SUM(billable) AS b, "
        + "MIN(quantity) AS lo, MAX(quantity) AS hi, SUM(credits_micros) AS cr, MAX(occurred_at) AS last_at");
    if (distinct.isPresent()) {
      level3.append(", COUNT(DISTINCT distinct_value) AS dn");
    }
    level3.append(" FROM (").append(level2).append(") e2");
    if (!groupColumns.isEmpty()) {
      level3.append(" GROUP BY ").append(String.join(", ", groupColumns));
    }

    // Every event at a group's newest time lies on the group's day, so only the other keys and
    // the filter need matching; an absent dimension value groups as NULL.
    Sql latest = new Sql().append("(SELECT u.quantity FROM ").append(EventRows.TABLE)
        .append(" u WHERE u.organization = ? AND u.workspace = ? AND u.occurred_at = a.last_at",
            q.tenant().organization(), q.tenant().workspace())
        .append(Sql.filter("u.", q.filter()));
    for (int i = 0; i < q.groupBy().size(); i++) {
      GroupKey g = q.groupBy().get(i);
      if (g == GroupKey.METRIC) {
        latest.append(" AND u.metric = a.g" + i);
      } else if (g != GroupKey.DAY) {
        latest.append(" AND u." + EventRows.column(g.dimension().orElseThrow()) + " IS NOT DISTINCT FROM a.g" + i);
      }
    }
    latest.append(" ORDER BY u." + dialect.eventIdOrder() + " DESC FETCH FIRST 1 ROW ONLY)");

    Sql level4 = new Sql().append("SELECT ");
    for (String g : groupColumns) {
      level4.append("a.").append(g).append(", ");
    }
    level4.append("a.n, a.rv, a.q, a.b, a.lo, a.hi, a.cr, ").append(latest);
    if (distinct.isPresent()) {
      level4.append(", a.dn");
    }
    return level4.append(" FROM (").append(level3).append(") a");
  }

  private Optional<AggregateRow> readRow(ResultSet rs, AggregateQuery q) throws SQLException {
    Map<GroupKey, String> group = readGroup(rs, q.groupBy());
    int i = q.groupBy().size() + 1;
    long count = rs.getLong(i++);
    if (count == 0) {
      return Optional.empty(); // no grouping and no matching event
    }
    long reversals = rs.getLong(i++);
    long sum = exact(rs.getBigDecimal(i++), "quantity", q);
    long billable = exact(rs.getBigDecimal(i++), "billable quantity", q);
    long min = rs.getLong(i++);
    long max = rs.getLong(i++);
    long credits = exact(rs.getBigDecimal(i++), "credits", q);
    long latest = rs.getLong(i++);
    OptionalLong distinct = q.distinct().isPresent() ? OptionalLong.of(rs.getLong(i)) : OptionalLong.empty();
    return Optional.of(new AggregateRow(group, count, reversals, sum, billable, min, max, latest,
        Credits.ofMicros(credits), distinct));
  }

  /**
   * Reads a result row's group values from its first columns, one per key: a day as its epoch day,
   * any other key as its value, absent when NULL.
   */
  static Map<GroupKey, String> readGroup(ResultSet rs, List<GroupKey> keys) throws SQLException {
    Map<GroupKey, String> group = new EnumMap<>(GroupKey.class);
    int i = 1;
    for (GroupKey g : keys) {
      if (g == GroupKey.DAY) {
        group.put(g, LocalDate.ofEpochDay(rs.getLong(i++)).toString());
      } else {
        String v = rs.getString(i++);
        if (v != null) {
          group.put(g, v);
        }
      }
    }
    return group;
  }

  static long exact(BigDecimal sum, String what, AggregateQuery q) {
    try {
      return sum.longValueExact();
    } catch (ArithmeticException e) {
      throw new UsageOverflowException(what + " overflow: the sum " + sum.toPlainString() + " for tenant "
          + q.tenant() + " is out of range");
    }
  }

  private static Comparator<AggregateRow> rowOrder(List<GroupKey> keys) {
    // The in-memory store's order: ascending String order of each key's value, absent first.
    Comparator<AggregateRow> order = (a, b) -> 0;
    for (GroupKey k : keys) {
      order = order.thenComparing(r -> r.group().get(k), Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    }
    return order;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keyset paging: a page asks for events before the last one of the previous page, in the
   * order of the {@code (organization, workspace, occurred_at, event_id)} index, so every page
   * costs the same however deep it is.
   *
   * @throws JdbcUsageStoreException if the database fails
   * @throws IllegalStateException if a stored event's metric is not in the catalog
   */
  @Override
  public EventPage scan(ScanQuery query) {
    requireNonNull(query, "query");
    Sql sql = scanSql(query);
    List<PricedEvent> events = transactions.read("scanning usage of tenant " + query.tenant(), c -> {
      List<PricedEvent> found = new ArrayList<>(Math.min(query.pageSize() + 1, 128));
      try (PreparedStatement ps = c.prepareStatement(sql.text())) {
        sql.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(EventRows.read(rs, catalog));
          }
        }
      }
      return found;
    });
    if (events.size() <= query.pageSize()) {
      return new EventPage(events, Optional.empty());
    }
    List<PricedEvent> page = events.subList(0, query.pageSize());
    PricedEvent last = page.get(page.size() - 1);
    return new EventPage(page, Optional.of(new ScanCursor(last.event().occurredAt(), last.event().id()).encode()));
  }

  /** Returns the statement of one page, plus one event to tell whether another page follows. */
  Sql scanSql(ScanQuery query) {
    Optional<ScanCursor> cursor = query.cursor().map(ScanCursor::decode);
    Sql sql = new Sql().append("SELECT ").append(String.join(", ", EventRows.COLUMNS))
        .append(" FROM ").append(EventRows.TABLE)
        .append(Sql.where(query.tenant(), query.from(), query.to(), query.filter()));
    cursor.ifPresent(c -> sql.append(" AND (occurred_at, " + dialect.eventIdOrder() + ") < (?, "
        + dialect.eventIdOrderParameter() + ")", EventRows.toNanos(c.occurredAt()), c.id().value()));
    // The tenant columns are constant here, but H2 reads the time index backwards, without a
    // sort, only when the ORDER BY names every index column from the first.
    return sql.append(" ORDER BY organization DESC, workspace DESC, occurred_at DESC, " + dialect.eventIdOrder()
        + " DESC FETCH FIRST ? ROWS ONLY", query.pageSize() + 1);
  }

  @Override
  public String toString() {
    return "JdbcUsageStore[" + dialect + "]";
  }

  /**
   * Builds a {@link JdbcUsageStore}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Dialect dialect;
    private MetricCatalog catalog = MetricCatalog.builtIn();

    private Builder(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
    }

    /**
     * Sets the dialect; without it, {@link #build()} asks the database for its product name.
     *
     * @param dialect {@link Dialect#h2()}, {@link Dialect#postgresql()} or another engine's
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Sets the catalog that stored metric keys are turned back into metrics with; the built-in
     * metrics by default. Every metric appended must be in it.
     *
     * @param catalog the built-in metrics plus the deployment's own
     * @return this builder
     */
    public Builder catalog(MetricCatalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Returns the store. Without a dialect, borrows one connection to detect it. On H2, borrows one
     * to check that a returned append survives a crash of the process (see the module's README).
     *
     * @throws IllegalStateException if no dialect was set and the database is neither H2 nor
     *     PostgreSQL, or if an H2 file database delays its writes ({@code WRITE_DELAY} above 0;
     *     add {@code ;WRITE_DELAY=0} to its URL)
     * @throws JdbcUsageStoreException if detecting the dialect or reading H2's settings fails
     */
    public JdbcUsageStore build() {
      Dialect d = dialect;
      if (d == null) {
        String product;
        try (Connection c = dataSource.getConnection()) {
          product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
          throw new JdbcUsageStoreException("detecting the database's dialect failed", e);
        }
        d = Dialect.forProduct(product).orElseThrow(() -> new IllegalStateException("database product '" + product
            + "' has no built-in dialect; pass one with dialect(Dialect)"));
      }
      if (d instanceof H2Dialect) {
        H2Durability.requireDurableCommits(dataSource);
      }
      return new JdbcUsageStore(dataSource, d, catalog);
    }
  }
}
