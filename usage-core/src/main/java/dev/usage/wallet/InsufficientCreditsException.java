package dev.usage.wallet;

import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import java.time.Instant;

/**
 * Thrown when a wallet in {@link LimitMode#HARD} refuses a debit larger than the credit available
 * at the debit's instant. Nothing is recorded: the same reference may be debited again later, for
 * example after a top-up.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class InsufficientCreditsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // Micro-credits, not Credits: exceptions are Serializable and Credits is not.
  /** The credit the debit asked for, in micro-credits. */
  private final long requestedMicros;
  /** The credit the usable grants held, in micro-credits. */
  private final long availableMicros;

  InsufficientCreditsException(EventId reference, Credits requested, Credits available, Instant at) {
    super("debit " + reference + " of " + requested + " credits at " + at
        + " exceeds the " + available + " credits available");
    this.requestedMicros = requested.micros();
    this.availableMicros = available.micros();
  }

  /** {@return the credit the refused debit asked for} */
  public Credits requested() {
    return Credits.ofMicros(requestedMicros);
  }

  /** {@return the credit that was available to it} */
  public Credits available() {
    return Credits.ofMicros(availableMicros);
  }
}
