package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * A factor on credits: how many times the card's token rate a model consumes, or the fraction of
 * the prompt-token price a cached token pays.
 *
 * <p>A premium model and a light model read the same token rate with different multipliers, say 3
 * and 0.2, so the card quotes one token price and one factor per (provider, model). Factors have at
 * most {@value #SCALE} decimal places and are kept at that scale, so that equal factors are {@code
 * equals}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the factor, zero or positive, at most six decimal places
 */
public record CreditMultiplier(BigDecimal value) {

  /** Decimal places of a multiplier. */
  public static final int SCALE = 6;

  /** The neutral factor. */
  public static final CreditMultiplier ONE = new CreditMultiplier(BigDecimal.ONE);

  /**
   * Validates the value and fixes its scale.
   *
   * @throws IllegalArgumentException if the value is negative, has more than six decimal places or
   *     more than 19 integer digits
   * @param value the factor, zero or positive, at most six decimal places
   */
  public CreditMultiplier {
    requireNonNull(value, "value");
    if (value.signum() < 0) {
      throw new IllegalArgumentException("credit multiplier must not be negative but was " + Decimals.show(value));
    }
    Decimals.checkMagnitude(value, "credit multiplier");
    if (value.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("credit multiplier " + Decimals.show(value) + " has more than " + SCALE
          + " decimal places");
    }
    value = value.setScale(SCALE);
  }

  /**
   * Obtains a multiplier.
   *
   * @param value the factor, zero or positive, at most six decimal places
   * @return the multiplier
   * @throws IllegalArgumentException if the value breaks those rules
   */
  public static CreditMultiplier of(BigDecimal value) {
    return new CreditMultiplier(value);
  }

  /**
   * Obtains a multiplier from its text form, the exact inverse of {@link #toString()}.
   *
   * @param text a plain decimal such as {@code 1.5} or {@code 0.2}
   * @return the multiplier
   * @throws IllegalArgumentException if the text is not such a decimal or breaks the rules
   */
  public static CreditMultiplier parse(CharSequence text) {
    requireNonNull(text, "text");
    BigDecimal value;
    try {
      value = new BigDecimal(text.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed credit multiplier '" + text + "'", e);
    }
    try {
      return new CreditMultiplier(value);
    } catch (IllegalArgumentException e) {
      // Quote the text as given: the decimal's own form may differ (1e9 is shown as 1E+9).
      throw Decimals.quoting("credit multiplier", text, e);
    }
  }

  /** {@return whether this is the neutral factor 1} */
  public boolean isOne() {
    return value.compareTo(BigDecimal.ONE) == 0;
  }

  /** Returns the factor as a plain decimal without trailing zeros, e.g. {@code 1.5} or {@code 3}. */
  @Override
  public String toString() {
    return Rate.plain(value);
  }
}
