package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.Credits;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's credit: an append-only ledger of grants and debits, with the usage of its plan's
 * allotments.
 *
 * <h2>Grants and debits</h2>
 *
 * <p>{@link #grant(Grant)} adds credit; it takes effect at its {@link Grant#effectiveAt()} and its
 * unused rest leaves the balance at its {@link Grant#expiresAt()}, exactly at that instant. {@link
 * #debit(EventId, Credits, Instant)} consumes credit for usage at an instant {@code t}; it draws only
 * from grants usable at {@code t} (effective at {@code t}, not expired at {@code t}, and whose
 * expiry the wallet's clock has not yet passed), in the {@linkplain Grant draw order}: lower
 * priority first, then soonest expiry (never-expiring last), then oldest effective time, then grant
 * id. A debit may be late (before the clock's now) but never in the future.
 *
 * <p>In {@link LimitMode#HARD} a debit larger than what it can draw is refused with {@link
 * InsufficientCreditsException} and nothing is recorded. In {@link LimitMode#SOFT} it is recorded
 * whole and the uncovered part becomes an overdraft: the balance goes negative by exactly that much,
 * and each grant that takes effect afterwards first repays the overdraft, then holds what is left.
 *
 * <p>Grants are idempotent by {@link Grant#id()} and debits by their reference: the same grant or
 * the same reference and amount a second time changes nothing and a debit returns its first result.
 * Reusing an id or reference for something different is refused.
 *
 * <h2>Balances are exact and current</h2>
 *
 * <p>All amounts are whole micro-credits. The wallet has no timer and no polling job: every call
 * first brings the ledger up to the clock's now, booking the grants that took effect and the credit
 * that expired since the last call, in time order. The balance after any call is exactly the sum of
 * the ledger: credit granted, less credit debited, less credit that expired unused.
 *
 * <h2>Allotments and thresholds</h2>
 *
 * <p>{@link #recordUsage(UsageEvent)} counts usage against the plan's allotment of the {@link
 * CreditType} its metric consumes. Each allotment, and the balance against the credit of the live
 * grants, has a {@link HealthBand} by the wallet's {@link Thresholds} (reached at or above,
 * defaults 75 % and 90 %). {@link ThresholdListener}s hear of each upward crossing once; a threshold
 * is re-armed when usage falls back below it.
 *
 * <p>This class is thread-safe.
 */
public final class CreditWallet {

  private static final Logger log = LoggerFactory.getLogger(CreditWallet.class);

  private final TenantId tenant;
  private final Clock clock;
  private final LimitMode mode;
  private final Optional<Plan> plan;
  private final Thresholds thresholds;
  private final List<ThresholdListener> listeners;

  // One lock guards everything below: a debit reads and changes several grants and the balance
  // together, and correctness matters more here than the throughput of one tenant's wallet.
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Grant> grants = new LinkedHashMap<>();
  /** The bookkeeping, shared with every ledger store. */
  private final WalletBook book;
  private final Map<EventId, Debit> debits = new HashMap<>();
  private final Set<EventId> countedEvents = new HashSet<>();
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final Map<CreditType, Long> used = new EnumMap<>(CreditType.class);
  private final Map<CreditType, HealthBand> allotmentBands = new EnumMap<>(CreditType.class);
  private HealthBand balanceBand;

  private CreditWallet(Builder b) {
    this.tenant = b.tenant;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.mode = b.mode == null ? LimitMode.HARD : b.mode;
    this.plan = Optional.ofNullable(b.plan);
    this.thresholds = b.thresholds == null ? Thresholds.defaults() : b.thresholds;
    this.listeners = List.copyOf(b.listeners);
    this.book = WalletBook.empty(WalletId.ofWorkspace(tenant), mode);
    // The starting bands are where usage stands, not a crossing: nobody is told of them.
    this.balanceBand = thresholds.band(0, 0);
    plan.ifPresent(p -> p.allotments().forEach(
        (type, allotted) -> allotmentBands.put(type, thresholds.band(0, type.toMetered(allotted)))));
  }

  /**
   * Starts building a wallet.
   *
   * @param tenant whose wallet it is
   * @return a builder with the system UTC clock, {@link LimitMode#HARD}, no plan, default
   *     thresholds and no listeners
   */
  public static Builder builder(TenantId tenant) {
    return new Builder(tenant);
  }

  /** {@return whose wallet this is} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return what the wallet does with a debit larger than its credit} */
  public LimitMode mode() {
    return mode;
  }

  /** {@return the plan whose allotments the wallet tracks, if it has one} */
  public Optional<Plan> plan() {
    return plan;
  }

  /** {@return the thresholds of the health bands} */
  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * Adds credit. The grant takes effect at its effective time, at once if that is not after the
   * clock's now; if the wallet is overdrawn then, the grant first repays the overdraft.
   *
   * @param grant the credit to add
   * @throws IllegalArgumentException if another grant with the same id was added
   * @throws UsageOverflowException if the wallet's total turnover would exceed what a {@code long}
   *     of micro-credits holds
   */
  public void grant(Grant grant) {
    requireNonNull(grant, "grant");
    locked(now -> {
      Grant known = grants.get(grant.id());
      if (known != null) {
        if (!known.equals(grant)) {
          throw new IllegalArgumentException("grant id " + grant.id() + " is already used by " + known);
        }
        return null;
      }
      book.grant(grant, now);
      grants.put(grant.id(), grant);
      return null;
    });
  }

  /**
   * Consumes credit for usage that happens now, by the wallet's clock.
   *
   * @param reference the idempotency key, typically the id of the priced event
   * @param amount the credit to consume, zero or more
   * @see #debit(EventId, Credits, Instant)
   * @return the debit: its draws, any overdrawn part and the balance after it
   */
  public Debit debit(EventId reference, Credits amount) {
    return debit(reference, amount, Optional.empty());
  }

  /**
   * Consumes credit for usage that happened at {@code at}, drawing from the grants usable then in
   * draw order.
   *
   * <p>A debit is idempotent by its reference: if the reference was debited before with the same
   * amount, nothing changes and the first result is returned, whatever {@code at} is now.
   *
   * @param reference the idempotency key, typically the id of the priced event
   * @param amount the credit to consume, zero or more
   * @param at when the usage happened, not after the clock's now
   * @return the debit: its draws, any overdrawn part and the balance after it
   * @throws InsufficientCreditsException in {@link LimitMode#HARD}, if the grants usable at {@code
   *     at} hold less than {@code amount}; nothing is recorded
   * @throws IllegalArgumentException if the amount is negative, {@code at} is in the future, or the
   *     reference was debited before with another amount
   * @throws UsageOverflowException if the wallet's total turnover would exceed what a {@code long}
   *     of micro-credits holds
   */
  public Debit debit(EventId reference, Credits amount, Instant at) {
    return debit(reference, amount, Optional.of(requireNonNull(at, "at")));
  }

  private Debit debit(EventId reference, Credits amount, Optional<Instant> at) {
    requireNonNull(reference, "reference");
    requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount of debit " + reference + " must not be negative but was " + amount);
    }
    return locked(now -> {
      Debit known = debits.get(reference);
      if (known != null) {
        if (!known.amount().equals(amount)) {
          throw new IllegalArgumentException("debit " + reference + " was already recorded for " + known.amount()
              + " credits, not " + amount);
        }
        return known;
      }
      Instant when = at.orElse(now);
      if (when.isAfter(now)) {
        throw new IllegalArgumentException("debit " + reference + " at " + when + " is after the wallet's clock "
            + now);
      }
      return draw(reference, amount.micros(), when);
    });
  }

  private Debit draw(EventId reference, long micros, Instant at) {
    Credits amount = Credits.ofMicros(micros);
    Instant now = clock.instant();
    Debit debit = book.debit(reference, amount, at, now).orElseThrow(
        () -> new InsufficientCreditsException(reference, amount, Credits.ofMicros(book.usableAt(at)), at));
    debits.put(reference, debit);
    return debit;
  }

  /**
   * Returns the debit recorded under {@code reference}.
   *
   * @param reference a debit's reference
   * @return the debit, or empty if none was recorded (a refused debit is not)
   */
  public Optional<Debit> findDebit(EventId reference) {
    requireNonNull(reference, "reference");
    return locked(now -> Optional.ofNullable(debits.get(reference)));
  }

  /**
   * Counts usage against the plan's allotment of {@code type}.
   *
   * <p>For a flow ({@link CreditType#VOICE_MINUTES}, {@link CreditType#TEXT_QUERIES}) the quantity
   * adds to the usage; for a {@linkplain CreditType#isGauge() gauge} it is a reading of the level, and
   * usage is the peak reading. This method is not idempotent; {@link #recordUsage(UsageEvent)} is.
   *
   * @param type the credit type
   * @param quantity in the type's {@linkplain CreditType#meteredUnit() metered unit} (seconds for
   *     voice minutes), zero or more
   * @throws IllegalArgumentException if the quantity is negative
   * @throws UsageOverflowException if the usage would exceed a {@code long}
   */
  public void recordUsage(CreditType type, long quantity) {
    requireNonNull(type, "type");
    if (quantity < 0) {
      throw new IllegalArgumentException("usage of " + type + " must not be negative but was " + quantity);
    }
    locked(now -> {
      used.put(type, usageAfter(type, quantity));
      return null;
    });
  }

  /**
   * Counts a usage event against the allotment of the credit type its metric consumes, once per
   * event id.
   *
   * <p>A reversal of a flow subtracts its quantity. Events of metrics that consume no credit type
   * (SMS, tokens) are not counted; neither are metrics the plan does not list, if it ignores them.
   * A wallet without a plan counts every metric that consumes a credit type.
   *
   * @param event the usage, of this wallet's tenant
   * @return true if the event changed the usage; false if its id was counted before, its metric
   *     consumes no credit type or the plan ignores it
   * @throws dev.usage.plan.MetricNotOnPlanException if the plan does not list the metric and rejects
   *     unlisted metrics
   * @throws IllegalArgumentException if the event is another tenant's, reverses a gauge reading, or
   *     would take usage below zero
   * @throws UsageOverflowException if the usage would exceed a {@code long}
   */
  public boolean recordUsage(UsageEvent event) {
    requireNonNull(event, "event");
    if (!event.tenant().equals(tenant)) {
      throw new IllegalArgumentException("event " + event.id() + " of tenant " + event.tenant()
          + " cannot be recorded in the wallet of " + tenant);
    }
    if (plan.isPresent() && !plan.get().check(event.metric())) {
      return false;
    }
    Optional<CreditType> consumed = CreditType.consumedBy(event.metric());
    if (consumed.isEmpty()) {
      return false;
    }
    CreditType type = consumed.get();
    if (type.isGauge() && event.isReversal()) {
      throw new IllegalArgumentException("event " + event.id() + " reverses a reading of gauge " + event.metric()
          + ", which cannot be reversed");
    }
    return locked(now -> {
      if (countedEvents.contains(event.id())) {
        return false;
      }
      long after = usageAfter(type, event.quantity());
      if (after < 0) {
        throw new IllegalArgumentException("event " + event.id() + " would take usage of " + type + " below zero, to "
            + after);
      }
      countedEvents.add(event.id());
      used.put(type, after);
      return true;
    });
  }

  private long usageAfter(CreditType type, long quantity) {
    long before = used.getOrDefault(type, 0L);
    return type.isGauge()
        ? Math.max(before, quantity)
        : UsageOverflowException.addExact(before, quantity, "usage of " + type);
  }

  /**
   * Returns the usage of {@code type}, whether the plan allots it or not.
   *
   * @param type a credit type
   * @return metered units used; for a gauge, the peak reading; zero if none was recorded
   */
  public long used(CreditType type) {
    requireNonNull(type, "type");
    return locked(now -> used.getOrDefault(type, 0L));
  }

  /**
   * Returns the usage of the plan's allotment of {@code type}.
   *
   * @param type a credit type
   * @return the allotment's usage and band, or empty if the wallet has no plan or it allots none
   */
  public Optional<AllotmentUsage> allotment(CreditType type) {
    requireNonNull(type, "type");
    return locked(now -> allotmentsNow().stream().filter(a -> a.type() == type).findFirst());
  }

  /** {@return the usage of every allotment of the plan, in {@link CreditType} order; empty without a plan} */
  public List<AllotmentUsage> allotments() {
    return locked(now -> allotmentsNow());
  }

  private List<AllotmentUsage> allotmentsNow() {
    List<AllotmentUsage> result = new ArrayList<>();
    plan.ifPresent(p -> p.allotments().forEach((type, allotted) ->
        result.add(new AllotmentUsage(type, allotted, used.getOrDefault(type, 0L), allotmentBands.get(type)))));
    return List.copyOf(result);
  }

  /** {@return the balance now, by the wallet's clock: negative when overdrawn} */
  public Credits available() {
    return locked(now -> Credits.ofMicros(book.balance()));
  }

  /**
   * Returns what a debit at {@code instant} could draw, less any overdraft, as the ledger stands now.
   *
   * <p>For a future instant this is a projection: grants scheduled to take effect by then count,
   * grants expiring by then do not, and no debit after now is foreseen. For a past instant it is not
   * the balance the wallet had then (read {@link #entries()} for that), but what a late debit at that
   * instant could draw now.
   *
   * @param instant any instant
   * @return the credit of the grants usable at {@code instant} less the overdraft
   */
  public Credits availableAt(Instant instant) {
    requireNonNull(instant, "instant");
    return locked(now -> Credits.ofMicros(book.availableAt(instant)));
  }

  /** {@return the overdraft now: zero, or the credit owed after soft-limit debits} */
  public Credits overdraft() {
    return locked(now -> Credits.ofMicros(book.overdraft()));
  }

  /** {@return the balance against the credit of the live grants, with its health band} */
  public BalanceStatus balanceStatus() {
    return locked(now -> new BalanceStatus(Credits.ofMicros(book.balance()), Credits.ofMicros(book.granted()),
        balanceBand));
  }

  /** {@return the ledger so far, oldest entry first, as of the clock's now} */
  public List<LedgerEntry> entries() {
    return locked(now -> List.copyOf(entries));
  }

  /** {@return every grant added, in the order added} */
  public List<Grant> grants() {
    return locked(now -> List.copyOf(grants.values()));
  }

  @Override
  public String toString() {
    return "CreditWallet[" + tenant + "]";
  }

  /**
   * Runs {@code body} under the lock after bringing the ledger up to now, reviews the bands, and
   * tells the listeners after the lock is released, even if {@code body} threw: a crossing the
   * catch-up found has happened either way.
   */
  private <T> T locked(Function<Instant, T> body) {
    List<ThresholdCrossing> crossings = new ArrayList<>();
    try {
      lock.lock();
      try {
        Instant now = clock.instant();
        try {
          if (book.catchUp(now)) {
            entries.addAll(book.drain().entries());
            reviewBands(now, crossings); // so that body reads the bands as of now
          }
          return body.apply(now);
        } finally {
          entries.addAll(book.drain().entries());
          reviewBands(now, crossings);
        }
      } finally {
        lock.unlock();
      }
    } finally {
      tell(crossings);
    }
  }

  private void reviewBands(Instant now, List<ThresholdCrossing> crossings) {
    long liveGranted = book.granted();
    long consumed = liveGranted - book.balance();
    HealthBand band = thresholds.band(consumed, liveGranted);
    cross(Optional.empty(), balanceBand, band, consumed, liveGranted, now, crossings);
    balanceBand = band;
    plan.ifPresent(p -> p.allotments().forEach((type, allotted) -> {
      long limit = type.toMetered(allotted);
      long u = used.getOrDefault(type, 0L);
      HealthBand b = thresholds.band(u, limit);
      cross(Optional.of(type), allotmentBands.get(type), b, u, limit, now, crossings);
      allotmentBands.put(type, b);
    }));
  }

  /** Reports each threshold between {@code from} (exclusive) and {@code to} (inclusive), rising only. */
  private void cross(Optional<CreditType> type, HealthBand from, HealthBand to, long usage, long limit,
      Instant now, List<ThresholdCrossing> crossings) {
    for (HealthBand b : HealthBand.values()) {
      if (b.compareTo(from) > 0 && b.compareTo(to) <= 0) {
        crossings.add(new ThresholdCrossing(tenant, type, b, thresholds.percentOf(b), usage, limit, now));
      }
    }
  }

  private void tell(List<ThresholdCrossing> crossings) {
    for (ThresholdCrossing c : crossings) {
      for (ThresholdListener l : listeners) {
        try {
          l.onCrossing(c);
        } catch (Exception e) {
          // A listener is the host's code: its failure must not undo or fail a booked debit.
          log.warn("threshold listener {} failed on {}", l, c, e);
        }
      }
    }
  }

  /**
   * Builds a {@link CreditWallet}.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private final TenantId tenant;
    private Clock clock;
    private LimitMode mode;
    private Plan plan;
    private Thresholds thresholds;
    private final List<ThresholdListener> listeners = new ArrayList<>();

    private Builder(TenantId tenant) {
      this.tenant = requireNonNull(tenant, "tenant");
    }

    /**
     * Sets the clock that says what now is; the system UTC clock by default.
     *
     * @param clock the source of "now" for grants' validity and debits
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     */
    public Builder clock(Clock clock) {
      requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw new IllegalStateException("clock was already set to " + this.clock);
      }
      this.clock = clock;
      return this;
    }

    /**
     * Sets what a debit larger than the credit does; {@link LimitMode#HARD} by default.
     *
     * @param mode what a debit larger than the available credit does
     * @return this builder
     * @throws IllegalStateException if the mode was already set
     */
    public Builder mode(LimitMode mode) {
      requireNonNull(mode, "mode");
      if (this.mode != null) {
        throw new IllegalStateException("limit mode was already set to " + this.mode);
      }
      this.mode = mode;
      return this;
    }

    /**
     * Sets the plan whose allotments the wallet tracks.
     *
     * @param plan the plan whose allotments the wallet counts down
     * @return this builder
     * @throws IllegalStateException if the plan was already set
     */
    public Builder plan(Plan plan) {
      requireNonNull(plan, "plan");
      if (this.plan != null) {
        throw new IllegalStateException("plan was already set to " + (this.plan == null ? null : this.plan.id()));
      }
      this.plan = plan;
      return this;
    }

    /**
     * Sets the thresholds of the health bands; 75 % and 90 % by default.
     *
     * @param warningPercent where a warning starts, 1 to 99
     * @param criticalPercent where critical starts, above the warning, at most 100
     * @return this builder
     * @throws IllegalArgumentException unless {@code 0 < warningPercent < criticalPercent ≤ 100}
     * @throws IllegalStateException if the thresholds were already set
     */
    public Builder thresholds(int warningPercent, int criticalPercent) {
      return thresholds(Thresholds.of(warningPercent, criticalPercent));
    }

    /**
     * Sets the thresholds of the health bands; 75 % and 90 % by default.
     *
     * @param thresholds where the warning and critical bands start
     * @return this builder
     * @throws IllegalStateException if the thresholds were already set
     */
    public Builder thresholds(Thresholds thresholds) {
      requireNonNull(thresholds, "thresholds");
      if (this.thresholds != null) {
        throw new IllegalStateException("thresholds were already set to " + this.thresholds);
      }
      this.thresholds = thresholds;
      return this;
    }

    /**
     * Adds a listener for threshold crossings; listeners are told in the order added.
     *
     * @param listener told of every band the balance or an allotment enters; its failures are
     *     logged, not thrown
     * @return this builder
     */
    public Builder listener(ThresholdListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** {@return the wallet, empty: no grants, no debits, no usage} */
    public CreditWallet build() {
      return new CreditWallet(this);
    }

  }
}
