package dev.usage.report;

import dev.usage.TenantAccounts;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.ModelType;
import dev.usage.event.TenantId;
import dev.usage.event.TokenCounts;
import dev.usage.event.UsageEvent;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricingTrace;
import dev.usage.wallet.Grant;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.Thresholds;
import dev.usage.wallet.WalletId;
import java.util.Map;
import java.util.Optional;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditCalculator.UnratedMetrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Events, prices and a store for the member usage, billable metrics and credit usage report tests.
 *
 * <p>Prices: voice 1 credit per started minute, chat 1 credit per 120 s, an AI message 0.1
 * credit, an outbound SMS segment 2 credits, an inbound one 1 credit, a workflow run 0.5 credit;
 * everything else is free.
 */
final class BillableFixtures {

  static final TenantId ACME = TenantId.of("acme", "main");
  static final TenantId GLOBEX = TenantId.of("globex", "main");
  static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  /** Noon on 15 April 2026, UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-15T12:00:00Z"), ZoneOffset.UTC);

  static final CreditCalculator CALCULATOR = CreditCalculator.builder()
      .rateCards(RateCardHistory.of(RateCard.builder("2026-04", Instant.parse("2020-01-01T00:00:00Z"))
          .rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements())
          .rate(Metrics.CHAT_MINUTES, Rate.of(1, 120))
          .rate(Metrics.AI_MESSAGES, Rate.of(new BigDecimal("0.1"), 1))
          .rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
          .rate(Metrics.SMS_INBOUND, Rate.of(1, 1))
          .rate(Metrics.WORKFLOW_RUNS_SUCCESS, Rate.of(new BigDecimal("0.5"), 1))
          .increment(BillingIncrement.PER_MINUTE)
          .build()))
      .unratedMetrics(UnratedMetrics.FREE)
      .build();

  private BillableFixtures() {}

  static Instant at(String instant) {
    return Instant.parse(instant);
  }

  static Dimensions by(String member, String assistant) {
    Dimensions.Builder b = Dimensions.builder();
    if (member != null) {
      b.member(member);
    }
    if (assistant != null) {
      b.assistant(assistant);
    }
    return b.build();
  }

  static List<PricedEvent> priced(List<UsageEvent> events) {
    return events.stream().map(CALCULATOR::price).toList();
  }

  /** A finished inbound call or chat of {@code seconds}. */
  static List<PricedEvent> call(TenantId tenant, String id, Instant start, Channel channel, long seconds,
      Dimensions dimensions) {
    return priced(UsageFacts.call(EventId.of(id), tenant, channel, Direction.INBOUND,
        CallOutcome.finished(start, start.plusSeconds(seconds)), dimensions));
  }

  static List<PricedEvent> missedCall(TenantId tenant, String id, Instant at, Dimensions dimensions) {
    return priced(UsageFacts.call(EventId.of(id), tenant, Channel.VOICE, Direction.INBOUND,
        CallOutcome.missed(at), dimensions));
  }

  static List<PricedEvent> sms(TenantId tenant, String id, Instant at, Direction direction, String text,
      Dimensions dimensions) {
    return priced(UsageFacts.sms(EventId.of(id), tenant, at, direction, text, dimensions));
  }

  static List<PricedEvent> ai(TenantId tenant, String id, Instant at, Dimensions dimensions) {
    return priced(UsageFacts.aiCompletion(EventId.of(id), tenant, at, "openai", "gpt-4o-mini", ModelType.CHAT,
        TokenCounts.of(100, 20), dimensions));
  }

  /** A message a person sent in a web chat. */
  static List<PricedEvent> humanMessage(TenantId tenant, String id, Instant at, Dimensions dimensions) {
    return priced(UsageFacts.humanMessage(EventId.of(id), tenant, at, Channel.WEB_CHAT, dimensions));
  }

  /** A workflow run with no member: system work. */
  static List<PricedEvent> workflow(TenantId tenant, String id, Instant at) {
    return priced(UsageFacts.workflowRun(EventId.of(id), tenant, at, WorkflowOutcome.SUCCEEDED, Dimensions.none()));
  }

  static List<PricedEvent> speech(TenantId tenant, String id, Instant at, long seconds, Dimensions dimensions) {
    return priced(UsageFacts.speechToText(EventId.of(id), tenant, at, "deepgram", "nova-2",
        Duration.ofSeconds(seconds), dimensions));
  }

  /** The ten days random facts fall on, 1 to 10 April 2026. */
  static final int RANDOM_DAYS = 10;

  /**
   * One random fact for the properties: {@code kind} 0-2 a voice, web chat or WhatsApp call, 3 a
   * missed call, 4-5 an outbound or inbound SMS, 6 an AI completion, 7 a system workflow run, 8 a
   * phone number reading, 9 the reversal of the previous fact's events.
   */
  record Fact(int kind, boolean globex, int day, int second, int member, int assistant, int seconds,
      boolean campaign) {}

  static Arbitrary<Fact> facts() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 4).map(i -> i == 0),
            Arbitraries.integers().between(0, RANDOM_DAYS - 1),
            Arbitraries.integers().between(0, 86_399),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 300),
            Arbitraries.of(true, false))
        .as(Fact::new);
  }

  /** Returns the priced events of random facts, ids {@code f0}, {@code f1}, ... */
  static Arbitrary<List<PricedEvent>> randomEvents() {
    return facts().list().ofMaxSize(30).map(BillableFixtures::events);
  }

  /** Returns the zone of the random days: UTC or New York, whose days are 4 hours later. */
  static Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZoneOffset.UTC, ZoneId.of("America/New_York"));
  }

  static List<PricedEvent> events(List<Fact> facts) {
    List<PricedEvent> all = new ArrayList<>();
    List<PricedEvent> previous = List.of();
    for (int i = 0; i < facts.size(); i++) {
      Fact f = facts.get(i);
      TenantId tenant = f.globex() ? GLOBEX : ACME;
      String id = "f" + i;
      Instant at = APRIL.plus(Duration.ofDays(f.day())).plusSeconds(f.second());
      Dimensions.Builder d = Dimensions.builder();
      if (f.member() > 0) {
        d.member("m" + f.member());
      }
      if (f.assistant() > 0) {
        d.assistant("bot-" + f.assistant());
        d.contact("contact-" + f.assistant());
      }
      if (f.campaign()) {
        d.campaign("spring");
      }
      Dimensions dims = d.build();
      List<PricedEvent> fact = switch (f.kind()) {
        case 0 -> call(tenant, id, at, Channel.VOICE, f.seconds(), dims);
        case 1 -> call(tenant, id, at, Channel.WEB_CHAT, f.seconds(), dims);
        case 2 -> call(tenant, id, at, Channel.WHATSAPP, f.seconds(), dims);
        case 3 -> missedCall(tenant, id, at, dims);
        case 4 -> sms(tenant, id, at, Direction.OUTBOUND, "x".repeat(f.seconds()), dims);
        case 5 -> sms(tenant, id, at, Direction.INBOUND, "x".repeat(f.seconds()), dims);
        case 6 -> ai(tenant, id, at, dims);
        case 7 -> workflow(tenant, id, at);
        case 8 -> List.of(CALCULATOR.price(UsageEvent.builder(EventId.of(id), tenant, Metrics.PHONE_NUMBERS)
            .at(at).quantity(f.seconds() % 10).dimensions(dims).build()));
        default -> previous.stream()
            .filter(p -> !p.event().isReversal())
            .map(p -> CALCULATOR.reverse(p, p.event().id().derive("reversal")))
            .toList();
      };
      all.addAll(fact);
      previous = fact;
    }
    return all;
  }

  @SafeVarargs
  static UsageStore store(List<PricedEvent>... facts) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    for (List<PricedEvent> f : facts) {
      store.append(f);
    }
    return store;
  }

  /**
   * Returns a ledger over a store of its own that holds only the tenant's wallet: SOFT, with the
   * grants, and the allotment usage as zero-credit events this month, so that report tests set
   * the wallet's figures independently of the events they report on.
   */
  static Ledger ledger(TenantId tenant, Optional<Plan> plan, List<Grant> grants, Map<CreditType, Long> usage) {
    return ledger(tenant, plan, grants, usage, Credits.zero());
  }

  /** As {@link #ledger(TenantId, Optional, List, Map)}, with {@code spent} debited on 10 April. */
  static Ledger ledger(TenantId tenant, Optional<Plan> plan, List<Grant> grants, Map<CreditType, Long> usage,
      Credits spent) {
    InMemoryUsageStore walletStore = new InMemoryUsageStore();
    WalletId wallet = WalletId.ofWorkspace(tenant);
    walletStore.openWallet(wallet, LimitMode.SOFT);
    for (Grant g : grants) {
      walletStore.grant(wallet, g, CLOCK.instant());
    }
    int n = 0;
    for (Map.Entry<CreditType, Long> u : usage.entrySet()) {
      Metric metric = u.getKey().metrics().iterator().next();
      UsageEvent e = UsageEvent.builder(EventId.of("allotment-" + n++), tenant, metric).at(APRIL)
          .quantity(u.getValue()).build();
      walletStore.append(List.of(new PricedEvent(e, Credits.zero(), e.quantity(),
          PricingTrace.unrated("test", metric.key()))), CLOCK.instant());
    }
    if (spent.isPositive()) {
      UsageEvent e = UsageEvent.builder(EventId.of("spent"), tenant, Metrics.WORKFLOW_RUNS_SUCCESS)
          .at(Instant.parse("2026-04-10T12:00:00Z")).quantity(1).build();
      walletStore.append(List.of(new PricedEvent(e, spent, 1, PricingTrace.unrated("test", e.metric().key()))),
          CLOCK.instant());
    }
    TenantAccounts accounts = plan.map(p -> TenantAccounts.of(tenant, p)).orElse(TenantAccounts.NONE);
    return Ledger.of(walletStore, accounts, CLOCK, Thresholds.defaults());
  }

  /** Returns a ledger with no wallet, knowing the tenant's plan. */
  static Ledger noWallet(TenantId tenant, Optional<Plan> plan) {
    TenantAccounts accounts = plan.map(p -> TenantAccounts.of(tenant, p)).orElse(TenantAccounts.NONE);
    return Ledger.of(new InMemoryUsageStore(), accounts, CLOCK, Thresholds.defaults());
  }
}
