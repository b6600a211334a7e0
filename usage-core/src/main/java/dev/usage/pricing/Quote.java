package dev.usage.pricing;

import dev.usage.UsageOverflowException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The exact price of one unscaled unit of a metric, in micro-credits, as a reduced fraction
 * {@code num / den}, with the trace that explains it.
 *
 * <p>Rate × multiplier × cached-token factor ÷ (per × 10^scale) is a rational number; keeping it
 * as a fraction means the only rounding is the one at the end, {@code quantity × num / den} to
 * whole micro-credits. When the fraction and the product fit in a {@code long} this is a multiply
 * and a divide without allocating; otherwise the same fraction is evaluated
 * with {@code BigDecimal}. Both paths round with {@link CreditCalculator#ROUNDING}, so they agree
 * to the micro-credit.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Quote {

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  final PricingTrace trace;
  private final BigInteger bigNum;
  private final BigInteger bigDen;
  /** The fraction in {@code long}s, or {@code den == 0} when it does not fit. */
  private final long num;
  private final long den;

  private Quote(PricingTrace trace, BigInteger num, BigInteger den) {
    this.trace = trace;
    this.bigNum = num;
    this.bigDen = den;
    boolean fits = num.bitLength() < 64 && den.bitLength() < 64;
    this.num = fits ? num.longValueExact() : 0;
    this.den = fits ? den.longValueExact() : 0;
  }

  /**
   * Returns the quote of {@code rate × multiplier × factor} for a metric of {@code metricScale}.
   */
  static Quote of(Rate rate, CreditMultiplier multiplier, CreditMultiplier factor, int metricScale,
      PricingTrace trace) {
    // credits per whole unit, exact: scales add up under multiplication, nothing is rounded
    BigDecimal perUnits = rate.credits().multiply(multiplier.value()).multiply(factor.value());
    // micro-credits per unscaled unit = unscaled × 10^(SCALE - scale(perUnits) - metricScale) / per
    int exponent = Credits.SCALE - perUnits.scale() - metricScale;
    BigInteger num = perUnits.unscaledValue();
    BigInteger den = BigInteger.valueOf(rate.per());
    if (exponent >= 0) {
      num = num.multiply(BigInteger.TEN.pow(exponent));
    } else {
      den = den.multiply(BigInteger.TEN.pow(-exponent));
    }
    BigInteger gcd = num.gcd(den);
    if (gcd.signum() > 0 && !gcd.equals(BigInteger.ONE)) {
      num = num.divide(gcd);
      den = den.divide(gcd);
    }
    return new Quote(trace, num, den);
  }

  /**
   * Returns {@code quantity × num / den} rounded with {@link CreditCalculator#ROUNDING}.
   *
   * @param quantity the billable quantity, unscaled, zero or positive
   * @throws UsageOverflowException if the credits do not fit in a {@code long} of micro-credits
   */
  long micros(long quantity) {
    long micros = fastMicros(quantity);
    return micros >= 0 ? micros : slowMicros(quantity);
  }

  /**
   * Returns what {@link #micros(long)} returns when the fraction and the product fit in a {@code
   * long}, else -1 (no result is negative, since quantities and prices are not).
   */
  long fastMicros(long quantity) {
    if (den == 0) {
      return -1;
    }
    long hi = Math.multiplyHigh(quantity, num);
    long product = quantity * num;
    if (hi != 0 || product < 0) {
      return -1;
    }
    long quotient = product / den;
    long remainder = product - quotient * den;
    return remainder == 0 || !roundsUp(quotient, remainder, den) ? quotient : quotient + 1;
  }

  /** Returns what {@link #micros(long)} returns, always by {@code BigDecimal}; for the fallback and tests. */
  long slowMicros(long quantity) {
    BigDecimal exact = new BigDecimal(BigInteger.valueOf(quantity).multiply(bigNum));
    BigInteger rounded = exact.divide(new BigDecimal(bigDen), 0, CreditCalculator.ROUNDING).toBigIntegerExact();
    if (rounded.compareTo(LONG_MAX) > 0) {
      throw new UsageOverflowException("credits overflow: " + quantity + " units of " + trace.rateMetric()
          + " at " + trace.rate().map(Rate::toString).orElse("0") + " on rate card " + trace.rateCardVersion()
          + " is out of range");
    }
    return rounded.longValue();
  }

  /**
   * Returns whether a non-negative quotient with a non-zero remainder rounds up under {@link
   * CreditCalculator#ROUNDING}; the comparisons fold away, since the mode is a constant.
   */
  private static boolean roundsUp(long quotient, long remainder, long den) {
    RoundingMode mode = CreditCalculator.ROUNDING;
    long rest = den - remainder; // compare remainder with den / 2 without overflow or halving
    if (mode == RoundingMode.HALF_UP) {
      return remainder >= rest;
    } else if (mode == RoundingMode.HALF_DOWN) {
      return remainder > rest;
    } else if (mode == RoundingMode.HALF_EVEN) {
      return remainder > rest || (remainder == rest && (quotient & 1) == 1);
    } else if (mode == RoundingMode.UP || mode == RoundingMode.CEILING) {
      return true;
    } else if (mode == RoundingMode.DOWN || mode == RoundingMode.FLOOR) {
      return false;
    }
    throw new ArithmeticException("rounding mode " + mode + " cannot round " + quotient + " + " + remainder + "/" + den);
  }

  @Override
  public String toString() {
    return bigNum + "/" + bigDen + " micro-credits per unit";
  }
}
