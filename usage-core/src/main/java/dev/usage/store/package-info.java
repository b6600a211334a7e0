/** The embedded default {@link dev.usage.spi.UsageStore}: {@link dev.usage.store.InMemoryUsageStore}. */
package dev.usage.store;
