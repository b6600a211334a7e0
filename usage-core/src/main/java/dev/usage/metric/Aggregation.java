package dev.usage.metric;

/**
 * How the quantities of a metric combine over a period.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Aggregation {
  /** Quantities add up: minutes, tokens, segments. */
  SUM,
  /** The largest quantity wins, as for a gauge such as concurrent calls. */
  MAX,
  /** Each event counts once, whatever its quantity. */
  COUNT
}
