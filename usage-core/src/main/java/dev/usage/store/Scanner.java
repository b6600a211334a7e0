package dev.usage.store;

import dev.usage.event.EventId;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers one {@link ScanQuery}: the newest matching events after a cursor, one page of them.
 *
 * <p>Day chunks are visited from the newest backwards, starting at the cursor's day, and the walk
 * stops as soon as the page (plus one event, to know whether another page follows) is full: a
 * day's events are all older than a later day's. Within a day, rows are kept in the order they
 * were recorded, so a bounded heap picks the newest ones in {@code O(rows × log page)}.
 *
 * <p>This class is not thread-safe; each query has its own, used under the tenant's read lock.
 */
final class Scanner {

  private final TenantEvents tenant;
  private final DayChunk chunk;
  private final int[] heap;
  private int size;

  private Scanner(TenantEvents tenant, DayChunk chunk, int capacity) {
    this.tenant = tenant;
    this.chunk = chunk;
    this.heap = new int[capacity];
  }

  /** Returns a page of a tenant's events; the caller holds the tenant's read lock. */
  static EventPage scan(TenantEvents tenant, ScanQuery query, ScanCursor cursor) {
    CompiledFilter filter = CompiledFilter.compile(tenant, query.filter());
    if (filter.matchesNothing) {
      return new EventPage(List.of(), Optional.empty());
    }
    long fromDay = Aggregator.epochDay(query.from());
    long fromNanos = Aggregator.nanoOfDay(query.from());
    long toDay = Aggregator.epochDay(query.to());
    long toNanos = Aggregator.nanoOfDay(query.to());
    long lastDay = toNanos == 0 ? toDay - 1 : toDay;
    long cursorDay = Long.MAX_VALUE;
    long cursorNanos = 0;
    EventId cursorId = null;
    if (cursor != null) {
      cursorDay = Aggregator.epochDay(cursor.occurredAt());
      cursorNanos = Aggregator.nanoOfDay(cursor.occurredAt());
      cursorId = cursor.id();
    }
    int wanted = query.pageSize() + 1;
    List<PricedEvent> found = new ArrayList<>(wanted);
    int first = tenant.firstChunkFrom(fromDay);
    for (int c = tenant.firstChunkFrom(Math.min(lastDay, cursorDay) + 1) - 1;
        c >= first && found.size() < wanted; c--) {
      DayChunk chunk = tenant.chunkAt(c);
      if (!filter.mayMatch(chunk)) {
        continue;
      }
      long lower = chunk.epochDay == fromDay ? fromNanos : 0;
      long upper = chunk.epochDay == toDay ? toNanos : DayChunk.NANOS_PER_DAY;
      boolean atCursor = chunk.epochDay == cursorDay;
      Scanner newest = new Scanner(tenant, chunk, wanted - found.size());
      for (int r = 0; r < chunk.size; r++) {
        long t = chunk.nanoOfDay(r);
        if (t < lower || t >= upper || !filter.matches(chunk, r)) {
          continue;
        }
        if (atCursor && (t > cursorNanos
            || (t == cursorNanos && ScanCursor.compareIds(tenant.idAt(chunk, r), cursorId) >= 0))) {
          continue;
        }
        newest.offer(r);
      }
      newest.drainNewestFirst(found);
    }
    if (found.size() < wanted) {
      return new EventPage(found, Optional.empty());
    }
    List<PricedEvent> page = found.subList(0, query.pageSize());
    PricedEvent last = page.get(page.size() - 1);
    return new EventPage(page,
        Optional.of(new ScanCursor(last.event().occurredAt(), last.event().id()).encode()));
  }

  /** Keeps the row if it is among the {@code capacity} newest offered; the heap's root is the oldest kept. */
  private void offer(int row) {
    if (size < heap.length) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!newer(heap[parent], row)) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = row;
    } else if (newer(row, heap[0])) {
      siftDown(row);
    }
  }

  private void siftDown(int row) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && newer(heap[child], heap[child + 1])) {
        child++;
      }
      if (!newer(row, heap[child])) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = row;
  }

  private void drainNewestFirst(List<PricedEvent> into) {
    int n = size;
    PricedEvent[] ordered = new PricedEvent[n];
    // Popping the root yields the oldest first, so fill from the back.
    for (int k = n - 1; k >= 0; k--) {
      ordered[k] = tenant.event(chunk, heap[0]);
      int last = heap[--size];
      if (size > 0) {
        siftDown(last);
      }
    }
    into.addAll(List.of(ordered));
  }

  /** Returns whether row {@code a} comes before row {@code b} in a newest-first scan. */
  private boolean newer(int a, int b) {
    long ta = chunk.nanoOfDay(a);
    long tb = chunk.nanoOfDay(b);
    return ta > tb || (ta == tb && ScanCursor.compareIds(tenant.idAt(chunk, a), tenant.idAt(chunk, b)) > 0);
  }
}
