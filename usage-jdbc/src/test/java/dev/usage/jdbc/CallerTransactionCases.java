package dev.usage.jdbc;

import static dev.usage.jdbc.LedgerCases.MAY_1;
import static dev.usage.jdbc.LedgerCases.NOW;
import static dev.usage.jdbc.LedgerCases.WALLET;
import static dev.usage.jdbc.LedgerCases.batch;
import static dev.usage.jdbc.TestEvents.ACME;
import static dev.usage.jdbc.TestEvents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.pricing.Credits;
import dev.usage.spi.AggregateQuery;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A store with a {@link CallerTransaction}: its writes join the transaction a framework bound to
 * the thread, and commit on their own when none is bound. Subclasses name the database.
 */
abstract class CallerTransactionCases extends MigratedStoreCases {

  final ThreadBoundTransaction framework = new ThreadBoundTransaction();
  JdbcUsageStore joining;

  @BeforeEach
  void joiningStore() {
    joining = JdbcUsageStore.builder(db.dataSource()).catalog(CATALOG).callerTransaction(framework).build();
  }

  @AfterEach
  void unbind() {
    framework.unbind();
  }

  long count() {
    return store.aggregate(AggregateQuery.builder(ACME, MAY_1, Instant.parse("2026-06-01T00:00:00Z")).build())
        .stream().mapToLong(r -> r.count()).sum();
  }

  Credits balance() {
    return store.wallet(WALLET, NOW).orElseThrow().available();
  }

  void openWallet() {
    store.openWallet(WALLET, LimitMode.SOFT);
    store.grant(WALLET, Grant.of("may", GrantKind.PLAN_GRANT, Credits.of(1_000), MAY_1), NOW);
  }

  @Test
  @DisplayName("events and their debits appended in the bound transaction vanish when the caller rolls back")
  void append_boundTransactionRolledBack_storesAndDebitsNothing() throws SQLException {
    openWallet();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      framework.bind(c);
      assertThat(joining.append(batch(), NOW).appended()).isEqualTo(20);
      assertThat(c.isClosed()).as("the store leaves the caller's connection open").isFalse();
      assertThat(count()).as("uncommitted, so invisible to another connection").isZero();
      c.rollback();
    }

    assertThat(count()).isZero();
    assertThat(balance()).isEqualTo(Credits.of(1_000));
    assertThat(framework.releases()).isEqualTo(1);
  }

  @Test
  @DisplayName("events and their debits appended in the bound transaction commit with the caller's commit")
  void append_boundTransactionCommitted_storesAndDebitsOnce() throws SQLException {
    openWallet();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      framework.bind(c);
      joining.append(batch(), NOW);
      assertThat(balance()).as("not committed by the store").isEqualTo(Credits.of(1_000));
      c.commit();
    }
    framework.unbind();

    assertThat(count()).isEqualTo(20);
    assertThat(balance()).isEqualTo(Credits.of(1_000 - 210));
    assertThat(joining.append(batch(), NOW).duplicates()).as("a retry outside counts each once").hasSize(20);
    assertThat(balance()).isEqualTo(Credits.of(790));
  }

  @Test
  @DisplayName("without a bound transaction the store commits on a connection of its own, as by default")
  void append_nothingBound_commitsOnItsOwn() {
    openWallet();

    assertThat(joining.append(batch(), NOW).appended()).isEqualTo(20);

    assertThat(framework.lookups()).as("it asked").isEqualTo(1);
    assertThat(framework.releases()).isZero();
    assertThat(count()).isEqualTo(20);
    assertThat(balance()).isEqualTo(Credits.of(790));
  }

  @Test
  @DisplayName("opening a wallet and granting in the bound transaction roll back with it")
  void openWalletAndGrant_boundTransactionRolledBack_leaveNoWallet() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      framework.bind(c);
      joining.openWallet(WALLET, LimitMode.SOFT);
      assertThat(joining.grant(WALLET, Grant.of("may", GrantKind.PLAN_GRANT, Credits.of(5), MAY_1), NOW)).isTrue();
      c.rollback();
    }

    assertThat(store.wallet(WALLET, NOW)).isEmpty();
    assertThat(framework.releases()).isEqualTo(2);
  }

  @Test
  @DisplayName("reads run on a connection of their own, even with a transaction bound")
  void reads_boundTransaction_readCommittedOnly() throws SQLException {
    openWallet();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      framework.bind(c);
      joining.append(batch(), NOW);
      int lookups = framework.lookups();

      assertThat(joining.wallet(WALLET, NOW).orElseThrow().available()).isEqualTo(Credits.of(1_000));
      assertThat(joining.aggregate(AggregateQuery.builder(ACME, MAY_1, NOW).build())).isEmpty();
      assertThat(framework.lookups()).as("reads never ask").isEqualTo(lookups);
      c.rollback();
    }
  }

  @Test
  @DisplayName("a bound connection in auto-commit mode is refused before anything is written, and given back")
  void append_boundConnectionAutoCommit_refused() throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      framework.bind(c);
      assertThatThrownBy(() -> joining.append(batch(), NOW)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auto-commit");
    }

    assertThat(count()).isZero();
    assertThat(framework.releases()).isEqualTo(1);
  }
}
