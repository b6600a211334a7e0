package dev.usage.jdbc;

import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A transaction framework in miniature: binds a caller's connection to the thread, as Spring's
 * transaction manager does, and counts what the store gives back.
 */
final class ThreadBoundTransaction implements CallerTransaction {

  private final ThreadLocal<Connection> bound = new ThreadLocal<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger releases = new AtomicInteger();

  void bind(Connection c) {
    bound.set(c);
  }

  void unbind() {
    bound.remove();
  }

  int lookups() {
    return lookups.get();
  }

  int releases() {
    return releases.get();
  }

  @Override
  public Optional<Connection> connection(DataSource dataSource) {
    lookups.incrementAndGet();
    return Optional.ofNullable(bound.get());
  }

  @Override
  public void release(Connection connection, DataSource dataSource) {
    if (connection != bound.get()) {
      throw new IllegalStateException("released a connection that is not the bound one");
    }
    releases.incrementAndGet();
  }
}
