/**
 * Micrometer meters for the usage library: {@link dev.usage.micrometer.MicrometerUsageListener}
 * turns what the engine and its stores tell a {@link dev.usage.observe.UsageListener} into
 * counters, timers and a distribution summary with documented names and bounded tags.
 */
package dev.usage.micrometer;
