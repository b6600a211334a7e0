package dev.usage.event;

/**
 * What a {@link LateEventPolicy} does with an event whose billing period has already been closed
 * (invoiced).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum ClosedPeriodAction {
  /** Refuse the event: closed invoices stay exactly as they were sent. */
  REJECT,
  /**
   * Move the event to the first instant of the next open period, so that it is billed on the next
   * invoice; its id and everything else stay the same.
   */
  BOOK_INTO_NEXT_OPEN_PERIOD,
  /**
   * Accept the event at its own time, flagged as restating a closed period, for hosts that issue
   * corrected invoices.
   */
  RESTATE
}
