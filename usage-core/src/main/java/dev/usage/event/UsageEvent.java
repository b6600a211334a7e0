package dev.usage.event;

import static java.util.Objects.requireNonNull;

import dev.usage.metric.Metric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One measured fact: a quantity of a metric, used by a tenant at an instant, with its dimensions.
 *
 * <p>The {@link #id()} makes recording idempotent: stores count an id once, and treat the same id
 * with different content as a conflict. Events are never edited: a correction is a {@linkplain
 * #reversal(EventId) reversal} that references the original and carries the negated quantity, so
 * the audit trail keeps both.
 *
 * <p>The quantity is an exact integer in the metric's unit and {@linkplain Metric#scale() scale};
 * it is zero or positive, except on a reversal, where it is zero or negative.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the idempotency key
 * @param tenant whose usage it is
 * @param occurredAt when the usage happened (not when it was recorded)
 * @param metric what was used
 * @param quantity how much, unscaled
 * @param dimensions where, how and by whom
 * @param reverses the event this one reverses, or empty for ordinary usage
 */
public record UsageEvent(
    EventId id,
    TenantId tenant,
    Instant occurredAt,
    Metric metric,
    long quantity,
    Dimensions dimensions,
    Optional<EventId> reverses) {

  /**
   * Validates the event.
   *
   * @throws IllegalArgumentException if the quantity's sign does not fit the kind of event, or an
   *     event reverses itself
   * @param id the idempotency key
   * @param tenant whose usage it is
   * @param occurredAt when the usage happened (not when it was recorded)
   * @param metric what was used
   * @param quantity how much, unscaled
   * @param dimensions where, how and by whom
   * @param reverses the event this one reverses, or empty for ordinary usage
   */
  public UsageEvent {
    requireNonNull(id, "id");
    requireNonNull(tenant, "tenant");
    requireNonNull(occurredAt, "occurredAt");
    requireNonNull(metric, "metric");
    requireNonNull(dimensions, "dimensions");
    requireNonNull(reverses, "reverses");
    if (reverses.isPresent()) {
      if (quantity > 0) {
        throw new IllegalArgumentException("reversal " + id + " must carry a negated quantity but had " + quantity);
      }
      if (reverses.get().equals(id)) {
        throw new IllegalArgumentException("event " + id + " cannot reverse itself");
      }
    } else {
      if (quantity < 0) {
        throw new IllegalArgumentException("quantity of " + metric.key() + " must not be negative but was " + quantity
            + " for event " + id);
      }
    }
  }

  /**
   * Starts building an ordinary (non-reversal) event.
   *
   * @param id the idempotency key
   * @param tenant whose usage it is
   * @param metric what was used
   * @return a builder; set at least {@code at} and {@code quantity}
   */
  public static Builder builder(EventId id, TenantId tenant, Metric metric) {
    return new Builder(id, tenant, metric);
  }

  /** {@return whether this event reverses another} */
  public boolean isReversal() {
    return reverses.isPresent();
  }

  /** {@return the quantity as the decimal it stands for in the metric's unit} */
  public BigDecimal decimalQuantity() {
    return metric.toDecimal(quantity);
  }

  /**
   * Returns the event that reverses this one: same tenant, metric and dimensions, negated quantity.
   *
   * <p>A reversal keeps the original's time, so that reports of the original's period net to
   * zero; when it was recorded is the store's business. There is no time limit on reversals.
   *
   * @param reversalId the id of the reversal, different from this event's id
   * @return the reversal
   * @throws IllegalStateException if this event is itself a reversal
   */
  public UsageEvent reversal(EventId reversalId) {
    if (isReversal()) {
      throw new IllegalStateException("event " + id + " is a reversal and cannot be reversed again");
    }
    return new UsageEvent(reversalId, tenant, occurredAt, metric, Math.negateExact(quantity), dimensions, Optional.of(id));
  }

  /**
   * Returns a copy of this event at another instant, as a late-event policy does when it books
   * an event into the next open period.
   *
   * @param instant the new time
   * @return the moved event, same id
   */
  public UsageEvent withOccurredAt(Instant instant) {
    return new UsageEvent(id, tenant, instant, metric, quantity, dimensions, reverses);
  }

  /**
   * Builds an ordinary {@link UsageEvent}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final EventId id;
    private final TenantId tenant;
    private final Metric metric;
    private Instant occurredAt;
    private long quantity = -1;
    private Dimensions dimensions = Dimensions.none();

    private Builder(EventId id, TenantId tenant, Metric metric) {
      this.id = requireNonNull(id, "id");
      this.tenant = requireNonNull(tenant, "tenant");
      this.metric = requireNonNull(metric, "metric");
    }

    /**
     * Sets when the usage happened.
     *
     * @param occurredAt the instant the usage happened, which decides its UTC day
     * @return this builder
     */
    public Builder at(Instant occurredAt) {
      this.occurredAt = requireNonNull(occurredAt, "occurredAt");
      return this;
    }

    /**
     * Sets the quantity, unscaled, zero or positive.
     *
     * @param quantity in the metric's unit times 10 to the metric's scale, zero or more
     * @return this builder
     */
    public Builder quantity(long quantity) {
      if (quantity < 0) {
        throw new IllegalArgumentException("quantity of " + metric.key() + " must not be negative but was " + quantity
            + " for event " + id);
      }
      this.quantity = quantity;
      return this;
    }

    /**
     * Sets the dimensions.
     *
     * @param dimensions the event's dimensions; none unless set
     * @return this builder
     */
    public Builder dimensions(Dimensions dimensions) {
      this.dimensions = requireNonNull(dimensions, "dimensions");
      return this;
    }

    /**
     * {@return the event}
     *
     * @throws IllegalStateException if the time or the quantity was not set
     */
    public UsageEvent build() {
      if (occurredAt == null) {
        throw new IllegalStateException("event " + id + " needs a time: call at(Instant)");
      }
      if (quantity < 0) {
        throw new IllegalStateException("event " + id + " needs a quantity: call quantity(long)");
      }
      return new UsageEvent(id, tenant, occurredAt, metric, quantity, dimensions, Optional.empty());
    }
  }
}
