package dev.usage.wallet;

/**
 * The running sums of one wallet, in micro-credits, as a ledger stores them beside its grants.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param balance the balance: credit granted and in effect, less debited, less expired; negative
 *     when overdrawn
 * @param overdraft credit owed after soft-limit debits, repaid by the next grants to take effect;
 *     zero or more
 * @param granted the full amounts of the grants in effect and not expired, zero or more
 * @param turnover everything ever granted plus everything ever debited, zero or more; checking
 *     this one sum for overflow keeps every other in range
 * @param lastSequence the sequence of the wallet's newest ledger entry, zero before the first
 */
public record WalletTotals(long balance, long overdraft, long granted, long turnover, long lastSequence) {

  /** The sums of a wallet that has booked nothing. */
  public static final WalletTotals EMPTY = new WalletTotals(0, 0, 0, 0, 0);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a sum that cannot be negative is
   * @param balance the balance: credit granted and in effect, less debited, less expired; negative
   *     when overdrawn
   * @param overdraft credit owed after soft-limit debits, repaid by the next grants to take effect;
   *     zero or more
   * @param granted the full amounts of the grants in effect and not expired, zero or more
   * @param turnover everything ever granted plus everything ever debited, zero or more; checking
   *     this one sum for overflow keeps every other in range
   * @param lastSequence the sequence of the wallet's newest ledger entry, zero before the first
   */
  public WalletTotals {
    if (overdraft < 0 || granted < 0 || turnover < 0 || lastSequence < 0) {
      throw new IllegalArgumentException("wallet sums must not be negative: overdraft " + overdraft + ", granted "
          + granted + ", turnover " + turnover + ", sequence " + lastSequence);
    }
  }
}
