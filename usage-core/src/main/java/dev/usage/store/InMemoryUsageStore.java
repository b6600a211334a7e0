package dev.usage.store;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.plan.CreditType;
import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.StoreCapability;
import dev.usage.wallet.Grant;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * The embedded default {@link dev.usage.spi.UsageStore}: keeps every tenant's events in memory, in columns, and
 * answers aggregates in tight loops over primitive arrays.
 *
 * <p><b>Design.</b> Each tenant has its own state behind its own read-write lock: an index from
 * event id to row, which makes idempotency permanent, and one chunk per UTC day holding that
 * day's events column by column (millisecond of the day, quantity, billable quantity and
 * micro-credits as {@code int}s until a value needs a {@code long}; the offset of the id in the
 * tenant's byte arena; and one code for the row's shape: its metric, pricing trace, custom
 * dimensions and the values of the dimensions that repeat across events, kept once per distinct
 * combination). Call ids and contacts, which name one fact or person, have dictionary-encoded
 * columns of their own, except a call id that is the fact part of its event's id, as {@link
 * dev.usage.event.UsageFacts#call} makes them, which only the id keeps. No {@link PricedEvent} is
 * kept: a scan rebuilds the events it returns, equal to those recorded. Each day also keeps a
 * rollup of its events per metric, channel and direction, updated as events are recorded.
 *
 * <p>An aggregate visits only the days its range meets. A whole day that the question can take
 * from the rollup (grouping and filtering by day, metric, channel and direction only, in UTC or
 * where the day is one local date) costs a few dozen cells; any other day is read row by row,
 * where filters compare ints, a row's group is a number computed from ints, and strings are
 * looked up once per result row. A scan walks the days from the newest backwards and stops when
 * its page is full. Nothing is allocated per event on either path.
 *
 * <p><b>Memory.</b> An event costs 24 bytes of columns (8 more for each number that needs a
 * {@code long}, 4 more for a call id or contact kept in a column), 11 to 21 in the id index and
 * in the arena its id's length plus about 5 bytes, less the metric key for ids derived as {@code
 * fact/metric-key} and half of a final run of lower-case hexadecimal digits: about 61 bytes at 10
 * million events of the benchmarks' workload, where keeping the events as given cost 380. A
 * day's columns start at the size of the same weekday a week before plus a quarter (or, in a
 * tenant's first week, of its largest day) and double when full; a day that has ended is trimmed
 * to its events when a later day begins. Only each tenant's newest day may have room ahead of its
 * events, up to its predicted size. Dictionaries, shapes and rollups cost per distinct value and
 * per day, not per event.
 *
 * <p><b>Atomicity.</b> A batch becomes visible to readers all at once, also across tenants:
 * {@link #append(List)} takes the write locks of all the batch's tenants, in a fixed order (the
 * order in which the store first met each tenant) so that concurrent batches cannot deadlock,
 * and releases them when the whole batch is recorded.
 * Readers hold one tenant's read lock for the whole query, so each answer is a consistent
 * snapshot of that tenant.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryUsageStore implements LedgerStore {

  private final ConcurrentHashMap<TenantId, TenantEvents> tenants = new ConcurrentHashMap<>();
  /** The lock rank of the next new tenant: tenants are locked in the order the store met them. */
  private final AtomicInteger nextRank = new AtomicInteger();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final UsageListener listener;
  /** Whether a listener was given; without one the store reads no clock. */
  private final boolean observed;

  /** Creates an empty store that reports to no listener. */
  public InMemoryUsageStore() {
    this(UsageListener.NONE);
  }

  /**
   * Creates an empty store that tells {@code listener} how long each append, aggregate and scan
   * took. It never retries, so it tells of no retries, and it does not time the ledger's
   * operations. Timing costs two {@link System#nanoTime()} reads per call (see {@code
   * UsageListenerBenchmark} for what that is next to an append); with {@link UsageListener#NONE}
   * there are none.
   *
   * @param listener the listener, wrapped so that its failures are logged, not thrown
   */
  public InMemoryUsageStore(UsageListener listener) {
    this.observed = requireNonNull(listener, "listener") != UsageListener.NONE;
    this.listener = UsageListener.guarded(listener);
  }

  /** Returns {@link StoreCapability#MIXED_TENANT_BATCHES}: a batch locks all its tenants. */
  @Override
  public Set<StoreCapability> capabilities() {
    return EnumSet.of(StoreCapability.MIXED_TENANT_BATCHES);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Duplicates and conflicts are listed in the order of the batch. A {@link RandomAccess} list
   * is read in place rather than copied, so it must not change during the call.
   *
   * <p>While no wallet is open and the batch holds no reversal, nothing is posted and the batch
   * takes the path described above. Otherwise the write locks of the batch's tenants and the
   * ledger's lock are held together while the batch is decided, posted and stored.
   */
  @Override
  public AppendResult append(List<PricedEvent> events, Instant now) {
    requireNonNull(events, "events");
    requireNonNull(now, "now");
    if (!observed) {
      return appendUnobserved(events, now);
    }
    return StoreOperation.APPEND.timed(listener, () -> appendUnobserved(events, now), r -> events.size());
  }

  private AppendResult appendUnobserved(List<PricedEvent> events, Instant now) {
    // Copying a batch costs more than recording a small one; only lists that are slow to index
    // are copied, once.
    List<PricedEvent> batch = events instanceof RandomAccess ? events : Arrays.asList(events.toArray(new PricedEvent[0]));
    int n = batch.size();
    if (n == 0) {
      return AppendResult.empty();
    }
    if (ledger.mustPost(batch, n)) {
      return appendPosted(batch, n, now);
    }
    TenantId first = requireNonNull(batch.get(0), "event").event().tenant();
    int sameTenant = 1;
    while (sameTenant < n && requireNonNull(batch.get(sameTenant), "event").event().tenant().equals(first)) {
      sameTenant++;
    }
    Rejections rejected;
    if (sameTenant == n) {
      TenantEvents tenant = tenant(first);
      Lock lock = tenant.lock.writeLock();
      lock.lock();
      try {
        rejected = tenant.append(batch, null, 0, n, null);
      } finally {
        lock.unlock();
      }
    } else {
      // Refuse a null before any tenant is created for the batch.
      for (int i = sameTenant; i < n; i++) {
        requireNonNull(batch.get(i), "event");
      }
      rejected = appendAcrossTenants(batch, n);
    }
    return rejected == null ? AppendResult.ofAppended(n) : rejected.result(batch, n);
  }

  private AppendResult appendPosted(List<PricedEvent> batch, int n, Instant now) {
    for (int i = 0; i < n; i++) {
      requireNonNull(batch.get(i), "event");
    }
    Map<TenantId, TenantEvents> involved = new HashMap<>();
    for (int i = 0; i < n; i++) {
      involved.computeIfAbsent(batch.get(i).event().tenant(), this::tenant);
    }
    TenantEvents[] order = involved.values().toArray(new TenantEvents[0]);
    Arrays.sort(order, (a, b) -> Integer.compare(a.rank, b.rank));
    int held = 0;
    try {
      for (TenantEvents t : order) {
        t.lock.writeLock().lock();
        held++;
      }
      ledger.lock();
      try {
        InMemoryLedger.Posting posting = ledger.post(batch, involved, now);
        List<PricedEvent> stored = posting.toStore;
        for (int i = 0; i < stored.size(); i++) {
          PricedEvent p = stored.get(i);
          if (involved.get(p.event().tenant()).append(stored, null, i, i + 1, null) != null) {
            throw new IllegalStateException("event " + p.event().id() + " of " + p.event().tenant()
                + " was decided new but is stored already");
          }
        }
        posting.commit();
        return posting.result();
      } finally {
        ledger.unlock();
      }
    } finally {
      for (int g = held - 1; g >= 0; g--) {
        order[g].lock.writeLock().unlock();
      }
    }
  }

  @Override
  public void openWallet(WalletId wallet, LimitMode mode) {
    ledger.openWallet(wallet, mode);
  }

  @Override
  public boolean grant(WalletId wallet, Grant grant, Instant now) {
    return ledger.grant(wallet, grant, now);
  }

  @Override
  public Optional<Grant> findGrant(WalletId wallet, String grantId) {
    return ledger.findGrant(wallet, grantId);
  }

  @Override
  public Optional<WalletStatus> wallet(WalletId wallet, Instant now) {
    return ledger.wallet(wallet, now);
  }

  @Override
  public Optional<WalletId> walletOf(TenantId tenant) {
    return ledger.walletOf(tenant);
  }

  @Override
  public LedgerPage entries(LedgerQuery query) {
    return ledger.entries(query);
  }

  @Override
  public Map<CreditType, Long> allotmentUsage(WalletId wallet, YearMonth month) {
    return ledger.allotmentUsage(wallet, month);
  }

  private Rejections appendAcrossTenants(List<PricedEvent> batch, int n) {
    // Each position packed below its tenant's lock rank: one sort of primitives groups the batch
    // by tenant, in lock order, keeping batch order within a tenant; no map, list or box.
    long[] order = new long[n];
    TenantId lastId = null;
    TenantEvents last = null;
    for (int i = 0; i < n; i++) {
      TenantId id = batch.get(i).event().tenant();
      if (!id.equals(lastId)) {
        last = tenant(id);
        lastId = id;
      }
      order[i] = (long) last.rank << 32 | i;
    }
    Arrays.sort(order);
    int groups = 1;
    for (int k = 1; k < n; k++) {
      if (order[k] >>> 32 != order[k - 1] >>> 32) {
        groups++;
      }
    }
    TenantEvents[] locked = new TenantEvents[groups];
    int held = 0;
    try {
      for (int k = 0; k < n; k++) {
        if (k == 0 || order[k] >>> 32 != order[k - 1] >>> 32) {
          TenantEvents tenant = tenants.get(batch.get((int) order[k]).event().tenant());
          tenant.lock.writeLock().lock();
          locked[held++] = tenant;
        }
      }
      Rejections rejected = null;
      int from = 0;
      for (int g = 0; g < groups; g++) {
        int to = from + 1;
        while (to < n && order[to] >>> 32 == order[from] >>> 32) {
          to++;
        }
        rejected = locked[g].append(batch, order, from, to, rejected);
        from = to;
      }
      return rejected;
    } finally {
      for (int g = held - 1; g >= 0; g--) {
        locked[g].lock.writeLock().unlock();
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
    if (!observed) {
      return aggregateUnobserved(query);
    }
    return StoreOperation.AGGREGATE.timed(listener, () -> aggregateUnobserved(query), List::size);
  }

  private List<AggregateRow> aggregateUnobserved(AggregateQuery query) {
    TenantEvents tenant = tenants.get(requireNonNull(query, "query").tenant());
    if (tenant == null) {
      return List.of();
    }
    Lock lock = tenant.lock.readLock();
    lock.lock();
    try {
      return Aggregator.aggregate(tenant, query);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EventPage scan(ScanQuery query) {
    if (!observed) {
      return scanUnobserved(query);
    }
    return StoreOperation.SCAN.timed(listener, () -> scanUnobserved(query), p -> p.events().size());
  }

  private EventPage scanUnobserved(ScanQuery query) {
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
    // get first: computeIfAbsent locks the hash bin when the tenant is not its first node.
    TenantEvents tenant = tenants.get(id);
    return tenant != null ? tenant : tenants.computeIfAbsent(id, t -> new TenantEvents(t, nextRank.getAndIncrement()));
  }

  @Override
  public String toString() {
    return "InMemoryUsageStore[" + tenants.size() + " tenants]";
  }
}
