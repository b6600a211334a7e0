package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.usage.UsageOverflowException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact amount of credits, held as a whole number of micro-credits (one credit is 1,000,000).
 *
 * <p>Six decimal places price a single token of the cheapest model without rounding it away, and a
 * {@code long} of micro-credits still holds 9.2 trillion credits, so every sum is a plain integer
 * addition, checked for overflow: nothing is ever a {@code double}, and no sum wraps.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param micros the amount in millionths of a credit; negative for debits and reversals
 */
public record Credits(long micros) implements Comparable<Credits> {

  /** Decimal places of a credit amount. */
  public static final int SCALE = 6;

  /** Micro-credits in one credit. */
  public static final long MICROS_PER_CREDIT = 1_000_000L;

  private static final Credits ZERO = new Credits(0);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** {@return no credits} */
  public static Credits zero() {
    return ZERO;
  }

  /**
   * Obtains an amount from micro-credits.
   *
   * @param micros millionths of a credit
   * @return the amount
   */
  public static Credits ofMicros(long micros) {
    return micros == 0 ? ZERO : new Credits(micros);
  }

  /**
   * Obtains an amount of whole credits.
   *
   * @param credits whole credits
   * @return the amount
   * @throws UsageOverflowException if it does not fit in micro-credits
   */
  public static Credits of(long credits) {
    return ofMicros(UsageOverflowException.multiplyExact(credits, MICROS_PER_CREDIT, "credits"));
  }

  /**
   * Obtains an amount from a decimal with at most six decimal places.
   *
   * @param credits the amount, e.g. {@code 12.5}
   * @return the amount
   * @throws IllegalArgumentException if it has more than six significant decimal places
   * @throws UsageOverflowException if it does not fit in micro-credits
   */
  public static Credits of(BigDecimal credits) {
    requireNonNull(credits, "credits");
    // Checked before anything expands the value: 1E+999999999 would take a gigabyte to refuse.
    if (Decimals.integerDigits(credits) > Decimals.MAX_INTEGER_DIGITS) {
      throw new UsageOverflowException("credit amount " + Decimals.show(credits) + " is out of range");
    }
    BigDecimal stripped = credits.stripTrailingZeros();
    if (stripped.scale() > SCALE) {
      throw new IllegalArgumentException("credit amount " + Decimals.show(credits) + " has more than " + SCALE
          + " decimal places");
    }
    BigInteger micros = stripped.movePointRight(SCALE).toBigIntegerExact();
    if (micros.compareTo(MIN) < 0 || micros.compareTo(MAX) > 0) {
      throw new UsageOverflowException("credit amount " + Decimals.show(credits) + " is out of range");
    }
    return ofMicros(micros.longValue());
  }

  /**
   * Obtains an amount from its text form, the exact inverse of {@link #toString()}.
   *
   * @param text a decimal such as {@code 12.5} or {@code -0.000001}
   * @return the amount
   * @throws IllegalArgumentException if the text is not a decimal with at most six decimal places
   */
  public static Credits parse(CharSequence text) {
    requireNonNull(text, "text");
    BigDecimal value;
    try {
      value = new BigDecimal(text.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed credit amount '" + text + "'", e);
    }
    try {
      return of(value);
    } catch (UsageOverflowException e) {
      // Quote the text as given: the decimal's own form may differ (1e9 is shown as 1E+9).
      throw new UsageOverflowException("credit amount '" + text + "' is out of range");
    } catch (IllegalArgumentException e) {
      throw Decimals.quoting("credit amount", text, e);
    }
  }

  /**
   * Returns the exact sum of {@code amounts}, such as the credits of an invoice's priced events.
   *
   * @param amounts any number of amounts
   * @return their sum, zero for none
   * @throws UsageOverflowException if the sum, or any partial sum in iteration order, is out of range
   */
  public static Credits sum(Iterable<Credits> amounts) {
    requireNonNull(amounts, "amounts");
    long total = 0;
    for (Credits c : amounts) {
      total = UsageOverflowException.addExact(total, c.micros, "credits");
    }
    return ofMicros(total);
  }

  /**
   * {@return this plus {@code other}}
   *
   * @param other the credits to add
   * @throws UsageOverflowException if the sum is out of range
   */
  public Credits plus(Credits other) {
    return ofMicros(UsageOverflowException.addExact(micros, other.micros, "credits"));
  }

  /**
   * {@return this minus {@code other}}
   *
   * @param other the credits to subtract
   * @throws UsageOverflowException if the difference is out of range
   */
  public Credits minus(Credits other) {
    return plus(other.negated());
  }

  /**
   * {@return the negated amount}
   *
   * @throws UsageOverflowException for the one amount that has no negation
   */
  public Credits negated() {
    if (micros == Long.MIN_VALUE) {
      throw new UsageOverflowException("credits overflow: cannot negate " + toString());
    }
    return ofMicros(-micros);
  }

  /** {@return whether this amount is below zero} */
  public boolean isNegative() {
    return micros < 0;
  }

  /** {@return whether this amount is zero} */
  public boolean isZero() {
    return micros == 0;
  }

  /** {@return whether this amount is above zero} */
  public boolean isPositive() {
    return micros > 0;
  }

  /**
   * {@return the amount as a decimal with scale {@value #SCALE}: also its JSON form, so that reports
   * serialise credits as exact decimals ({@code 2.500000}), never as micro-credits or a double}
   */
  @JsonValue
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(micros, SCALE);
  }

  @Override
  public int compareTo(Credits other) {
    return Long.compare(micros, other.micros);
  }

  /** Returns the amount as a plain decimal without trailing zeros, e.g. {@code 12.5} or {@code 3}. */
  @Override
  public String toString() {
    BigDecimal d = toBigDecimal().stripTrailingZeros();
    return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
  }
}
