package dev.usage.store;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.plan.CreditType;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.RefusedDebit;
import dev.usage.spi.Reversals;
import dev.usage.spi.WalletPosting;
import dev.usage.wallet.Grant;
import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletBook;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The credit ledger of an {@link InMemoryUsageStore}: wallets, the debit of each stored event,
 * who reversed what, and allotment usage.
 *
 * <p>One lock guards it all. {@link #post} runs with the write locks of the batch's tenants held
 * too and works on copies of the wallets' books; {@link Posting#commit()} swaps them in after the
 * events are stored, so that a failure before that leaves the ledger as it was.
 *
 * <p>This class is thread-safe.
 */
final class InMemoryLedger {

  private final ReentrantLock lock = new ReentrantLock();
  /** Written under the lock, read without it: once true, appends take the posting path. */
  private volatile boolean hasWallets;
  private final Map<WalletId, Wallet> wallets = new HashMap<>();
  /** The wallet and credits of every stored event of a tenant with a wallet. */
  private final Map<Key, Debited> debits = new HashMap<>();
  /** The reversal of each reversed event. */
  private final Map<Key, EventId> reversals = new HashMap<>();
  private final Map<AllotmentKey, Long> allotments = new HashMap<>();

  /** Returns whether a batch must be posted rather than only stored. */
  boolean mustPost(List<PricedEvent> batch, int n) {
    if (hasWallets) {
      return true;
    }
    for (int i = 0; i < n; i++) {
      if (requireNonNull(batch.get(i), "event").event().isReversal()) {
        return true;
      }
    }
    return false;
  }

  void lock() {
    lock.lock();
  }

  void unlock() {
    lock.unlock();
  }

  /**
   * Decides the fate of each event of a batch and posts the debits, refunds and allotment usage
   * of those to store, on copies. The caller holds the write locks of every tenant of the batch
   * and this ledger's lock.
   */
  Posting post(List<PricedEvent> batch, Map<TenantId, TenantEvents> tenants, Instant now) {
    Posting p = new Posting(now);
    for (int i = 0; i < batch.size(); i++) {
      p.decide(i, batch.get(i), tenants.get(batch.get(i).event().tenant()));
    }
    return p;
  }

  void openWallet(WalletId id, LimitMode mode) {
    requireNonNull(id, "wallet");
    requireNonNull(mode, "mode");
    locked(() -> {
      Wallet w = wallets.get(id);
      if (w == null) {
        wallets.put(id, new Wallet(WalletBook.empty(id, mode)));
        hasWallets = true;
      } else {
        if (w.book.mode() != mode) {
          throw new IllegalArgumentException("wallet " + id + " is open with limit mode " + w.book.mode() + ", not "
              + mode);
        }
      }
      return null;
    });
  }

  boolean grant(WalletId id, Grant grant, Instant now) {
    requireNonNull(grant, "grant");
    requireNonNull(now, "now");
    WalletBook.checkHostGrant(grant);
    return locked(() -> {
      Wallet w = open(id);
      Grant known = w.grants.get(grant.id());
      if (known != null) {
        if (!known.equals(grant)) {
          throw new IllegalArgumentException("grant id " + grant.id() + " of wallet " + id + " is already used by "
              + known);
        }
        return false;
      }
      WalletBook book = copy(w.book);
      book.grant(grant, now);
      w.grants.put(grant.id(), grant);
      w.commit(book);
      return true;
    });
  }

  Optional<Grant> findGrant(WalletId id, String grantId) {
    requireNonNull(id, "wallet");
    requireNonNull(grantId, "grantId");
    return locked(() -> Optional.ofNullable(wallets.get(id)).map(w -> w.grants.get(grantId)));
  }

  Optional<WalletStatus> wallet(WalletId id, Instant now) {
    requireNonNull(id, "wallet");
    requireNonNull(now, "now");
    return locked(() -> Optional.ofNullable(wallets.get(id)).map(w -> WalletStatus.of(copy(w.book), now)));
  }

  Optional<WalletId> walletOf(TenantId tenant) {
    requireNonNull(tenant, "tenant");
    if (!hasWallets) {
      return Optional.empty();
    }
    return locked(() -> resolve(tenant));
  }

  LedgerPage entries(LedgerQuery query) {
    requireNonNull(query, "query");
    return locked(() -> {
      Wallet w = wallets.get(query.wallet());
      List<LedgerEntry> page = new ArrayList<>();
      if (w != null) {
        long before = query.before().orElse(Long.MAX_VALUE);
        for (int i = w.entries.size() - 1; i >= 0 && page.size() <= query.limit(); i--) {
          LedgerEntry e = w.entries.get(i);
          if (e.sequence() < before && query.wants(e.kind())) {
            page.add(e);
          }
        }
      }
      return LedgerPage.of(page, query.limit());
    });
  }

  Map<CreditType, Long> allotmentUsage(WalletId wallet, YearMonth month) {
    requireNonNull(wallet, "wallet");
    requireNonNull(month, "month");
    return locked(() -> {
      Map<CreditType, Long> used = new EnumMap<>(CreditType.class);
      for (CreditType type : CreditType.values()) {
        Long u = allotments.get(new AllotmentKey(wallet, type, month));
        if (u != null) {
          used.put(type, u);
        }
      }
      return Map.copyOf(used);
    });
  }

  private Optional<WalletId> resolve(TenantId tenant) {
    WalletId own = WalletId.ofWorkspace(tenant);
    if (wallets.containsKey(own)) {
      return Optional.of(own);
    }
    WalletId shared = WalletId.ofOrganization(tenant.organization());
    return wallets.containsKey(shared) ? Optional.of(shared) : Optional.empty();
  }

  private Wallet open(WalletId id) {
    Wallet w = wallets.get(requireNonNull(id, "wallet"));
    if (w == null) {
      throw new IllegalStateException("wallet " + id + " is not open: call openWallet first");
    }
    return w;
  }

  private static WalletBook copy(WalletBook book) {
    return WalletBook.restore(book.id(), book.mode(), book.totals(), book.grants());
  }

  private <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  static YearMonth monthOf(Instant at) {
    return YearMonth.from(at.atOffset(ZoneOffset.UTC));
  }

  /** The fate of one batch, decided but not yet applied. */
  final class Posting {
    private final Instant now;
    private final Map<Key, PricedEvent> firstInBatch = new HashMap<>();
    /** Why the first occurrence of a key in the batch was not stored: a refusal or a reason. */
    private final Map<Key, Object> notStored = new HashMap<>();
    private final Map<WalletId, Working> books = new LinkedHashMap<>();
    private final Map<Key, Debited> newDebits = new HashMap<>();
    private final Map<Key, EventId> newReversals = new HashMap<>();
    private final Map<AllotmentKey, long[]> newAllotments = new LinkedHashMap<>();
    final List<PricedEvent> toStore = new ArrayList<>();
    private final List<EventId> duplicates = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private final List<RefusedDebit> refused = new ArrayList<>();

    private Posting(Instant now) {
      this.now = now;
    }

    private void decide(int position, PricedEvent p, TenantEvents tenant) {
      UsageEvent e = p.event();
      Key key = new Key(e.tenant(), e.id());
      // An id stored before is compared with what is stored; a new one with its first occurrence
      // in the batch, which is what the batch stores.
      PricedEvent known = tenant.find(e.id());
      if (known == null) {
        known = firstInBatch.putIfAbsent(key, p);
        Object verdict = known == null ? null : notStored.get(key);
        if (verdict != null) {
          // The first occurrence in the batch decides the id, stored or not, as in a database that
          // inserts each id of a batch once: a later one gets the first one's verdict.
          if (verdict instanceof RefusedDebit r) {
            refused.add(r);
          } else {
            conflicts.add(new Conflict(e.tenant(), e.id(), (String) verdict));
          }
          return;
        }
      }
      if (known != null) {
        if (known.equals(p)) {
          duplicates.add(e.id());
        } else {
          conflicts.add(new Conflict(e.tenant(), e.id(), TenantEvents.difference(known, p)));
        }
        return;
      }
      if (e.isReversal()) {
        reverse(key, p, tenant);
      } else {
        charge(key, p);
      }
    }

    private void reverse(Key key, PricedEvent p, TenantEvents tenant) {
      UsageEvent e = p.event();
      Key original = new Key(e.tenant(), e.reverses().orElseThrow());
      PricedEvent stored = tenant.find(original.id());
      if (stored == null && !notStored.containsKey(original)) {
        stored = firstInBatch.get(original);
      }
      EventId reversedBy = newReversals.containsKey(original) ? newReversals.get(original) : reversals.get(original);
      Optional<String> refusal = Reversals.refusal(p, Optional.ofNullable(stored), Optional.ofNullable(reversedBy));
      if (refusal.isPresent()) {
        drop(key, new Conflict(e.tenant(), e.id(), refusal.get()));
        return;
      }
      newReversals.put(original, e.id());
      Debited debited = newDebits.containsKey(original) ? newDebits.get(original) : debits.get(original);
      if (debited != null) {
        Working w = working(debited.wallet());
        if (debited.micros() > 0) {
          w.book.refund(e.id(), e.tenant().workspace(), Credits.ofMicros(debited.micros()), now);
        }
        count(debited.wallet(), e);
      }
      toStore.add(p);
    }

    private void charge(Key key, PricedEvent p) {
      UsageEvent e = p.event();
      Optional<WalletId> wallet = resolve(e.tenant());
      if (wallet.isPresent()) {
        Working w = working(wallet.get());
        if (p.credits().isPositive() && w.book.debit(e.id(), p.credits(), e.occurredAt(), now).isEmpty()) {
          RefusedDebit r = new RefusedDebit(e.tenant(), e.id(), wallet.get(), p.credits(),
              Credits.ofMicros(w.book.usableAt(e.occurredAt())));
          refused.add(r);
          notStored.put(key, r);
          return;
        }
        newDebits.put(key, new Debited(wallet.get(), p.credits().micros()));
        count(wallet.get(), e);
      }
      toStore.add(p);
    }

    private void count(WalletId wallet, UsageEvent e) {
      Optional<CreditType> type = CreditType.consumedBy(e.metric());
      if (type.isEmpty() || (type.get().isGauge() && e.isReversal())) {
        return;
      }
      AllotmentKey k = new AllotmentKey(wallet, type.get(), monthOf(e.occurredAt()));
      long[] change = newAllotments.computeIfAbsent(k, x -> {
        long before = allotments.getOrDefault(x, 0L);
        return new long[] {before, before};
      });
      // A reversal keeps its original's time and is counted against the original's wallet, so it
      // gives back exactly what the original added.
      change[1] = type.get().isGauge() ? Math.max(change[1], e.quantity())
          : UsageOverflowException.addExact(change[1], e.quantity(), "usage of " + type.get());
    }

    private void drop(Key key, Conflict c) {
      conflicts.add(c);
      notStored.put(key, c.reason());
    }

    private Working working(WalletId id) {
      return books.computeIfAbsent(id, x -> {
        WalletBook book = copy(open(x).book);
        book.catchUp(now);
        return new Working(book, book.balance(), book.granted());
      });
    }

    private Wallet open(WalletId id) {
      return InMemoryLedger.this.open(id);
    }

    /** Returns what the append tells its caller, with {@code appended} events stored. */
    AppendResult result() {
      List<WalletPosting> postings = new ArrayList<>(books.size());
      books.forEach((id, w) -> {
        List<WalletPosting.Allotment> moved = new ArrayList<>();
        newAllotments.forEach((k, change) -> {
          if (k.wallet().equals(id)) {
            moved.add(new WalletPosting.Allotment(k.type(), k.month(), change[0], change[1]));
          }
        });
        postings.add(new WalletPosting(id, Credits.ofMicros(w.balanceBefore), Credits.ofMicros(w.grantedBefore),
            Credits.ofMicros(w.book.balance()), Credits.ofMicros(w.book.granted()), moved));
      });
      return new AppendResult(toStore.size(), duplicates, conflicts, refused, postings);
    }

    /** Applies the posting; the events are stored. */
    void commit() {
      books.forEach((id, w) -> wallets.get(id).commit(w.book));
      debits.putAll(newDebits);
      reversals.putAll(newReversals);
      newAllotments.forEach((k, change) -> allotments.put(k, change[1]));
    }
  }

  private record Working(WalletBook book, long balanceBefore, long grantedBefore) {}

  private record Key(TenantId tenant, EventId id) {}

  private record Debited(WalletId wallet, long micros) {}

  private record AllotmentKey(WalletId wallet, CreditType type, YearMonth month) {}

  /** One wallet: its book, every grant it was given, and its ledger. Guarded by the ledger's lock. */
  private static final class Wallet {
    WalletBook book;
    final Map<String, Grant> grants = new HashMap<>();
    final List<LedgerEntry> entries = new ArrayList<>();

    Wallet(WalletBook book) {
      this.book = book;
    }

    void commit(WalletBook posted) {
      WalletBook.Changes changes = posted.drain();
      entries.addAll(changes.entries());
      // Refund grants are the book's own; kept here so that findGrant sees them, as in a database.
      changes.added().forEach(g -> grants.putIfAbsent(g.grant().id(), g.grant()));
      book = posted;
    }
  }
}
