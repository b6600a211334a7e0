package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides what happens to an event that arrives late (or early): whether it is recorded as it is,
 * moved, recorded as a restatement, or rejected.
 *
 * <p>Checked in this order, against the instant {@code now}:
 *
 * <ol>
 *   <li>An event more than {@linkplain Builder#maxFutureSkew(Duration) the allowed skew} (default
 *       5 minutes) after {@code now} is {@linkplain LateEventDecision.Outcome#REJECTED_IN_FUTURE
 *       rejected}: small skew between hosts' clocks is normal, usage from the future is a bug.
 *   <li>An event more than {@linkplain Builder#maxAge(Duration) the maximum age} (default 35 days)
 *       before {@code now} is {@linkplain LateEventDecision.Outcome#REJECTED_TOO_OLD rejected}, so
 *       that a replayed backlog cannot silently rewrite old usage. Both limits are inclusive: an
 *       event exactly 35 days old is accepted. {@linkplain UsageEvent#isReversal() Reversals} are
 *       exempt, since a correction has no time limit; they still meet the closed-period rule.
 *   <li>An event before {@code closedThrough}, the instant up to which periods have been
 *       invoiced, is handled by the {@link ClosedPeriodAction}: {@linkplain
 *       ClosedPeriodAction#REJECT rejected} (the default, which neither alters a sent invoice nor
 *       moves usage in time), {@linkplain ClosedPeriodAction#BOOK_INTO_NEXT_OPEN_PERIOD rebooked}
 *       at {@code closedThrough}, or {@linkplain ClosedPeriodAction#RESTATE restated}.
 *   <li>Anything else is {@linkplain LateEventDecision.Outcome#ACCEPTED accepted} unchanged.
 * </ol>
 *
 * <p>Deciding is a pure function of the event, {@code closedThrough} and {@code now}; the policy
 * reads its {@link Clock} only when {@code now} is not given.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class LateEventPolicy {

  /** The default maximum age of an event, 35 days. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(35);

  /** The default allowance for events stamped after now by a fast clock, 5 minutes. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  private final Duration maxAge;
  private final Duration maxFutureSkew;
  private final ClosedPeriodAction onClosedPeriod;
  private final Clock clock;

  private LateEventPolicy(Builder b) {
    this.maxAge = b.maxAge;
    this.maxFutureSkew = b.maxFutureSkew;
    this.onClosedPeriod = b.onClosedPeriod;
    this.clock = b.clock;
  }

  /**
   * {@return a builder with the defaults: 35 days, 5 minutes, {@link ClosedPeriodAction#REJECT}
   * and the UTC system clock}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the maximum age of an accepted event} */
  public Duration maxAge() {
    return maxAge;
  }

  /** {@return how far after now an event may be stamped} */
  public Duration maxFutureSkew() {
    return maxFutureSkew;
  }

  /** {@return what happens to events of closed periods} */
  public ClosedPeriodAction onClosedPeriod() {
    return onClosedPeriod;
  }

  /** {@return the clock that tells now} */
  public Clock clock() {
    return clock;
  }

  /**
   * Decides about {@code event} now, as the policy's clock tells it.
   *
   * @param event the event that arrived
   * @param closedThrough the instant before which every period is closed (invoiced), or empty if
   *     none is
   * @return the decision
   * @throws IllegalArgumentException if {@code closedThrough} is after now plus the allowed skew
   */
  public LateEventDecision decide(UsageEvent event, Optional<Instant> closedThrough) {
    return decide(event, closedThrough, clock.instant());
  }

  /**
   * Decides about {@code event} at the instant {@code now}, for replays and tests.
   *
   * @param event the event that arrived
   * @param closedThrough the instant before which every period is closed (invoiced), or empty if
   *     none is
   * @param now the instant the event arrived
   * @return the decision
   * @throws IllegalArgumentException if {@code closedThrough} is after {@code now} plus the
   *     allowed skew, since no period can be invoiced before it has ended
   */
  public LateEventDecision decide(UsageEvent event, Optional<Instant> closedThrough, Instant now) {
    requireNonNull(event, "event");
    requireNonNull(closedThrough, "closedThrough");
    requireNonNull(now, "now");
    Instant latest = now.plus(maxFutureSkew);
    if (closedThrough.isPresent() && closedThrough.get().isAfter(latest)) {
      throw new IllegalArgumentException("closed-through instant " + closedThrough.get() + " is after now " + now
          + " plus the allowed skew of " + describe(maxFutureSkew));
    }
    Instant at = event.occurredAt();
    String which = (event.isReversal() ? "reversal " : "event ") + event.id() + " at " + at;

    if (at.isAfter(latest)) {
      return rejected(LateEventDecision.Outcome.REJECTED_IN_FUTURE,
          which + " is more than " + describe(maxFutureSkew) + " after now " + now);
    }
    Instant oldest = now.minus(maxAge);
    if (at.isBefore(oldest) && !event.isReversal()) {
      return rejected(LateEventDecision.Outcome.REJECTED_TOO_OLD,
          which + " is older than the maximum age of " + describe(maxAge) + ": events before " + oldest
              + " are rejected (now " + now + ")");
    }
    if (closedThrough.isPresent() && at.isBefore(closedThrough.get())) {
      Instant closed = closedThrough.get();
      String inClosed = which + " falls in a closed period (periods before " + closed + " are invoiced)";
      return switch (onClosedPeriod) {
        case REJECT -> rejected(LateEventDecision.Outcome.REJECTED_CLOSED_PERIOD, inClosed);
        case BOOK_INTO_NEXT_OPEN_PERIOD -> new LateEventDecision(LateEventDecision.Outcome.REBOOKED,
            Optional.of(event.withOccurredAt(closed)),
            inClosed + ": booked at " + closed + ", the first instant of the next open period");
        case RESTATE -> new LateEventDecision(LateEventDecision.Outcome.RESTATED, Optional.of(event),
            inClosed + ": accepted as a restatement of that period");
      };
    }
    String limit = event.isReversal() ? "reversals have no age limit" : "not before " + oldest;
    return new LateEventDecision(LateEventDecision.Outcome.ACCEPTED, Optional.of(event),
        which + " accepted: " + limit + closedThrough.map(c -> ", not before closed-through " + c).orElse("")
            + " (now " + now + ")");
  }

  @Override
  public String toString() {
    return "LateEventPolicy{maxAge=" + describe(maxAge) + ", maxFutureSkew=" + describe(maxFutureSkew)
        + ", onClosedPeriod=" + onClosedPeriod + ", clock=" + clock + "}";
  }

  private static LateEventDecision rejected(LateEventDecision.Outcome outcome, String reason) {
    return new LateEventDecision(outcome, Optional.empty(), reason);
  }

  /** Returns a duration as people say it: "35 days", "5 minutes", else ISO-8601. */
  static String describe(Duration d) {
    if (d.getNano() == 0 && !d.isZero()) {
      long s = d.getSeconds();
      if (s % 86_400 == 0) {
        return plural(s / 86_400, "day");
      } else if (s % 3_600 == 0) {
        return plural(s / 3_600, "hour");
      } else if (s % 60 == 0) {
        return plural(s / 60, "minute");
      }
    }
    return d.toString();
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /**
   * Builds a {@link LateEventPolicy}; each setting may be set once, and {@link #build()} checks
   * them.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
    private ClosedPeriodAction onClosedPeriod = ClosedPeriodAction.REJECT;
    private Clock clock = Clock.systemUTC();
    private boolean maxAgeSet;
    private boolean maxFutureSkewSet;
    private boolean onClosedPeriodSet;
    private boolean clockSet;

    private Builder() {}

    /**
     * Sets the maximum age of an accepted event, measured from now.
     *
     * @param maxAge positive; default 35 days
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder maxAge(Duration maxAge) {
      requireNonNull(maxAge, "maxAge");
      if (maxAgeSet) {
        throw new IllegalStateException("maximum age was already set to " + this.maxAge);
      }
      this.maxAge = maxAge;
      maxAgeSet = true;
      return this;
    }

    /**
     * Sets how far after now an event may be stamped, for clocks that run fast.
     *
     * @param maxFutureSkew zero or positive; default 5 minutes
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder maxFutureSkew(Duration maxFutureSkew) {
      requireNonNull(maxFutureSkew, "maxFutureSkew");
      if (maxFutureSkewSet) {
        throw new IllegalStateException("maximum future skew was already set to " + this.maxFutureSkew);
      }
      this.maxFutureSkew = maxFutureSkew;
      maxFutureSkewSet = true;
      return this;
    }

    /**
     * Sets what happens to events of closed periods.
     *
     * @param action the action; default {@link ClosedPeriodAction#REJECT}
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder onClosedPeriod(ClosedPeriodAction action) {
      requireNonNull(action, "action");
      if (onClosedPeriodSet) {
        throw new IllegalStateException("closed-period action was already set to " + onClosedPeriod);
      }
      this.onClosedPeriod = action;
      onClosedPeriodSet = true;
      return this;
    }

    /**
     * Sets the clock that tells now.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder clock(Clock clock) {
      requireNonNull(clock, "clock");
      if (clockSet) {
        throw new IllegalStateException("clock was already set to " + this.clock);
      }
      this.clock = clock;
      clockSet = true;
      return this;
    }

    /**
     * {@return the policy}
     *
     * @throws IllegalArgumentException if the maximum age is not positive, or the skew is negative
     *     or not shorter than the maximum age
     */
    public LateEventPolicy build() {
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("maximum age must be positive but was " + maxAge);
      }
      if (maxFutureSkew.isNegative()) {
        throw new IllegalArgumentException("maximum future skew must not be negative but was " + maxFutureSkew);
      }
      if (maxFutureSkew.compareTo(maxAge) >= 0) {
        throw new IllegalArgumentException("maximum future skew " + maxFutureSkew
            + " must be shorter than the maximum age " + maxAge);
      }
      return new LateEventPolicy(this);
    }
  }
}
