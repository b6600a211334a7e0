package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of a wallet's append-only ledger.
 *
 * <p>Entries are numbered in the order the wallet booked them, and {@link #balance()} is the running
 * balance after each, so the last entry's balance is the wallet's balance. A grant is booked when it
 * takes effect and its unused rest when it expires, whenever the wallet first notices (it has no
 * timer); {@link #at()} is the instant the change took effect, which for those two is the grant's
 * own effective or expiry instant.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param sequence 1 for the first entry, then one more for each
 * @param kind what happened
 * @param at when it took effect
 * @param amount how much, zero or more; {@link #change()} gives the sign
 * @param balance the running balance after this entry
 * @param grantId the grant concerned, for every kind but {@link Kind#DEBIT}
 * @param reference for {@link Kind#DEBIT}, the debit's reference (the first event's id when the
 *     entry books the debits of several events); for {@link Kind#REFUND}, the reversal's id
 * @param events for {@link Kind#DEBIT}, how many debits the entry books, at least one; else zero
 */
public record LedgerEntry(
    long sequence,
    Kind kind,
    Instant at,
    Credits amount,
    Credits balance,
    Optional<String> grantId,
    Optional<EventId> reference,
    int events) {

  /**
   * Validates the entry.
   *
   * @throws IllegalArgumentException if the sequence is not positive or the amount is negative
   * @param sequence 1 for the first entry, then one more for each
   * @param kind what happened
   * @param at when it took effect
   * @param amount how much, zero or more; {@link #change()} gives the sign
   * @param balance the running balance after this entry
   * @param grantId the grant concerned, for every kind but {@link Kind#DEBIT}
   * @param reference for {@link Kind#DEBIT}, the debit's reference (the first event's id when the
   *     entry books the debits of several events); for {@link Kind#REFUND}, the reversal's id
   * @param events for {@link Kind#DEBIT}, how many debits the entry books, at least one; else zero
   */
  public LedgerEntry {
    requireNonNull(kind, "kind");
    requireNonNull(at, "at");
    requireNonNull(amount, "amount");
    requireNonNull(balance, "balance");
    requireNonNull(grantId, "grantId");
    requireNonNull(reference, "reference");
    if (sequence <= 0) {
      throw new IllegalArgumentException("ledger sequence must be positive but was " + sequence);
    }
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount of ledger entry " + sequence + " must not be negative but was "
          + amount);
    }
    if (!(kind == Kind.DEBIT ? events > 0 : events == 0)) {
      throw new IllegalArgumentException("ledger entry " + sequence + " of kind " + kind + " cannot book " + events
          + " debits");
    }
  }

  /** {@return the signed change this entry made to the balance} */
  public Credits change() {
    return switch (kind) {
      case GRANT, REFUND -> amount;
      case DEBIT, EXPIRY -> amount.negated();
      case OVERDRAFT_REPAYMENT -> Credits.zero();
    };
  }

  /** {@return the amount for a "credits added" column: the grant's or refund's amount, else zero} */
  public Credits creditsAdded() {
    return kind == Kind.GRANT || kind == Kind.REFUND ? amount : Credits.zero();
  }

  /** {@return the amount for a "credits used" column: the debit's amount, else zero} */
  public Credits creditsUsed() {
    return kind == Kind.DEBIT ? amount : Credits.zero();
  }

  /**
   * What a ledger entry records.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum Kind {
    /** A grant took effect: the balance rises by its amount. */
    GRANT,
    /** Credit was consumed: the balance falls by the amount, below zero when overdrawn. */
    DEBIT,
    /** A grant expired with credit unused: the balance falls by what was left. */
    EXPIRY,
    /**
     * A grant paid back part of an overdraft as it took effect. The balance already fell when the
     * overdraft was debited, so this entry does not change it; it says which grant's credit went
     * to the debt.
     */
    OVERDRAFT_REPAYMENT,
    /**
     * A reversal gave back what its original event was debited: the balance rises by the amount,
     * held in a grant of its own that never expires.
     */
    REFUND
  }
}
