package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.PricedEvent;
import java.util.List;
import java.util.Optional;

/**
 * One page of raw events, newest first, and where the next page starts.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param events the events of this page
 * @param nextCursor the cursor of the next page, or empty on the last page
 */
public record EventPage(List<PricedEvent> events, Optional<String> nextCursor) {

  /**
   * Validates and copies.
   *
   * @param events the events of this page
   * @param nextCursor the cursor of the next page, or empty on the last page
   */
  public EventPage {
    events = List.copyOf(events);
    requireNonNull(nextCursor, "nextCursor");
  }
}
