package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * What one credit costs in a currency, for showing usage and wallet balances as money.
 *
 * <p>Credits stay the unit of account; this only converts for display. Convert a sum of credits,
 * never sum converted amounts (see {@link Money}).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param currency the currency, one with default fraction digits
 * @param perCredit the price of one credit, zero or positive, at most {@value #SCALE} decimal
 *     places; kept at that scale
 */
public record CreditPrice(Currency currency, BigDecimal perCredit) {

  /** Decimal places of a price per credit. */
  public static final int SCALE = 9;

  /** How a converted amount is rounded to the currency's fraction digits: half up, as invoices round. */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

  /**
   * Validates the parts and fixes the scale of the price.
   *
   * @throws IllegalArgumentException if the currency has no default fraction digits, or the price
   *     is negative or has more than nine decimal places
   * @param currency the currency, one with default fraction digits
   * @param perCredit the price of one credit, zero or positive, at most {@value #SCALE} decimal
   *     places; kept at that scale
   */
  public CreditPrice {
    requireNonNull(currency, "currency");
    requireNonNull(perCredit, "perCredit");
    if (currency.getDefaultFractionDigits() < 0) {
      throw new IllegalArgumentException("currency " + currency + " has no default fraction digits");
    }
    if (perCredit.signum() < 0) {
      throw new IllegalArgumentException("price per credit must not be negative but was " + perCredit.toPlainString());
    }
    if (perCredit.stripTrailingZeros().scale() > SCALE) {
      throw new IllegalArgumentException("price per credit " + perCredit.toPlainString() + " has more than " + SCALE
          + " decimal places");
    }
    perCredit = perCredit.setScale(SCALE);
  }

  /**
   * Obtains a price per credit.
   *
   * @param currency a currency with default fraction digits
   * @param perCredit the price of one credit, zero or positive, at most nine decimal places
   * @return the price
   * @throws IllegalArgumentException if a part breaks those rules
   */
  public static CreditPrice of(Currency currency, BigDecimal perCredit) {
    return new CreditPrice(currency, perCredit);
  }

  /**
   * Returns what {@code credits} cost: the exact product rounded with {@link #ROUNDING} to the
   * currency's default fraction digits. Negative credits, such as a refund, give negative money.
   *
   * @param credits any amount; for a total, the sum of the credits, converted once
   * @return the money
   */
  public Money toMoney(Credits credits) {
    requireNonNull(credits, "credits");
    BigDecimal exact = credits.toBigDecimal().multiply(perCredit);
    return new Money(currency, exact.setScale(currency.getDefaultFractionDigits(), ROUNDING));
  }

  /** Returns e.g. {@code 0.01 USD per credit}. */
  @Override
  public String toString() {
    return Rate.plain(perCredit) + " " + currency.getCurrencyCode() + " per credit";
  }
}
