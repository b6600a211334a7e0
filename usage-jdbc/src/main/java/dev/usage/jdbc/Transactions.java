package dev.usage.jdbc;

import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs the store's work on connections: on a connection of its own borrowed from the data source,
 * as a transaction or as a read, or inside the caller's transaction under a savepoint, whether the
 * caller passed its connection or a {@link CallerTransaction} found it. Failures of the database
 * become {@link JdbcUsageStoreException}s that keep their cause.
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
  private final CallerTransaction caller;

  Transactions(DataSource dataSource, Dialect dialect, UsageListener listener, CallerTransaction caller) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.listener = listener;
    this.caller = caller;
  }

  /**
   * Runs {@code work} in the transaction the {@link CallerTransaction} finds, under a savepoint,
   * when it finds one; otherwise in a transaction of its own on a connection of its own, retrying
   * deadlocks and serialization failures up to {@value #TRANSIENT_ATTEMPTS} times. The caller's
   * transaction is never retried here: after a deadlock it is the caller's to retry.
   *
   * @param operation what the work is, for the listener told of retries
   * @param failure the message of the {@link JdbcUsageStoreException} if the database fails
   * @throws IllegalStateException if the caller's connection is in auto-commit mode
   */
  <T> T transaction(StoreOperation operation, String failure, Work<T> work) {
    Optional<Connection> joined;
    try {
      joined = caller.connection(dataSource);
    } catch (SQLException e) {
      throw new JdbcUsageStoreException(failure + "; finding the caller's transaction failed, so nothing was written", e);
    }
    if (joined.isEmpty()) {
      return run(operation, failure, false, work);
    }
    Connection c = joined.get();
    T result;
    try {
      if (c.getAutoCommit()) {
        throw new IllegalStateException("the caller's connection from " + caller + " is in auto-commit mode, so the "
            + "store's write would not join a transaction; it must return a connection in a transaction, or none");
      }
      result = underSavepoint(c, work);
    } catch (SQLException e) {
      throw releasedAfter(c, new JdbcUsageStoreException(
          failure + "; it ran in the caller's transaction, which holds none of it", e));
    } catch (RuntimeException e) {
      throw releasedAfter(c, e);
    }
    try {
      caller.release(c, dataSource);
    } catch (SQLException e) {
      throw new JdbcUsageStoreException("the write is in the caller's transaction, but giving its connection back to "
          + caller + " failed", e);
    }
    return result;
  }

  /** Gives the caller's connection back after {@code failure}, which it returns, keeping any failure to give it back. */
  private RuntimeException releasedAfter(Connection c, RuntimeException failure) {
    try {
      caller.release(c, dataSource);
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * Runs {@code work} in a transaction of its own on a connection of its own, reading one snapshot
   * (repeatable read) and retrying as {@link #transaction} does; never in the caller's transaction.
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
