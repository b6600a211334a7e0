package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.TenantAccounts;
import dev.usage.event.TenantId;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.Credits;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credit ledger as a host uses it: opens wallets, adds grants and top-ups, and reads
 * balances, allotments, entries and forecasts, all by one clock. Obtained from {@code
 * UsageEngine.ledger()}, over the engine's store.
 *
 * <p>Debits are not made here: the store makes them when it stores the events they pay for, in
 * the same transaction, and a reversal's refund when it stores the reversal.
 *
 * <p>Over a store that keeps no ledger (a {@link dev.usage.spi.UsageStore} that is not a {@link
 * LedgerStore}), every tenant is without a wallet: reads are empty and opening a wallet or adding
 * a grant throws {@link IllegalStateException}.
 *
 * <p>This class is thread-safe.
 */
public final class Ledger {

  private final Optional<LedgerStore> store;
  private final TenantAccounts accounts;
  private final Clock clock;
  private final Thresholds thresholds;

  private Ledger(Optional<LedgerStore> store, TenantAccounts accounts, Clock clock, Thresholds thresholds) {
    this.store = requireNonNull(store, "store");
    this.accounts = requireNonNull(accounts, "accounts");
    this.clock = requireNonNull(clock, "clock");
    this.thresholds = requireNonNull(thresholds, "thresholds");
  }

  /**
   * Obtains the ledger of a store.
   *
   * @param store the store, which keeps a ledger if it is a {@link LedgerStore}
   * @param accounts the tenants' plans, whose allotments {@link #allotments} reports
   * @param clock what now is
   * @param thresholds where the warning and critical bands start
   * @return the ledger
   */
  public static Ledger of(dev.usage.spi.UsageStore store, TenantAccounts accounts, Clock clock,
      Thresholds thresholds) {
    requireNonNull(store, "store");
    return new Ledger(store instanceof LedgerStore l ? Optional.of(l) : Optional.empty(), accounts, clock,
        thresholds);
  }

  /** {@return whether the store keeps a ledger} */
  public boolean isKept() {
    return store.isPresent();
  }

  /** {@return the thresholds of the health bands} */
  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * Opens a wallet, or does nothing if it is open with the same mode.
   *
   * @param wallet a workspace's own wallet or an organization's shared one
   * @param mode what a debit larger than the credit does
   * @throws IllegalArgumentException if the wallet is open with another mode
   * @throws IllegalStateException if the store keeps no ledger
   */
  public void open(WalletId wallet, LimitMode mode) {
    kept().openWallet(wallet, mode);
  }

  /**
   * Adds a grant (a plan's credit, a top-up, a promotion, an adjustment) to a wallet, idempotently
   * by its id.
   *
   * @param wallet an open wallet
   * @param grant the grant
   * @return true if added, false if the wallet held the same grant already
   * @throws IllegalArgumentException if the wallet holds a different grant under the id
   * @throws IllegalStateException if the wallet is not open or the store keeps no ledger
   */
  public boolean grant(WalletId wallet, Grant grant) {
    return kept().grant(wallet, grant, clock.instant());
  }

  /**
   * Returns the wallet a tenant draws from.
   *
   * @param tenant a workspace
   * @return its own wallet, else its organization's, else empty
   */
  public Optional<WalletId> walletOf(TenantId tenant) {
    return store.flatMap(s -> s.walletOf(tenant));
  }

  /**
   * Returns a wallet as it stands now.
   *
   * @param wallet a wallet
   * @return its status, or empty if it is not open
   */
  public Optional<WalletStatus> status(WalletId wallet) {
    return store.flatMap(s -> s.wallet(wallet, clock.instant()));
  }

  /**
   * Returns the wallet a tenant draws from, as it stands now.
   *
   * @param tenant a workspace
   * @return the status, or empty if the tenant has no wallet
   */
  public Optional<WalletStatus> statusOf(TenantId tenant) {
    return walletOf(tenant).flatMap(this::status);
  }

  /**
   * Returns the balance of the wallet a tenant draws from, against the credit in effect, with its
   * band.
   *
   * @param tenant a workspace
   * @return the balance status, or empty if the tenant has no wallet
   */
  public Optional<BalanceStatus> balance(TenantId tenant) {
    return statusOf(tenant).map(s -> s.balance(thresholds));
  }

  /**
   * Returns the usage of each allotment of the tenant's plan in the current UTC month, counted in
   * the wallet it draws from.
   *
   * @param tenant a workspace
   * @return one per allotment of the plan, in {@link CreditType} order; empty without a plan or a
   *     wallet
   */
  public List<AllotmentUsage> allotments(TenantId tenant) {
    Optional<Plan> plan = accounts.plan(tenant);
    Optional<WalletId> wallet = walletOf(tenant);
    if (plan.isEmpty() || wallet.isEmpty()) {
      return List.of();
    }
    Map<CreditType, Long> used = store.orElseThrow().allotmentUsage(wallet.get(),
        YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    List<AllotmentUsage> result = new ArrayList<>();
    plan.get().allotments().forEach((type, allotted) -> {
      long u = used.getOrDefault(type, 0L);
      result.add(new AllotmentUsage(type, allotted, u, thresholds.band(u, type.toMetered(allotted))));
    });
    return List.copyOf(result);
  }

  /**
   * Returns one page of a wallet's entries, newest first.
   *
   * @param query the wallet, kinds, page size and cursor
   * @return the page; empty if the wallet is not open
   */
  public LedgerPage entries(LedgerQuery query) {
    requireNonNull(query, "query");
    return store.map(s -> s.entries(query)).orElse(new LedgerPage(List.of(), java.util.OptionalLong.empty()));
  }

  /**
   * Returns a grant of a wallet.
   *
   * @param wallet a wallet
   * @param grantId the grant's id
   * @return the grant, or empty if the wallet holds none under the id
   */
  public Optional<Grant> findGrant(WalletId wallet, String grantId) {
    return store.flatMap(s -> s.findGrant(wallet, grantId));
  }

  /**
   * Returns the entries that added credit to the tenant's wallet (grants taking effect and
   * refunds) between two instants, newest first.
   *
   * @param tenant a workspace
   * @param from the first instant, inclusive
   * @param until the last instant, exclusive
   * @return the entries; empty without a wallet
   */
  public List<LedgerEntry> credited(TenantId tenant, Instant from, Instant until) {
    requireNonNull(from, "from");
    requireNonNull(until, "until");
    Optional<WalletId> wallet = walletOf(tenant);
    if (wallet.isEmpty()) {
      return List.of();
    }
    List<LedgerEntry> found = new ArrayList<>();
    LedgerQuery q = LedgerQuery.newest(wallet.get(), 500).ofKinds(LedgerEntry.Kind.GRANT, LedgerEntry.Kind.REFUND);
    // Entries are booked in sequence order but a grant is booked when it takes effect, which may
    // be long after it was added; entries are scanned to the wallet's first, which is fine for the
    // few grants a wallet has.
    while (true) {
      LedgerPage page = entries(q);
      for (LedgerEntry e : page.entries()) {
        if (!e.at().isBefore(from) && e.at().isBefore(until)) {
          found.add(e);
        }
      }
      if (page.next().isEmpty()) {
        break;
      }
      q = q.after(page);
    }
    found.sort(java.util.Comparator.comparing(LedgerEntry::at).thenComparingLong(LedgerEntry::sequence).reversed());
    return List.copyOf(found);
  }

  /**
   * Forecasts when the tenant's wallet runs out, from its debits over the last {@code window}.
   *
   * @param tenant a workspace
   * @param window how far back the burn is measured, a positive whole number of days
   * @return the forecast, or empty without a wallet
   */
  public Optional<DepletionForecast> forecast(TenantId tenant, Duration window) {
    Optional<WalletStatus> status = statusOf(tenant);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant start = now.minus(window);
    long burned = 0;
    LedgerQuery q = LedgerQuery.newest(status.get().wallet(), 1000).ofKinds(LedgerEntry.Kind.DEBIT);
    scan:
    while (true) {
      LedgerPage page = entries(q);
      for (LedgerEntry e : page.entries()) {
        if (e.at().isAfter(start) && !e.at().isAfter(now)) {
          burned = dev.usage.UsageOverflowException.addExact(burned, e.amount().micros(), "credits burned");
        }
      }
      if (page.next().isEmpty()) {
        break scan;
      }
      q = q.after(page);
    }
    return Optional.of(DepletionForecast.of(status.get().available(), Credits.ofMicros(burned), clock, window));
  }

  private LedgerStore kept() {
    return store.orElseThrow(() -> new IllegalStateException(
        "the engine's store keeps no credit ledger: use a LedgerStore such as InMemoryUsageStore or JdbcUsageStore"));
  }

  @Override
  public String toString() {
    return "Ledger[" + store.map(Object::toString).orElse("none") + "]";
  }
}
