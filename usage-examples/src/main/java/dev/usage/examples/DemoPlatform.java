package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.TenantAccounts;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.CreditPrice;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.report.Inventory;
import dev.usage.report.InventoryProvider;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The demo's platform: its workspaces, their plans, the rate cards that price their usage and
 * what they hold. It answers the engine's and the reports' questions as a host's account service
 * would, as {@link TenantAccounts} and {@link InventoryProvider}. Credit lives in the store's
 * ledger, not here: {@link #openWallets} opens each wallet and adds the grants it lacks, so that a
 * second run over the same database finds every wallet as the first run left it.
 *
 * <p>Plans are sized from a first pass over the generated activity so that the three profiles
 * show the three health bands: the support desk has used about 62 % of its voice minutes (ok),
 * the sales team 81 % (warning) and the clinics 94 % (critical). The support desks and sales teams
 * have wallets of their own; the clinics draw from their organization's shared wallet, billed at
 * the organization. Each month's plan grant is 80 % of the month's credit run rate, so busy months
 * need top-ups, which {@link #topUpIfLow} buys whenever a balance drops below a tenth of the
 * month's grant, as an auto-recharge would.
 *
 * <p>This class is thread-safe.
 */
final class DemoPlatform implements TenantAccounts, InventoryProvider {

  /** What a credit costs: one US cent. */
  static final CreditPrice CREDIT_PRICE = CreditPrice.of(Currency.getInstance("USD"), new BigDecimal("0.01"));

  /** Calls are billed as carriers bill them: the first minute whole, then every 6 seconds. */
  static final BillingIncrement INCREMENT = BillingIncrement.parse("60/6");

  private static final double[] VOICE_USE = {0.62, 0.81, 0.94};
  private static final double[] QUERY_USE = {0.48, 0.93, 0.77};
  private static final String[][] PLANS = {{"pro", "Professional"}, {"business", "Business"}, {"scale", "Scale"}};

  private final List<Workspace> workspaces;
  private final Map<TenantId, Workspace> byTenant = new LinkedHashMap<>();
  private final Map<String, Workspace> byId = new LinkedHashMap<>();
  private final Map<TenantId, Plan> plans = new LinkedHashMap<>();
  private final Map<TenantId, List<Grant>> grants = new LinkedHashMap<>();
  private final Map<TenantId, Map<YearMonth, Credits>> planGrants = new LinkedHashMap<>();
  private final RateCardHistory rateCards;
  private final CreditCalculator calculator;
  private long generatedEvents;

  private DemoPlatform(List<Workspace> workspaces, RateCardHistory rateCards) {
    this.workspaces = List.copyOf(workspaces);
    this.rateCards = rateCards;
    this.calculator = CreditCalculator.builder().rateCards(rateCards).build();
    for (Workspace w : workspaces) {
      byTenant.put(w.tenant(), w);
      byId.put(w.id(), w);
    }
  }

  /**
   * Creates the platform of a demo run: prices the generated activity once to size the plans and
   * the grants of each workspace's wallet.
   *
   * @param workspaces the workspaces
   * @param days the UTC days of activity, in order
   * @param generator the activity
   * @param clock now
   * @return the platform
   */
  static DemoPlatform create(List<Workspace> workspaces, List<LocalDate> days, ActivityGenerator generator,
      Clock clock) {
    DemoPlatform platform = new DemoPlatform(workspaces, rateCards(days.get(0), days.get(days.size() - 1)));
    Instant now = clock.instant();
    // workspaces are independent: size them in parallel
    List<Sizing> sizings = workspaces.parallelStream().map(w -> {
      Sizing sizing = new Sizing();
      for (LocalDate day : days) {
        for (UsageEvent e : generator.day(w, day, now)) {
          sizing.add(e, platform.calculator.price(e).credits());
        }
      }
      return sizing;
    }).toList();
    for (int i = 0; i < workspaces.size(); i++) {
      platform.generatedEvents += sizings.get(i).events;
      platform.size(workspaces.get(i), sizings.get(i), days);
    }
    return platform;
  }

  /**
   * Returns the rate cards: one version per calendar month, from the first of each month that the
   * days touch, so that an event's price depends only on its own time and never on the day the
   * demo runs.
   */
  static RateCardHistory rateCards(LocalDate first, LocalDate last) {
    List<RateCard> cards = new ArrayList<>();
    for (YearMonth m = YearMonth.from(first); !m.isAfter(YearMonth.from(last)); m = m.plusMonths(1)) {
      cards.add(rateCard(m.toString(), m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    return RateCardHistory.of(cards);
  }

  private static RateCard rateCard(String version, Instant from) {
    RateCard.Builder b = RateCard.builder(version, from).increment(INCREMENT);
    b.rate(Metrics.VOICE_MINUTES, Rate.of(1, 60).withIncrements());
    b.rate(Metrics.CHAT_MINUTES, Rate.of(new BigDecimal("0.2"), 60));
    b.rate(Metrics.INBOUND_MINUTES, Rate.of(0, 60));
    free(b, Metrics.CALLS, Metrics.MISSED_CALLS, Metrics.CALLS_IN_PROGRESS, Metrics.SMS_CHARACTERS,
        Metrics.AI_MESSAGES, Metrics.HUMAN_MESSAGES, Metrics.HUMAN_DIAL_ATTEMPTS, Metrics.WORKFLOW_RUNS_FAILED, Metrics.CONCURRENT_CALLS,
        Metrics.HUMAN_AGENT_SEATS);
    b.rate(Metrics.AI_DIAL_ATTEMPTS, Rate.of(new BigDecimal("0.02"), 1));
    b.rate(Metrics.AI_CONNECTED_MINUTES_STANDARD, Rate.of(new BigDecimal("1.5"), 60).withIncrements());
    b.rate(Metrics.AI_CONNECTED_MINUTES_PREMIUM, Rate.of(new BigDecimal("2.5"), 60).withIncrements());
    b.rate(Metrics.HUMAN_CONNECTED_MINUTES, Rate.of(new BigDecimal("0.5"), 60).withIncrements());
    b.rate(Metrics.SMS_OUTBOUND, Rate.of(new BigDecimal("0.75"), 1));
    b.rate(Metrics.SMS_INBOUND, Rate.of(new BigDecimal("0.25"), 1));
    b.rate(Metrics.AI_SMS_REPLIES, Rate.of(new BigDecimal("0.1"), 1));
    b.rate(Metrics.VOICEMAIL_DROPS, Rate.of(new BigDecimal("0.5"), 1));
    b.rate(Metrics.RINGLESS_VOICEMAIL, Rate.of(new BigDecimal("0.4"), 1));
    b.rate(Metrics.AI_TEXT_QUERIES, Rate.of(new BigDecimal("0.1"), 1));
    b.rate(Metrics.PROMPT_TOKENS, Rate.of(new BigDecimal("0.5"), 1_000));
    b.rate(Metrics.COMPLETION_TOKENS, Rate.of(2, 1_000));
    b.cachedTokenFactor(CreditMultiplier.of(new BigDecimal("0.5")));
    b.rate(Metrics.AUDIO_INPUT_TOKENS, Rate.of(4, 1_000));
    b.rate(Metrics.AUDIO_OUTPUT_TOKENS, Rate.of(8, 1_000));
    b.rate(Metrics.STT_SECONDS, Rate.of(new BigDecimal("0.4"), 60));
    b.rate(Metrics.TTS_CHARACTERS, Rate.of(1, 1_000));
    b.rate(Metrics.WORKFLOW_RUNS_SUCCESS, Rate.of(new BigDecimal("0.05"), 1));
    b.rate(Metrics.PHONE_NUMBERS, Rate.of(new BigDecimal("0.5"), 1));
    b.multiplier("openai", "gpt-4o", multiplier("2.5"));
    b.multiplier("openai", "gpt-4o-mini", multiplier("0.15"));
    b.multiplier("openai", "gpt-4o-realtime-preview", multiplier("1.2"));
    b.multiplier("openai", "gpt-4o-mini-realtime-preview", multiplier("0.3"));
    b.multiplier("anthropic", "claude-3-5-sonnet", multiplier("3"));
    b.multiplier("anthropic", "claude-3-5-haiku", multiplier("0.8"));
    b.multiplier("google", "gemini-2.0-flash", multiplier("0.1"));
    b.multiplier("google", "gemini-1.5-pro", multiplier("1.25"));
    return b.build();
  }

  private static void free(RateCard.Builder b, Metric... metrics) {
    for (Metric m : metrics) {
      b.rate(m, Rate.of(0, 1));
    }
  }

  private static CreditMultiplier multiplier(String value) {
    return CreditMultiplier.of(new BigDecimal(value));
  }

  private void size(Workspace w, Sizing sizing, List<LocalDate> days) {
    int profile = w.index() % 3;
    long voiceMinutes = nice(Math.ceil(sizing.voiceSeconds / 60.0 / VOICE_USE[profile]));
    long queries = nice(Math.ceil(sizing.textQueries / QUERY_USE[profile]));
    Plan.Builder plan = Plan.builder(PLANS[profile][0]).name(PLANS[profile][1]).increment(INCREMENT);
    Metrics.builtIn().forEach(plan::metric);
    plan.allot(CreditType.VOICE_MINUTES, Math.max(10, voiceMinutes))
        .allot(CreditType.TEXT_QUERIES, Math.max(10, queries))
        .allot(CreditType.CONCURRENT_CALLS, sizing.peakConcurrentCalls + 2)
        .allot(CreditType.PHONE_NUMBERS, w.phoneNumbers().size() + 1L)
        .allot(CreditType.HUMAN_AGENT_SEATS, w.members().size() + 4L);
    Plan built = plan.build();
    plans.put(w.tenant(), built);

    // Grant ids are per wallet; a shared wallet's grants are named after their workspace.
    String prefix = wallet(w).isOrganizationWide() ? w.tenant().workspace() + "/" : "";
    List<Grant> walletGrants = new ArrayList<>();
    Map<YearMonth, Credits> grants = new TreeMap<>();
    LocalDate first = days.get(0);
    LocalDate last = days.get(days.size() - 1);
    for (Map.Entry<YearMonth, long[]> month : sizing.byMonth(first, last).entrySet()) {
      YearMonth m = month.getKey();
      long micros = month.getValue()[0];
      long daysSeen = month.getValue()[1];
      // 80 % of what the whole month would cost at the rate seen, in whole credits
      long credits = Math.max(100, Math.round(micros / 1e6 / daysSeen * m.lengthOfMonth() * 0.8));
      Credits amount = Credits.of(credits);
      grants.put(m, amount);
      walletGrants.add(Grant.of(prefix + "plan-" + m, GrantKind.PLAN_GRANT, amount, startOf(m.atDay(1)))
          .withExpiry(startOf(m.plusMonths(1).atDay(1))));
    }
    Credits firstGrant = grants.values().iterator().next();
    walletGrants.add(Grant.of(prefix + "welcome-promotion", GrantKind.PROMOTION, Credits.of(Math.max(10,
        firstGrant.micros() / 20 / Credits.MICROS_PER_CREDIT)), startOf(first)).withPriority(-1)
        .withExpiry(startOf(first.plusDays(14))));
    planGrants.put(w.tenant(), grants);
    this.grants.put(w.tenant(), List.copyOf(walletGrants));
  }

  /**
   * Returns the wallet a workspace draws from: its own, or for the clinics their organization's.
   *
   * @param w a workspace
   * @return its wallet
   */
  static WalletId wallet(Workspace w) {
    return w.index() % 3 == 2 ? WalletId.ofOrganization(w.tenant().organization()) : WalletId.ofWorkspace(w.tenant());
  }

  /**
   * Opens every workspace's wallet in the ledger and adds the grants it does not hold yet. A grant
   * the wallet holds already stands as it is, even if this run would size it otherwise: the
   * ledger, not this run, says what a wallet was given.
   *
   * @param ledger the engine's ledger
   * @return how many grants were added
   */
  int openWallets(Ledger ledger) {
    int added = 0;
    for (Workspace w : workspaces) {
      WalletId wallet = wallet(w);
      ledger.open(wallet, LimitMode.SOFT);
      for (Grant g : grants.get(w.tenant())) {
        if (ledger.findGrant(wallet, g.id()).isEmpty() && ledger.grant(wallet, g)) {
          added++;
        }
      }
    }
    return added;
  }

  /**
   * Buys a top-up of a quarter of the month's plan grant when the balance is below a tenth of it,
   * as an auto-recharge does. The top-up is keyed by the instant it was bought at, so that a
   * rerun that records nothing new buys none again.
   *
   * @param ledger the engine's ledger
   * @param tenant whose wallet
   * @param at when the balance was checked: the time of the last event recorded
   * @return whether a top-up was bought
   */
  boolean topUpIfLow(Ledger ledger, TenantId tenant, Instant at) {
    Credits grant = planGrants.getOrDefault(tenant, Map.of()).get(YearMonth.from(at.atZone(ZoneOffset.UTC)));
    Optional<dev.usage.wallet.BalanceStatus> balance = ledger.balance(tenant);
    if (grant == null || balance.isEmpty() || balance.get().available().micros() >= grant.micros() / 10) {
      return false;
    }
    WalletId wallet = ledger.walletOf(tenant).orElseThrow();
    long credits = Math.max(10, grant.micros() / 4 / Credits.MICROS_PER_CREDIT);
    String prefix = wallet.isOrganizationWide() ? tenant.workspace() + "/" : "";
    return ledger.grant(wallet, Grant.of(prefix + "auto-top-up-" + at.toEpochMilli(), GrantKind.TOP_UP,
        Credits.of(credits), at));
  }

  /** Rounds a positive allotment up to a round number, 10s above 100, 100s above 10,000. */
  private static long nice(double value) {
    long v = (long) value;
    long step = v >= 10_000 ? 100 : v >= 100 ? 10 : 1;
    return (v + step - 1) / step * step;
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Returns how many events the activity holds, as counted when the plans were sized. */
  long generatedEvents() {
    return generatedEvents;
  }

  List<Workspace> workspaces() {
    return workspaces;
  }

  Optional<Workspace> workspace(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Workspace workspace(TenantId tenant) {
    return requireNonNull(byTenant.get(tenant), "unknown tenant");
  }

  RateCardHistory rateCards() {
    return rateCards;
  }

  CreditCalculator calculator() {
    return calculator;
  }

  @Override
  public Optional<Plan> plan(TenantId tenant) {
    return Optional.ofNullable(plans.get(tenant));
  }

  @Override
  public Inventory inventory(TenantId tenant) {
    Workspace w = byTenant.get(tenant);
    return w == null ? Inventory.none() : w.inventory();
  }

  /** What the first pass counts of one workspace's activity. */
  private static final class Sizing {
    long events;
    long voiceSeconds;
    long textQueries;
    long peakConcurrentCalls;
    /** Per day: credits in micros. */
    final Map<LocalDate, Long> dailyMicros = new TreeMap<>();

    void add(UsageEvent e, Credits credits) {
      events++;
      String key = e.metric().key();
      if (key.equals(Metrics.VOICE_MINUTES.key())) {
        voiceSeconds += e.quantity();
      } else if (key.equals(Metrics.AI_TEXT_QUERIES.key())) {
        textQueries += e.quantity();
      } else if (key.equals(Metrics.CONCURRENT_CALLS.key())) {
        peakConcurrentCalls = Math.max(peakConcurrentCalls, e.quantity());
      }
      dailyMicros.merge(LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC), credits.micros(), Long::sum);
    }

    /** Returns, per month the days touch, the credits (micros) and the number of days seen. */
    Map<YearMonth, long[]> byMonth(LocalDate first, LocalDate last) {
      Map<YearMonth, long[]> months = new TreeMap<>();
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        long[] m = months.computeIfAbsent(YearMonth.from(d), k -> new long[2]);
        m[0] += dailyMicros.getOrDefault(d, 0L);
        m[1]++;
      }
      return months;
    }
  }
}
