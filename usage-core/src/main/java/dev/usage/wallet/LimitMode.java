package dev.usage.wallet;

/**
 * What a wallet does with a debit larger than the credit available to it.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum LimitMode {
  /** Refuse it with {@link InsufficientCreditsException} and record nothing: the balance never goes below zero. */
  HARD,
  /**
   * Record it whole: the part no grant covers is an overdraft, the balance goes negative by exactly
   * that much, and credit granted later repays the overdraft before anything else draws on it.
   */
  SOFT
}
