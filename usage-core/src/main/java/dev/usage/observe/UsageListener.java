package dev.usage.observe;

import dev.usage.EventOutcome;
import dev.usage.event.LateEventDecision;
import dev.usage.event.UsageEvent;
import dev.usage.spi.RefusedDebit;

/**
 * Told what the engine did with each event and how long each store operation took: the hook for
 * metrics ({@code usage-micrometer} maps it to Micrometer meters), logs or traces.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs. Set
 * one on {@code UsageEngine.builder().usageListener(...)} for the event callbacks and on the
 * store (for example {@code JdbcUsageStore.builder(dataSource).usageListener(...)} or {@code new
 * InMemoryUsageStore(listener)}) for the operation callbacks; the same instance may serve both.
 *
 * <p>Unset, the listener is {@link #NONE}: the engine and the stores compare against it once per
 * call and then read no clock and allocate nothing on its behalf.
 *
 * <p>Callbacks run on the thread that recorded or queried, after the store committed (or failed),
 * so they add to the caller's latency: keep them short and never block. The library wraps each
 * listener with {@link #guarded(UsageListener)}, so a callback that throws is logged and the
 * recording it reports is not affected. Callbacks receive tenant and event ids because a listener
 * may need them (an audit log); an implementation that feeds a metrics system should not turn
 * them into tags, whose number would grow with the number of tenants and events.
 *
 * <p>Implementations must be thread-safe.
 */
public interface UsageListener {

  /** The listener that does nothing: the default of the engine and the stores. */
  UsageListener NONE = new UsageListener() {
    @Override
    public String toString() {
      return "UsageListener.NONE";
    }
  };

  /**
   * Told that an event was priced and stored for the first time: its status is {@link
   * EventOutcome.Status#RECORDED}, or {@link EventOutcome.Status#REBOOKED} or {@link
   * EventOutcome.Status#RESTATED} when its period was closed.
   *
   * @param event the event as sent to the engine
   * @param outcome what the engine did with it, with the event as priced
   */
  default void recorded(UsageEvent event, EventOutcome outcome) {}

  /**
   * Told that an event was recorded before with the same content (or repeated within its batch)
   * and so was not counted again.
   *
   * @param event the event as sent to the engine
   * @param outcome its outcome, of status {@link EventOutcome.Status#DUPLICATE}
   */
  default void duplicate(UsageEvent event, EventOutcome outcome) {}

  /**
   * Told that an event's id was used before for different content, or that a reversal was
   * refused; the original stands and this event was not stored.
   *
   * @param event the event as sent to the engine, or the reversal
   * @param outcome its outcome, of status {@link EventOutcome.Status#CONFLICT}, whose detail
   *     names the difference
   */
  default void conflict(UsageEvent event, EventOutcome outcome) {}

  /**
   * Told that the engine did not store an event for a reason of its own: an unknown metric, a raw
   * reversal, a metric not on the plan (rejected, or ignored as the plan says), a late-event
   * rejection, or a price it could not compute.
   *
   * @param event the event as sent to the engine
   * @param outcome its outcome, of status {@link EventOutcome.Status#REJECTED} or {@link
   *     EventOutcome.Status#IGNORED}, with its {@link EventOutcome#reason() reason}
   */
  default void rejected(UsageEvent event, EventOutcome outcome) {}

  /**
   * Told that a hard-limit wallet could not pay for an event, so it was not stored.
   *
   * @param event the event as sent to the engine
   * @param debit the refused debit: the wallet, the credits asked for and those available
   */
  default void refused(UsageEvent event, RefusedDebit debit) {}

  /**
   * Told when the late-event policy decided anything but {@link
   * LateEventDecision.Outcome#ACCEPTED} for an event: it was rebooked into the next open period,
   * restated into its closed one, or rejected as too old, in the future or in a closed period. The
   * policy decides before the store is asked, so an event rebooked here may still turn out a
   * duplicate; its outcome callback follows.
   *
   * @param event the event as sent to the engine
   * @param decision the policy's decision, with its reason
   */
  default void late(UsageEvent event, LateEventDecision decision) {}

  /**
   * Told that a store operation finished, successfully or not.
   *
   * @param operation what the store did
   * @param succeeded whether it returned normally; false when it threw
   * @param size for {@link StoreOperation#APPEND}, the events in the batch; for {@link
   *     StoreOperation#AGGREGATE}, the rows returned; for {@link StoreOperation#SCAN}, the events
   *     on the page; 0 when the operation failed and for {@link StoreOperation#LEDGER}
   * @param nanos how long it took, in nanoseconds of {@link System#nanoTime()}, retries included
   */
  default void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {}

  /**
   * Told that a store operation failed with a transient failure (a deadlock, a serialization
   * failure) and is being tried again.
   *
   * @param operation what the store was doing
   * @param attempt the attempt that failed, from 1
   * @param cause the failure
   */
  default void storeRetry(StoreOperation operation, int attempt, Exception cause) {}

  /**
   * Returns a listener that passes every callback to {@code listener} and logs, instead of
   * throwing, what it throws: the host's code must not fail a recording that has already
   * happened. Returns {@link #NONE} and already guarded listeners as they are.
   *
   * @param listener the listener to guard
   * @return the guarded listener
   * @throws NullPointerException if {@code listener} is null
   */
  static UsageListener guarded(UsageListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    return listener == NONE || listener instanceof GuardedUsageListener ? listener : new GuardedUsageListener(listener);
  }
}
