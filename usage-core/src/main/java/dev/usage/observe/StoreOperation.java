package dev.usage.observe;

/**
 * A store operation whose time and retries a {@link UsageListener} is told of.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum StoreOperation {
  /** Appending a batch of priced events, with the ledger postings it makes. */
  APPEND,
  /** Summing events into rows, for a report. */
  AGGREGATE,
  /** Reading one page of a tenant's events. */
  SCAN,
  /** Any operation on the credit ledger: opening a wallet, granting, reading a wallet or its entries. */
  LEDGER
}
