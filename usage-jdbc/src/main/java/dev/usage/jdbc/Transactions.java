package dev.usage.jdbc;

import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import javax.sql.DataSource;

/**
 * Runs the store's work on connections: on a connection of its own borrowed from the data source,
 * as a transaction or as a read, or inside the caller's transaction under a savepoint. Failures of
 * the database become {@link JdbcUsageStoreException}s that keep their cause.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Transactions {

  /** Attempts of a transaction that failed with a deadlock or serialization failure. */
  private static final int TRANSIENT_ATTEMPTS = 3;

  /** Work on a connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final Dialect dialect;
  /** Told of each retry; {@link UsageListener#NONE} when the store has no listener. */
  private final UsageListener listener;

  Transactions(DataSource dataSource, Dialect dialect, UsageListener listener) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.listener = listener;
  }

  /**
   * Runs {@code work} in a transaction of its own on a connection of its own, retrying deadlocks
   * and serialization failures up to {@value #TRANSIENT_ATTEMPTS} times.
   *
   * @param operation what the work is, for the listener told of retries
   * @param failure the message of the {@link JdbcUsageStoreException} if the database fails
   */
  <T> T transaction(StoreOperation operation, String failure, Work<T> work) {
    return run(operation, failure, false, work);
  }

  /**
   * Runs {@code work} as {@link #transaction} does, reading one snapshot (repeatable read).
   *
   * @param operation what the work is, for the listener told of retries
   * @param failure the message of the {@link JdbcUsageStoreException} if the database fails
   */
  <T> T snapshot(StoreOperation operation, String failure, Work<T> work) {
    return run(operation, failure, true, work);
  }

  private <T> T run(StoreOperation operation, String failure, boolean read, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        try {
          if (read) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          }
          c.setAutoCommit(false);
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(c, e);
          if (e instanceof SQLException sql && dialect.isTransient(sql) && attempt < TRANSIENT_ATTEMPTS) {
            listener.storeRetry(operation, attempt, sql);
            continue;
          }
          throw e;
        } finally {
          if (autoCommit) {
            restoreAutoCommit(c);
          }
          if (read) {
            c.setTransactionIsolation(isolation);
          }
        }
      } catch (SQLException e) {
        throw new JdbcUsageStoreException(failure, e);
      }
    }
  }

  /**
   * Runs a read on a connection of its own. On a connection that is not in auto-commit mode the
   * read's transaction is ended, so that no transaction stays open in the caller's pool.
   *
   * @param what what is read, for the message of the {@link JdbcUsageStoreException}
   */
  <T> T read(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      try {
        return work.run(c);
      } finally {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw new JdbcUsageStoreException(what + " failed", e);
    }
  }

  /**
   * Runs {@code work} inside the caller's transaction, all or nothing: on failure it rolls back to
   * a savepoint taken first, so that the transaction holds none of the work and stays usable
   * (PostgreSQL would otherwise abort it). Neither commits nor closes the connection.
   */
  static <T> T underSavepoint(Connection connection, Work<T> work) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      T result = work.run(connection);
      connection.releaseSavepoint(savepoint);
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback(savepoint);
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // A broken connection: the pool discards it.
    }
  }
}
