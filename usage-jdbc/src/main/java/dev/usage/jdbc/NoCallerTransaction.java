package dev.usage.jdbc;

import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link CallerTransaction#none()}: no caller's transaction, ever.
 *
 * <p>This class is immutable and thread-safe.
 */
enum NoCallerTransaction implements CallerTransaction {
  INSTANCE;

  @Override
  public Optional<Connection> connection(DataSource dataSource) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "CallerTransaction.none()";
  }
}
