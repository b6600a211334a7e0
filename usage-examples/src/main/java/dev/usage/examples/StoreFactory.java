package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.util.function.Consumer;

/**
 * Opens the store the demo records into: {@code memory}, {@code h2} (the default, a file under
 * {@code --data-dir}) or {@code postgres} (at {@code --jdbc-url}).
 *
 * <p>This class is immutable and thread-safe.
 */
final class StoreFactory {

  private StoreFactory() {}

  /**
   * Opens the store the options name.
   *
   * @param options the demo's options
   * @param notices where to say that a store stands in for another
   * @return the store and how to close it
   * @throws IllegalStateException if the store cannot be opened
   */
  static OpenStore open(DemoOptions options, Consumer<String> notices) {
    requireNonNull(options, "options");
    return switch (options.store()) {
      case MEMORY -> memory("memory (gone when the demo ends)");
      case H2, POSTGRES -> jdbc(options, notices);
    };
  }

  static OpenStore memory(String description) {
    return new OpenStore(new InMemoryUsageStore(), description, () -> { });
  }

  /**
   * Opens the JDBC store. {@code dev.usage.jdbc.JdbcUsageStore} is not in this build yet: H2 stands
   * in with the in-memory store and says so; PostgreSQL, asked for by URL, is refused rather than
   * faked.
   */
  private static OpenStore jdbc(DemoOptions options, Consumer<String> notices) {
    if (options.store() == DemoOptions.StoreKind.POSTGRES) {
      throw new IllegalStateException("--store postgres needs dev.usage.jdbc.JdbcUsageStore, which is not in"
          + " this build yet; use --store memory");
    }
    notices.accept("note: --store h2 needs dev.usage.jdbc.JdbcUsageStore, which is not in this build yet;"
        + " keeping the events in memory instead, so nothing is kept in " + options.dataDir());
    return memory("memory (standing in for h2)");
  }

  /**
   * An open store, what it is and how to release it.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param store the store
   * @param description what it is and where, for people
   * @param closer releases its connections
   */
  record OpenStore(UsageStore store, String description, Closer closer) implements AutoCloseable {

    OpenStore {
      requireNonNull(store, "store");
      requireNonNull(description, "description");
      requireNonNull(closer, "closer");
    }

    @Override
    public void close() {
      closer.close();
    }
  }

  /** Releases a store's resources without a checked exception. */
  @FunctionalInterface
  interface Closer {
    void close();
  }
}
