package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;

/**
 * A wallet's balance against the credit its live grants gave.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param available the balance: unused credit of live grants less any overdraft; negative when
 *     overdrawn
 * @param granted the full amounts of the grants live now (effective and not expired), used or not
 * @param band the health band of {@code granted − available} against {@code granted}: how much of
 *     the live credit is gone
 */
public record BalanceStatus(Credits available, Credits granted, HealthBand band) {

  /**
   * Validates the parts.
   *
   * @param available the balance: unused credit of live grants less any overdraft; negative when
   *     overdrawn
   * @param granted the full amounts of the grants live now (effective and not expired), used or not
   * @param band the health band of {@code granted − available} against {@code granted}: how much of
   *     the live credit is gone
   */
  public BalanceStatus {
    requireNonNull(available, "available");
    requireNonNull(granted, "granted");
    requireNonNull(band, "band");
  }
}
