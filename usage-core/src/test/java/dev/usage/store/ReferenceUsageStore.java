package dev.usage.store;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The first, obviously correct {@link UsageStore}: a list of events per tenant, a full pass per
 * scan, strings and maps throughout, and the SPI's default {@code aggregate}, which adds up what
 * {@code scan} returns. Kept as the oracle that {@link InMemoryUsageStore}'s columnar engine must
 * agree with, query for query.
 *
 * <p>This class is thread-safe.
 */
final class ReferenceUsageStore implements UsageStore {

  private final ConcurrentHashMap<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  ReferenceUsageStore() {}

  @Override
  public AppendResult append(List<PricedEvent> events) {
    requireNonNull(events, "events");
    Map<TenantId, List<PricedEvent>> byTenant = new HashMap<>();
    for (PricedEvent e : events) {
      byTenant.computeIfAbsent(requireNonNull(e, "event").event().tenant(), t -> new ArrayList<>()).add(e);
    }
    AppendResult result = AppendResult.empty();
    for (Map.Entry<TenantId, List<PricedEvent>> batch : byTenant.entrySet()) {
      result = result.plus(tenants.computeIfAbsent(batch.getKey(), t -> new Tenant()).append(batch.getValue()));
    }
    return result;
  }

  @Override
  public EventPage scan(ScanQuery query) {
    Optional<ScanCursor> cursor = requireNonNull(query, "query").cursor().map(ScanCursor::decode);
    Tenant tenant = tenants.get(query.tenant());
    return tenant == null ? new EventPage(List.of(), Optional.empty()) : tenant.scan(query, cursor);
  }

  private static final class Tenant {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<EventId, PricedEvent> byId = new HashMap<>();
    private final Map<EventId, EventId> reversedBy = new HashMap<>();
    private final List<PricedEvent> events = new ArrayList<>();

    AppendResult append(List<PricedEvent> batch) {
      List<EventId> duplicates = new ArrayList<>();
      List<Conflict> conflicts = new ArrayList<>();
      int appended = 0;
      // The first occurrence of an id in the batch decides it: a later one that finds the id
      // refused gets the same verdict.
      Map<EventId, String> refusedInBatch = new HashMap<>();
      lock.writeLock().lock();
      try {
        for (PricedEvent e : batch) {
          String earlier = refusedInBatch.get(e.event().id());
          if (earlier != null) {
            conflicts.add(new Conflict(e.event().tenant(), e.event().id(), earlier));
            continue;
          }
          PricedEvent known = byId.get(e.event().id());
          Optional<String> refusal = known != null || !e.event().isReversal() ? Optional.empty()
              : dev.usage.spi.Reversals.refusal(e, Optional.ofNullable(byId.get(e.event().reverses().orElseThrow())),
                  Optional.ofNullable(reversedBy.get(e.event().reverses().orElseThrow())));
          if (refusal.isPresent()) {
            refusedInBatch.put(e.event().id(), refusal.get());
            conflicts.add(new Conflict(e.event().tenant(), e.event().id(), refusal.get()));
          } else if (known == null) {
            byId.put(e.event().id(), e);
            e.event().reverses().ifPresent(original -> reversedBy.put(original, e.event().id()));
            events.add(e);
            appended++;
          } else if (known.equals(e)) {
            duplicates.add(e.event().id());
          } else {
            conflicts.add(new Conflict(e.event().tenant(), e.event().id(),
                "event " + e.event().id() + " was recorded with different content"));
          }
        }
      } finally {
        lock.writeLock().unlock();
      }
      return new AppendResult(appended, duplicates, conflicts);
    }

    EventPage scan(ScanQuery q, Optional<ScanCursor> cursor) {
      List<PricedEvent> matching = new ArrayList<>();
      lock.readLock().lock();
      try {
        for (PricedEvent p : events) {
          var e = p.event();
          if (!e.occurredAt().isBefore(q.from()) && e.occurredAt().isBefore(q.to()) && q.filter().matches(e)
              && cursor.map(c -> c.precedes(e.occurredAt(), e.id())).orElse(true)) {
            matching.add(p);
          }
        }
      } finally {
        lock.readLock().unlock();
      }
      matching.sort(Comparator.comparing((PricedEvent p) -> p.event().occurredAt())
          .thenComparing((a, b) -> ScanCursor.compareIds(a.event().id(), b.event().id())).reversed());
      List<PricedEvent> page = matching.subList(0, Math.min(q.pageSize(), matching.size()));
      Optional<String> next = Optional.empty();
      if (matching.size() > q.pageSize()) {
        PricedEvent last = page.get(page.size() - 1);
        next = Optional.of(new ScanCursor(last.event().occurredAt(), last.event().id()).encode());
      }
      return new EventPage(page, next);
    }
  }
}
