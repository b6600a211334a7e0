package dev.usage;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.pricing.PricedEvent;
import java.util.Optional;

/**
 * What {@link UsageEngine#record} did with one event.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the event's id
 * @param status what happened
 * @param priced the event as priced and stored, when it was priced
 * @param detail why, in words that name the values involved; empty for a plain recording
 * @param reason why an event was not stored, for grouping; {@link Reason#NONE} for an event
 *     stored, or a duplicate of one
 */
public record EventOutcome(EventId id, Status status, Optional<PricedEvent> priced, String detail, Reason reason) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if an event that was not stored, and is not a duplicate, has
   *     no reason, or one that was stored has one
   * @param id the event's id
   * @param status what happened
   * @param priced the event as priced and stored, when it was priced
   * @param detail why, in words that name the values involved; empty for a plain recording
   * @param reason why an event was not stored, for grouping; {@link Reason#NONE} for an event
   *     stored, or a duplicate of one
   */
  public EventOutcome {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(priced, "priced");
    requireNonNull(detail, "detail");
    requireNonNull(reason, "reason");
    boolean needsReason = !status.isStored() && status != Status.DUPLICATE;
    if (needsReason == (reason == Reason.NONE)) {
      throw new IllegalArgumentException("outcome " + status + " of event " + id + " cannot have reason " + reason);
    }
  }

  /** {@return whether the event was neither stored nor a duplicate of a stored one} */
  public boolean isRejection() {
    return reason != Reason.NONE;
  }

  /**
   * Why an event was not stored, in categories a caller can count and act on.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum Reason {
    /** Stored, or a duplicate of a stored event: nothing to act on. */
    NONE,
    /** Its metric is not in the engine's catalogue. */
    UNKNOWN_METRIC,
    /** A reversal sent to {@code record}; {@code UsageEngine.reverse} records reversals. */
    RAW_REVERSAL,
    /** Its metric is not on the tenant's plan (rejected or ignored, as the plan says). */
    NOT_ON_PLAN,
    /** Older than the late-event policy's limit. */
    TOO_OLD,
    /** Further in the future than the late-event policy allows. */
    IN_FUTURE,
    /** In a closed period the policy neither rebooks nor restates. */
    CLOSED_PERIOD,
    /** The rate card in force at its time has no rate for its metric, or the price overflows. */
    NOT_PRICEABLE,
    /** Its id was used before for different content, or it is a reversal the store refused. */
    CONFLICT,
    /** The tenant's hard-limit wallet held less credit than it costs. */
    INSUFFICIENT_CREDITS
  }

  /**
   * What happened to an event.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum Status {
    /** Priced and stored for the first time. */
    RECORDED(true),
    /** Its period was closed; it was moved into the next open period, then stored. */
    REBOOKED(true),
    /** Its period was closed; it was stored at its own time, restating that period. */
    RESTATED(true),
    /** Recorded before with the same content; not counted again. */
    DUPLICATE(false),
    /** Recorded before under the same id with different content; the original stands. */
    CONFLICT(false),
    /** Its metric is not on the tenant's plan, whose policy is to ignore such usage. */
    IGNORED(false),
    /** Refused: too old, in the future, in a closed period, not on the plan, or not priceable. */
    REJECTED(false),
    /** Not stored: the tenant's hard-limit wallet held less credit than the event costs. */
    REFUSED(false);

    private final boolean stored;

    Status(boolean stored) {
      this.stored = stored;
    }

    /** {@return whether events with this status were stored by this call} */
    public boolean isStored() {
      return stored;
    }
  }
}
