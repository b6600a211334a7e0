package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.pricing.Credits;
import dev.usage.report.AiUsageReport;
import dev.usage.report.BillableMetricsReport;
import dev.usage.report.Caller;
import dev.usage.report.CreditUsageReport;
import dev.usage.report.PhoneUsageReport;
import dev.usage.report.Scope;
import dev.usage.report.SmsUsageReport;
import dev.usage.report.UsageReports;
import dev.usage.report.UsageSummaryReport;
import dev.usage.report.VoiceUsageReport;
import dev.usage.time.UsageRange;
import dev.usage.wallet.BalanceStatus;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.DepletionForecast;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Turns the library's reports of every workspace into the demo's tables: each report computed
 * through {@link UsageReports} as the workspace's administrator, over its own default range.
 *
 * <p>This class is immutable and thread-safe.
 */
final class ReportTables {

  private static final int TOP_MODELS = 3;
  private static final int TOP_METRICS = 8;

  private final Demo.Session session;
  private final Clock clock;

  /** Reads the reports, ledger and platform of {@code session}; {@code clock} gives the default ranges. */
  ReportTables(Demo.Session session, Clock clock) {
    this.session = requireNonNull(session, "session");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Returns every table, in the order the demo prints them. Each workspace's reports are computed
   * on their own thread: they are independent, and each is a handful of store queries.
   */
  List<Table> all() {
    List<Reports> all = session.platform().workspaces().parallelStream().map(this::reports).toList();
    List<Table> tables = new ArrayList<>();
    tables.add(summary(all));
    tables.addAll(ai(all));
    tables.add(sms(all));
    tables.add(phone(all));
    tables.add(voice(all));
    tables.addAll(billable(all));
    tables.add(creditHealth(all));
    return tables;
  }

  private Reports reports(Workspace w) {
    Caller admin = Caller.of(w.tenant(), Scope.values());
    UsageReports reports = session.reports();
    return new Reports(w, reports.summary(admin, w.tenant()), reports.aiUsage(admin, w.tenant()),
        reports.smsUsage(admin, w.tenant()), reports.phoneUsage(admin, w.tenant()),
        reports.voiceUsage(admin, w.tenant()), reports.billableMetrics(admin, w.tenant()),
        reports.creditUsage(admin, w.tenant()));
  }

  /** One workspace's reports, each over its default range. */
  private record Reports(Workspace w, UsageSummaryReport summary, AiUsageReport ai, SmsUsageReport sms,
      PhoneUsageReport phone, VoiceUsageReport voice, BillableMetricsReport billable, CreditUsageReport credit) {}

  /** Hands each workspace, in order, and its report of one kind to {@code rows}. */
  private static <R> void each(List<Reports> all, Function<Reports, R> report, BiConsumer<Workspace, R> rows) {
    for (Reports x : all) {
      rows.accept(x.w(), report.apply(x));
    }
  }

  private Table summary(List<Reports> all) {
    Table t = new Table("Usage summary, " + describe(UsageSummaryReport.defaultRange(clock), "month to date"),
        "workspace", "calls>", "inbound>", "outbound>", "voice min>", "voice calls>", "chat min>", "chat sessions>",
        "avg call>", "workflow runs>", "ok>", "failed>");
    each(all, Reports::summary, (w, r) -> t.row(w.id(), count(r.totalCalls()), count(r.inboundCalls()),
        count(r.outboundCalls()), minutes(r.voiceSeconds()), count(r.voiceCalls()), minutes(r.chatSeconds()),
        count(r.chatCalls()), minutesSeconds(r.avgCallDurationSeconds()), count(r.workflowRunsTotal()),
        count(r.workflowRunsSuccess()), count(r.workflowRunsFailed())));
    return t;
  }

  private List<Table> ai(List<Reports> all) {
    String range = describe(AiUsageReport.defaultRange(clock), "last 30 days");
    Table providers = new Table("AI usage by provider, " + range,
        "workspace", "provider", "messages>", "tokens>", "credits>");
    Table models = new Table("AI usage, top " + TOP_MODELS + " models by credits, " + range,
        "workspace", "provider", "model", "type", "messages>", "tokens>", "credits>");
    each(all, Reports::ai, (w, r) -> {
      r.byProvider().forEach(p -> providers.row(w.id(), p.provider(), count(p.messages()), count(p.tokens()),
          credits(p.credits())));
      providers.row(w.id(), "all", count(r.totalMessages()), count(r.totalTokens()), credits(r.totalCredits()));
      r.topModels().stream().limit(TOP_MODELS).forEach(m -> models.row(w.id(), m.provider(), m.model(),
          m.modelType(), count(m.messages()), count(m.tokens()), credits(m.credits())));
    });
    return List.of(providers, models);
  }

  private Table sms(List<Reports> all) {
    Table t = new Table("SMS usage, " + describe(SmsUsageReport.defaultRange(clock), "this month"),
        "workspace", "messages>", "inbound>", "outbound>", "segments>", "inbound seg>", "outbound seg>",
        "characters>");
    each(all, Reports::sms, (w, r) -> t.row(w.id(), count(r.totalMessages()), count(r.totalInbound()),
        count(r.totalOutbound()), count(r.totalSegments()), count(r.totalInboundSegments()),
        count(r.totalOutboundSegments()), count(r.totalCharacters())));
    return t;
  }

  private Table phone(List<Reports> all) {
    Table t = new Table("Phone usage by number, " + describe(PhoneUsageReport.defaultRange(clock), "this month"),
        "workspace", "phone number", "calls>", "inbound>", "outbound>", "minutes>");
    each(all, Reports::phone, (w, r) -> {
      Map<String, long[]> byNumber = new LinkedHashMap<>();
      r.rows().stream().sorted(Comparator.comparing(PhoneUsageReport.Row::phoneNumber)).forEach(row -> {
        long[] n = byNumber.computeIfAbsent(row.phoneNumber(), k -> new long[4]);
        n[0] += row.calls();
        n[1] += row.inbound();
        n[2] += row.outbound();
        n[3] += row.totalDurationSeconds();
      });
      byNumber.forEach((number, n) -> t.row(w.id(), number, count(n[0]), count(n[1]), count(n[2]), minutes(n[3])));
    });
    return t;
  }

  private Table voice(List<Reports> all) {
    Table t = new Table("Voice (speech) usage, " + describe(VoiceUsageReport.defaultRange(clock), "this month"),
        "workspace", "kind", "provider", "model", "requests>", "audio min / characters>");
    each(all, Reports::voice, (w, r) -> {
      r.sttByProvider().forEach(s -> t.row(w.id(), "speech to text", s.provider(), s.model(), count(s.messages()),
          minutes(s.durationSeconds())));
      r.ttsByProvider().forEach(s -> t.row(w.id(), "text to speech", s.provider(), s.model(), count(s.messages()),
          count(s.characters())));
    });
    return t;
  }

  private List<Table> billable(List<Reports> all) {
    UsageRange period = BillableMetricsReport.defaultRange(clock);
    String currency = DemoPlatform.CREDIT_PRICE.currency().getCurrencyCode();
    Table totals = new Table("Billing, " + describe(period, "current billing period") + ", "
        + DemoPlatform.CREDIT_PRICE, "workspace", "plan", "credits>", "cost " + currency + ">", "wallet",
        "balance>", "balance band", "burn/day>", "runs out");
    Table metrics = new Table("Billable metrics, top " + TOP_METRICS + " by credits, " + describe(period,
        "current billing period"), "workspace", "metric", "unit", "units>", "credits>", "cost " + currency + ">");
    Ledger ledger = session.engine().ledger();
    each(all, Reports::billable, (w, r) -> {
      WalletId wallet = ledger.walletOf(w.tenant()).orElseThrow();
      BalanceStatus balance = ledger.balance(w.tenant()).orElseThrow();
      DepletionForecast forecast = ledger.forecast(w.tenant(), DepletionForecast.DEFAULT_WINDOW).orElseThrow();
      totals.row(w.id(), plan(w), credits(r.totalCredits()),
          r.totalCost().map(m -> decimal(m.amount())).orElse(""),
          wallet.isOrganizationWide() ? "organization " + wallet.organization() : "own",
          credits(balance.available()),
          lower(balance.band().name()), credits(forecast.averageDailyBurn()),
          forecast.depletionDate().map(d -> d + " (" + forecast.daysLeft().orElseThrow() + " days)").orElse("never"));
      r.metrics().stream()
          .filter(m -> m.credits().isPositive())
          .sorted(Comparator.comparing(BillableMetricsReport.MetricUsage::credits).reversed())
          .limit(TOP_METRICS)
          .forEach(m -> metrics.row(w.id(), m.metric().key(), lower(m.metric().unit().name()),
              decimal(m.unitsConsumed()), credits(m.credits()), m.cost().map(c -> decimal(c.amount())).orElse("")));
    });
    return List.of(totals, metrics);
  }

  private Table creditHealth(List<Reports> all) {
    Table t = new Table("Credit health: plan allotments used, warning from 75 %, critical from 90 %",
        "workspace", "plan", "allotment", "allotted>", "used>", "used %>", "band");
    each(all, Reports::credit, (w, r) -> {
      String plan = plan(w);
      for (CreditUsageReport.HealthTile tile : r.planHealth()) {
        long per = tile.type().meteredPerAllotted();
        BigDecimal used = BigDecimal.valueOf(tile.usedMetered()).divide(BigDecimal.valueOf(per), 1,
            RoundingMode.HALF_UP);
        t.row(w.id(), plan, lower(tile.type().name()) + " (" + tile.type().allotmentUnit() + ")",
            count(tile.allotted()), per == 1 ? count(tile.usedMetered()) : decimal(used),
            tile.usedPercent().map(ReportTables::decimal).orElse(""), lower(tile.band().name()));
      }
    });
    return t;
  }

  /** Returns the name of the workspace's plan, or empty without one. */
  private String plan(Workspace w) {
    return session.platform().plan(w.tenant()).map(p -> p.name()).orElse("");
  }

  private static String describe(UsageRange range, String name) {
    return range.start() + " to " + range.endInclusive() + " (" + name + ", UTC)";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String decimal(BigDecimal d) {
    return String.format(Locale.ROOT, "%,." + Math.max(0, d.scale()) + "f", d);
  }

  static String credits(Credits c) {
    return decimal(c.toBigDecimal().setScale(2, RoundingMode.HALF_UP));
  }

  static String minutes(long seconds) {
    return decimal(BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP));
  }

  /** Returns seconds as {@code m:ss}, rounded half up to whole seconds, as the dashboard shows an average call. */
  static String minutesSeconds(BigDecimal seconds) {
    long s = seconds.setScale(0, RoundingMode.HALF_UP).longValueExact();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
