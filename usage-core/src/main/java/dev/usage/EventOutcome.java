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
 */
public record EventOutcome(EventId id, Status status, Optional<PricedEvent> priced, String detail) {

  /** Validates. */
  public EventOutcome {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
    requireNonNull(priced, "priced");
    requireNonNull(detail, "detail");
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

    /** Returns whether events with this status were stored by this call. */
    public boolean isStored() {
      return stored;
    }
  }
}
