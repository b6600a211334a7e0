package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.List;

/**
 * A recorded debit: what was drawn from which grant, and what no grant covered.
 *
 * <p>The draws plus the overdrawn part add up to the amount exactly.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param reference the idempotency key of the debit, typically the priced event's id
 * @param amount the credit debited, zero or more
 * @param at when the usage being paid for happened
 * @param draws the grants drawn from, in draw order
 * @param overdrawn the part no grant covered; zero unless the wallet is in {@link LimitMode#SOFT}
 * @param balanceAfter the wallet's balance right after this debit
 */
public record Debit(
    EventId reference, Credits amount, Instant at, List<Draw> draws, Credits overdrawn, Credits balanceAfter) {

  /**
   * Validates and copies the parts.
   *
   * @throws IllegalArgumentException if the draws and overdraft do not add up to the amount
   * @param reference the idempotency key of the debit, typically the priced event's id
   * @param amount the credit debited, zero or more
   * @param at when the usage being paid for happened
   * @param draws the grants drawn from, in draw order
   * @param overdrawn the part no grant covered; zero unless the wallet is in {@link LimitMode#SOFT}
   * @param balanceAfter the wallet's balance right after this debit
   */
  public Debit {
    requireNonNull(reference, "reference");
    requireNonNull(amount, "amount");
    requireNonNull(at, "at");
    requireNonNull(overdrawn, "overdrawn");
    requireNonNull(balanceAfter, "balanceAfter");
    draws = List.copyOf(draws);
    Credits covered = draws.stream().map(Draw::amount).reduce(overdrawn, Credits::plus);
    if (!covered.equals(amount)) {
      throw new IllegalArgumentException("draws and overdraft of debit " + reference + " add up to " + covered
          + ", not its amount " + amount);
    }
  }

  /**
   * What one debit drew from one grant.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param grantId the grant drawn from
   * @param amount the credit drawn, above zero
   */
  public record Draw(String grantId, Credits amount) {

    /**
     * Validates the draw.
     *
     * @throws IllegalArgumentException if the amount is not above zero
     * @param grantId the grant drawn from
     * @param amount the credit drawn, above zero
     */
    public Draw {
      requireNonNull(grantId, "grantId");
      requireNonNull(amount, "amount");
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("draw from grant " + grantId + " must be above zero but was " + amount);
      }
    }
  }
}
