package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.wallet.LedgerEntry.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.threeten.extra.MutableClock;

class CreditWalletProperties {

  static final TenantId ACME = TenantId.of("acme", "main");
  static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  /** One step of a random script. */
  sealed interface Op permits AddGrant, DebitOp, Advance {}

  record AddGrant(long micros, int priority, long effectiveOffset, Optional<Long> lifetime) implements Op {}

  /** Debits reference {@code d<ref>}; the amount follows from the reference, so a repeat is a retry. */
  record DebitOp(int ref, long lateBy) implements Op {
    long micros() {
      return (ref * 7_919L % 500 + 1) * 1_000_000L / 3;
    }
  }

  record Advance(long seconds) implements Op {}

  @Provide
  Arbitrary<List<Op>> scripts() {
    Arbitrary<Op> grant = Combinators.combine(
            Arbitraries.longs().between(1, 200_000_000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.longs().between(-3_600, 3_600),
            Arbitraries.longs().between(1, 7_200).optional(0.5))
        .as(AddGrant::new);
    Arbitrary<Op> debit = Combinators.combine(
            Arbitraries.integers().between(0, 40),
            Arbitraries.longs().between(0, 3_600).edgeCases(e -> e.add(0L)))
        .as(DebitOp::new);
    Arbitrary<Op> advance = Arbitraries.longs().between(1, 3_600).map(Advance::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, grant), net.jqwik.api.Tuple.of(6, debit), net.jqwik.api.Tuple.of(2, advance))
        .list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void balance_equalsGrantsLessDebitsLessExpired(@ForAll("scripts") List<Op> script, @ForAll LimitMode mode) {
    MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
    CreditWallet w = CreditWallet.builder(ACME).clock(clock).mode(mode).build();
    Map<String, Long> granted = new HashMap<>();
    int grants = 0;
    for (Op op : script) {
      if (op instanceof AddGrant g) {
        Instant effective = clock.instant().plusSeconds(g.effectiveOffset());
        Grant grant = new Grant("g" + grants++, GrantKind.TOP_UP, Credits.ofMicros(g.micros()), g.priority(),
            effective, g.lifetime().map(effective::plusSeconds));
        w.grant(grant);
        granted.put(grant.id(), g.micros());
      } else if (op instanceof DebitOp d) {
        try {
          w.debit(EventId.of("d" + d.ref()), Credits.ofMicros(d.micros()), clock.instant().minusSeconds(d.lateBy()));
        } catch (InsufficientCreditsException e) {
          assertThat(mode).isEqualTo(LimitMode.HARD);
          assertThat(e.requested()).isGreaterThan(e.available());
        }
      } else if (op instanceof Advance a) {
        clock.add(Duration.ofSeconds(a.seconds()));
      }
      assertLedgerAddsUp(w, granted, clock.instant());
    }
  }

  static void assertLedgerAddsUp(CreditWallet w, Map<String, Long> granted, Instant now) {
    List<LedgerEntry> entries = w.entries();
    Credits available = w.available();
    long running = 0;
    Map<Kind, Long> byKind = new HashMap<>();
    Map<String, Long> expired = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      assertThat(e.sequence()).isEqualTo(i + 1L);
      running += e.change().micros();
      assertThat(e.balance().micros()).isEqualTo(running);
      byKind.merge(e.kind(), e.amount().micros(), Long::sum);
      if (e.kind() == Kind.EXPIRY) {
        expired.merge(e.grantId().orElseThrow(), e.amount().micros(), Long::sum);
      }
    }
    long expected = byKind.getOrDefault(Kind.GRANT, 0L) - byKind.getOrDefault(Kind.DEBIT, 0L)
        - byKind.getOrDefault(Kind.EXPIRY, 0L);
    assertThat(available.micros()).isEqualTo(expected).isEqualTo(running);
    assertThat(w.availableAt(now)).isEqualTo(available);
    expired.forEach((id, micros) -> assertThat(micros).isLessThanOrEqualTo(granted.get(id)));
    if (w.mode() == LimitMode.HARD) {
      assertThat(available.isNegative()).isFalse();
      assertThat(w.overdraft()).isEqualTo(Credits.zero());
    }
    // The balance is also what the live grants hold less what is owed.
    assertThat(w.balanceStatus().available()).isEqualTo(available);
  }

  @Property(tries = 300)
  void withoutExpiry_hardLimitAcceptsExactlyWhatTheBalanceCovers(
      @ForAll @Size(max = 80) List<@LongRange(min = -50_000_000, max = 50_000_000) Long> amounts) {
    // Positive amounts are grants, the others debits of their magnitude.
    MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
    CreditWallet w = CreditWallet.builder(ACME).clock(clock).build();
    long model = 0;
    for (int i = 0; i < amounts.size(); i++) {
      long a = amounts.get(i);
      if (a > 0) {
        w.grant(Grant.of("g" + i, GrantKind.TOP_UP, Credits.ofMicros(a), T0));
        model += a;
      } else if (-a <= model) {
        assertThat(w.debit(EventId.of("d" + i), Credits.ofMicros(-a)).balanceAfter().micros()).isEqualTo(model + a);
        model += a;
      } else {
        int index = i;
        assertThatThrownBy(() -> w.debit(EventId.of("d" + index), Credits.ofMicros(-a)))
            .isInstanceOf(InsufficientCreditsException.class);
      }
      assertThat(w.available().micros()).isEqualTo(model);
    }
  }

  @Property(tries = 300)
  void withoutExpiry_softLimitBalanceIsGrantsLessDebits(
      @ForAll @Size(max = 80) List<@LongRange(min = -50_000_000, max = 50_000_000) Long> amounts) {
    MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
    CreditWallet w = CreditWallet.builder(ACME).clock(clock).mode(LimitMode.SOFT).build();
    long model = 0;
    for (int i = 0; i < amounts.size(); i++) {
      long a = amounts.get(i);
      if (a > 0) {
        w.grant(Grant.of("g" + i, GrantKind.TOP_UP, Credits.ofMicros(a), T0));
      } else {
        w.debit(EventId.of("d" + i), Credits.ofMicros(-a));
      }
      model += a;
      assertThat(w.available().micros()).isEqualTo(model);
      assertThat(w.overdraft().micros()).isEqualTo(Math.max(0, -model));
    }
  }

  /**
   * Four threads debit 2,000 times each from a shared pool of references (so retries race), while
   * one of them also tops up with expiring grants and moves the clock. Every accepted debit is then
   * reconciled grant by grant against what the callers were told.
   */
  @Property(tries = 4)
  void concurrentDebits_areNeitherLostNorCountedTwice(@ForAll LimitMode mode, @ForAll long seed)
      throws Exception {
    MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
    CreditWallet w = CreditWallet.builder(ACME).clock(clock).mode(mode).build();
    Map<String, Grant> grants = new ConcurrentHashMap<>();
    Grant initial = Grant.of("initial", GrantKind.PLAN_GRANT, Credits.of(2_000), T0);
    grants.put(initial.id(), initial);
    w.grant(initial);
    Map<EventId, Debit> told = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Random random = new Random(seed + t);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            if (thread == 0 && i % 100 == 0) {
              Instant now = clock.instant();
              Grant g = Grant.of("top-" + i, GrantKind.TOP_UP, Credits.of(40), now).withExpiry(now.plusSeconds(3));
              grants.put(g.id(), g);
              w.grant(g);
              clock.add(Duration.ofSeconds(1));
            }
            int ref = random.nextInt(6_000);
            EventId id = EventId.of("d" + ref);
            try {
              Debit d = w.debit(id, Credits.ofMicros((ref % 13 + 1) * 100_000L));
              Debit first = told.putIfAbsent(id, d);
              assertThat(d).isEqualTo(first == null ? d : first);
            } catch (InsufficientCreditsException e) {
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Instant now = clock.instant();
    List<LedgerEntry> entries = w.entries();
    long debited = told.values().stream().mapToLong(d -> d.amount().micros()).sum();
    assertThat(entries).filteredOn(e -> e.kind() == Kind.DEBIT).hasSize(told.size())
        .extracting(e -> e.reference().orElseThrow()).doesNotHaveDuplicates();
    assertThat(entries.stream().filter(e -> e.kind() == Kind.DEBIT).mapToLong(e -> e.amount().micros()).sum())
        .isEqualTo(debited);

    // Reconcile each grant: what it gave out, repaid and lost to expiry is at most what it held.
    Map<String, Long> drawn = new HashMap<>();
    told.values().forEach(d -> d.draws().forEach(x -> drawn.merge(x.grantId(), x.amount().micros(), Long::sum)));
    Map<String, Long> repaidOrExpired = new HashMap<>();
    entries.stream().filter(e -> e.kind() == Kind.OVERDRAFT_REPAYMENT || e.kind() == Kind.EXPIRY)
        .forEach(e -> repaidOrExpired.merge(e.grantId().orElseThrow(), e.amount().micros(), Long::sum));
    long liveRemaining = 0;
    long grantedTotal = 0;
    for (Grant g : grants.values()) {
      long left = g.amount().micros() - drawn.getOrDefault(g.id(), 0L) - repaidOrExpired.getOrDefault(g.id(), 0L);
      grantedTotal += g.amount().micros();
      if (g.isUsableAt(now)) {
        assertThat(left).isNotNegative();
        liveRemaining += left;
      } else {
        assertThat(left).as("grant %s expired with nothing unbooked", g.id()).isZero();
      }
    }
    long overdrawn = told.values().stream().mapToLong(d -> d.overdrawn().micros()).sum();
    long repaid = entries.stream().filter(e -> e.kind() == Kind.OVERDRAFT_REPAYMENT)
        .mapToLong(e -> e.amount().micros()).sum();
    long expiredTotal = entries.stream().filter(e -> e.kind() == Kind.EXPIRY).mapToLong(e -> e.amount().micros()).sum();
    assertThat(w.overdraft().micros()).isEqualTo(overdrawn - repaid);
    assertThat(w.available().micros())
        .isEqualTo(liveRemaining - (overdrawn - repaid))
        .isEqualTo(grantedTotal - debited - expiredTotal);
    if (mode == LimitMode.HARD) {
      assertThat(w.available().isNegative()).isFalse();
      assertThat(told.values()).allSatisfy(d -> assertThat(d.balanceAfter().isNegative()).isFalse());
      assertThat(overdrawn).isZero();
    } else {
      assertThat(refused.get()).isZero();
    }
  }
}
