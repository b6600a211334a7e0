package dev.usage.metric;

/**
 * What one unit of a metric's quantity measures.
 *
 * <p>Time is kept in seconds, never in fractional minutes, so that every built-in quantity is a
 * whole number; reports convert to minutes where a product shows minutes.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Unit {
  /** Elapsed seconds: call time, speech-to-text audio. */
  SECONDS,
  /** Occurrences: calls, dial attempts, runs, messages, queries. */
  COUNT,
  /** Model tokens. */
  TOKENS,
  /** Text characters (Unicode code points). */
  CHARACTERS,
  /** SMS segments, as carriers bill them. */
  SEGMENTS,
  /** Credits, for usage that is itself a credit amount. */
  CREDITS,
  /** Items held at a point in time: phone numbers, seats, concurrent calls. */
  ITEMS,
  /** A unit the metric's owner defines; its name is documented by the metric's description. */
  CUSTOM
}
