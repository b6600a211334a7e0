package dev.usage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventFilter;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.LedgerStore;
import dev.usage.spi.Reversals;
import dev.usage.spi.ScanQuery;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable contract of {@link LedgerStore}: every store that keeps the credit ledger must
 * pass these tests, beside {@link UsageStoreContractKit}. A subclass says how to make a fresh,
 * empty store:
 *
 * <pre>{@code
 * class MyLedgerStoreContractTest extends LedgerStoreContractKit {
 *   @Override
 *   protected LedgerStore newStore() {
 *     return new MyLedgerStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Events cost one micro-credit per unit unless a test says otherwise; grants are in whole
 * credits. Every posting happens at {@link #NOW}.
 *
 * <p>This class is not thread-safe; JUnit runs each test on its own instance.
 */
public abstract class LedgerStoreContractKit {

  /** A workspace with a wallet of its own in most tests. */
  protected static final TenantId ACME = TenantId.of("acme", "main");
  /** A second workspace of ACME's organization. */
  protected static final TenantId ACME_SALES = TenantId.of("acme", "sales");
  /** Another organization. */
  protected static final TenantId GLOBEX = TenantId.of("globex", "main");
  /** ACME's own wallet. */
  protected static final WalletId WALLET = WalletId.ofWorkspace(ACME);
  /** 2026-05-01T00:00:00Z. */
  protected static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  /** The instant every posting happens at: 2026-05-20T00:00:00Z. */
  protected static final Instant NOW = Instant.parse("2026-05-20T00:00:00Z");

  /** The store under test, fresh for each test. */
  protected LedgerStore store;

  /**
   * Returns a new, empty store; called once per test.
   *
   * @return the store under test
   */
  protected abstract LedgerStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * Returns an event on 10 May, its billable quantity its quantity.
   *
   * @param id the event id
   * @param tenant whose event
   * @param metric the metric
   * @param quantity its quantity
   * @param micros what it costs, in micro-credits
   * @return the priced event
   */
  protected static PricedEvent event(String id, TenantId tenant, Metric metric, long quantity, long micros) {
    UsageEvent e = UsageEvent.builder(EventId.of(id), tenant, metric).at(Instant.parse("2026-05-10T12:00:00Z"))
        .quantity(quantity).dimensions(Dimensions.none()).build();
    PricingTrace trace = new PricingTrace("ledger-kit", Optional.empty(), metric.key(), CreditMultiplier.ONE,
        Optional.empty(), Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING);
    return new PricedEvent(e, Credits.ofMicros(micros), quantity, trace);
  }

  /**
   * Returns an SMS of ACME.
   *
   * @param id the event id
   * @param credits what it costs, in whole credits
   * @return the priced event
   */
  protected static PricedEvent sms(String id, long credits) {
    return event(id, ACME, Metrics.SMS_OUTBOUND, 1, Credits.of(credits).micros());
  }

  /**
   * Appends one batch at {@link #NOW}.
   *
   * @param events the batch
   * @return what the store did
   */
  protected AppendResult append(PricedEvent... events) {
    return store.append(List.of(events), NOW);
  }

  /**
   * Opens a wallet holding a never-expiring grant effective on 1 May.
   *
   * @param wallet the wallet
   * @param mode its limit mode
   * @param credits the grant, in whole credits; none when 0
   */
  protected void open(WalletId wallet, LimitMode mode, long credits) {
    store.openWallet(wallet, mode);
    if (credits > 0) {
      store.grant(wallet, Grant.of("may", GrantKind.PLAN_GRANT, Credits.of(credits), MAY_1), NOW);
    }
  }

  /**
   * Returns a wallet's balance at {@link #NOW}.
   *
   * @param wallet the wallet, which must be open
   * @return the credits available
   */
  protected Credits balance(WalletId wallet) {
    return store.wallet(wallet, NOW).orElseThrow().available();
  }

  /**
   * Returns how many of a tenant's events are stored in May.
   *
   * @param tenant whose events
   * @return their count
   */
  protected long stored(TenantId tenant) {
    return store.aggregate(AggregateQuery.builder(tenant, MAY_1, Instant.parse("2026-06-01T00:00:00Z")).build())
        .stream().mapToLong(AggregateRow::count).sum();
  }

  /**
   * Returns all entries of a wallet, newest first, read a page at a time.
   *
   * @param wallet the wallet
   * @param size the page size
   * @return every entry
   */
  protected List<LedgerEntry> entries(WalletId wallet, int size) {
    List<LedgerEntry> all = new ArrayList<>();
    LedgerQuery q = LedgerQuery.newest(wallet, size);
    while (true) {
      LedgerPage page = store.entries(q);
      all.addAll(page.entries());
      if (page.next().isEmpty()) {
        return all;
      }
      q = q.after(page);
    }
  }

  @Nested
  @DisplayName("Wallets")
  class Wallets {

    @Test
    @DisplayName("opening a wallet twice with the same mode changes nothing; another mode is refused")
    void openWallet_idempotent() {
      open(WALLET, LimitMode.SOFT, 10);
      store.openWallet(WALLET, LimitMode.SOFT);

      assertThat(balance(WALLET)).isEqualTo(Credits.of(10));
      assertThatThrownBy(() -> store.openWallet(WALLET, LimitMode.HARD))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acme/main").hasMessageContaining("SOFT");
    }

    @Test
    @DisplayName("a grant is added once by its id; another grant under a used id is refused")
    void grant_idempotentById() {
      open(WALLET, LimitMode.SOFT, 0);
      Grant topUp = Grant.of("payment-1", GrantKind.TOP_UP, Credits.of(5), MAY_1);

      assertThat(store.grant(WALLET, topUp, NOW)).isTrue();
      assertThat(store.grant(WALLET, topUp, NOW)).isFalse();
      assertThatThrownBy(() -> store.grant(WALLET, Grant.of("payment-1", GrantKind.TOP_UP, Credits.of(6), MAY_1), NOW))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payment-1");
      assertThat(balance(WALLET)).isEqualTo(Credits.of(5));
      assertThat(store.findGrant(WALLET, "payment-1")).contains(topUp);
      assertThat(store.findGrant(WALLET, "payment-2")).isEmpty();
    }

    @Test
    @DisplayName("grant ids starting with refund: are the refunds' own: a host's is refused, a refund's is found")
    void grant_refundIdsReserved() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent s1 = sms("s1", 7);
      append(s1, s1.reversal(EventId.of("r1")));

      assertThatThrownBy(() -> store.grant(WALLET, Grant.of("refund:main:r1", GrantKind.ADJUSTMENT, Credits.of(1),
          MAY_1), NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refund:main:r1");
      assertThat(store.findGrant(WALLET, "refund:main:r1")).hasValueSatisfying(
          g -> assertThat(g.amount()).isEqualTo(Credits.of(7)));
      assertThat(balance(WALLET)).isEqualTo(Credits.of(100));
    }

    @Test
    @DisplayName("a grant to a wallet that is not open is refused")
    void grant_walletNotOpen() {
      assertThatThrownBy(() -> store.grant(WALLET, Grant.of("g", GrantKind.TOP_UP, Credits.of(5), MAY_1), NOW))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("acme/main");
      assertThat(store.wallet(WALLET, NOW)).isEmpty();
    }

    @Test
    @DisplayName("a workspace draws from its own wallet, else its organization's, else none")
    void walletOf_ownThenOrganization() {
      WalletId org = WalletId.ofOrganization("acme");
      assertThat(store.walletOf(ACME)).isEmpty();

      store.openWallet(org, LimitMode.SOFT);
      assertThat(store.walletOf(ACME)).contains(org);
      assertThat(store.walletOf(ACME_SALES)).contains(org);
      assertThat(store.walletOf(GLOBEX)).isEmpty();

      store.openWallet(WALLET, LimitMode.SOFT);
      assertThat(store.walletOf(ACME)).contains(WALLET);
      assertThat(store.walletOf(ACME_SALES)).contains(org);
    }

    @Test
    @DisplayName("a scheduled grant counts from its effective time, an expired one no longer")
    void wallet_scheduledAndExpired() {
      store.openWallet(WALLET, LimitMode.SOFT);
      store.grant(WALLET, Grant.of("june", GrantKind.PLAN_GRANT, Credits.of(7), Instant.parse("2026-06-01T00:00:00Z")), NOW);
      store.grant(WALLET, Grant.of("promo", GrantKind.PROMOTION, Credits.of(3), MAY_1)
          .withExpiry(Instant.parse("2026-05-25T00:00:00Z")), NOW);

      assertThat(balance(WALLET)).isEqualTo(Credits.of(3));
      WalletStatus june = store.wallet(WALLET, Instant.parse("2026-06-02T00:00:00Z")).orElseThrow();
      assertThat(june.available()).isEqualTo(Credits.of(7));
      assertThat(june.granted()).isEqualTo(Credits.of(7));
    }
  }

  @Nested
  @DisplayName("Debits")
  class Debits {

    @Test
    @DisplayName("each event stored for the first time is debited once; a duplicate is not")
    void append_debitsNewEventsOnly() {
      open(WALLET, LimitMode.SOFT, 100);

      append(sms("s1", 2), sms("s2", 3), sms("s1", 2));
      AppendResult again = append(sms("s1", 2), sms("s3", 1));

      assertThat(again.appended()).isEqualTo(1);
      assertThat(again.duplicates()).extracting(EventId::value).containsExactly("s1");
      assertThat(balance(WALLET)).isEqualTo(Credits.of(94));
    }

    @Test
    @DisplayName("a hard-limit wallet refuses what it cannot cover: not stored, not debited")
    void append_hardLimitRefuses() {
      open(WALLET, LimitMode.HARD, 5);

      AppendResult result = append(sms("s1", 3), sms("s2", 3), sms("s3", 2));

      assertThat(result.appended()).isEqualTo(2);
      assertThat(result.refused()).singleElement().satisfies(r -> {
        assertThat(r.id().value()).isEqualTo("s2");
        assertThat(r.tenant()).isEqualTo(ACME);
        assertThat(r.requested()).isEqualTo(Credits.of(3));
        assertThat(r.available()).isEqualTo(Credits.of(2));
      });
      assertThat(stored(ACME)).isEqualTo(2);
      assertThat(balance(WALLET)).isEqualTo(Credits.zero());
    }

    @Test
    @DisplayName("an id repeated in one batch is decided by its first occurrence, also when that one is refused")
    void append_refusedIdRepeatedInTheBatch() {
      open(WALLET, LimitMode.HARD, 5);

      AppendResult result = append(sms("s1", 10), sms("s1", 3));

      assertThat(result.appended()).isZero();
      assertThat(result.refused()).extracting(r -> r.requested()).containsExactly(Credits.of(10), Credits.of(10));
      assertThat(balance(WALLET)).isEqualTo(Credits.of(5));
    }

    @Test
    @DisplayName("a soft-limit wallet goes negative; the next grant repays the overdraft first")
    void append_softLimitOverdraws() {
      open(WALLET, LimitMode.SOFT, 5);

      append(sms("s1", 8));
      assertThat(store.wallet(WALLET, NOW).orElseThrow().overdraft()).isEqualTo(Credits.of(3));
      assertThat(balance(WALLET)).isEqualTo(Credits.of(-3));

      store.grant(WALLET, Grant.of("top-up", GrantKind.TOP_UP, Credits.of(10), NOW), NOW);
      WalletStatus after = store.wallet(WALLET, NOW).orElseThrow();
      assertThat(after.available()).isEqualTo(Credits.of(7));
      assertThat(after.overdraft()).isEqualTo(Credits.zero());
    }

    @Test
    @DisplayName("a tenant without a wallet is recorded and not debited")
    void append_noWallet() {
      open(WALLET, LimitMode.HARD, 1);

      AppendResult result = append(event("g1", GLOBEX, Metrics.SMS_OUTBOUND, 1, Credits.of(50).micros()));

      assertThat(result.appended()).isEqualTo(1);
      assertThat(stored(GLOBEX)).isEqualTo(1);
      assertThat(balance(WALLET)).isEqualTo(Credits.of(1));
    }

    @Test
    @DisplayName("the workspaces of an organization draw from its shared wallet")
    void append_organizationWallet() {
      WalletId org = WalletId.ofOrganization("acme");
      open(org, LimitMode.HARD, 10);

      append(sms("s1", 4));
      AppendResult sales = store.append(List.of(event("s1", ACME_SALES, Metrics.SMS_OUTBOUND, 1, Credits.of(4).micros()),
          event("s2", ACME_SALES, Metrics.SMS_OUTBOUND, 1, Credits.of(4).micros())), NOW);

      assertThat(sales.refused()).extracting(r -> r.id().value()).containsExactly("s2");
      assertThat(sales.refused().get(0).wallet()).isEqualTo(org);
      assertThat(balance(org)).isEqualTo(Credits.of(2));
    }

    @Test
    @DisplayName("debits draw lower priority first, then the soonest expiry")
    void append_drawOrder() {
      store.openWallet(WALLET, LimitMode.HARD);
      store.grant(WALLET, Grant.of("late", GrantKind.TOP_UP, Credits.of(5), MAY_1).withPriority(5), NOW);
      store.grant(WALLET, Grant.of("expiring", GrantKind.PROMOTION, Credits.of(5), MAY_1)
          .withExpiry(Instant.parse("2026-05-30T00:00:00Z")), NOW);

      append(sms("s1", 7));
      List<dev.usage.wallet.GrantBalance> grants = store.wallet(WALLET, NOW).orElseThrow().grants();

      assertThat(grants).extracting(g -> g.grant().id(), g -> g.remaining())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("expiring", Credits.zero()),
              org.assertj.core.groups.Tuple.tuple("late", Credits.of(3)));
    }

    @Test
    @DisplayName("a debit never draws from a grant that expired before the event")
    void append_expiredGrantNotDrawn() {
      store.openWallet(WALLET, LimitMode.HARD);
      store.grant(WALLET, Grant.of("april-promo", GrantKind.PROMOTION, Credits.of(5),
          Instant.parse("2026-04-01T00:00:00Z")).withExpiry(Instant.parse("2026-05-01T00:00:00Z")), NOW);

      AppendResult result = append(sms("s1", 1));

      assertThat(result.refused()).hasSize(1);
      assertThat(balance(WALLET)).isEqualTo(Credits.zero());
    }

    @Test
    @DisplayName("a batch books one debit entry per wallet, listed newest first and paged by sequence")
    void entries_oneDebitPerBatch() {
      open(WALLET, LimitMode.SOFT, 100);
      append(sms("s1", 2), sms("s2", 3));
      append(sms("s3", 1));

      List<LedgerEntry> all = entries(WALLET, 1);
      assertThat(all).extracting(LedgerEntry::kind)
          .containsExactly(LedgerEntry.Kind.DEBIT, LedgerEntry.Kind.DEBIT, LedgerEntry.Kind.GRANT);
      assertThat(all.get(1).amount()).isEqualTo(Credits.of(5));
      assertThat(all.get(1).events()).isEqualTo(2);
      assertThat(all.get(1).balance()).isEqualTo(Credits.of(95));
      assertThat(all.get(0).balance()).isEqualTo(Credits.of(94));
      assertThat(all).extracting(LedgerEntry::sequence).isSortedAccordingTo((a, b) -> Long.compare(b, a));

      LedgerPage grants = store.entries(LedgerQuery.newest(WALLET, 10).ofKinds(LedgerEntry.Kind.GRANT));
      assertThat(grants.entries()).singleElement().satisfies(e -> assertThat(e.grantId()).contains("may"));
      assertThat(grants.next()).isEmpty();
    }

    @Test
    @DisplayName("concurrent batches with overlapping duplicates never overdraw a hard-limit wallet")
    void append_concurrentHardLimit() throws Exception {
      open(WALLET, LimitMode.HARD, 1_000);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<AppendResult>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            AppendResult total = AppendResult.empty();
            for (int b = 0; b < 40; b++) {
              List<PricedEvent> batch = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                // ids overlap across threads: every id is sent by two of them
                int n = (b * 5 + i + thread % 2 * 100) % 400;
                batch.add(sms("s" + n, 1 + n % 13));
              }
              total = total.plus(store.append(batch, NOW));
            }
            return total;
          }));
        }
        Set<String> refusedIds = new HashSet<>();
        for (Future<AppendResult> f : results) {
          f.get(2, TimeUnit.MINUTES).refused().forEach(r -> refusedIds.add(r.id().value()));
        }
        long spent = store.scan(new ScanQuery(ACME, MAY_1, Instant.parse("2026-06-01T00:00:00Z"),
            EventFilter.all(), 1_000, Optional.empty())).events().stream().mapToLong(p -> p.credits().micros()).sum();
        assertThat(spent).isPositive().isLessThanOrEqualTo(Credits.of(1_000).micros());
        assertThat(balance(WALLET).micros()).isEqualTo(Credits.of(1_000).micros() - spent).isNotNegative();
        assertThat(refusedIds).isNotEmpty(); // the workload asks for more than the wallet holds
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("Reversals")
  class Reversals {

    @Test
    @DisplayName("a reversal refunds exactly what its original was debited, once")
    void reversal_refundsOnce() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent s1 = sms("s1", 7);
      append(s1);

      AppendResult first = append(s1.reversal(EventId.of("r1")));
      AppendResult again = append(s1.reversal(EventId.of("r1")));
      AppendResult second = append(s1.reversal(EventId.of("r2")));

      assertThat(first.appended()).isEqualTo(1);
      assertThat(again.duplicates()).extracting(EventId::value).containsExactly("r1");
      assertThat(second.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("r1"));
      assertThat(balance(WALLET)).isEqualTo(Credits.of(100));
      assertThat(store.entries(LedgerQuery.newest(WALLET, 10).ofKinds(LedgerEntry.Kind.REFUND)).entries())
          .singleElement().satisfies(e -> {
            assertThat(e.amount()).isEqualTo(Credits.of(7));
            assertThat(e.reference()).contains(EventId.of("r1"));
          });
    }

    @Test
    @DisplayName("an event and its reversal in one batch net to nothing")
    void reversal_sameBatch() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent s1 = sms("s1", 7);

      AppendResult result = append(s1, s1.reversal(EventId.of("r1")));

      assertThat(result.appended()).isEqualTo(2);
      assertThat(balance(WALLET)).isEqualTo(Credits.of(100));
    }

    @Test
    @DisplayName("a reversal of an event that is not stored, or not its exact negation, is a conflict")
    void reversal_refused() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent s1 = sms("s1", 7);
      append(s1);
      PricedEvent tampered = new PricedEvent(s1.event().reversal(EventId.of("r2")), Credits.of(-70),
          s1.billableQuantity() * -1, s1.trace());

      AppendResult ghost = append(sms("ghost", 7).reversal(EventId.of("r1")));
      AppendResult wrong = append(tampered);

      assertThat(ghost.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("not stored"));
      assertThat(wrong.conflicts()).singleElement()
          .satisfies(c -> assertThat(c.reason()).contains("not the exact negation"));
      assertThat(stored(ACME)).isEqualTo(1);
      assertThat(balance(WALLET)).isEqualTo(Credits.of(93));
    }

    @Test
    @DisplayName("a reversal before its original in one batch is refused; the original is debited")
    void reversal_beforeItsOriginalInTheBatch() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent s1 = sms("s1", 10);

      AppendResult result = append(s1.reversal(EventId.of("r1")), s1);

      assertThat(result.appended()).isEqualTo(1);
      assertThat(result.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("not stored"));
      assertThat(balance(WALLET)).isEqualTo(Credits.of(90));
      assertThat(append(s1.reversal(EventId.of("r2"))).appended()).as("the original can still be reversed").isEqualTo(1);
      assertThat(balance(WALLET)).isEqualTo(Credits.of(100));
    }

    @Test
    @DisplayName("a reversal of an event its own batch refused is refused too")
    void reversal_ofAnEventTheBatchRefused() {
      open(WALLET, LimitMode.HARD, 5);
      PricedEvent s1 = sms("s1", 10);

      AppendResult result = append(s1, s1.reversal(EventId.of("r1")));

      assertThat(result.appended()).isZero();
      assertThat(result.refused()).hasSize(1);
      assertThat(result.conflicts()).singleElement().satisfies(c -> assertThat(c.reason()).contains("not stored"));
      assertThat(stored(ACME)).isZero();
      assertThat(balance(WALLET)).isEqualTo(Credits.of(5));
    }

    @Test
    @DisplayName("a reversal of an event stored before the wallet opened refunds nothing")
    void reversal_ofUndebitedEvent() {
      PricedEvent s1 = sms("s1", 7);
      append(s1);
      open(WALLET, LimitMode.SOFT, 100);

      AppendResult result = append(s1.reversal(EventId.of("r1")));

      assertThat(result.appended()).isEqualTo(1);
      assertThat(balance(WALLET)).isEqualTo(Credits.of(100));
    }
  }

  @Nested
  @DisplayName("Allotments")
  class Allotments {

    @Test
    @DisplayName("allotment usage counts stored units per month, a gauge its peak; a reversal gives back")
    void allotmentUsage_countsAndGivesBack() {
      open(WALLET, LimitMode.SOFT, 100);
      PricedEvent call = event("c1", ACME, Metrics.VOICE_MINUTES, 90, 90);
      append(call, event("c2", ACME, Metrics.VOICE_MINUTES, 30, 30), event("cc1", ACME, Metrics.CONCURRENT_CALLS, 4, 0),
          event("cc2", ACME, Metrics.CONCURRENT_CALLS, 2, 0), event("c1", ACME, Metrics.VOICE_MINUTES, 90, 90));

      assertThat(store.allotmentUsage(WALLET, YearMonth.of(2026, 5)))
          .isEqualTo(Map.of(CreditType.VOICE_MINUTES, 120L, CreditType.CONCURRENT_CALLS, 4L));

      append(call.reversal(EventId.of("r1")));

      assertThat(store.allotmentUsage(WALLET, YearMonth.of(2026, 5))).containsEntry(CreditType.VOICE_MINUTES, 30L);
      assertThat(store.allotmentUsage(WALLET, YearMonth.of(2026, 4))).isEmpty();
    }
  }
}
