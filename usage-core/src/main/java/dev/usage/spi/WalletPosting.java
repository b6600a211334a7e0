package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.plan.CreditType;
import dev.usage.pricing.Credits;
import dev.usage.wallet.WalletId;
import java.time.YearMonth;
import java.util.List;

/**
 * What one append changed in one wallet: its balance and credit in effect before and after, and
 * the allotment usage it moved. Hosts use it to tell of threshold crossings exactly once: only the
 * append that moved a wallet across a threshold reports both sides of it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param wallet the wallet
 * @param balanceBefore the balance before the append, caught up to its instant
 * @param grantedBefore the credit in effect before
 * @param balanceAfter the balance after
 * @param grantedAfter the credit in effect after
 * @param allotments the allotment usage the append moved
 */
public record WalletPosting(WalletId wallet, Credits balanceBefore, Credits grantedBefore, Credits balanceAfter,
    Credits grantedAfter, List<Allotment> allotments) {

  /**
   * Validates and copies.
   *
   * @param wallet the wallet
   * @param balanceBefore the balance before the append, caught up to its instant
   * @param grantedBefore the credit in effect before
   * @param balanceAfter the balance after
   * @param grantedAfter the credit in effect after
   * @param allotments the allotment usage the append moved
   */
  public WalletPosting {
    requireNonNull(wallet, "wallet");
    requireNonNull(balanceBefore, "balanceBefore");
    requireNonNull(grantedBefore, "grantedBefore");
    requireNonNull(balanceAfter, "balanceAfter");
    requireNonNull(grantedAfter, "grantedAfter");
    allotments = List.copyOf(allotments);
  }

  /**
   * How one append moved the usage of one allotment.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param type the credit type
   * @param month the UTC month of the usage
   * @param before the usage before, in the type's metered unit
   * @param after the usage after
   */
  public record Allotment(CreditType type, YearMonth month, long before, long after) {

    /**
     * Validates.
     *
     * @param type the credit type
     * @param month the UTC month of the usage
     * @param before the usage before, in the type's metered unit
     * @param after the usage after
     */
    public Allotment {
      requireNonNull(type, "type");
      requireNonNull(month, "month");
    }
  }
}
