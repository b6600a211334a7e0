package dev.usage.kafka;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when a record's value is not a usage event this reader can read: the worker sends such a
 * record to the dead-letter topic with its {@link #reason() reason} and message.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class UnreadableRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a record could not be read. This enum is immutable and thread-safe. */
  public enum Reason {
    /** Not JSON, not an object, a field of the wrong type or missing, or a value an event refuses. */
    MALFORMED,
    /** Written in a version of the format newer than this reader. */
    UNSUPPORTED_VERSION,
    /** Its metric is not in the reader's catalogue. */
    UNKNOWN_METRIC
  }

  /** Why the record could not be read. */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why the record could not be read
   * @param detail what exactly, naming the offending field and value
   */
  public UnreadableRecordException(Reason reason, String detail) {
    super(requireNonNull(detail, "detail"));
    this.reason = requireNonNull(reason, "reason");
  }

  /** {@return why the record could not be read} */
  public Reason reason() {
    return reason;
  }
}
