package dev.usage.tck.example;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventPage;
import dev.usage.spi.Reversals;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store a team writes in a day, following the README's "Write your own store" steps: the two
 * required operations over plain maps, the reversal rule from {@link Reversals}, and the SPI's
 * default {@code aggregate}, which adds up what {@link #scan} returns. It declares no capability.
 * {@code MapUsageStoreContractTest} runs the whole contract kit against it.
 *
 * <p>This class is thread-safe: each tenant has a read-write lock, held for a whole append or scan.
 */
public final class MapUsageStore implements UsageStore {

  /** Newest first, ties on time broken by id, greatest first in code-point order: the scan order. */
  private static final Comparator<ScanCursor> NEWEST_FIRST = Comparator.comparing(ScanCursor::occurredAt)
      .thenComparing(ScanCursor::id, ScanCursor::compareIds).reversed();

  private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

  @Override
  public AppendResult append(List<PricedEvent> events) {
    requireNonNull(events, "events");
    if (events.isEmpty()) {
      return AppendResult.empty();
    }
    TenantId tenant = events.get(0).event().tenant();
    for (PricedEvent e : events) {
      if (!e.event().tenant().equals(tenant)) {
        throw new IllegalArgumentException("a batch holds events of " + tenant + " and " + e.event().tenant()
            + "; this store takes one tenant per append");
      }
    }
    return tenants.computeIfAbsent(tenant, t -> new Tenant()).append(events);
  }

  @Override
  public EventPage scan(ScanQuery query) {
    requireNonNull(query, "query");
    // Decoding first rejects a malformed cursor even for a tenant with no events.
    Optional<ScanCursor> after = query.cursor().map(ScanCursor::decode);
    Tenant tenant = tenants.get(query.tenant());
    return tenant == null ? new EventPage(List.of(), Optional.empty()) : tenant.scan(query, after);
  }

  /** One tenant's events, by id and in scan order. */
  private static final class Tenant {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<EventId, PricedEvent> byId = new HashMap<>();
    private final Map<EventId, EventId> reversedBy = new HashMap<>();
    private final NavigableMap<ScanCursor, PricedEvent> inScanOrder = new TreeMap<>(NEWEST_FIRST);

    AppendResult append(List<PricedEvent> batch) {
      int appended = 0;
      List<EventId> duplicates = new ArrayList<>();
      List<Conflict> conflicts = new ArrayList<>();
      // A refused reversal is not stored, so its id stays free; a repeat of it in the same batch
      // must get the same answer, not be stored in its place.
      Map<EventId, String> refusedHere = new HashMap<>();
      lock.writeLock().lock();
      try {
        for (PricedEvent e : batch) {
          EventId id = e.event().id();
          PricedEvent known = byId.get(id);
          Optional<String> refusal = Optional.ofNullable(refusedHere.get(id));
          if (refusal.isEmpty() && known == null && e.event().isReversal()) {
            EventId original = e.event().reverses().orElseThrow();
            refusal = Reversals.refusal(e, Optional.ofNullable(byId.get(original)),
                Optional.ofNullable(reversedBy.get(original)));
          }
          if (refusal.isPresent()) {
            refusedHere.put(id, refusal.get());
            conflicts.add(new Conflict(e.event().tenant(), id, refusal.get()));
          } else if (known == null) {
            byId.put(id, e);
            e.event().reverses().ifPresent(original -> reversedBy.put(original, id));
            inScanOrder.put(new ScanCursor(e.event().occurredAt(), id), e);
            appended++;
          } else if (known.equals(e)) {
            duplicates.add(id);
          } else {
            conflicts.add(new Conflict(e.event().tenant(), id, "event " + id + " was recorded with different content"));
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
      return new AppendResult(appended, duplicates, conflicts);
    }

    EventPage scan(ScanQuery q, Optional<ScanCursor> after) {
      List<PricedEvent> page = new ArrayList<>();
      lock.readLock().lock();
      try {
        NavigableMap<ScanCursor, PricedEvent> rest = after.map(c -> inScanOrder.tailMap(c, false)).orElse(inScanOrder);
        for (PricedEvent e : rest.values()) {
          if (e.event().occurredAt().isBefore(q.from())) {
            break;
          }
          if (e.event().occurredAt().isBefore(q.to()) && q.filter().matches(e.event())) {
            if (page.size() == q.pageSize()) {
              PricedEvent last = page.get(page.size() - 1);
              return new EventPage(page, Optional.of(new ScanCursor(last.event().occurredAt(), last.event().id()).encode()));
            }
            page.add(e);
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      return new EventPage(page, Optional.empty());
    }
  }
}
