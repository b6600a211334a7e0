package dev.usage;

import static java.util.Objects.requireNonNull;

import dev.usage.EventOutcome.Reason;
import dev.usage.EventOutcome.Status;
import dev.usage.event.EventId;
import dev.usage.event.LateEventDecision;
import dev.usage.event.LateEventPolicy;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import dev.usage.observe.UsageListener;
import dev.usage.plan.Plan;
import dev.usage.plan.UnlistedMetricPolicy;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.plan.CreditType;
import dev.usage.report.UsageReports;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.RefusedDebit;
import dev.usage.spi.WalletPosting;
import dev.usage.wallet.HealthBand;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.ThresholdCrossing;
import dev.usage.wallet.ThresholdListener;
import dev.usage.wallet.Thresholds;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The front door of the library: records usage events, prices them, stores them and draws their
 * credits from the tenant's wallet.
 *
 * <p>For each event of a batch, {@link #record(Collection)} checks in this order: the metric is
 * in the {@link MetricCatalog}; the tenant's {@link Plan} lists it (or ignores it, as the plan
 * says); the {@link LateEventPolicy} accepts its time (possibly moving it into the next open
 * period); the {@link CreditCalculator} can price it with the rate card in force at its time.
 * What passes is appended to the {@link UsageStore}, one batch per tenant, idempotently. When the
 * store keeps the credit ledger (a {@link LedgerStore}, as both stores of the library do), it
 * debits the credits of each event it stores for the first time from the wallet the tenant draws
 * from, and counts its units against the plan's allotments, in the same transaction as the event:
 * a retry after any failure neither loses nor repeats a debit.
 *
 * <pre>{@code
 * UsageEngine engine = UsageEngine.builder()
 *     .calculator(CreditCalculator.builder().rateCards(history).build())
 *     .accounts(myAccounts)            // plans and closed periods; optional
 *     .store(new InMemoryUsageStore()) // the default
 *     .build();
 * engine.ledger().open(WalletId.ofWorkspace(tenant), LimitMode.SOFT);
 * engine.ledger().grant(WalletId.ofWorkspace(tenant), Grant.of("plan-2026-04", PLAN_GRANT, credits, start));
 * RecordResult result = engine.record(UsageFacts.call(...));
 * UsageReports reports = engine.reports();
 * }</pre>
 *
 * <p>The engine owns one {@link Clock}: the late-event policy, the ledger's postings and reads and
 * the reports' default ranges all tell time by it.
 *
 * <p>This class is thread-safe: it holds no state of its own beyond its thread-safe parts.
 */
public final class UsageEngine {

  private static final Logger log = LoggerFactory.getLogger(UsageEngine.class);

  private final UsageStore store;
  private final CreditCalculator calculator;
  private final MetricCatalog catalog;
  private final LateEventPolicy latePolicy;
  private final TenantAccounts accounts;
  private final Clock clock;
  private final Thresholds thresholds;
  private final List<ThresholdListener> listeners;
  private final Ledger ledger;
  private final UsageReports reports;
  private final boolean throwOnRejection;
  /** {@link UsageListener#NONE} when unset: then {@link #observed} is false and nothing is told. */
  private final UsageListener usageListener;
  private final boolean observed;

  private UsageEngine(Builder b, UsageStore store, LateEventPolicy latePolicy) {
    this.store = store;
    this.calculator = b.calculator;
    this.catalog = b.catalog;
    this.latePolicy = latePolicy;
    this.accounts = b.accounts;
    this.clock = b.clock;
    this.thresholds = b.thresholds;
    this.listeners = List.copyOf(b.listeners);
    this.ledger = Ledger.of(store, accounts, clock, thresholds);
    this.throwOnRejection = b.throwOnRejection;
    this.usageListener = UsageListener.guarded(b.usageListener);
    this.observed = b.usageListener != UsageListener.NONE;
    this.reports = b.reports.apply(UsageReports.builder(store).accounts(accounts).ledger(ledger).clock(clock)).build();
  }

  /** {@return a builder; only the calculator is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records a batch of usage events.
   *
   * <p>Recording is idempotent: an event whose id the store has seen with the same content is a
   * {@link Status#DUPLICATE} and changes nothing, so retrying a batch after any failure is always
   * safe. Within a batch, the first event with an id wins; a later one with the same content is a
   * duplicate, with different content a conflict. Raw reversals are rejected: use {@link
   * #reverse(PricedEvent, EventId)}. An event a hard-limit wallet cannot pay for is {@link
   * Status#REFUSED} and not stored.
   *
   * <p>Threshold listeners hear, after the store committed, of each band the batch moved a wallet
   * or an allotment up into: only the append that crossed a threshold reports it, so each
   * crossing is told once even with several engines over one database.
   *
   * @param events the events, of any tenants
   * @return one outcome per event in input order, and the debits a hard-limit wallet refused
   */
  public RecordResult record(Collection<UsageEvent> events) {
    requireNonNull(events, "events");
    List<EventOutcome> outcomes = new ArrayList<>(events.size());
    Map<Key, PricedEvent> batch = new LinkedHashMap<>();
    for (UsageEvent event : events) {
      outcomes.add(screen(requireNonNull(event, "event"), batch));
    }
    // Ids are unique per tenant, so each tenant's events go to the store on their own and the
    // duplicates and conflicts it reports name events of that tenant only.
    Map<TenantId, List<PricedEvent>> byTenant = new LinkedHashMap<>();
    batch.forEach((k, e) -> byTenant.computeIfAbsent(k.tenant, t -> new ArrayList<>()).add(e));
    Set<Key> duplicates = new HashSet<>();
    Map<Key, Conflict> conflicts = new HashMap<>();
    Map<Key, RefusedDebit> refusals = new HashMap<>();
    byTenant.forEach((tenant, tenantEvents) -> {
      AppendResult appended = append(tenantEvents);
      appended.duplicates().forEach(id -> duplicates.add(new Key(tenant, id)));
      appended.conflicts().forEach(c -> conflicts.put(new Key(tenant, c.id()), c));
      appended.refused().forEach(r -> refusals.put(new Key(tenant, r.id()), r));
    });

    List<RefusedDebit> refused = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      EventOutcome o = outcomes.get(i);
      if (o.status() != Status.RECORDED && o.status() != Status.REBOOKED && o.status() != Status.RESTATED) {
        continue;
      }
      PricedEvent priced = o.priced().orElseThrow();
      Key key = new Key(priced.event().tenant(), priced.event().id());
      if (batch.get(key) != priced) {
        continue; // a later occurrence in the same batch; already marked
      }
      if (duplicates.contains(key)) {
        outcomes.set(i, new EventOutcome(o.id(), Status.DUPLICATE, o.priced(), "recorded before with the same content",
            Reason.NONE));
      } else if (conflicts.containsKey(key)) {
        outcomes.set(i, new EventOutcome(o.id(), Status.CONFLICT, o.priced(), conflicts.get(key).reason(),
            Reason.CONFLICT));
      } else if (refusals.containsKey(key)) {
        RefusedDebit r = refusals.get(key);
        refused.add(r);
        outcomes.set(i, new EventOutcome(o.id(), Status.REFUSED, o.priced(), r.reason(), Reason.INSUFFICIENT_CREDITS));
      }
    }
    RecordResult result = new RecordResult(outcomes, refused);
    if (observed) {
      observe(events, outcomes, refusals);
    }
    if (result.hasRejections()) {
      // One line per batch, never one per event: a bad batch must be seen, not flood the log.
      log.warn("usage not stored: {}; first: {}", result.summary(),
          result.rejected().values().iterator().next().get(0).detail());
      if (throwOnRejection) {
        throw new UsageRejectedException(result);
      }
    }
    return result;
  }

  /** Tells the usage listener each event's outcome; {@code outcomes} is in the order of {@code events}. */
  private void observe(Collection<UsageEvent> events, List<EventOutcome> outcomes, Map<Key, RefusedDebit> refusals) {
    int i = 0;
    for (UsageEvent event : events) {
      EventOutcome o = outcomes.get(i++);
      if (o.status() == Status.REFUSED) {
        usageListener.refused(event, refusals.get(new Key(event.tenant(), event.id())));
      } else {
        observe(event, o);
      }
    }
  }

  private void observe(UsageEvent event, EventOutcome o) {
    switch (o.status()) {
      case RECORDED, REBOOKED, RESTATED -> usageListener.recorded(event, o);
      case DUPLICATE -> usageListener.duplicate(event, o);
      case CONFLICT -> usageListener.conflict(event, o);
      case REJECTED, IGNORED -> usageListener.rejected(event, o);
      case REFUSED -> throw new IllegalStateException("a refusal is told with its debit, not as outcome " + o);
    }
  }

  /** Appends one tenant's events, posting them when the store keeps the ledger, and tells of crossings. */
  private AppendResult append(List<PricedEvent> events) {
    if (!(store instanceof LedgerStore ledgerStore)) {
      return store.append(events);
    }
    Instant now = clock.instant();
    AppendResult appended = ledgerStore.append(events, now);
    if (!listeners.isEmpty() && !appended.postings().isEmpty()) {
      tell(events.get(0).event().tenant(), appended.postings(), now);
    }
    return appended;
  }

  /**
   * Records the reversal of an event recorded earlier: its quantity and credits negated exactly as
   * they were priced, never repriced.
   *
   * <p>With a {@link LedgerStore}, the store checks, atomically with storing the reversal, that the
   * original is stored as given and not reversed yet, refunds exactly what the original was
   * debited to the wallet it was debited from, and gives its units back to the allotment. A second
   * reversal of the same original under a new id is a {@link Status#CONFLICT}; the same reversal
   * sent again is a {@link Status#DUPLICATE}.
   *
   * @param original the event as it was priced and stored
   * @param reversalId the id of the reversal
   * @return the reversal's outcome: recorded, a duplicate, or a conflict naming why it was refused
   */
  public EventOutcome reverse(PricedEvent original, EventId reversalId) {
    PricedEvent reversal = calculator.reverse(original, reversalId);
    AppendResult r = append(List.of(reversal));
    EventOutcome outcome;
    if (!r.duplicates().isEmpty()) {
      outcome = new EventOutcome(reversalId, Status.DUPLICATE, Optional.of(reversal),
          "recorded before with the same content", Reason.NONE);
    } else if (!r.conflicts().isEmpty()) {
      outcome = new EventOutcome(reversalId, Status.CONFLICT, Optional.of(reversal), r.conflicts().get(0).reason(),
          Reason.CONFLICT);
    } else {
      outcome = new EventOutcome(reversalId, Status.RECORDED, Optional.of(reversal), "", Reason.NONE);
    }
    if (observed) {
      observe(reversal.event(), outcome);
    }
    return outcome;
  }

  /** {@return the credit ledger over this engine's store and clock} */
  public Ledger ledger() {
    return ledger;
  }

  /** {@return the reports over this engine's store, plans, ledger and clock} */
  public UsageReports reports() {
    return reports;
  }

  /** {@return the store events are recorded into} */
  public UsageStore store() {
    return store;
  }

  /** {@return the calculator events are priced with} */
  public CreditCalculator calculator() {
    return calculator;
  }

  /** {@return the catalogue of metrics this engine records} */
  public MetricCatalog catalog() {
    return catalog;
  }

  /** {@return the tenants' plans and closed periods} */
  public TenantAccounts accounts() {
    return accounts;
  }

  /** {@return the clock} */
  public Clock clock() {
    return clock;
  }

  private EventOutcome screen(UsageEvent event, Map<Key, PricedEvent> batch) {
    EventId id = event.id();
    if (!catalog.find(event.metric().key()).filter(event.metric()::equals).isPresent()) {
      return rejected(id, Reason.UNKNOWN_METRIC, "metric " + event.metric().key() + " of event " + id
          + " is not in the catalogue");
    }
    if (event.isReversal()) {
      return rejected(id, Reason.RAW_REVERSAL, "event " + id
          + " is a reversal: record it with UsageEngine.reverse, which keeps the original's price");
    }
    Optional<Plan> plan = accounts.plan(event.tenant());
    if (plan.isPresent() && !plan.get().admits(event.metric())) {
      return plan.get().unlistedMetrics() == UnlistedMetricPolicy.IGNORE
          ? new EventOutcome(id, Status.IGNORED, Optional.empty(),
              "metric " + event.metric().key() + " is not on plan " + plan.get().id(), Reason.NOT_ON_PLAN)
          : rejected(id, Reason.NOT_ON_PLAN, "metric " + event.metric().key() + " of event " + id
              + " is not on plan " + plan.get().id());
    }
    LateEventDecision decision = latePolicy.decide(event, accounts.closedThrough(event.tenant()), clock.instant());
    if (observed && decision.outcome() != LateEventDecision.Outcome.ACCEPTED) {
      usageListener.late(event, decision);
    }
    if (!decision.isAccepted()) {
      return rejected(id, switch (decision.outcome()) {
        case REJECTED_TOO_OLD -> Reason.TOO_OLD;
        case REJECTED_IN_FUTURE -> Reason.IN_FUTURE;
        default -> Reason.CLOSED_PERIOD;
      }, decision.reason());
    }
    UsageEvent accepted = decision.event().orElseThrow();
    PricedEvent priced;
    try {
      Optional<BillingIncrement> increment = plan.flatMap(Plan::increment);
      priced = increment.isPresent() ? calculator.price(accepted, increment.get()) : calculator.price(accepted);
    } catch (IllegalArgumentException | UsageOverflowException e) {
      return rejected(id, Reason.NOT_PRICEABLE, e.getMessage());
    }
    Status status = switch (decision.outcome()) {
      case REBOOKED -> Status.REBOOKED;
      case RESTATED -> Status.RESTATED;
      default -> Status.RECORDED;
    };
    Key key = new Key(event.tenant(), id);
    PricedEvent first = batch.putIfAbsent(key, priced);
    if (first == null) {
      return new EventOutcome(id, status, Optional.of(priced), decision.reason(), Reason.NONE);
    }
    return first.equals(priced)
        ? new EventOutcome(id, Status.DUPLICATE, Optional.of(priced), "repeated in the same batch", Reason.NONE)
        : new EventOutcome(id, Status.CONFLICT, Optional.of(priced),
            "event " + id + " appears twice in the batch with different content", Reason.CONFLICT);
  }

  private void tell(TenantId tenant, List<WalletPosting> postings, Instant now) {
    Optional<Plan> plan = accounts.plan(tenant);
    List<ThresholdCrossing> crossings = new ArrayList<>();
    for (WalletPosting p : postings) {
      long before = p.grantedBefore().micros() - p.balanceBefore().micros();
      long after = p.grantedAfter().micros() - p.balanceAfter().micros();
      cross(tenant, Optional.empty(), thresholds.band(before, p.grantedBefore().micros()),
          thresholds.band(after, p.grantedAfter().micros()), after, p.grantedAfter().micros(), now, crossings);
      for (WalletPosting.Allotment a : p.allotments()) {
        OptionalLong allotted = plan.map(pl -> pl.allotment(a.type())).orElse(OptionalLong.empty());
        if (allotted.isPresent()) {
          long limit = a.type().toMetered(allotted.getAsLong());
          cross(tenant, Optional.of(a.type()), thresholds.band(a.before(), limit), thresholds.band(a.after(), limit),
              a.after(), limit, now, crossings);
        }
      }
    }
    for (ThresholdCrossing c : crossings) {
      for (ThresholdListener l : listeners) {
        try {
          l.onCrossing(c);
        } catch (RuntimeException e) {
          // The listener is the host's code; the events and their debits are committed either way.
          log.warn("threshold listener {} failed on {}", l, c, e);
        }
      }
    }
  }

  private void cross(TenantId tenant, Optional<CreditType> type, HealthBand from, HealthBand to, long used,
      long limit, Instant now, List<ThresholdCrossing> crossings) {
    for (HealthBand b : HealthBand.values()) {
      if (b.compareTo(from) > 0 && b.compareTo(to) <= 0) {
        crossings.add(new ThresholdCrossing(tenant, type, b, thresholds.percentOf(b), used, limit, now));
      }
    }
  }

  private static EventOutcome rejected(EventId id, Reason reason, String why) {
    return new EventOutcome(id, Status.REJECTED, Optional.empty(), why, reason);
  }

  private record Key(TenantId tenant, EventId id) {}

  /**
   * Builds a {@link UsageEngine}; {@link #build()} validates and the result is frozen.
   *
   * <p>This class is not thread-safe.
   */
  public static final class Builder {
    private UsageStore store;
    private CreditCalculator calculator;
    private MetricCatalog catalog = MetricCatalog.builtIn();
    private LateEventPolicy latePolicy;
    private TenantAccounts accounts = TenantAccounts.NONE;
    private Clock clock = Clock.systemUTC();
    private Thresholds thresholds = Thresholds.defaults();
    private final List<ThresholdListener> listeners = new ArrayList<>();
    private java.util.function.UnaryOperator<UsageReports.Builder> reports = r -> r;
    private boolean throwOnRejection;
    private UsageListener usageListener = UsageListener.NONE;

    private Builder() {}

    /**
     * Sets the store; defaults to a new {@link InMemoryUsageStore}, which reports its timings to
     * the {@linkplain #usageListener(UsageListener) usage listener}.
     *
     * @param store where events are recorded; give it the usage listener yourself to have its timings
     * @return this builder
     */
    public Builder store(UsageStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the calculator that prices events; required.
     *
     * @param calculator prices every event by its metric, rate card and multipliers
     * @return this builder
     */
    public Builder calculator(CreditCalculator calculator) {
      this.calculator = requireNonNull(calculator, "calculator");
      return this;
    }

    /**
     * Sets the metrics recorded; defaults to the built-in catalogue.
     *
     * @param catalog the metrics the engine accepts; an event of another metric is rejected
     * @return this builder
     */
    public Builder catalog(MetricCatalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog");
      return this;
    }

    /**
     * Sets the late-event policy; defaults to the policy's defaults on this builder's clock.
     *
     * @param latePolicy decides what happens to events that arrive late, early or in a closed
     *     period
     * @return this builder
     */
    public Builder latePolicy(LateEventPolicy latePolicy) {
      this.latePolicy = requireNonNull(latePolicy, "latePolicy");
      return this;
    }

    /**
     * Sets the tenants' plans and closed periods; defaults to none.
     *
     * @param accounts each tenant's plan, billing anchor day and closed periods
     * @return this builder
     */
    public Builder accounts(TenantAccounts accounts) {
      this.accounts = requireNonNull(accounts, "accounts");
      return this;
    }

    /**
     * Sets the clock that says what "now" is; defaults to the system clock in UTC.
     *
     * @param clock the source of "now" for late-event decisions, wallets and default report ranges
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where the warning and critical bands of balances and allotments start; 75 % and 90 % by
     * default.
     *
     * @param thresholds where the warning and critical bands start, in percent of the credit or
     *     allotment
     * @return this builder
     */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * Makes {@link UsageEngine#record} throw {@link UsageRejectedException} when some events of a
     * batch were not stored (rejected, refused or in conflict), after storing the others. By
     * default it returns them in its {@link RecordResult} and logs one WARN line per such batch.
     *
     * @return this builder
     */
    public Builder throwOnRejection() {
      this.throwOnRejection = true;
      return this;
    }

    /**
     * Adds a listener for threshold crossings; listeners are told in the order added.
     *
     * @param listener told of every band a balance or allotment enters; its failures are logged,
     *     not thrown
     * @return this builder
     */
    public Builder listener(ThresholdListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets the listener told what happened to each event: recorded, duplicate, conflict, rejected
     * (with its reason), refused by a hard-limit wallet, or decided late. None by default, and
     * then recording costs nothing extra. The store reports its own timings: give it the listener
     * too (for example {@code JdbcUsageStore.Builder#usageListener}).
     *
     * <p>The engine wraps it with {@link UsageListener#guarded(UsageListener)}, so that a callback
     * that throws is logged and never fails a recording.
     *
     * @param usageListener the listener, such as {@code usage-micrometer}'s {@code MicrometerUsageListener}
     * @return this builder
     * @throws IllegalStateException if a usage listener was set already; compose several in one
     */
    public Builder usageListener(UsageListener usageListener) {
      requireNonNull(usageListener, "usageListener");
      if (this.usageListener != UsageListener.NONE) {
        throw new IllegalStateException("usage listener was already set to " + this.usageListener);
      }
      this.usageListener = usageListener;
      return this;
    }

    /**
     * Sets what the reports need beyond the engine's store, plans, ledger and clock: inventory,
     * billing anchor day, credit price.
     *
     * @param configure changes the reports' builder and returns it
     * @return this builder
     */
    public Builder reports(java.util.function.UnaryOperator<UsageReports.Builder> configure) {
      this.reports = requireNonNull(configure, "configure");
      return this;
    }

    /**
     * {@return the engine}
     *
     * @throws IllegalStateException if no calculator was set
     */
    public UsageEngine build() {
      if (calculator == null) {
        throw new IllegalStateException("a usage engine needs a calculator: call calculator(CreditCalculator)");
      }
      // Defaults are made per engine and never written back: two builds never share a store.
      // The default store is the engine's own, so it reports its timings to the engine's listener.
      return new UsageEngine(this, store == null ? new InMemoryUsageStore(usageListener) : store,
          latePolicy == null ? LateEventPolicy.builder().clock(clock).build() : latePolicy);
    }
  }
}
