package dev.usage.jdbc;

import java.sql.SQLException;

/**
 * Thrown when the database fails a {@link JdbcUsageStore} operation: the connection broke, a
 * statement was refused, the schema is missing. The cause is the driver's {@link SQLException}.
 *
 * <p>An append that fails this way wrote nothing (or, on a caller's connection, left the caller's
 * transaction to roll back); retrying the whole batch is safe and counts each event once.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class JdbcUsageStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the store was doing
   * @param cause the driver's failure
   */
  public JdbcUsageStoreException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage() + " (SQLSTATE " + cause.getSQLState() + ")", cause);
  }

  /** Returns the driver's failure. */
  @Override
  public synchronized SQLException getCause() {
    return (SQLException) super.getCause();
  }
}
