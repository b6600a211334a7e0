package dev.usage.jdbc;

import dev.usage.jdbc.AppendBatch.Entry;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Inserts a batch's events on PostgreSQL through {@code COPY}: the rows go in COPY's text format
 * into a temporary staging table of the session, and one {@code INSERT … SELECT … ON CONFLICT DO
 * NOTHING RETURNING} moves those whose key is free into {@code usage_events}, returning the keys
 * it inserted. The staging table is emptied by that same statement and truncated at commit, so it
 * never holds more than one batch.
 *
 * <p>COPY streams the rows without binding a parameter or building an array per column, which the
 * {@code unnest} insert of {@link Dialect#insertNewRowsFromArrays} does for every value; the
 * conflict check is the same. Only the PostgreSQL JDBC driver (pgjdbc) speaks COPY, so {@link
 * EventWriter} loads this class only when that driver is on the class path, and uses it only on
 * connections that unwrap to it; other connections take the {@code unnest} insert.
 *
 * <p>This class is immutable and thread-safe.
 */
final class PostgresCopyInsert {

  /** The driver class this writer needs, checked by name so that its absence loads nothing. */
  static final String DRIVER_CLASS = "org.postgresql.PGConnection";

  /** In {@code pg_temp}, which only this session sees; never found through the search path by accident. */
  private static final String STAGING = "pg_temp.usage_events_staging";

  private final String create;
  private final String copy;
  private final String insert;

  PostgresCopyInsert() {
    String columns = String.join(", ", EventRows.INSERT_COLUMNS);
    // The staging table takes the columns' types and collations from usage_events itself.
    this.create = "CREATE TEMPORARY TABLE IF NOT EXISTS " + STAGING.substring("pg_temp.".length())
        + " ON COMMIT DELETE ROWS AS SELECT " + columns + " FROM " + EventRows.TABLE + " WITH NO DATA";
    this.copy = "COPY " + STAGING + " (" + columns + ") FROM STDIN";
    // DELETE … RETURNING empties the table within the statement, so that a second append in the
    // same transaction (append(Connection, …)) starts from nothing; it returns the rows in the
    // order they were copied, which is key order. No conflict target, as in PostgresDialect.
    this.insert = "WITH s AS (DELETE FROM " + STAGING + " RETURNING " + columns + ") INSERT INTO " + EventRows.TABLE
        + " (" + columns + ") SELECT " + columns + " FROM s ON CONFLICT DO NOTHING RETURNING "
        + String.join(", ", EventRows.KEY);
  }

  /** Returns whether the connection speaks COPY: whether it is, or wraps, a pgjdbc connection. */
  static boolean accepts(Connection c) throws SQLException {
    return c.isWrapperFor(PGConnection.class);
  }

  /**
   * Inserts the events of {@code keys} whose keys are free and marks their entries inserted.
   *
   * @param keys first entries, in key order: the order in which taken keys are locked
   * @param locks the wallets each event's row names
   */
  void insert(Connection c, AppendBatch batch, List<Entry> keys, JdbcLedger.Locks locks) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(create);
    }
    StringBuilder rows = new StringBuilder(keys.size() * 320);
    for (Entry k : keys) {
      EventRows.appendCopyText(rows, k.event, locks.debitWallet(k.event));
    }
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.toString()));
    } catch (IOException e) {
      throw new SQLException("copying " + keys.size() + " rows into " + STAGING + " failed", e);
    }
    try (PreparedStatement ps = c.prepareStatement(insert); ResultSet rs = ps.executeQuery()) {
      EventWriter.markInserted(rs, batch);
    }
  }
}
