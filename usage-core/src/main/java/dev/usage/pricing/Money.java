package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of a currency at the currency's default fraction digits, for dashboards that show what
 * usage costs.
 *
 * <p>Money is a view, computed from {@link Credits} by a {@link CreditPrice}; it is never summed.
 * Sum the credits and convert the total once: each conversion rounds, and rounded lines do not add
 * up to the rounded total (three lines of 0.5 credits at 0.01 USD per credit show 0.01 USD each,
 * but 1.5 credits cost 0.02 USD). That is why this type has no {@code plus}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param currency the currency, one with default fraction digits (not a pseudo-currency such as XAU)
 * @param amount the amount, with no more decimal places than the currency has; kept at exactly that
 *     many
 */
public record Money(Currency currency, BigDecimal amount) {

  private static final Pattern TEXT = Pattern.compile("([A-Z]{3}) (-?\\d+(?:\\.\\d+)?)");

  /**
   * Validates the parts and fixes the scale of the amount to the currency's fraction digits.
   *
   * @throws IllegalArgumentException if the currency has no default fraction digits or the amount
   *     has more decimal places than it
   * @param currency the currency, one with default fraction digits (not a pseudo-currency such as XAU)
   * @param amount the amount, with no more decimal places than the currency has; kept at exactly that
   *     many
   */
  public Money {
    requireNonNull(currency, "currency");
    requireNonNull(amount, "amount");
    int digits = currency.getDefaultFractionDigits();
    if (digits < 0) {
      throw new IllegalArgumentException("currency " + currency + " has no default fraction digits");
    }
    if (amount.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException("money amount " + amount.toPlainString() + " has more than the " + digits
          + " decimal places of " + currency);
    }
    amount = amount.setScale(digits);
  }

  /**
   * Obtains an amount of money.
   *
   * @param currency a currency with default fraction digits
   * @param amount the amount, at most the currency's fraction digits
   * @return the money
   * @throws IllegalArgumentException if a part breaks those rules
   */
  public static Money of(Currency currency, BigDecimal amount) {
    return new Money(currency, amount);
  }

  /**
   * Obtains an amount from its text form, the exact inverse of {@link #toString()}.
   *
   * @param text a currency code, a space and a plain decimal, e.g. {@code USD 12.30}
   * @return the money
   * @throws IllegalArgumentException if the text is not of that form, names no currency or has too
   *     many decimal places
   */
  public static Money parse(CharSequence text) {
    requireNonNull(text, "text");
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("malformed money amount '" + text + "', expected e.g. USD 12.30");
    }
    return new Money(Currency.getInstance(m.group(1)), new BigDecimal(m.group(2)));
  }

  /** Returns the currency code, a space and the amount with all its fraction digits, e.g. {@code USD 12.30}. */
  @Override
  public String toString() {
    return currency.getCurrencyCode() + " " + amount.toPlainString();
  }
}
