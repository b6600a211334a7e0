package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.PricedEvent;
import java.util.Optional;

/**
 * The rule by which a {@link LedgerStore} stores a reversal, written once for every store: only a
 * stored event can be reversed, at most once, and only by its exact negation.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Reversals {

  private Reversals() {}

  /**
   * Returns why a new reversal must not be stored, if it must not.
   *
   * @param reversal a priced event that {@linkplain UsageEvent#isReversal() is a reversal}, not
   *     stored yet under its id
   * @param original the event it reverses as stored, or empty if none is stored under that id
   * @param reversedBy the id of the event that already reversed the original, if any
   * @return the conflict's reason, or empty if the reversal may be stored
   * @throws IllegalArgumentException if {@code reversal} is not a reversal
   */
  public static Optional<String> refusal(PricedEvent reversal, Optional<PricedEvent> original,
      Optional<EventId> reversedBy) {
    requireNonNull(reversal, "reversal");
    requireNonNull(original, "original");
    requireNonNull(reversedBy, "reversedBy");
    UsageEvent e = reversal.event();
    EventId reversed = e.reverses().orElseThrow(() -> new IllegalArgumentException("event " + e.id() + " of "
        + e.tenant() + " is not a reversal"));
    String which = "reversal " + e.id() + " of " + e.tenant();
    if (original.isEmpty()) {
      return Optional.of(which + " reverses event " + reversed + ", which is not stored");
    }
    if (original.get().event().isReversal()) {
      return Optional.of(which + " reverses event " + reversed + ", which is itself a reversal");
    }
    if (reversedBy.isPresent()) {
      return Optional.of(which + " reverses event " + reversed + ", which reversal " + reversedBy.get()
          + " reversed already");
    }
    PricedEvent expected = original.get().reversal(e.id());
    if (!expected.equals(reversal)) {
      return Optional.of(which + " is not the exact negation of event " + reversed + " as stored: expected "
          + expected.event().quantity() + " units and " + expected.credits() + " credits at "
          + expected.event().occurredAt() + " with its dimensions and trace, got " + e.quantity() + " units and "
          + reversal.credits() + " credits at " + e.occurredAt());
    }
    return Optional.empty();
  }
}
