package dev.usage.store;

import dev.usage.event.EventId;
import dev.usage.pricing.PricedEvent;

/**
 * One tenant's events by id: the permanent idempotency index.
 *
 * <p>Open addressing over an {@code int[]} of hashes and a parallel array of events, rather than
 * a {@code HashMap<EventId, PricedEvent>}: about 16 bytes per event instead of about 40, no entry
 * object per event, and a probe compares hashes before it touches an event, so that recording a
 * new id rarely reads another event from memory.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class IdIndex {

  private int[] hashes = new int[64];
  private PricedEvent[] events = new PricedEvent[64];
  private int size;
  private int shift = 64 - 6;

  /**
   * Records {@code event} under its id unless the id is taken.
   *
   * @return the event already recorded under the id, or null if {@code event} was recorded
   */
  PricedEvent putIfAbsent(PricedEvent event) {
    EventId id = event.event().id();
    int hash = id.value().hashCode();
    int mask = hashes.length - 1;
    for (int i = index(hash); ; i = (i + 1) & mask) {
      PricedEvent known = events[i];
      if (known == null) {
        hashes[i] = hash;
        events[i] = event;
        if (++size * 2 > events.length) {
          grow();
        }
        return null;
      }
      if (hashes[i] == hash) {
        EventId knownId = known.event().id();
        if (knownId == id || knownId.value().equals(id.value())) {
          return known;
        }
      }
    }
  }

  private int index(int hash) {
    // Fibonacci hashing: the high bits of the product depend on all bits of the hash.
    return (int) ((hash * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void grow() {
    int[] oldHashes = hashes;
    PricedEvent[] oldEvents = events;
    hashes = new int[oldHashes.length * 2];
    events = new PricedEvent[oldEvents.length * 2];
    shift--;
    int mask = hashes.length - 1;
    for (int j = 0; j < oldEvents.length; j++) {
      if (oldEvents[j] != null) {
        int i = index(oldHashes[j]);
        while (events[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        events[i] = oldEvents[j];
      }
    }
  }
}
