package dev.usage.store;

/**
 * One tenant's event ids: the permanent idempotency index, from an id to its entry in the
 * tenant's {@link IdArena}, which names the row the event was recorded at.
 *
 * <p>Open addressing over an {@code int[]} of hashes and a parallel {@code int[]} of arena
 * offsets, rather than a {@code HashMap<EventId, PricedEvent>}: 11 to 21 bytes per event instead
 * of about 40, no entry object per event, and no event object kept alive. A probe reads only the
 * hash array until it finds an equal hash or a free slot (hash 0, which no stored hash takes), so
 * recording a new id rarely reads an arena entry; that keeps a load of up to 3/4 cheap, where the
 * memory per id and the garbage left by growing are two thirds of what a load of 1/2 costs.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class IdIndex {

  private final IdArena arena;
  private int[] hashes = new int[64];
  private int[] offsets = new int[64];
  private int size;
  private int shift = 64 - 6;

  /**
   * Creates an empty index over an arena.
   *
   * @param arena where the ids the index points to are stored
   */
  IdIndex(IdArena arena) {
    this.arena = arena;
  }

  /**
   * Returns the arena offset of {@code id}'s entry, or, if the id is not recorded, the slot where
   * it would go, encoded as {@code -(slot + 1)}, for {@link #insert}.
   *
   * @param id an event id
   * @return an offset (not negative) or an encoded free slot (negative)
   */
  int find(String id) {
    int hash = hash(id);
    int[] h = hashes;
    int mask = h.length - 1;
    for (int i = index(hash); ; i = (i + 1) & mask) {
      int stored = h[i];
      if (stored == 0) {
        return -(i + 1);
      }
      if (stored == hash && arena.matches(offsets[i], id)) {
        return offsets[i];
      }
    }
  }

  /**
   * Records an id's arena offset at the free slot {@link #find} returned for it; no other change
   * may come between the two calls.
   *
   * @param encodedSlot what {@code find(id)} returned, negative
   * @param id the id
   * @param offset the offset of its entry in the arena
   */
  void insert(int encodedSlot, String id, int offset) {
    int i = -encodedSlot - 1;
    hashes[i] = hash(id);
    offsets[i] = offset;
    if (++size * 4 > hashes.length * 3) {
      grow();
    }
  }

  /** Returns the number of ids recorded. */
  int size() {
    return size;
  }

  /** Returns the id's hash as stored: never 0, which marks a free slot. */
  private static int hash(String id) {
    int hash = id.hashCode();
    return hash == 0 ? 1 : hash;
  }

  private int index(int hash) {
    // Fibonacci hashing: the high bits of the product depend on all bits of the hash.
    return (int) ((hash * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void grow() {
    int[] oldHashes = hashes;
    int[] oldOffsets = offsets;
    hashes = new int[oldHashes.length * 2];
    offsets = new int[oldOffsets.length * 2];
    shift--;
    int mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldHashes[j] != 0) {
        int i = index(oldHashes[j]);
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        offsets[i] = oldOffsets[j];
      }
    }
  }
}
