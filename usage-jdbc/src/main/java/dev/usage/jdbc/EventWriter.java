package dev.usage.jdbc;

import dev.usage.jdbc.AppendBatch.Entry;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an {@link AppendBatch} in the appending transaction: inserts the keys that are new, reads
 * back what is stored under the others, posts the new events to the ledger and adds those it keeps
 * to the hourly rollup.
 *
 * <p>This class is immutable and thread-safe.
 */
final class EventWriter {

  /**
   * Rows per insert or read-back statement. A row-by-row statement binds 31 parameters a row, and
   * PostgreSQL allows 65,535; arrays have no such limit, but 500 keeps every statement's memory
   * small at no measurable cost.
   */
  static final int ROWS_PER_STATEMENT = 500;
  /** Ids per read-back statement of {@link Dialect#selectByIds}. */
  private static final int IDS_PER_STATEMENT = 500;
  /**
   * Rows per {@code COPY} of {@link PostgresCopyInsert}: a whole batch of any usual size in one
   * round trip, while the text of a chunk stays a few megabytes.
   */
  static final int ROWS_PER_COPY = 10_000;

  private final Dialect dialect;
  private final MetricCatalog catalog;
  private final HourlyRollup rollup;
  private final JdbcLedger ledger;
  private final String insertFullChunk;
  private final Optional<String> insertFromArrays;
  private final Optional<String> selectByKeys;
  private final Optional<PostgresCopyInsert> copyInsert;

  EventWriter(Dialect dialect, MetricCatalog catalog, HourlyRollup rollup, JdbcLedger ledger) {
    this.dialect = dialect;
    this.catalog = catalog;
    this.rollup = rollup;
    this.ledger = ledger;
    this.insertFromArrays =
        dialect.insertNewRowsFromArrays(EventRows.TABLE, EventRows.INSERT_COLUMNS, EventRows.INSERT_ELEMENT_TYPES,
            EventRows.KEY);
    this.insertFullChunk = insertFromArrays.isPresent() ? null
        : dialect.insertReturnsKeys() ? insertSql(ROWS_PER_STATEMENT) : insertSql(1);
    this.selectByKeys = dialect.selectByKeys(EventRows.TABLE).map(from -> "SELECT " + EventRows.READ_COLUMNS + from);
    // Only the built-in dialect: a dialect of the user's own chose its statements, COPY is not one.
    this.copyInsert = dialect == PostgresDialect.INSTANCE && onClassPath(PostgresCopyInsert.DRIVER_CLASS)
        ? Optional.of(new PostgresCopyInsert()) : Optional.empty();
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, EventWriter.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Writes a batch on the appending transaction's connection, which the caller commits or rolls
   * back; a retry after a rollback may write the same batch again.
   *
   * @return which events were new, duplicates, conflicts and refused
   */
  AppendResult write(Connection c, AppendBatch batch, Instant now) throws SQLException {
    List<Entry> keys = batch.keys();
    List<PricedEvent> events = new ArrayList<>(keys.size());
    for (Entry k : keys) {
      k.reset(); // a retry starts over: the failed attempt's inserts were rolled back
      events.add(k.event);
    }
    // The wallets first, so that each event's row names the wallet its debit draws from.
    JdbcLedger.Locks locks = ledger.lock(c, events, now);
    if (copyInsert.isPresent() && PostgresCopyInsert.accepts(c)) {
      for (int from = 0; from < keys.size(); from += ROWS_PER_COPY) {
        copyInsert.get().insert(c, batch, keys.subList(from, Math.min(keys.size(), from + ROWS_PER_COPY)), locks);
      }
    } else if (insertFromArrays.isPresent()) {
      for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
        insertFromArrays(c, insertFromArrays.get(), batch, keys.subList(from, Math.min(keys.size(), from + ROWS_PER_STATEMENT)),
            locks);
      }
    } else if (dialect.insertReturnsKeys()) {
      for (int from = 0; from < keys.size(); from += ROWS_PER_STATEMENT) {
        insertReturningKeys(c, batch, keys.subList(from, Math.min(keys.size(), from + ROWS_PER_STATEMENT)), locks);
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
        insertEntries(c, absent.subList(from, Math.min(absent.size(), from + ROWS_PER_STATEMENT)), locks);
      }
    }

    // The ledger posts the new events in the batch's order, and takes back out those it refuses.
    List<PricedEvent> posted = new ArrayList<>(keys.size());
    for (Entry e : batch.entries()) {
      if (e == e.first && e.inserted) {
        posted.add(e.event);
      }
    }
    JdbcLedger.Posted ledgerResult = ledger.post(c, locks, posted, now);
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
    return batch.result(inserted.size(), ledgerResult.postings());
  }

  private static void insertFromArrays(Connection c, String sql, AppendBatch batch, List<Entry> chunk,
      JdbcLedger.Locks locks) throws SQLException {
    List<PricedEvent> rows = new ArrayList<>(chunk.size());
    List<String> wallets = new ArrayList<>(chunk.size());
    for (Entry k : chunk) {
      rows.add(k.event);
      wallets.add(locks.debitWallet(k.event));
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      EventRows.bindArrays(ps, c, rows, wallets);
      try (ResultSet rs = ps.executeQuery()) {
        markInserted(rs, batch);
      }
    }
  }

  private void insertReturningKeys(Connection c, AppendBatch batch, List<Entry> chunk,
      JdbcLedger.Locks locks) throws SQLException {
    String sql = chunk.size() == ROWS_PER_STATEMENT ? insertFullChunk : insertSql(chunk.size());
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int index = 1;
      for (Entry k : chunk) {
        index = EventRows.bind(ps, index, k.event, locks.debitWallet(k.event));
      }
      try (ResultSet rs = ps.executeQuery()) {
        markInserted(rs, batch);
      }
    }
  }

  /** Marks the entries of the keys an insert returned as inserted. */
  static void markInserted(ResultSet keys, AppendBatch batch) throws SQLException {
    while (keys.next()) {
      Entry k = batch.find(keys.getString(1), keys.getString(2), keys.getString(3));
      if (k == null) {
        throw new IllegalStateException("the insert returned key " + keys.getString(1) + "/" + keys.getString(2)
            + "/" + keys.getString(3) + ", which is not in the batch");
      }
      k.inserted = true;
    }
  }

  private void insertEntries(Connection c, List<Entry> chunk, JdbcLedger.Locks locks) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertFullChunk)) {
      for (Entry k : chunk) {
        EventRows.bind(ps, 1, k.event, locks.debitWallet(k.event));
        ps.addBatch();
      }
      int[] counts;
      try {
        counts = ps.executeBatch();
      } catch (BatchUpdateException e) {
        // Taken keys fail alone; anything else fails the batch. That failure is thrown rather than the
        // batch's, whose SQLSTATE is its first entry's: a lock timeout behind a taken key must reach
        // the retry as what it is.
        for (SQLException x = e.getNextException() == null ? e : e.getNextException(); x != null;
            x = x.getNextException()) {
          if (!dialect.isUniqueViolation(x)) {
            if (x != e) {
              x.addSuppressed(e);
            }
            throw x;
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
    return dialect.insertNewRows(EventRows.TABLE, EventRows.INSERT_COLUMNS, EventRows.KEY, rows);
  }

  /** Reads the stored events of {@code keys} into their entries. */
  private void readBack(Connection c, AppendBatch batch, List<Entry> keys) throws SQLException {
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
  private void readBackByTenant(Connection c, AppendBatch batch, List<Entry> keys) throws SQLException {
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
      Sql sql = new Sql().append("SELECT ").append(EventRows.READ_COLUMNS)
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

  private void readStored(ResultSet rs, AppendBatch batch) throws SQLException {
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
}
