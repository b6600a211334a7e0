package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;

/**
 * A grant as a ledger stores it: the grant, where it is in its life, and the credit left in it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param grant the grant
 * @param state where it is in its life
 * @param remaining the credit left to draw, from zero to the grant's amount; the full amount while
 *     {@link State#SCHEDULED}, zero once {@link State#EXPIRED} or {@link State#USED_UP}
 */
public record GrantBalance(Grant grant, State state, Credits remaining) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the remaining credit does not fit the state
   * @param grant the grant
   * @param state where it is in its life
   * @param remaining the credit left to draw, from zero to the grant's amount; the full amount while
   *     {@link State#SCHEDULED}, zero once {@link State#EXPIRED} or {@link State#USED_UP}
   */
  public GrantBalance {
    requireNonNull(grant, "grant");
    requireNonNull(state, "state");
    requireNonNull(remaining, "remaining");
    if (remaining.isNegative() || remaining.compareTo(grant.amount()) > 0) {
      throw new IllegalArgumentException("remaining credit " + remaining + " of grant " + grant.id()
          + " must be between zero and its amount " + grant.amount());
    }
    if (state == State.SCHEDULED && !remaining.equals(grant.amount())) {
      throw new IllegalArgumentException("scheduled grant " + grant.id() + " must hold its whole amount "
          + grant.amount() + ", not " + remaining);
    }
    if (state.isSettled() && !remaining.isZero()) {
      throw new IllegalArgumentException(state + " grant " + grant.id() + " must hold nothing, not " + remaining);
    }
  }

  /**
   * Where a grant is in its life. A ledger reads only the unsettled grants of a wallet to post to
   * it, so that the cost of a posting grows with the grants that can still change.
   *
   * <p>This enum is immutable and thread-safe.
   */
  public enum State {
    /** Added, not yet in effect. */
    SCHEDULED,
    /** In effect: credit may be drawn from it, or it still has an expiry to book. */
    LIVE,
    /** Used up and never expiring: it can no longer change. */
    USED_UP,
    /** Expired: its unused rest left the balance. */
    EXPIRED;

    /** {@return whether a grant in this state can no longer change} */
    public boolean isSettled() {
      return this == USED_UP || this == EXPIRED;
    }
  }
}
