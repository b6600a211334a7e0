package dev.usage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Finds the transaction that the calling thread already has open on the store's database, so that
 * the store's writes join it instead of committing on a connection of their own.
 *
 * <p>Frameworks that bind a transaction's connection to the thread (Spring's
 * {@code DataSourceUtils}, a Jakarta EE container) know where that connection is; the store does
 * not. Set an implementation with {@link JdbcUsageStore.Builder#callerTransaction(CallerTransaction)}
 * ({@code usage-spring-boot-starter} sets one that asks Spring) and every write of the store, {@link
 * JdbcUsageStore#append(java.util.List, java.time.Instant) append}, {@link
 * JdbcUsageStore#openWallet openWallet} and {@link JdbcUsageStore#grant grant}, first asks it for the
 * caller's connection:
 *
 * <ul>
 *   <li>When it returns one, the store writes on it as {@link JdbcUsageStore#append(Connection,
 *       java.util.List, java.time.Instant)} does: under a savepoint, never committing, rolling back
 *       the whole transaction or closing the connection, so the events and their ledger debits
 *       commit or roll back with the caller's own changes. Then it hands the connection back through
 *       {@link #release(Connection, DataSource)}.
 *   <li>When it returns none, the store borrows a connection of its own and commits, as without
 *       this hook.
 * </ul>
 *
 * <p>Reads ({@code aggregate}, {@code scan}, wallet and ledger reads) always run on a connection of
 * their own, so they see what is committed, not the caller's uncommitted writes. {@link
 * JdbcUsageStore#migrate()} never joins a transaction.
 *
 * <p>Implementations must be thread-safe.
 */
public interface CallerTransaction {

  /**
   * Returns the connection of the transaction the calling thread has open on {@code dataSource}, if
   * it has one.
   *
   * <p>A returned connection must be in a transaction (not in auto-commit mode): the store refuses
   * one in auto-commit mode with an {@link IllegalStateException} rather than commit each statement
   * on its own. Return empty when the thread's transaction, if any, is on another database.
   *
   * @param dataSource the store's data source
   * @return the caller's connection, or empty to let the store use a connection of its own
   * @throws SQLException if finding the connection fails; the store then writes nothing
   */
  Optional<Connection> connection(DataSource dataSource) throws SQLException;

  /**
   * Gives back a connection that {@link #connection(DataSource)} returned, once the store's write on
   * it is done, failed or not. It must not close a connection that the caller's transaction still
   * holds; by default it does nothing.
   *
   * @param connection the connection {@link #connection(DataSource)} returned
   * @param dataSource the store's data source
   * @throws SQLException if giving it back fails
   */
  default void release(Connection connection, DataSource dataSource) throws SQLException {}

  /**
   * Returns the hook that never finds a caller's transaction: every write commits on a connection of
   * the store's own. The store's default.
   *
   * @return the hook that finds nothing
   */
  static CallerTransaction none() {
    return NoCallerTransaction.INSTANCE;
  }
}

