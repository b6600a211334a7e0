package dev.usage.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dialect that speaks like another but binds no arrays, as a third-party dialect that overrides
 * only the abstract methods does: the store then inserts with {@link Dialect#insertNewRows} and
 * reads back with {@link Dialect#selectByIds}, one statement per tenant.
 */
final class RowByRowDialect extends Dialect {

  private final Dialect delegate;

  RowByRowDialect(Dialect delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean accepts(String databaseProductName) {
    return delegate.accepts(databaseProductName);
  }

  @Override
  public String insertNewRows(String table, List<String> columns, List<String> keyColumns, int rows) {
    return delegate.insertNewRows(table, columns, keyColumns, rows);
  }

  @Override
  public boolean insertReturnsKeys() {
    return delegate.insertReturnsKeys();
  }

  // The rollup's upsert has no row-by-row form: a database without arrays must still write it.
  @Override
  public String upsertRows(String table, List<String> columns, List<String> elementTypes, List<String> values,
      List<String> keyColumns, Map<String, String> updates) {
    return delegate.upsertRows(table, columns, elementTypes, values, keyColumns, updates);
  }

  @Override
  public String selectByIds(String table, int ids) {
    return delegate.selectByIds(table, ids);
  }

  @Override
  public String eventIdOrder() {
    return delegate.eventIdOrder();
  }

  @Override
  public String eventIdOrderParameter() {
    return delegate.eventIdOrderParameter();
  }

  @Override
  public Optional<String> migrationLock() {
    return delegate.migrationLock();
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    return delegate.isUniqueViolation(e);
  }

  @Override
  public boolean isTransient(SQLException e) {
    return delegate.isTransient(e);
  }
}
