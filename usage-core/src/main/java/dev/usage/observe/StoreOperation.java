package dev.usage.observe;

import java.util.function.Supplier;
import java.util.function.ToIntFunction;

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
  LEDGER;

  /**
   * Runs {@code work} and tells {@code listener} how long it took, whether it returned, and the
   * size of what it returned (0 when it threw). A store calls this only when a listener is set, and
   * runs the work directly otherwise, so that a store without one reads no clock.
   *
   * @param <T> what the work returns
   * @param listener told of the operation once the work returned or threw; it must not throw
   *     (wrap it with {@link UsageListener#guarded(UsageListener)})
   * @param work the operation itself
   * @param size the size of the work's result: a batch's events, the rows or events returned
   * @return what the work returned
   */
  public <T> T timed(UsageListener listener, Supplier<T> work, ToIntFunction<? super T> size) {
    long start = System.nanoTime();
    T result = null;
    boolean returned = false;
    try {
      result = work.get();
      returned = true;
      return result;
    } finally {
      listener.storeOperation(this, returned, returned ? size.applyAsInt(result) : 0, System.nanoTime() - start);
    }
  }
}
