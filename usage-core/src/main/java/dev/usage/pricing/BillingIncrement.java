package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How call time is rounded up before it is priced: a first block of {@code initial} seconds, then
 * blocks of {@code subsequent} seconds, with an optional minimum billable duration.
 *
 * <p>Plans of voice platforms bill in whole increments ({@linkplain #every(Duration) every} 60 s
 * on a base plan, 30 s on a professional plan, custom on enterprise); telecom carriers quote the
 * same thing as "initial/subsequent" schemes such as 60/6, 30/6, 6/6 or 1/1, which {@link
 * #of(Duration, Duration)} builds. A started block is billed whole: a 61-second call bills 120 s on
 * 60/60, 90 s on 30/30 and 66 s on 60/6. A call of zero seconds bills zero unless a {@linkplain
 * #withMinimum(Duration) minimum} applies, in which case every call bills at least the minimum.
 *
 * <p>Increments and the minimum are whole seconds, as every carrier and plan quotes them; the actual
 * duration may carry any fraction of a second, which rounds up with the block it starts.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param initial the first block, at least one whole second
 * @param subsequent each later block, at least one whole second
 * @param minimum the least that any call bills, zero for none; whole seconds
 */
public record BillingIncrement(Duration initial, Duration subsequent, Duration minimum) {

  /** Whole minutes, the base-plan increment. */
  public static final BillingIncrement PER_MINUTE = every(Duration.ofSeconds(60));

  /** Half minutes, the professional-plan increment. */
  public static final BillingIncrement PER_HALF_MINUTE = every(Duration.ofSeconds(30));

  /** Whole seconds: what a 1/1 carrier scheme bills. */
  public static final BillingIncrement PER_SECOND = every(Duration.ofSeconds(1));

  /** Scale of {@link #billableMinutes(Duration)}: micro-minutes. */
  public static final int MINUTES_SCALE = 6;

  private static final BigDecimal SECONDS_PER_MINUTE = BigDecimal.valueOf(60);
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})/(\\d{1,9})(?: min (\\d{1,9}))?");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a block is not a positive whole number of seconds, or the
   *     minimum is negative or not whole seconds
   * @param initial the first block, at least one whole second
   * @param subsequent each later block, at least one whole second
   * @param minimum the least that any call bills, zero for none; whole seconds
   */
  public BillingIncrement {
    requireNonNull(initial, "initial");
    requireNonNull(subsequent, "subsequent");
    requireNonNull(minimum, "minimum");
    checkBlock("initial", initial);
    checkBlock("subsequent", subsequent);
    if (minimum.isNegative() || minimum.getNano() != 0) {
      throw new IllegalArgumentException("minimum billable duration must be zero or whole positive seconds but was "
          + minimum);
    }
  }

  /**
   * Obtains an increment that bills every block of the same length.
   *
   * @param increment the block, a positive whole number of seconds (60 s, 30 s, 6 s, 1 s, ...)
   * @return the increment {@code increment/increment} with no minimum
   * @throws IllegalArgumentException if {@code increment} is not a positive whole number of seconds
   */
  public static BillingIncrement every(Duration increment) {
    return new BillingIncrement(increment, increment, Duration.ZERO);
  }

  /**
   * Obtains an "initial/subsequent" increment, such as the carriers' 60/6 or 30/6.
   *
   * @param initial the first block, a positive whole number of seconds
   * @param subsequent each later block, a positive whole number of seconds
   * @return the increment with no minimum
   * @throws IllegalArgumentException if a block is not a positive whole number of seconds
   */
  public static BillingIncrement of(Duration initial, Duration subsequent) {
    return new BillingIncrement(initial, subsequent, Duration.ZERO);
  }

  /**
   * Obtains an increment from its text form, the exact inverse of {@link #toString()}: {@code
   * "60/6"}, or {@code "60/6 min 120"} with a minimum, all in seconds.
   *
   * @param text the text to parse
   * @return the increment
   * @throws IllegalArgumentException if the text is not of that form or its numbers break the rules
   */
  public static BillingIncrement parse(CharSequence text) {
    requireNonNull(text, "text");
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed billing increment '" + text
          + "', expected e.g. 60/6 or 60/6 min 120");
    }
    Duration minimum = m.group(3) == null ? Duration.ZERO : seconds(m.group(3));
    try {
      return new BillingIncrement(seconds(m.group(1)), seconds(m.group(2)), minimum);
    } catch (IllegalArgumentException e) {
      // The rule broken names a part; the caller needs the whole text to find it.
      throw Decimals.quoting("billing increment", text, e);
    }
  }

  /**
   * Returns a copy that bills every call at least {@code minimum}.
   *
   * @param minimum the least that any call bills, zero or whole positive seconds
   * @return a new increment with the same blocks
   * @throws IllegalArgumentException if {@code minimum} is negative or not whole seconds
   */
  public BillingIncrement withMinimum(Duration minimum) {
    return new BillingIncrement(initial, subsequent, minimum);
  }

  /**
   * Returns the duration that is billed for a call that lasted {@code actual}.
   *
   * <p>The result is at least {@code actual}, less than {@code actual} plus one block (unless the
   * minimum lifts it), and never smaller for a longer call.
   *
   * @param actual how long the call lasted, zero or positive
   * @return the billable duration, whole seconds
   * @throws IllegalArgumentException if {@code actual} is negative
   * @throws UsageOverflowException if the billable seconds do not fit in a {@code long}
   */
  public Duration billable(Duration actual) {
    requireNonNull(actual, "actual");
    if (actual.isNegative()) {
      throw new IllegalArgumentException("call duration must not be negative but was " + actual);
    }
    // One exact path for both forms: Duration arithmetic throws a bare ArithmeticException near
    // Long.MAX_VALUE seconds, and a started second bills the same as a whole one (blocks are whole
    // seconds).
    try {
      long whole = actual.getNano() == 0
          ? actual.getSeconds()
          : UsageOverflowException.addExact(actual.getSeconds(), 1, "billable seconds");
      return Duration.ofSeconds(billableSeconds(whole));
    } catch (UsageOverflowException e) {
      throw new UsageOverflowException("billable time of call duration " + actual + " is out of range");
    }
  }

  /**
   * Returns the duration that is billed for a call from {@code start} to {@code end}.
   *
   * @param start when the call was answered
   * @param end when the call ended, not before {@code start}
   * @return the billable duration, whole seconds
   * @throws IllegalArgumentException if {@code end} is before {@code start}
   */
  public Duration billable(Instant start, Instant end) {
    return billable(elapsed(start, end));
  }

  /**
   * Returns the billable duration in whole seconds; exact, since blocks are whole seconds.
   *
   * @param actual how long the call lasted, zero or positive
   * @return the billable seconds
   * @throws IllegalArgumentException if {@code actual} is negative
   */
  public long billableSeconds(Duration actual) {
    return billable(actual).getSeconds();
  }

  /**
   * Returns the billable seconds of a call that lasted {@code actual} whole seconds, as {@link
   * #billableSeconds(Duration)} does but without allocating, for the credit calculator's hot path.
   *
   * @param actual whole seconds, zero or positive; a fraction of a second must be rounded up first,
   *     which bills the same since every block is whole seconds
   * @return the billable seconds
   * @throws UsageOverflowException if the billable seconds do not fit in a {@code long}
   */
  long billableSeconds(long actual) {
    if (actual < 0) {
      throw new IllegalArgumentException("call duration must not be negative but was " + actual + " s");
    }
    long init = initial.getSeconds();
    long sub = subsequent.getSeconds();
    long rounded;
    if (actual == 0) {
      rounded = 0;
    } else if (actual <= init) {
      rounded = init;
    } else {
      long blocks = ceilDiv(actual - init, sub);
      rounded = UsageOverflowException.addExact(
          init, UsageOverflowException.multiplyExact(blocks, sub, "billable seconds"), "billable seconds");
    }
    return Math.max(rounded, minimum.getSeconds());
  }

  /**
   * Returns the billable duration in minutes, with {@value #MINUTES_SCALE} decimal places.
   *
   * <p>The value is exact whenever the billable seconds are a multiple of three, which holds for
   * every block of 6, 30 or 60 seconds; otherwise (1/1 schemes) a minute has no finite decimal
   * form, and the value is rounded half-up to the micro-minute. Pricing never goes through this
   * method: it works from {@link #billableSeconds(Duration)}.
   *
   * @param actual how long the call lasted, zero or positive
   * @return the billable minutes
   * @throws IllegalArgumentException if {@code actual} is negative
   */
  public BigDecimal billableMinutes(Duration actual) {
    return BigDecimal.valueOf(billableSeconds(actual))
        .divide(SECONDS_PER_MINUTE, MINUTES_SCALE, RoundingMode.HALF_UP);
  }

  /**
   * Returns the time that passed from {@code start} to {@code end}.
   *
   * @param start the earlier instant
   * @param end the later instant, not before {@code start}
   * @return the non-negative duration between them
   * @throws IllegalArgumentException if {@code end} is before {@code start}
   */
  public static Duration elapsed(Instant start, Instant end) {
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    return Duration.between(start, end);
  }

  /** Returns {@code initial/subsequent} in seconds, followed by {@code " min N"} when a minimum applies. */
  @Override
  public String toString() {
    String blocks = initial.getSeconds() + "/" + subsequent.getSeconds();
    return minimum.isZero() ? blocks : blocks + " min " + minimum.getSeconds();
  }

  private static void checkBlock(String name, Duration block) {
    if (block.getSeconds() <= 0 || block.getNano() != 0) {
      throw new IllegalArgumentException(name + " billing increment must be a positive whole number of seconds but was "
          + block);
    }
  }

  private static Duration seconds(String digits) {
    return Duration.ofSeconds(Long.parseLong(digits));
  }

  /**
   * Returns {@code dividend / divisor} rounded towards positive infinity, as Java 18's
   * {@code Math.ceilDiv} does: Java 17 has only {@code floorDiv}.
   *
   * @throws ArithmeticException if {@code divisor} is zero
   */
  static long ceilDiv(long dividend, long divisor) {
    long quotient = dividend / divisor;
    // Truncation rounded down exactly when the division is inexact and the true quotient is positive.
    return dividend % divisor != 0 && (dividend ^ divisor) >= 0 ? quotient + 1 : quotient;
  }
}
