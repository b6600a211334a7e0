package dev.usage.jdbc;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.RefusedDebit;
import dev.usage.spi.UsageStore;
import dev.usage.spi.WalletPosting;
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
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
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

  /**
   * Rows per insert or read-back statement. A row-by-row statement binds 31 parameters a row, and
   * PostgreSQL allows 65,535; arrays have no such limit, but 500 keeps every statement's memory
   * small at no measurable cost.
   */
  static final int ROWS_PER_STATEMENT = 500;
  /** Ids per read-back statement of {@link Dialect#selectByIds}. */
  private static final int IDS_PER_STATEMENT = 500;
  /** More offset segments than this and the aggregate first narrows its range to the data's. */
  private static final int MAX_SEGMENTS = 64;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;
  /** The columns read back, from the table aliased {@code u}. */
  private static final String READ_COLUMNS =
      EventRows.COLUMNS.stream().map(col -> "u." + col).collect(Collectors.joining(", "));

  private final DataSource dataSource;
  private final Dialect dialect;
  private final MetricCatalog catalog;
  private final Transactions transactions;
  private final String insertFullChunk;
  private final Optional<String> insertFromArrays;
  private final Optional<String> selectByKeys;
  private final HourlyRollup rollup;
  private final JdbcLedger ledger;

  private JdbcUsageStore(DataSource dataSource, Dialect dialect, MetricCatalog catalog) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.catalog = catalog;
    this.transactions = new Transactions(dataSource, dialect);
    this.insertFromArrays =
        dialect.insertNewRowsFromArrays(EventRows.TABLE, EventRows.COLUMNS, EventRows.ELEMENT_TYPES, EventRows.KEY);
    this.insertFullChunk = insertFromArrays.isPresent() ? null
        : dialect.insertReturnsKeys() ? insertSql(ROWS_PER_STATEMENT) : insertSql(1);
    this.selectByKeys = dialect.selectByKeys(EventRows.TABLE).map(from -> "SELECT " + READ_COLUMNS + from);
    this.rollup = new HourlyRollup(dialect);
    this.ledger = new JdbcLedger(catalog);
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
    Batch batch = plan(events);
    if (batch.isEmpty()) {
      return AppendResult.empty();
    }
    return transactions.transaction("appending " + events.size() + " events failed; the batch was rolled back unless "
        + "its commit was lost in transit, and retrying it counts each event once", c -> write(c, batch, now));
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
    Batch batch = plan(events);
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException("the caller's connection is in auto-commit mode, so the batch would not join "
            + "a transaction; call setAutoCommit(false) first, or use append(List) to let the store commit");
      }
      if (batch.isEmpty()) {
        return AppendResult.empty();
      }
      return Transactions.underSavepoint(connection, c -> write(c, batch, now));
    } catch (SQLException e) {
      throw new JdbcUsageStoreException("appending " + events.size()
          + " events in the caller's transaction failed; none of them is in the transaction", e);
    }
  }

  /**
   * One event of a batch. The first entry of each key in the batch decides the key: whether it was
   * inserted, or else what is stored under it; later entries of the key are compared with that.
   */
  private static final class Entry {
    final PricedEvent event;
    final String organization;
    final String workspace;
    final String id;
    /** The first entry of this key in the batch, maybe this one. */
    Entry first;
    /** Whether this batch inserted the key; first entries only. */
    boolean inserted;
    /** The event stored under the key by someone else, once read back; first entries only. */
    PricedEvent stored;
    /** Why the stored event could not be read, if so; first entries only. */
    String unreadable;
    /** Why the ledger took the inserted event back out, if it did; first entries only. */
    JdbcLedger.Drop drop;

    Entry(PricedEvent event) {
      this.event = event;
      this.organization = event.event().tenant().organization();
      this.workspace = event.event().tenant().workspace();
      this.id = event.event().id().value();
    }

    void reset() {
      inserted = false;
      stored = null;
      unreadable = null;
      drop = null;
    }

    boolean isRead() {
      return stored != null || unreadable != null;
    }

    int compareTo(String otherOrganization, String otherWorkspace, String otherId) {
      int c = organization.compareTo(otherOrganization);
      if (c == 0) {
        c = workspace.compareTo(otherWorkspace);
      }
      return c == 0 ? id.compareTo(otherId) : c;
    }
  }

  /**
   * A checked batch: its entries in input order, and the first entry of each key in key order.
   * Any total order of keys avoids deadlocks, as long as every transaction inserts in it; String
   * order is the cheapest.
   */
  private record Batch(Entry[] entries, List<Entry> keys) {
    boolean isEmpty() {
      return entries.length == 0;
    }

    /** Returns the first entry of a key, or null if the batch does not hold the key. */
    Entry find(String organization, String workspace, String id) {
      int lo = 0;
      int hi = keys.size() - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = keys.get(mid).compareTo(organization, workspace, id);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return keys.get(mid);
        }
      }
      return null;
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

  private Batch plan(List<PricedEvent> events) {
    requireNonNull(events, "events");
    Entry[] entries = new Entry[events.size()];
    for (int i = 0; i < entries.length; i++) {
      PricedEvent p = requireNonNull(events.get(i), "event");
      EventRows.check(p, catalog);
      entries[i] = new Entry(p);
    }
    // A stable sort: of entries with equal keys, the first in the batch comes first.
    Entry[] sorted = entries.clone();
    Arrays.sort(sorted, (a, b) -> a.compareTo(b.organization, b.workspace, b.id));
    List<Entry> keys = new ArrayList<>(sorted.length);
    Entry first = null;
    for (Entry e : sorted) {
      if (first == null || first.compareTo(e.organization, e.workspace, e.id) != 0) {
        first = e;
        keys.add(e);
      }
      e.first = first;
    }
    return new Batch(entries, keys);
  }

  private AppendResult write(Connection c, Batch batch, Instant now) throws SQLException {
    List<Entry> keys = batch.keys();
    for (Entry k : keys) {
      k.reset(); // a retry starts over: the failed attempt's inserts were rolled back
    }
    if (insertFromArrays.isPresent()) {
      for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
        insertFromArrays(c, insertFromArrays.get(), batch, keys.subList(from, Math.min(keys.size(), from + ROWS_PER_STATEMENT)));
      }
    } else if (dialect.insertReturnsKeys()) {
      for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
        insertReturningKeys(c, batch, keys.subList(from, Math.min(keys.size(), from + ROWS_PER_STATEMENT)));
      }
    } else {
      // Read the taken keys first and insert only the others: a batch entry that fails costs an
      // exception in the database and the driver, so only keys inserted meanwhile by another
      // transaction should fail.
      readBack(c, batch, keys);
      List<Entry> absent = new ArrayList<>(keys.size());
      for (Entry k : keys) {
        if (!k.isRead()) {
          absent.add(k);
        }
      }
      for (int from = 0; from < absent.size(); from += ROWS_PER_STATEMENT) {
        insertEntries(c, absent.subList(from, Math.min(absent.size(), from + ROWS_PER_STATEMENT)));
      }
    }

    // The ledger posts the new events in the batch's order, and takes back out those it refuses.
    List<PricedEvent> posted = new ArrayList<>(keys.size());
    for (Entry e : batch.entries()) {
      if (e == e.first && e.inserted) {
        posted.add(e.event);
      }
    }
    JdbcLedger.Posted ledgerResult = ledger.post(c, posted, now);
    ledgerResult.dropped().forEach((key, drop) -> {
      Entry k = batch.find(key.organization(), key.workspace(), key.id());
      k.inserted = false;
      k.drop = drop;
    });

    // The events this batch newly inserted, in key order: the single point where they are known.
    List<PricedEvent> inserted = new ArrayList<>(keys.size());
    List<Entry> skipped = new ArrayList<>();
    for (Entry k : keys) {
      if (k.inserted) {
        inserted.add(k.event);
      } else if (!k.isRead() && k.drop == null) {
        skipped.add(k);
      }
    }
    rollup.add(c, inserted);
    // A new statement sees what other transactions committed while the insert waited for them.
    readBack(c, batch, skipped);
    return result(batch, inserted.size(), ledgerResult.postings());
  }

  /** Tells, in input order, each event that was not inserted apart as a duplicate or a conflict. */
  private static AppendResult result(Batch batch, int appended, List<WalletPosting> postings) {
    List<EventId> duplicates = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<RefusedDebit> refused = new ArrayList<>();
    for (Entry e : batch.entries()) {
      Entry first = e.first;
      if (e == first && first.inserted) {
        continue;
      }
      PricedEvent p = e.event;
      if (first.drop != null) {
        // Each occurrence of a refused event is refused, as the first was.
        if (first.drop.refused().isPresent()) {
          refused.add(first.drop.refused().get());
        } else {
          conflicts.add(new Conflict(p.event().tenant(), p.event().id(), first.drop.reason()));
        }
        continue;
      }
      PricedEvent winner = first.inserted ? first.event : first.stored;
      if (winner == null && first.unreadable != null) {
        conflicts.add(new Conflict(p.event().tenant(), p.event().id(), first.unreadable));
      } else if (winner == null) {
        throw new IllegalStateException("event " + first.id + " of tenant " + first.organization + "/"
            + first.workspace + " was neither inserted nor found; was it deleted concurrently?");
      } else if (winner.equals(p)) {
        duplicates.add(p.event().id());
      } else {
        conflicts.add(new Conflict(p.event().tenant(), p.event().id(), EventRows.difference(winner, p)));
      }
    }
    return new AppendResult(appended, duplicates, conflicts, refused, postings);
  }

  private static void insertFromArrays(Connection c, String sql, Batch batch, List<Entry> chunk) throws SQLException {
    List<PricedEvent> rows = new ArrayList<>(chunk.size());
    for (Entry k : chunk) {
      rows.add(k.event);
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      EventRows.bindArrays(ps, c, rows);
      try (ResultSet rs = ps.executeQuery()) {
        markInserted(rs, batch);
      }
    }
  }

  private void insertReturningKeys(Connection c, Batch batch, List<Entry> chunk) throws SQLException {
    String sql = chunk.size() == ROWS_PER_STATEMENT ? insertFullChunk : insertSql(chunk.size());
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int index = 1;
      for (Entry k : chunk) {
        index = EventRows.bind(ps, index, k.event);
      }
      try (ResultSet rs = ps.executeQuery()) {
        markInserted(rs, batch);
      }
    }
  }

  private static void markInserted(ResultSet keys, Batch batch) throws SQLException {
    while (keys.next()) {
      Entry k = batch.find(keys.getString(1), keys.getString(2), keys.getString(3));
      if (k == null) {
        throw new IllegalStateException("the insert returned key " + keys.getString(1) + "/" + keys.getString(2)
            + "/" + keys.getString(3) + ", which is not in the batch");
      }
      k.inserted = true;
    }
  }

  private void insertEntries(Connection c, List<Entry> chunk) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertFullChunk)) {
      for (Entry k : chunk) {
        EventRows.bind(ps, 1, k.event);
        ps.addBatch();
      }
      int[] counts;
      try {
        counts = ps.executeBatch();
      } catch (BatchUpdateException e) {
        // Taken keys fail alone; anything else fails the batch.
        for (SQLException x = e.getNextException() == null ? e : e.getNextException(); x != null;
            x = x.getNextException()) {
          if (!dialect.isUniqueViolation(x)) {
            throw e;
          }
        }
        counts = e.getUpdateCounts();
        if (counts.length != chunk.size()) {
          throw new IllegalStateException("dialect " + dialect + " stopped a batch of " + chunk.size()
              + " inserts after " + counts.length + "; skipping taken keys needs every entry run", e);
        }
      }
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 1) {
          chunk.get(i).inserted = true;
        } else if (counts[i] != Statement.EXECUTE_FAILED) {
          throw new IllegalStateException("dialect " + dialect + " reported update count " + counts[i]
              + " for a one-row insert; batch inserts need exact counts");
        }
      }
    }
  }

  private String insertSql(int rows) {
    return dialect.insertNewRows(EventRows.TABLE, EventRows.COLUMNS, EventRows.KEY, rows);
  }

  /** Reads the stored events of {@code keys} into their entries. */
  private void readBack(Connection c, Batch batch, List<Entry> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    if (selectByKeys.isEmpty()) {
      readBackByTenant(c, batch, keys);
      return;
    }
    String sql = selectByKeys.get();
    for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
      List<Entry> chunk = keys.subList(from, Math.min(keys.size(), from + ROWS_PER_STATEMENT));
      String[] organizations = new String[chunk.size()];
      String[] workspaces = new String[chunk.size()];
      String[] ids = new String[chunk.size()];
      for (int i = 0; i < ids.length; i++) {
        Entry k = chunk.get(i);
        organizations[i] = k.organization;
        workspaces[i] = k.workspace;
        ids[i] = k.id;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("varchar", organizations));
        ps.setArray(2, c.createArrayOf("varchar", workspaces));
        ps.setArray(3, c.createArrayOf("varchar", ids));
        try (ResultSet rs = ps.executeQuery()) {
          readStored(rs, batch);
        }
      }
    }
  }

  /** Reads back with {@link Dialect#selectByIds}, one statement per tenant. */
  private void readBackByTenant(Connection c, Batch batch, List<Entry> keys) throws SQLException {
    // keys are in key order: each tenant's ids follow one another
    for (int from = 0; from < keys.size(); ) {
      Entry t = keys.get(from);
      int to = from;
      while (to < keys.size() && to - from < IDS_PER_STATEMENT && keys.get(to).organization.equals(t.organization)
          && keys.get(to).workspace.equals(t.workspace)) {
        to++;
      }
      Object[] ids = new Object[to - from];
      for (int i = from; i < to; i++) {
        ids[i - from] = keys.get(i).id;
      }
      Sql sql = new Sql().append("SELECT ").append(READ_COLUMNS)
          .append(dialect.selectByIds(EventRows.TABLE, ids.length), t.organization, t.workspace).append("", ids);
      try (PreparedStatement ps = c.prepareStatement(sql.text())) {
        sql.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          readStored(rs, batch);
        }
      }
      from = to;
    }
  }

  private void readStored(ResultSet rs, Batch batch) throws SQLException {
    while (rs.next()) {
      Entry k = batch.find(rs.getString(1), rs.getString(2), rs.getString(3));
      if (k == null) {
        continue; // another key that the lookup's plan came across; not asked for
      }
      try {
        k.stored = EventRows.read(rs, catalog);
      } catch (IllegalStateException unknownMetric) {
        // Recorded by a deployment with a larger catalog: certainly not this event.
        k.unreadable = "event " + k.id + " was recorded with different content: " + unknownMetric.getMessage();
      }
    }
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
