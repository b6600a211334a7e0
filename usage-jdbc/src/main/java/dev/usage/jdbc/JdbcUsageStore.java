package dev.usage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.TenantId;
import dev.usage.metric.MetricCatalog;
import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import dev.usage.plan.CreditType;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.StoreCapability;
import dev.usage.spi.UsageStore;
import dev.usage.wallet.Grant;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A {@link UsageStore} in a relational database reached through JDBC: H2 2.x (embedded, the
 * default for examples and small deployments) or PostgreSQL 15+.
 *
 * <p>The store borrows connections from the caller's {@link DataSource}, one per operation, and
 * never opens a pool of its own. Create the schema with {@link #migrate()} or by running the
 * scripts under {@code dev/usage/jdbc/migration/<dialect>/} with Flyway.
 *
 * <ul>
 *   <li>{@link #append(List)} writes a batch in one transaction: all of it or nothing. Ids are
 *       unique per tenant in the database ({@code INSERT … ON CONFLICT DO NOTHING} on PostgreSQL),
 *       so a retried batch counts each event once, also across processes.
 *   <li>{@link #append(Connection, List)} writes inside the caller's own transaction, so that
 *       usage is recorded exactly once with the business change it belongs to, without an outbox.
 *   <li>With a {@link CallerTransaction} (see {@link Builder#callerTransaction(CallerTransaction)}),
 *       {@link #append(List, Instant)}, {@link #openWallet} and {@link #grant} join the transaction
 *       a framework has open on the calling thread, as {@code @Transactional} code expects, and
 *       commit on their own only outside one.
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

  private final DataSource dataSource;
  private final Dialect dialect;
  private final MetricCatalog catalog;
  private final Transactions transactions;
  private final EventWriter writer;
  private final EventAggregates aggregates;
  private final EventScan scans;
  private final JdbcLedger ledger;
  private final UsageListener listener;
  /** Whether a listener was set; without one the store reads no clock for it. */
  private final boolean observed;

  private JdbcUsageStore(DataSource dataSource, Dialect dialect, MetricCatalog catalog, UsageListener listener,
      CallerTransaction caller) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.catalog = catalog;
    this.observed = listener != UsageListener.NONE;
    this.listener = UsageListener.guarded(listener);
    this.transactions = new Transactions(dataSource, dialect, this.listener, caller);
    HourlyRollup rollup = new HourlyRollup(dialect);
    this.ledger = new JdbcLedger(catalog);
    this.writer = new EventWriter(dialect, catalog, rollup, ledger);
    this.aggregates = new EventAggregates(rollup);
    this.scans = new EventScan(transactions, dialect, catalog);
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

  /** {@return the dialect the store speaks} */
  public Dialect dialect() {
    return dialect;
  }

  /** {@return the catalog that stored metric keys are read back with} */
  public MetricCatalog catalog() {
    return catalog;
  }

  /**
   * Creates or upgrades the schema: applies the scripts under {@code dev/usage/jdbc/migration/<dialect>/} that
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
   * <p>When the store's {@link CallerTransaction} finds a transaction open on the calling thread,
   * the batch and its postings are written in that transaction instead, as {@link
   * #append(Connection, List, Instant)} writes them: they become visible when, and only if, the
   * caller commits, and nothing is retried.
   *
   * @throws IllegalArgumentException naming the event if an event cannot be stored exactly (a
   *     metric unknown to the catalog, a value too long for its column, a time outside 1677 to
   *     2262); the batch is then not written at all
   * @throws JdbcUsageStoreException if the database fails; retrying the batch is safe
   * @throws IllegalStateException if the caller's transaction that the {@link CallerTransaction}
   *     found is on a connection in auto-commit mode
   */
  @Override
  public AppendResult append(List<PricedEvent> events, Instant now) {
    if (!observed) {
      return appendUnobserved(events, now);
    }
    return StoreOperation.APPEND.timed(listener, () -> appendUnobserved(events, now), r -> events.size());
  }

  private AppendResult appendUnobserved(List<PricedEvent> events, Instant now) {
    requireNonNull(now, "now");
    AppendBatch batch = AppendBatch.of(events, catalog);
    if (batch.isEmpty()) {
      return AppendResult.empty();
    }
    return transactions.transaction(StoreOperation.APPEND, "appending " + events.size() + " events failed; the batch was rolled back unless "
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
    if (!observed) {
      return appendUnobserved(connection, events, now);
    }
    return StoreOperation.APPEND.timed(listener, () -> appendUnobserved(connection, events, now), r -> events.size());
  }

  private AppendResult appendUnobserved(Connection connection, List<PricedEvent> events, Instant now) {
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
    transactions.transaction(StoreOperation.LEDGER, "opening wallet " + wallet + " failed", c -> {
      ledger.openWallet(c, wallet, mode);
      return null;
    });
  }

  @Override
  public boolean grant(WalletId wallet, Grant grant, Instant now) {
    requireNonNull(wallet, "wallet");
    requireNonNull(grant, "grant");
    requireNonNull(now, "now");
    return transactions.transaction(StoreOperation.LEDGER, "adding grant " + grant.id() + " to wallet " + wallet + " failed",
        c -> ledger.grant(c, wallet, grant, now));
  }

  @Override
  public Optional<Grant> findGrant(WalletId wallet, String grantId) {
    requireNonNull(wallet, "wallet");
    requireNonNull(grantId, "grantId");
    return transactions.snapshot(StoreOperation.LEDGER, "reading grant " + grantId + " of wallet " + wallet + " failed",
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
    return transactions.snapshot(StoreOperation.LEDGER, "reading wallet " + wallet + " failed", c -> ledger.wallet(c, wallet, now));
  }

  @Override
  public Optional<WalletId> walletOf(TenantId tenant) {
    requireNonNull(tenant, "tenant");
    return transactions.snapshot(StoreOperation.LEDGER, "finding the wallet of " + tenant + " failed", c -> ledger.walletOf(c, tenant));
  }

  @Override
  public LedgerPage entries(LedgerQuery query) {
    requireNonNull(query, "query");
    return transactions.snapshot(StoreOperation.LEDGER, "reading the ledger of wallet " + query.wallet() + " failed",
        c -> ledger.entries(c, query));
  }

  @Override
  public Map<CreditType, Long> allotmentUsage(WalletId wallet, YearMonth month) {
    requireNonNull(wallet, "wallet");
    requireNonNull(month, "month");
    return transactions.snapshot(StoreOperation.LEDGER, "reading the allotments of wallet " + wallet + " failed",
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
    Supplier<List<AggregateRow>> work = () -> transactions.read("aggregating usage of tenant " + query.tenant(),
        c -> aggregates.aggregate(c, query, true));
    return observed ? StoreOperation.AGGREGATE.timed(listener, work, List::size) : work.get();
  }

  /** Returns the aggregate computed from the events themselves, never from the rollup: for tests. */
  List<AggregateRow> aggregateFromEvents(AggregateQuery query) {
    return transactions.read("aggregating usage of tenant " + query.tenant(), c -> aggregates.aggregate(c, query, false));
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
    if (!observed) {
      return scans.scan(query);
    }
    return StoreOperation.SCAN.timed(listener, () -> scans.scan(query), p -> p.events().size());
  }

  /** Returns the statement of a page of {@code query}: for tests. */
  Sql scanSql(ScanQuery query) {
    return scans.sql(query);
  }

  /** Returns {@link StoreCapability#MIXED_TENANT_BATCHES}: one transaction holds the whole batch. */
  @Override
  public Set<StoreCapability> capabilities() {
    return EnumSet.of(StoreCapability.MIXED_TENANT_BATCHES);
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
    private UsageListener usageListener = UsageListener.NONE;
    private CallerTransaction callerTransaction = CallerTransaction.none();

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
     * Sets the listener told how long each append, aggregate and scan took (whether it succeeded,
     * and the batch's or the answer's size) and of each retry after a deadlock or serialization
     * failure, ledger operations' included. None by default, and then the store reads no clock for
     * it. Appends inside the caller's transaction ({@link JdbcUsageStore#append(Connection, List)})
     * are timed too, without the caller's commit.
     *
     * <p>The store wraps it with {@link UsageListener#guarded(UsageListener)}, so that a callback
     * that throws is logged and never fails an operation.
     *
     * @param usageListener the listener, such as {@code usage-micrometer}'s {@code MicrometerUsageListener}
     * @return this builder
     */
    public Builder usageListener(UsageListener usageListener) {
      this.usageListener = requireNonNull(usageListener, "usageListener");
      return this;
    }

    /**
     * Sets how the store finds a transaction the calling thread already has open on the data
     * source; {@link CallerTransaction#none()} by default. When it finds one, {@code append},
     * {@code openWallet} and {@code grant} write in that transaction, neither committing nor
     * closing it, so that the caller's rollback takes back the events and their debits too; when it
     * finds none they commit on a connection of the store's own, as by default. Reads always run on
     * a connection of the store's own. {@code usage-spring-boot-starter} sets one that joins
     * Spring-managed ({@code @Transactional}) transactions.
     *
     * @param callerTransaction finds the caller's transaction, if any
     * @return this builder
     */
    public Builder callerTransaction(CallerTransaction callerTransaction) {
      this.callerTransaction = requireNonNull(callerTransaction, "callerTransaction");
      return this;
    }

    /**
     * Returns the store. Without a dialect, borrows one connection to detect it. On H2, borrows one
     * to check that a returned append survives a crash of the process (see the module's README).
     *
     * @throws IllegalStateException if no dialect was set and the database is neither H2 nor
     *     PostgreSQL, or if an H2 file database delays its writes ({@code WRITE_DELAY} above 0;
     *     add {@code ;WRITE_DELAY=0} to its URL)
     * @return the store
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
      return new JdbcUsageStore(dataSource, d, catalog, usageListener, callerTransaction);
    }
  }
}
