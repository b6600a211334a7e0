package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The price of a metric on a rate card: {@code credits} per {@code per} units of the metric.
 *
 * <p>A rate is a pair rather than one decimal so that prices quoted per block stay exact: "1 credit
 * per 60 s" has no finite decimal price per second, and "0.5 credits per 1,000 tokens" is read as
 * written. {@code per} counts whole units of the metric's {@linkplain dev.usage.metric.Metric#unit()
 * unit} (seconds, tokens, segments), whatever the metric's scale. {@code credits} has at most
 * {@value Credits#SCALE} decimal places; a smaller price is written with a larger {@code per}.
 *
 * <p>A rate {@linkplain #billedInIncrements() billed in increments} applies its rate card's {@link
 * BillingIncrement} to the quantity first; only metrics that count seconds may be. Call time is
 * billed in increments, speech-to-text seconds usually are not, which is why this is a property of
 * the rate and not of the unit.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param credits the credits charged per {@code per} units, zero or positive, at most six decimal
 *     places; kept at scale {@value Credits#SCALE}
 * @param per how many units the credits buy, at least 1
 * @param billedInIncrements whether the quantity is rounded up by the card's billing increment
 */
public record Rate(BigDecimal credits, long per, boolean billedInIncrements) {

  private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?) per (\\d+)( in increments)?");

  /**
   * Validates the parts and fixes the scale of {@code credits}.
   *
   * @throws IllegalArgumentException if {@code credits} is negative, has more than six decimal
   *     places or more than 19 integer digits, or {@code per} is not positive
   * @param credits the credits charged per {@code per} units, zero or positive, at most six decimal
   *     places; kept at scale {@value Credits#SCALE}
   * @param per how many units the credits buy, at least 1
   * @param billedInIncrements whether the quantity is rounded up by the card's billing increment
   */
  public Rate {
    requireNonNull(credits, "credits");
    if (credits.signum() < 0) {
      throw new IllegalArgumentException("rate credits must not be negative but was " + Decimals.show(credits));
    }
    Decimals.checkMagnitude(credits, "rate credits");
    if (credits.stripTrailingZeros().scale() > Credits.SCALE) {
      throw new IllegalArgumentException("rate credits " + Decimals.show(credits) + " has more than " + Credits.SCALE
          + " decimal places; quote the rate per more units instead");
    }
    if (per <= 0) {
      throw new IllegalArgumentException("rate units per price must be positive but was " + per);
    }
    credits = credits.setScale(Credits.SCALE);
  }

  /**
   * Obtains a rate of {@code credits} per {@code per} units, not billed in increments.
   *
   * @param credits credits per {@code per} units, zero or positive, at most six decimal places
   * @param per how many units the credits buy, at least 1
   * @return the rate
   * @throws IllegalArgumentException if a part breaks those rules
   */
  public static Rate of(BigDecimal credits, long per) {
    return new Rate(credits, per, false);
  }

  /**
   * Obtains a rate of whole {@code credits} per {@code per} units, not billed in increments.
   *
   * @param credits whole credits per {@code per} units, zero or positive
   * @param per how many units the credits buy, at least 1
   * @return the rate
   * @throws IllegalArgumentException if a part breaks those rules
   */
  public static Rate of(long credits, long per) {
    return of(BigDecimal.valueOf(credits), per);
  }

  /**
   * Obtains a rate from its text form, the exact inverse of {@link #toString()}: {@code "0.5 per
   * 1000"} or {@code "1 per 60 in increments"}.
   *
   * @param text the text to parse
   * @return the rate
   * @throws IllegalArgumentException if the text is not of that form or its numbers break the rules
   */
  public static Rate parse(CharSequence text) {
    requireNonNull(text, "text");
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed rate '" + text
          + "', expected e.g. 0.5 per 1000 or 1 per 60 in increments");
    }
    long per;
    try {
      per = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rate units per price in '" + text + "' is out of range", e);
    }
    try {
      return new Rate(new BigDecimal(m.group(1)), per, m.group(3) != null);
    } catch (IllegalArgumentException e) {
      // The rule broken names a part; the caller needs the whole text to find it.
      throw Decimals.quoting("rate", text, e);
    }
  }

  /** {@return a copy of this rate that is billed in the rate card's increments} */
  public Rate withIncrements() {
    return new Rate(credits, per, true);
  }

  /** Returns the credits without trailing zeros, as people write them: {@code 0.5}, {@code 2}. */
  String creditsText() {
    return plain(credits);
  }

  /** Returns {@code "<credits> per <per>"}, followed by {@code " in increments"} when billed so. */
  @Override
  public String toString() {
    String rate = creditsText() + " per " + per;
    return billedInIncrements ? rate + " in increments" : rate;
  }

  static String plain(BigDecimal value) {
    BigDecimal d = value.stripTrailingZeros();
    return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
  }
}
