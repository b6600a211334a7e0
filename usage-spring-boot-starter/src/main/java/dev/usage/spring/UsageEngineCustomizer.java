package dev.usage.spring;

import dev.usage.UsageEngine;

/**
 * Changes the {@link UsageEngine.Builder} of the auto-configured engine before it is built: a
 * bean of this type adds what the properties do not cover (a late-event policy, thresholds,
 * report settings). Customizers run in their {@code @Order}, after the auto-configuration set the
 * store, calculator, catalog, accounts, clock and listeners it found.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface UsageEngineCustomizer {

  /**
   * Changes the engine's builder.
   *
   * @param builder the builder, about to be built
   */
  void customize(UsageEngine.Builder builder);
}
