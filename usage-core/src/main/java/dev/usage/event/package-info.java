/**
 * What was used: {@link dev.usage.event.UsageEvent} (a metric, an exact quantity, a tenant, an
 * instant and {@link dev.usage.event.Dimensions}), its idempotency key {@link
 * dev.usage.event.EventId}, and the factories that turn domain facts into events.
 */
package dev.usage.event;
