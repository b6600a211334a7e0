package dev.usage.pricing;

import java.math.BigDecimal;

/**
 * Guards for decimals that come from outside: a {@code BigDecimal} may carry a scale near
 * {@code Integer.MIN_VALUE} or {@code MAX_VALUE}, and expanding such a value (to plain text, to a
 * fixed scale, to a {@code BigInteger}) takes gigabytes or throws a raw {@code ArithmeticException}.
 */
final class Decimals {

  /** Integer digits beyond which no amount, rate or multiplier can be meant: {@code Long.MAX_VALUE} has 19. */
  static final int MAX_INTEGER_DIGITS = 19;

  /** Plain text up to this many digits either side of the point; scientific notation beyond. */
  private static final int MAX_PLAIN_DIGITS = 40;

  private Decimals() {}

  /** Returns the number of digits before the point, zero or negative for values below 1, never expanding the value. */
  static long integerDigits(BigDecimal value) {
    // Stripping trailing zeros lowers precision and scale alike, so this needs no stripping.
    return value.signum() == 0 ? 0 : value.precision() - (long) value.scale();
  }

  /** Returns a short text of the value for a message: plain when that is short, scientific otherwise. */
  static String show(BigDecimal value) {
    long digits = integerDigits(value);
    return digits > MAX_PLAIN_DIGITS || value.scale() > MAX_PLAIN_DIGITS ? value.toString() : value.toPlainString();
  }

  /** Rejects a value with more than {@link #MAX_INTEGER_DIGITS} integer digits. */
  static void checkMagnitude(BigDecimal value, String what) {
    if (integerDigits(value) > MAX_INTEGER_DIGITS) {
      throw new IllegalArgumentException(what + " " + show(value) + " has more than " + MAX_INTEGER_DIGITS
          + " integer digits");
    }
  }


  /**
   * Returns {@code e} if its message already quotes {@code text}, or an exception that does: a rule
   * broken by one part of a parsed text (or by a decimal shown in another form, 1e9 as 1E+9) would
   * otherwise leave the caller guessing which input was wrong.
   */
  static IllegalArgumentException quoting(String what, CharSequence text, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains(text) ? e : new IllegalArgumentException(what + " '" + text + "': " + message, e);
  }
}
