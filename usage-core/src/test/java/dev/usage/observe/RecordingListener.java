package dev.usage.observe;

import dev.usage.EventOutcome;
import dev.usage.event.LateEventDecision;
import dev.usage.event.UsageEvent;
import dev.usage.spi.RefusedDebit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes down every callback as one line, such as {@code rejected old TOO_OLD}, in order. */
public final class RecordingListener implements UsageListener {

  /** A finished store operation, as told. */
  public record Timing(StoreOperation operation, boolean succeeded, int size, long nanos) {}

  private final List<String> lines = new ArrayList<>();
  private final List<Timing> timings = new ArrayList<>();

  /** Returns the event callbacks and retries told so far, one line each. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Returns the store operations told so far. */
  public synchronized List<Timing> timings() {
    return List.copyOf(timings);
  }

  @Override
  public synchronized void recorded(UsageEvent event, EventOutcome outcome) {
    lines.add(line("recorded", event) + " " + outcome.status());
  }

  @Override
  public synchronized void duplicate(UsageEvent event, EventOutcome outcome) {
    lines.add(line("duplicate", event));
  }

  @Override
  public synchronized void conflict(UsageEvent event, EventOutcome outcome) {
    lines.add(line("conflict", event));
  }

  @Override
  public synchronized void rejected(UsageEvent event, EventOutcome outcome) {
    lines.add(line("rejected", event) + " " + outcome.status() + " " + outcome.reason());
  }

  @Override
  public synchronized void refused(UsageEvent event, RefusedDebit debit) {
    lines.add(line("refused", event) + " " + debit.requested() + ">" + debit.available());
  }

  @Override
  public synchronized void late(UsageEvent event, LateEventDecision decision) {
    lines.add(line("late", event) + " " + decision.outcome());
  }

  @Override
  public synchronized void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
    timings.add(new Timing(operation, succeeded, size, nanos));
  }

  @Override
  public synchronized void storeRetry(StoreOperation operation, int attempt, Exception cause) {
    lines.add("retry " + operation.name().toLowerCase(Locale.ROOT) + " " + attempt);
  }

  private static String line(String callback, UsageEvent event) {
    return callback + " " + event.id().value();
  }
}
