package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a {@link LateEventPolicy} decided about one event, the event to record if any, and why.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param outcome what happened
 * @param event the event to record: the original, or the moved one when {@linkplain
 *     Outcome#REBOOKED rebooked}; empty when rejected
 * @param reason one line for logs and support, naming the instants and limits involved
 */
public record LateEventDecision(Outcome outcome, Optional<UsageEvent> event, String reason) {

  /**
   * What happened to an event.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum Outcome {
    /** The event is recent enough and its period is open: record it as it is. */
    ACCEPTED(true),
    /** The event's period is closed; it was moved to the first instant of the next open period. */
    REBOOKED(true),
    /** The event's period is closed; it is recorded at its own time and restates that period. */
    RESTATED(true),
    /** The event is older than the policy's maximum age. */
    REJECTED_TOO_OLD(false),
    /** The event lies further in the future than the policy's allowed clock skew. */
    REJECTED_IN_FUTURE(false),
    /** The event's period is closed and the policy rejects such events. */
    REJECTED_CLOSED_PERIOD(false);

    private final boolean accepted;

    Outcome(boolean accepted) {
      this.accepted = accepted;
    }

    /** {@return whether an event with this outcome is to be recorded} */
    public boolean isAccepted() {
      return accepted;
    }
  }

  /**
   * Validates the decision.
   *
   * @throws IllegalArgumentException if an event is present for a rejection or absent for an
   *     acceptance, or the reason is empty
   * @param outcome what happened
   * @param event the event to record: the original, or the moved one when {@linkplain
   *     Outcome#REBOOKED rebooked}; empty when rejected
   * @param reason one line for logs and support, naming the instants and limits involved
   */
  public LateEventDecision {
    requireNonNull(outcome, "outcome");
    requireNonNull(event, "event");
    requireNonNull(reason, "reason");
    if (event.isPresent() != outcome.isAccepted()) {
      throw new IllegalArgumentException("a decision with outcome " + outcome + " must "
          + (outcome.isAccepted() ? "carry" : "not carry") + " an event");
    }
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("reason of a decision with outcome " + outcome + " must not be empty");
    }
  }

  /** {@return whether the event is to be recorded} */
  public boolean isAccepted() {
    return outcome.isAccepted();
  }
}
