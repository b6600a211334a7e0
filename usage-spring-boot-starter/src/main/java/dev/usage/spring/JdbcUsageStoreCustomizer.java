package dev.usage.spring;

import dev.usage.jdbc.JdbcUsageStore;

/**
 * Changes the {@link JdbcUsageStore.Builder} of the auto-configured store before it is built, for
 * example to name its dialect. Customizers run in their {@code @Order}, after the
 * auto-configuration set the catalog and the caller-transaction hook.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface JdbcUsageStoreCustomizer {

  /**
   * Changes the store's builder.
   *
   * @param builder the builder, about to be built
   */
  void customize(JdbcUsageStore.Builder builder);
}
