package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.pricing.Credits;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * When a wallet's balance will run out at its recent rate of consumption.
 *
 * <p>The burn is the sum of the {@linkplain LedgerEntry.Kind#DEBIT debits} whose instant lies in the
 * window {@code (now − window, now]}, spread over the window's whole days. The days left are {@code
 * ceil(balance × windowDays / burn)}, computed exactly in integers, so a balance that lasts into a
 * day counts that day; the depletion date is today (UTC, by the clock) plus the days left. A balance
 * of zero or less depletes today; with no burn and a positive balance the forecast has no date.
 *
 * <p>The forecast is deliberately simple: it assumes the burn goes on as in the window, and does not
 * foresee grants that will expire or take effect, so credit expiring before the date makes the real
 * date earlier.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param averageDailyBurn the burn per day over the window, rounded down to the micro-credit; for
 *     display, the days left are computed from the exact burn
 * @param balance the balance the forecast starts from, the running balance of the last entry
 * @param depletionDate the UTC date the balance reaches zero, or empty if there is no burn (or the
 *     date would lie beyond {@link LocalDate#MAX})
 * @param daysLeft whole days from today to the depletion date, empty exactly when the date is
 */
public record DepletionForecast(
    Credits averageDailyBurn, Credits balance, Optional<LocalDate> depletionDate, Optional<Long> daysLeft) {

  /** The default trailing window, seven days. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the burn or the days left are negative, or only one of the
   *     date and the days is present
   * @param averageDailyBurn the burn per day over the window, rounded down to the micro-credit; for
   *     display, the days left are computed from the exact burn
   * @param balance the balance the forecast starts from, the running balance of the last entry
   * @param depletionDate the UTC date the balance reaches zero, or empty if there is no burn (or the
   *     date would lie beyond {@link LocalDate#MAX})
   * @param daysLeft whole days from today to the depletion date, empty exactly when the date is
   */
  public DepletionForecast {
    requireNonNull(averageDailyBurn, "averageDailyBurn");
    requireNonNull(balance, "balance");
    requireNonNull(depletionDate, "depletionDate");
    requireNonNull(daysLeft, "daysLeft");
    if (averageDailyBurn.isNegative()) {
      throw new IllegalArgumentException("average daily burn must not be negative but was " + averageDailyBurn);
    }
    if (depletionDate.isPresent() != daysLeft.isPresent()) {
      throw new IllegalArgumentException("depletion date " + depletionDate + " and days left " + daysLeft
          + " must be both present or both empty");
    }
    if (daysLeft.isPresent() && daysLeft.get() < 0) {
      throw new IllegalArgumentException("days left must not be negative but was " + daysLeft.get());
    }
  }

  /**
   * Forecasts from a wallet's ledger over the {@linkplain #DEFAULT_WINDOW default window}.
   *
   * @param wallet the wallet whose ledger is read
   * @param clock says what now and today (UTC) are
   * @see #of(List, Clock, Duration)
   * @return the forecast
   */
  public static DepletionForecast of(CreditWallet wallet, Clock clock) {
    return of(requireNonNull(wallet, "wallet").entries(), clock, DEFAULT_WINDOW);
  }

  /**
   * Forecasts from a wallet's ledger.
   *
   * @param wallet the wallet whose ledger is read
   * @param clock says what now and today (UTC) are
   * @param window how far back the burn is measured: a positive whole number of days
   * @see #of(List, Clock, Duration)
   * @return the forecast
   */
  public static DepletionForecast of(CreditWallet wallet, Clock clock, Duration window) {
    return of(requireNonNull(wallet, "wallet").entries(), clock, window);
  }

  /**
   * Forecasts from ledger entries.
   *
   * @param entries a wallet's ledger, in sequence order; the last entry's balance is the balance
   *     (zero if there are none)
   * @param clock says what now and today (UTC) are
   * @param window how far back the burn is measured: a positive whole number of days
   * @return the forecast
   * @throws IllegalArgumentException if the window is not a positive whole number of days
   */
  public static DepletionForecast of(List<LedgerEntry> entries, Clock clock, Duration window) {
    requireNonNull(entries, "entries");
    requireNonNull(clock, "clock");
    requireNonNull(window, "window");
    if (window.compareTo(Duration.ofDays(1)) < 0 || !window.equals(Duration.ofDays(window.toDays()))) {
      throw new IllegalArgumentException("forecast window must be a positive whole number of days but was " + window);
    }
    long days = window.toDays();
    Instant now = clock.instant();
    Instant start = now.minus(window);
    long burn = 0;
    for (LedgerEntry e : entries) {
      if (e.kind() == LedgerEntry.Kind.DEBIT && e.at().isAfter(start) && !e.at().isAfter(now)) {
        burn = UsageOverflowException.addExact(burn, e.amount().micros(), "credits burned");
      }
    }
    Credits balance = entries.isEmpty() ? Credits.zero() : entries.get(entries.size() - 1).balance();
    return of(balance, Credits.ofMicros(burn), clock, window);
  }

  /**
   * Forecasts from a balance and what was debited over the window before now.
   *
   * @param balance the balance now
   * @param burned the credits debited for usage in the window, zero or more
   * @param clock says what now and today (UTC) are
   * @param window how far back the burn was measured: a positive whole number of days
   * @return the forecast
   * @throws IllegalArgumentException if the window is not a positive whole number of days or the
   *     burn is negative
   */
  public static DepletionForecast of(Credits balance, Credits burned, Clock clock, Duration window) {
    requireNonNull(balance, "balance");
    requireNonNull(burned, "burned");
    requireNonNull(clock, "clock");
    requireNonNull(window, "window");
    if (window.compareTo(Duration.ofDays(1)) < 0 || !window.equals(Duration.ofDays(window.toDays()))) {
      throw new IllegalArgumentException("forecast window must be a positive whole number of days but was " + window);
    }
    if (burned.isNegative()) {
      throw new IllegalArgumentException("credits burned must not be negative but was " + burned);
    }
    long days = window.toDays();
    long burn = burned.micros();
    Instant now = clock.instant();
    Credits average = Credits.ofMicros(burn / days);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (!balance.isPositive()) {
      return new DepletionForecast(average, balance, Optional.of(today), Optional.of(0L));
    }
    if (burn == 0) {
      return new DepletionForecast(average, balance, Optional.empty(), Optional.empty());
    }
    // balance × days may not fit a long; the quotient is compared with the date range below.
    BigInteger[] qr = BigInteger.valueOf(balance.micros()).multiply(BigInteger.valueOf(days))
        .divideAndRemainder(BigInteger.valueOf(burn));
    BigInteger left = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    long maxDays = LocalDate.MAX.toEpochDay() - today.toEpochDay();
    if (left.compareTo(BigInteger.valueOf(maxDays)) > 0) {
      return new DepletionForecast(average, balance, Optional.empty(), Optional.empty());
    }
    long daysLeft = left.longValueExact();
    return new DepletionForecast(average, balance, Optional.of(today.plusDays(daysLeft)), Optional.of(daysLeft));
  }
}
