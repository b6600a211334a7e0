package dev.usage.spring;

import dev.usage.jdbc.CallerTransaction;
import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Finds the Spring-managed transaction open on the calling thread, so that a {@link
 * dev.usage.jdbc.JdbcUsageStore} built with it records inside {@code @Transactional} methods and
 * {@code TransactionTemplate} callbacks: the events and their ledger debits commit, or roll back,
 * with the application's own changes.
 *
 * <p>It joins a transaction that holds a connection of the store's own {@link DataSource}, as
 * {@code DataSourceTransactionManager}, {@code JdbcTransactionManager} and {@code
 * JpaTransactionManager} (with Hibernate) bind one, and hands out that connection through {@link
 * DataSourceUtils#getConnection(DataSource)}, which the store gives back with {@link
 * DataSourceUtils#releaseConnection(Connection, DataSource)}: the store never commits, rolls back
 * or closes it. Outside a transaction, or in one that holds no connection of this data source (a
 * transaction on another database), it finds nothing and the store commits on a connection of its
 * own. JTA transactions, which bind no connection, are not joined.
 *
 * <p>{@link UsageAutoConfiguration} sets it on the store it builds; an application that builds its
 * own store sets it with {@code JdbcUsageStore.builder(dataSource).callerTransaction(
 * SpringCallerTransaction.INSTANCE)}.
 *
 * <p>This class is immutable and thread-safe.
 */
public enum SpringCallerTransaction implements CallerTransaction {
  /** The only instance: it keeps no state, Spring's thread-bound resources do. */
  INSTANCE;

  /**
   * Returns the connection of the Spring-managed transaction open on this thread on {@code
   * dataSource}, if there is one.
   *
   * @param dataSource the store's data source
   * @return the transaction's connection, or empty outside a transaction on this data source
   */
  @Override
  public Optional<Connection> connection(DataSource dataSource) {
    // A holder bound without an actual transaction (propagation SUPPORTS) is in auto-commit mode:
    // not a transaction to join.
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder)) {
      return Optional.empty();
    }
    return Optional.of(DataSourceUtils.getConnection(dataSource));
  }

  /**
   * Gives the transaction's connection back to Spring, which keeps it open until the transaction
   * ends.
   *
   * @param connection the connection {@link #connection(DataSource)} returned
   * @param dataSource the store's data source
   */
  @Override
  public void release(Connection connection, DataSource dataSource) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }

  @Override
  public String toString() {
    return "SpringCallerTransaction";
  }
}
