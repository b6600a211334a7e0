package dev.usage.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Which Spring transactions {@link SpringCallerTransaction} joins, with Spring's own transaction manager. */
class SpringCallerTransactionTest {

  static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  final DataSource dataSource = h2();
  final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

  @Test
  @DisplayName("outside a transaction it finds nothing")
  void connection_noTransaction_empty() {
    assertThat(SpringCallerTransaction.INSTANCE.connection(dataSource)).isEmpty();
  }

  @Test
  @DisplayName("in a transaction on the data source it finds the transaction's connection, and releasing keeps it open")
  void connection_transactionOnTheDataSource_itsConnection() {
    tx.executeWithoutResult(status -> {
      try {
        Connection own = DataSourceUtils.getConnection(dataSource);
        Optional<Connection> found = SpringCallerTransaction.INSTANCE.connection(dataSource);
        assertThat(found).containsSame(own);
        assertThat(own.getAutoCommit()).isFalse();
        SpringCallerTransaction.INSTANCE.release(found.get(), dataSource);
        assertThat(own.isClosed()).isFalse();
        DataSourceUtils.releaseConnection(own, dataSource);
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  @DisplayName("in a transaction on another database it finds nothing, so the store commits on its own")
  void connection_transactionOnAnotherDataSource_empty() {
    new TransactionTemplate(new DataSourceTransactionManager(h2())).executeWithoutResult(status ->
        assertThat(SpringCallerTransaction.INSTANCE.connection(dataSource)).isEmpty());
  }

  @Test
  @DisplayName("under propagation SUPPORTS without a transaction it finds nothing, though a connection is bound")
  void connection_supportsWithoutTransaction_empty() {
    tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
    tx.executeWithoutResult(status -> {
      Connection bound = DataSourceUtils.getConnection(dataSource);  // binds one, in auto-commit mode
      assertThat(SpringCallerTransaction.INSTANCE.connection(dataSource)).isEmpty();
      DataSourceUtils.releaseConnection(bound, dataSource);
    });
  }
}
