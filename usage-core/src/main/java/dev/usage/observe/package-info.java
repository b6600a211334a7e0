/**
 * What the library tells about its own work, for metrics and tracing: {@link
 * dev.usage.observe.UsageListener}, which the engine calls for each event's outcome and stores call
 * for their operations' timings and retries, and {@link dev.usage.observe.StoreOperation}, the
 * operations timed.
 *
 * <p>Nothing here depends on a metrics library: {@code usage-micrometer} maps the listener to
 * Micrometer meters, and a host may implement it for any other system. Without a listener the
 * engine and stores read no clock and allocate nothing for it.
 */
package dev.usage.observe;
