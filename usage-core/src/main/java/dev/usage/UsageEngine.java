package dev.usage;

import static java.util.Objects.requireNonNull;

import dev.usage.EventOutcome.Status;
import dev.usage.event.EventId;
import dev.usage.event.LateEventDecision;
import dev.usage.event.LateEventPolicy;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import dev.usage.plan.Plan;
import dev.usage.plan.UnlistedMetricPolicy;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.wallet.CreditWallet;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.InsufficientCreditsException;
import java.time.Clock;
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
 * What passes is appended to the {@link UsageStore} in one batch, idempotently; the credits of
 * the events stored for the first time are then debited from the tenant's {@link CreditWallet},
 * and their units counted against the plan's allotments.
 *
 * <pre>{@code
 * UsageEngine engine = UsageEngine.builder()
 *     .calculator(CreditCalculator.builder().rateCards(history).build())
 *     .accounts(myAccounts)            // plans, wallets, closed periods; optional
 *     .store(new InMemoryUsageStore()) // the default
 *     .build();
 * RecordResult result = engine.record(UsageFacts.call(...));
 * }</pre>
 *
 * <p>This class is thread-safe: it holds no state of its own beyond its thread-safe parts.
 */
public final class UsageEngine {

  private final UsageStore store;
  private final CreditCalculator calculator;
  private final MetricCatalog catalog;
  private final LateEventPolicy latePolicy;
  private final TenantAccounts accounts;
  private final Clock clock;

  private UsageEngine(Builder b) {
    this.store = b.store;
    this.calculator = b.calculator;
    this.catalog = b.catalog;
    this.latePolicy = b.latePolicy;
    this.accounts = b.accounts;
    this.clock = b.clock;
  }

  /** Returns a builder; only the calculator is required. */
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
   * #reverse(PricedEvent, EventId)}.
   *
   * @param events the events, of any tenants
   * @return one outcome per event in input order, and any debits a hard-limit wallet refused
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
    byTenant.forEach((tenant, tenantEvents) -> {
      AppendResult appended = store.append(tenantEvents);
      appended.duplicates().forEach(id -> duplicates.add(new Key(tenant, id)));
      appended.conflicts().forEach(c -> conflicts.put(new Key(tenant, c.id()), c));
    });

    Map<String, InsufficientCreditsException> refused = new LinkedHashMap<>();
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
        outcomes.set(i, new EventOutcome(o.id(), Status.DUPLICATE, o.priced(), "recorded before with the same content"));
      } else if (conflicts.containsKey(key)) {
        outcomes.set(i, new EventOutcome(o.id(), Status.CONFLICT, o.priced(), conflicts.get(key).reason()));
      } else {
        charge(priced, refused);
      }
    }
    return new RecordResult(outcomes, refused);
  }

  /**
   * Records the reversal of an event recorded earlier: its quantity and credits negated exactly as
   * they were priced, never repriced; the credits go back to the wallet as an adjustment grant.
   *
   * @param original the event as it was priced and stored
   * @param reversalId the id of the reversal
   * @return the reversal's outcome: recorded, or a duplicate when it was recorded before
   */
  public EventOutcome reverse(PricedEvent original, EventId reversalId) {
    PricedEvent reversal = calculator.reverse(original, reversalId);
    AppendResult r = store.append(List.of(reversal));
    if (!r.duplicates().isEmpty()) {
      return new EventOutcome(reversalId, Status.DUPLICATE, Optional.of(reversal), "recorded before with the same content");
    }
    if (!r.conflicts().isEmpty()) {
      return new EventOutcome(reversalId, Status.CONFLICT, Optional.of(reversal), r.conflicts().get(0).reason());
    }
    if (original.credits().isPositive()) {
      accounts.wallet(original.event().tenant()).ifPresent(w -> w.grant(
          Grant.of("reversal:" + reversalId.value(), GrantKind.ADJUSTMENT, original.credits(), clock.instant())));
    }
    return new EventOutcome(reversalId, Status.RECORDED, Optional.of(reversal), "");
  }

  /** Returns the store events are recorded into. */
  public UsageStore store() {
    return store;
  }

  /** Returns the calculator events are priced with. */
  public CreditCalculator calculator() {
    return calculator;
  }

  /** Returns the catalogue of metrics this engine records. */
  public MetricCatalog catalog() {
    return catalog;
  }

  /** Returns the tenants' accounts. */
  public TenantAccounts accounts() {
    return accounts;
  }

  /** Returns the clock. */
  public Clock clock() {
    return clock;
  }

  private EventOutcome screen(UsageEvent event, Map<Key, PricedEvent> batch) {
    EventId id = event.id();
    if (!catalog.find(event.metric().key()).filter(event.metric()::equals).isPresent()) {
      return rejected(id, "metric " + event.metric().key() + " of event " + id + " is not in the catalogue");
    }
    if (event.isReversal()) {
      return rejected(id, "event " + id + " is a reversal: record it with UsageEngine.reverse, which keeps the original's price");
    }
    Optional<Plan> plan = accounts.plan(event.tenant());
    if (plan.isPresent() && !plan.get().admits(event.metric())) {
      return plan.get().unlistedMetrics() == UnlistedMetricPolicy.IGNORE
          ? new EventOutcome(id, Status.IGNORED, Optional.empty(),
              "metric " + event.metric().key() + " is not on plan " + plan.get().id())
          : rejected(id, "metric " + event.metric().key() + " of event " + id + " is not on plan " + plan.get().id());
    }
    LateEventDecision decision = latePolicy.decide(event, accounts.closedThrough(event.tenant()), clock.instant());
    if (!decision.isAccepted()) {
      return rejected(id, decision.reason());
    }
    UsageEvent accepted = decision.event().orElseThrow();
    PricedEvent priced;
    try {
      priced = calculator.price(accepted);
    } catch (IllegalArgumentException | UsageOverflowException e) {
      return rejected(id, e.getMessage());
    }
    Status status = switch (decision.outcome()) {
      case REBOOKED -> Status.REBOOKED;
      case RESTATED -> Status.RESTATED;
      default -> Status.RECORDED;
    };
    Key key = new Key(event.tenant(), id);
    PricedEvent first = batch.putIfAbsent(key, priced);
    if (first == null) {
      return new EventOutcome(id, status, Optional.of(priced), decision.reason());
    }
    return first.equals(priced)
        ? new EventOutcome(id, Status.DUPLICATE, Optional.of(priced), "repeated in the same batch")
        : new EventOutcome(id, Status.CONFLICT, Optional.of(priced),
            "event " + id + " appears twice in the batch with different content");
  }

  private void charge(PricedEvent priced, Map<String, InsufficientCreditsException> refused) {
    UsageEvent event = priced.event();
    Optional<CreditWallet> wallet = accounts.wallet(event.tenant());
    if (wallet.isEmpty()) {
      return;
    }
    wallet.get().recordUsage(event);
    if (priced.credits().isPositive()) {
      try {
        wallet.get().debit(event.id(), priced.credits(), event.occurredAt());
      } catch (InsufficientCreditsException e) {
        refused.put(event.id().value(), e);
      }
    }
  }

  private static EventOutcome rejected(EventId id, String why) {
    return new EventOutcome(id, Status.REJECTED, Optional.empty(), why);
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

    private Builder() {}

    /** Sets the store; defaults to a new {@link InMemoryUsageStore}. */
    public Builder store(UsageStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** Sets the calculator that prices events; required. */
    public Builder calculator(CreditCalculator calculator) {
      this.calculator = requireNonNull(calculator, "calculator");
      return this;
    }

    /** Sets the metrics recorded; defaults to the built-in catalogue. */
    public Builder catalog(MetricCatalog catalog) {
      this.catalog = requireNonNull(catalog, "catalog");
      return this;
    }

    /** Sets the late-event policy; defaults to the policy's defaults on this builder's clock. */
    public Builder latePolicy(LateEventPolicy latePolicy) {
      this.latePolicy = requireNonNull(latePolicy, "latePolicy");
      return this;
    }

    /** Sets the tenants' plans, wallets and closed periods; defaults to none. */
    public Builder accounts(TenantAccounts accounts) {
      this.accounts = requireNonNull(accounts, "accounts");
      return this;
    }

    /** Sets the clock that says what "now" is; defaults to the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the engine.
     *
     * @throws IllegalStateException if no calculator was set
     */
    public UsageEngine build() {
      if (calculator == null) {
        throw new IllegalStateException("a usage engine needs a calculator: call calculator(CreditCalculator)");
      }
      if (store == null) {
        store = new InMemoryUsageStore();
      }
      if (latePolicy == null) {
        latePolicy = LateEventPolicy.builder().clock(clock).build();
      }
      return new UsageEngine(this);
    }
  }
}
