package dev.usage.time;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when a day or instant range is malformed or breaks one of the range rules; the
 * {@link #reason()} says which rule.
 *
 * <p>A web layer can map every instance to HTTP 400 and use the reason as a machine-readable
 * code; the message names the offending values, e.g. {@code end date 2026-03-01 is before start
 * date 2026-03-05}. One exception type with a reason keeps the hierarchy small while still letting
 * callers tell the rules apart without parsing messages.
 *
 * <p>This class is thread-safe.
 */
public final class InvalidRangeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * The rule a rejected range broke.
   *
   * <p>This class is immutable and thread-safe.
   */
  public enum Reason {
    /**
     * The end is before the start; for an {@link InstantRange}, whose end is exclusive, an end
     * equal to the start is rejected too, as the range would be empty.
     */
    END_BEFORE_START,
    /** The range covers more than {@value UsageRange#MAX_DAYS} days. */
    TOO_LONG,
    /** The text is not a date, instant, zone or range in the expected format. */
    MALFORMED,
    /** A date lies outside the years 0000 to 9999, which the text form cannot carry. */
    UNSUPPORTED_YEAR,
    /** Two ranges to join neither overlap nor abut. */
    DISCONNECTED,
    /** Two ranges to compare or join are in different zones. */
    ZONE_MISMATCH
  }

  /** The rule the range broke. */
  private final Reason reason;

  private InvalidRangeException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  /** Creates an exception for {@code reason} with {@code message}. */
  static InvalidRangeException of(Reason reason, String message) {
    return new InvalidRangeException(reason, message, null);
  }

  /** Creates an exception for unparseable text, keeping the parser's failure as the cause. */
  static InvalidRangeException malformed(Throwable cause, String message) {
    return new InvalidRangeException(Reason.MALFORMED, message, cause);
  }

  /**
   * Returns the rule the range broke.
   *
   * @return the reason, not null
   */
  public Reason reason() {
    return reason;
  }
}
