package dev.usage.event;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * How a call or dial attempt turned out: {@linkplain #finished(Instant, Instant) finished} with a
 * real start and end, {@linkplain #missed(Instant) missed}, or still {@linkplain
 * #inProgress(Instant) in progress}.
 *
 * <p>Each outcome knows the instant its events are stamped with, {@link #occurredAt()}: the start
 * of a finished or running call, as carriers date their call records, so that a call belongs to
 * the period in which it started however long it lasts.
 *
 * <p>This interface is sealed; its implementations are immutable and thread-safe.
 */
public sealed interface CallOutcome {

  /**
   * Obtains the outcome of a call that was answered and has ended.
   *
   * @param start when the call was answered
   * @param end when it ended, not before {@code start}
   * @return the outcome
   * @throws IllegalArgumentException if {@code end} is before {@code start}
   */
  static CallOutcome finished(Instant start, Instant end) {
    return new Finished(start, end);
  }

  /**
   * Obtains the outcome of a call that was never answered.
   *
   * @param at when the call rang
   * @return the outcome
   */
  static CallOutcome missed(Instant at) {
    return new Missed(at);
  }

  /**
   * Obtains the outcome of a call that has not ended yet.
   *
   * @param start when the call was answered
   * @return the outcome
   */
  static CallOutcome inProgress(Instant start) {
    return new InProgress(start);
  }

  /** {@return the instant the call's events are stamped with} */
  Instant occurredAt();

  /**
   * A call that was answered and has ended.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param start when the call was answered
   * @param end when it ended, not before {@code start}
   */
  record Finished(Instant start, Instant end) implements CallOutcome {

    /**
     * Validates the times.
     *
     * @throws IllegalArgumentException if {@code end} is before {@code start}, naming both
     * @param start when the call was answered
     * @param end when it ended, not before {@code start}
     */
    public Finished {
      requireNonNull(start, "start");
      requireNonNull(end, "end");
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("end " + end + " is before start " + start);
      }
    }

    /** {@return the time from start to end, exactly} */
    public Duration elapsed() {
      return Duration.between(start, end);
    }

    /**
     * Returns the elapsed time in whole seconds, a started second counting whole.
     *
     * <p>Rounding up matches every carrier's finest increment (1/1): a call of 61.2 s was on the
     * line during 62 started seconds, and the metered time is never less than the real time.
     *
     * @return at least the elapsed seconds and less than one more
     */
    public long elapsedSeconds() {
      return UsageFacts.secondsRoundedUp(elapsed());
    }

    @Override
    public Instant occurredAt() {
      return start;
    }
  }

  /**
   * A call that was never answered.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param at when the call rang
   */
  record Missed(Instant at) implements CallOutcome {

    /**
     * Checks that the instant is present.
     *
     * @param at when the call rang
     */
    public Missed {
      requireNonNull(at, "at");
    }

    @Override
    public Instant occurredAt() {
      return at;
    }
  }

  // Shaped like Missed on purpose: one sealed variant per call state, each naming its instant.
  /**
   * A call that was answered and has not ended yet.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param start when the call was answered
   */
  record InProgress(Instant start) implements CallOutcome {

    /**
     * Checks that the instant is present.
     *
     * @param start when the call was answered
     */
    public InProgress {
      requireNonNull(start, "start");
    }

    @Override
    public Instant occurredAt() {
      return start;
    }
  }
}
