package dev.usage.store;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;

/**
 * The embedded default {@link UsageStore}: keeps every tenant's events in memory, in columns, and
 * answers aggregates in tight loops over primitive arrays.
 *
 * <p><b>Design.</b> Each tenant has its own state behind its own read-write lock: an index from
 * event id to event, which makes idempotency permanent, and one chunk per UTC day holding that
 * day's events column by column (nano-of-day, metric, quantity, billable quantity, micro-credits,
 * and one {@code int} column per {@link dev.usage.event.DimensionKey} of dictionary-encoded
 * values) next to the {@link PricedEvent}s themselves, which scans return. Each day also keeps a
 * rollup of its events per metric, channel and direction, updated as events are recorded.
 *
 * <p>An aggregate visits only the days its range meets. A whole day that the question can take
 * from the rollup (grouping and filtering by day, metric, channel and direction only, in UTC or
 * where the day is one local date) costs a few dozen cells; any other day is read row by row,
 * where filters compare ints, a row's group is a number computed from ints, and strings are
 * looked up once per result row. A scan walks the days from the newest backwards and stops when
 * its page is full. Nothing is allocated per event on either path.
 *
 * <p><b>Memory.</b> Besides the {@code PricedEvent}s, which the store keeps as given, an event
 * costs 40 bytes of columns, 4 more per dimension it carries (a day without a dimension has no
 * column for it) and 16 to 32 in the id index: about 100 bytes with eight dimensions, up to
 * about 180 while a day's arrays have grown ahead of its events. Dictionaries and rollups cost
 * per distinct value and per day, not per event.
 *
 * <p><b>Atomicity.</b> A batch becomes visible to readers all at once, also across tenants:
 * {@link #append(List)} takes the write locks of all the batch's tenants, in a fixed order so
 * that concurrent batches cannot deadlock, and releases them when the whole batch is recorded.
 * Readers hold one tenant's read lock for the whole query, so each answer is a consistent
 * snapshot of that tenant.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryUsageStore implements UsageStore {

  private static final Comparator<TenantId> LOCK_ORDER =
      Comparator.comparing(TenantId::organization).thenComparing(TenantId::workspace);

  private final ConcurrentHashMap<TenantId, TenantEvents> tenants = new ConcurrentHashMap<>();
  private final int chunksPerEpoch;

  /** Creates an empty store. */
  public InMemoryUsageStore() {
    this(Aggregator.CHUNKS_PER_EPOCH);
  }

  /** Creates an empty store whose aggregates restart their time scale every few days, for tests. */
  InMemoryUsageStore(int chunksPerEpoch) {
    this.chunksPerEpoch = chunksPerEpoch;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Duplicates and conflicts are listed in the order of the batch.
   */
  @Override
  public AppendResult append(List<PricedEvent> events) {
    PricedEvent[] batch = requireNonNull(events, "events").toArray(new PricedEvent[0]);
    if (batch.length == 0) {
      return AppendResult.empty();
    }
    TenantId first = requireNonNull(batch[0], "event").event().tenant();
    boolean oneTenant = true;
    for (PricedEvent e : batch) {
      oneTenant &= requireNonNull(e, "event").event().tenant().equals(first);
    }
    byte[] outcomes = new byte[batch.length];
    String[] reasons = new String[batch.length];
    if (oneTenant) {
      TenantEvents tenant = tenant(first);
      Lock lock = tenant.lock.writeLock();
      lock.lock();
      try {
        tenant.append(batch, null, batch.length, outcomes, reasons);
      } finally {
        lock.unlock();
      }
    } else {
      appendAcrossTenants(batch, outcomes, reasons);
    }
    int appended = 0;
    List<EventId> duplicates = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    for (int i = 0; i < batch.length; i++) {
      switch (outcomes[i]) {
        case TenantEvents.APPENDED -> appended++;
        case TenantEvents.DUPLICATE -> duplicates.add(batch[i].event().id());
        default -> conflicts.add(new Conflict(batch[i].event().tenant(), batch[i].event().id(), reasons[i]));
      }
    }
    return new AppendResult(appended, duplicates, conflicts);
  }

  private void appendAcrossTenants(PricedEvent[] batch, byte[] outcomes, String[] reasons) {
    Map<TenantId, int[]> positions = new HashMap<>();
    Map<TenantId, Integer> counts = new HashMap<>();
    for (PricedEvent e : batch) {
      counts.merge(e.event().tenant(), 1, Integer::sum);
    }
    List<TenantId> order = new ArrayList<>(counts.keySet());
    order.sort(LOCK_ORDER);
    for (TenantId t : order) {
      positions.put(t, new int[counts.get(t) + 1]);
    }
    for (int i = 0; i < batch.length; i++) {
      int[] p = positions.get(batch[i].event().tenant());
      // The last element counts how many positions are filled.
      p[p[p.length - 1]++] = i;
    }
    List<Lock> held = new ArrayList<>(order.size());
    try {
      for (TenantId t : order) {
        Lock lock = tenant(t).lock.writeLock();
        lock.lock();
        held.add(lock);
      }
      for (TenantId t : order) {
        int[] p = positions.get(t);
        tenant(t).append(batch, p, p.length - 1, outcomes, reasons);
      }
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs under the tenant's read lock, in time proportional to the tenant's events in the
   * range's days; other tenants' events are never read.
   */
  @Override
  public List<AggregateRow> aggregate(AggregateQuery query) {
    TenantEvents tenant = tenants.get(requireNonNull(query, "query").tenant());
    if (tenant == null) {
      return List.of();
    }
    Lock lock = tenant.lock.readLock();
    lock.lock();
    try {
      return Aggregator.aggregate(tenant, query, chunksPerEpoch);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EventPage scan(ScanQuery query) {
    ScanCursor cursor = requireNonNull(query, "query").cursor().map(ScanCursor::decode).orElse(null);
    TenantEvents tenant = tenants.get(query.tenant());
    if (tenant == null) {
      return new EventPage(List.of(), Optional.empty());
    }
    Lock lock = tenant.lock.readLock();
    lock.lock();
    try {
      return Scanner.scan(tenant, query, cursor);
    } finally {
      lock.unlock();
    }
  }

  private TenantEvents tenant(TenantId id) {
    return tenants.computeIfAbsent(id, t -> new TenantEvents());
  }

  @Override
  public String toString() {
    return "InMemoryUsageStore[" + tenants.size() + " tenants]";
  }
}
