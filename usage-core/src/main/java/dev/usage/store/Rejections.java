package dev.usage.store;

import dev.usage.event.EventId;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one batch that were not appended: their positions in the batch and, for
 * conflicts, what differs.
 *
 * <p>Created on the first duplicate or conflict of a batch, so that a clean batch, the common
 * case, allocates nothing to report its outcome. Tenants of a multi-tenant batch add their
 * rejections group by group, so positions may arrive out of batch order; {@link #result} sorts
 * them back.
 *
 * <p>This class is not thread-safe; it lives for one append, on the appending thread.
 */
final class Rejections {

  private int size;
  private int[] positions = new int[4];
  /** Per rejection, the conflict's reason, or null for a duplicate; null until the first conflict. */
  private String[] reasons;

  /**
   * Adds a rejection to {@code rejections}, creating it if null.
   *
   * @param reason what differs, or null for a duplicate
   * @return the rejections, never null
   */
  static Rejections add(Rejections rejections, int position, String reason) {
    Rejections r = rejections == null ? new Rejections() : rejections;
    r.add(position, reason);
    return r;
  }

  private void add(int position, String reason) {
    if (size == positions.length) {
      positions = Arrays.copyOf(positions, size * 2);
      if (reasons != null) {
        reasons = Arrays.copyOf(reasons, size * 2);
      }
    }
    if (reason != null && reasons == null) {
      reasons = new String[positions.length];
    }
    positions[size] = position;
    if (reasons != null) {
      reasons[size] = reason;
    }
    size++;
  }

  /**
   * Returns the result of appending {@code batch}, of {@code batchSize} events, with these
   * rejections; duplicates and conflicts are listed in batch order.
   */
  AppendResult result(List<PricedEvent> batch, int batchSize) {
    // Positions and their index packed in one long sort in O(n log n) without boxing; a batch
    // redelivered whole rejects every event.
    long[] order = new long[size];
    int conflicts = 0;
    for (int k = 0; k < size; k++) {
      order[k] = (long) positions[k] << 32 | k;
      if (reasons != null && reasons[k] != null) {
        conflicts++;
      }
    }
    Arrays.sort(order);
    EventId[] duplicateIds = new EventId[size - conflicts];
    Conflict[] conflictList = new Conflict[conflicts];
    int d = 0;
    int c = 0;
    for (long o : order) {
      UsageEvent e = batch.get((int) (o >>> 32)).event();
      String reason = reasons == null ? null : reasons[(int) o];
      if (reason == null) {
        duplicateIds[d++] = e.id();
      } else {
        conflictList[c++] = new Conflict(e.tenant(), e.id(), reason);
      }
    }
    return new AppendResult(batchSize - size, List.of(duplicateIds), List.of(conflictList));
  }
}
