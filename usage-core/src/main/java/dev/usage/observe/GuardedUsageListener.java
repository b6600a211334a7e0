package dev.usage.observe;

import dev.usage.EventOutcome;
import dev.usage.event.LateEventDecision;
import dev.usage.event.UsageEvent;
import dev.usage.spi.RefusedDebit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes callbacks to the host's listener and logs what it throws, as Caffeine's {@code
 * GuardedStatsCounter} does: the events and their debits are committed whatever the listener does.
 *
 * <p>This class is thread-safe if its delegate is.
 */
final class GuardedUsageListener implements UsageListener {

  private static final Logger log = LoggerFactory.getLogger(GuardedUsageListener.class);

  private final UsageListener delegate;

  GuardedUsageListener(UsageListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void recorded(UsageEvent event, EventOutcome outcome) {
    try {
      delegate.recorded(event, outcome);
    } catch (RuntimeException e) {
      failed("recorded", event.id(), e);
    }
  }

  @Override
  public void duplicate(UsageEvent event, EventOutcome outcome) {
    try {
      delegate.duplicate(event, outcome);
    } catch (RuntimeException e) {
      failed("duplicate", event.id(), e);
    }
  }

  @Override
  public void conflict(UsageEvent event, EventOutcome outcome) {
    try {
      delegate.conflict(event, outcome);
    } catch (RuntimeException e) {
      failed("conflict", event.id(), e);
    }
  }

  @Override
  public void rejected(UsageEvent event, EventOutcome outcome) {
    try {
      delegate.rejected(event, outcome);
    } catch (RuntimeException e) {
      failed("rejected", event.id(), e);
    }
  }

  @Override
  public void refused(UsageEvent event, RefusedDebit debit) {
    try {
      delegate.refused(event, debit);
    } catch (RuntimeException e) {
      failed("refused", event.id(), e);
    }
  }

  @Override
  public void late(UsageEvent event, LateEventDecision decision) {
    try {
      delegate.late(event, decision);
    } catch (RuntimeException e) {
      failed("late", event.id(), e);
    }
  }

  @Override
  public void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
    try {
      delegate.storeOperation(operation, succeeded, size, nanos);
    } catch (RuntimeException e) {
      failed("storeOperation", operation, e);
    }
  }

  @Override
  public void storeRetry(StoreOperation operation, int attempt, Exception cause) {
    try {
      delegate.storeRetry(operation, attempt, cause);
    } catch (RuntimeException e) {
      failed("storeRetry", operation, e);
    }
  }

  private void failed(String callback, Object about, RuntimeException e) {
    log.warn("usage listener {} failed in {} for {}", delegate, callback, about, e);
  }

  @Override
  public String toString() {
    return "Guarded[" + delegate + "]";
  }
}
