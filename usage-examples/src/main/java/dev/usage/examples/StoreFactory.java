package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the store the demo records into: {@code memory}, {@code h2} (the default, a file under
 * {@code --data-dir}) or {@code postgres} (at {@code --jdbc-url}), the last two as a {@link
 * JdbcUsageStore} over a HikariCP pool, its schema migrated on open.
 *
 * <p>This class is immutable and thread-safe.
 */
final class StoreFactory {

  /** Connections the pool keeps: one per ingesting workspace thread and a few for the API. */
  private static final int POOL_SIZE = 6;

  /**
   * H2's page cache in KB. Its default, 16 MB, is a fifth of the default demo's database, and the
   * reports' scans then spend most of their time evicting and re-reading pages.
   */
  private static final int H2_CACHE_KB = 256 * 1024;

  private StoreFactory() {}

  /**
   * Opens the store the options name.
   *
   * @param options the demo's options
   * @param notices where to say what was done to the store, such as a schema migration
   * @return the store and how to close it
   * @throws IllegalStateException if the store cannot be opened, saying why
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

  private static OpenStore jdbc(DemoOptions options, Consumer<String> notices) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("usage-demo");
    config.setMaximumPoolSize(POOL_SIZE);
    String description;
    if (options.store() == DemoOptions.StoreKind.H2) {
      Path file = h2File(options.dataDir());
      config.setDataSourceClassName("org.h2.jdbcx.JdbcDataSource");
      // WRITE_DELAY=0: H2's default (500 ms) lets a commit return before it is in the file, so a
      // killed demo lost thousands of recorded events; JdbcUsageStore refuses such a database.
      // QUERY_CACHE_SIZE: an append with the ledger runs about a dozen statements, more than H2's
      // default cache of 8 parsed statements per session holds (see usage-jdbc's README).
      config.addDataSourceProperty("URL", "jdbc:h2:file:" + file + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=64;CACHE_SIZE="
          + H2_CACHE_KB);
      description = "h2 at " + file + ".mv.db";
    } else {
      config.setJdbcUrl(options.jdbcUrl().orElseThrow());
      description = "postgres at " + DemoOptions.redactUrl(options.jdbcUrl().get());
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open the " + description + ": " + rootMessage(e)
          + (options.store() == DemoOptions.StoreKind.H2 ? " (is another demo using --data-dir "
              + options.dataDir() + "? stop it or pass another --data-dir)" : ""), e);
    }
    try {
      JdbcUsageStore store = JdbcUsageStore.builder(pool).build();
      List<Integer> applied = store.migrate();
      if (!applied.isEmpty()) {
        notices.accept("created the usage schema (versions " + applied + ") in the " + description);
      }
      return new OpenStore(store, description, pool::close);
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("cannot use the " + description + ": " + rootMessage(e), e);
    }
  }

  /** Returns the H2 database file, without H2's {@code .mv.db} suffix, creating its directory. */
  private static Path h2File(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create --data-dir " + dir, e);
    }
    return dir.resolve("usage");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
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
