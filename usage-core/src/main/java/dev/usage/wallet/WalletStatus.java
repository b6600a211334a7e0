package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.List;

/**
 * A wallet as it stands at an instant: its balance, overdraft, the credit in effect and the grants
 * that can still change.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param wallet which wallet
 * @param mode what a debit larger than the credit does
 * @param asOf the instant the figures are for: activations and expiries up to it are counted
 * @param available the balance: negative when overdrawn
 * @param overdraft credit owed after soft-limit debits, zero or more
 * @param granted the full amounts of the grants in effect
 * @param grants the grants that are scheduled or still hold credit or an expiry, in draw order
 */
public record WalletStatus(WalletId wallet, LimitMode mode, Instant asOf, Credits available, Credits overdraft,
    Credits granted, List<GrantBalance> grants) {

  /**
   * Validates and copies.
   *
   * @param wallet which wallet
   * @param mode what a debit larger than the credit does
   * @param asOf the instant the figures are for: activations and expiries up to it are counted
   * @param available the balance: negative when overdrawn
   * @param overdraft credit owed after soft-limit debits, zero or more
   * @param granted the full amounts of the grants in effect
   * @param grants the grants that are scheduled or still hold credit or an expiry, in draw order
   */
  public WalletStatus {
    requireNonNull(wallet, "wallet");
    requireNonNull(mode, "mode");
    requireNonNull(asOf, "asOf");
    requireNonNull(available, "available");
    requireNonNull(overdraft, "overdraft");
    requireNonNull(granted, "granted");
    grants = List.copyOf(grants);
  }

  /**
   * Returns the status of a book brought up to {@code now}; the book is changed only in memory.
   *
   * @param book a wallet's book, which this call catches up to {@code now}
   * @param now the instant of the status
   * @return the status
   */
  public static WalletStatus of(WalletBook book, Instant now) {
    book.catchUp(now);
    return new WalletStatus(book.id(), book.mode(), now, Credits.ofMicros(book.balance()),
        Credits.ofMicros(book.overdraft()), Credits.ofMicros(book.granted()), book.grants());
  }

  /**
   * Returns the balance against the credit in effect, with its band.
   *
   * @param thresholds where the warning and critical bands start
   * @return the balance status
   */
  public BalanceStatus balance(Thresholds thresholds) {
    long consumed = granted.micros() - available.micros();
    return new BalanceStatus(available, granted, thresholds.band(consumed, granted.micros()));
  }
}
