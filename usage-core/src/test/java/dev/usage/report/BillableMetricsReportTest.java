package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.APRIL;
import static dev.usage.report.BillableFixtures.CALCULATOR;
import static dev.usage.report.BillableFixtures.CLOCK;
import static dev.usage.report.BillableFixtures.GLOBEX;
import static dev.usage.report.BillableFixtures.ai;
import static dev.usage.report.BillableFixtures.at;
import static dev.usage.report.BillableFixtures.by;
import static dev.usage.report.BillableFixtures.call;
import static dev.usage.report.BillableFixtures.sms;
import static dev.usage.report.MemberUsageReportTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.TenantAccounts;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.plan.Plan;
import dev.usage.plan.UnlistedMetricPolicy;
import dev.usage.pricing.CreditPrice;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Money;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BillableMetricsReportTest {

  static final Plan PLAN = Plan.builder("pro")
      .metrics(Metrics.VOICE_MINUTES, Metrics.AI_MESSAGES, Metrics.SMS_OUTBOUND, Metrics.PHONE_NUMBERS)
      .unlistedMetrics(UnlistedMetricPolicy.IGNORE)
      .build();
  static final UsageRange APRIL_ALL = UsageRange.parse("2026-04-01", "2026-04-30");
  static final CreditPrice CENT = CreditPrice.of(Currency.getInstance("USD"), new BigDecimal("0.01"));

  static PricedEvent phoneNumbers(TenantId tenant, String id, Instant at, long held) {
    return CALCULATOR.price(UsageEvent.builder(EventId.of(id), tenant, Metrics.PHONE_NUMBERS).at(at).quantity(held).build());
  }

  /**
   * A 61 s voice call (120 billable seconds, 2 credits) on 2 April, a 100 s web chat (0.833333,
   * not on the plan) on 3 April, an AI message (0.1) and three outbound SMS of one segment (2 each)
   * on 10 April, the last two in a campaign; 3 phone numbers held on 4 April and 5 on 5 April.
   */
  static UsageStore store() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(call(ACME, "c1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 61, Dimensions.none()));
    store.append(call(ACME, "c2", at("2026-04-03T09:00:00Z"), Channel.WEB_CHAT, 100, Dimensions.none()));
    store.append(ai(ACME, "a1", at("2026-04-10T08:00:00Z"), Dimensions.none()));
    store.append(sms(ACME, "s1", at("2026-04-10T09:00:00Z"), Direction.OUTBOUND, "hi", Dimensions.none()));
    Dimensions spring = Dimensions.builder().campaign("spring").build();
    store.append(sms(ACME, "s2", at("2026-04-10T10:00:00Z"), Direction.OUTBOUND, "hello", spring));
    store.append(sms(ACME, "s3", at("2026-04-10T11:00:00Z"), Direction.OUTBOUND, "bye", spring));
    store.append(List.of(phoneNumbers(ACME, "p1", at("2026-04-04T00:00:00Z"), 3),
        phoneNumbers(ACME, "p2", at("2026-04-05T00:00:00Z"), 5)));
    store.append(call(GLOBEX, "g1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 600, by("m1", null)));
    return store;
  }

  /** 1,000 credits on 1 April, 8.1 spent on 10 April. */
  static Ledger ledger() {
    return BillableFixtures.ledger(ACME, Optional.of(PLAN),
        List.of(Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(1000), APRIL)), Map.of(), Credits.parse("8.1"));
  }

  static BillableMetricsReport.MetricUsage metric(BillableMetricsReport report, String key) {
    return report.metrics().stream().filter(m -> m.metric().key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("an organization's billable metrics add up its workspaces' day by day, the newest transactions of all")
  void organization_addsUpWorkspaces() throws Exception {
    UsageStore store = store();
    TenantId sales = TenantId.of(ACME.organization(), "sales");
    store.append(sms(sales, "x1", at("2026-04-10T12:00:00Z"), Direction.OUTBOUND, "new", Dimensions.none()));
    store.append(call(sales, "x2", at("2026-04-02T10:00:00Z"), Channel.VOICE, 30, Dimensions.none()));
    TenantAccounts accounts = t -> Optional.of(PLAN);
    BillableMetricsReport main = BillableMetricsReport.compute(store, accounts, ledger(), ACME, APRIL_ALL,
        Optional.of(CENT), 2);
    BillableMetricsReport salesOnly = BillableMetricsReport.compute(store, accounts, ledger(), sales, APRIL_ALL,
        Optional.of(CENT), 2);

    OrganizationBillableMetrics org = OrganizationBillableMetrics.of(ACME.organization(), APRIL_ALL,
        List.of(main, salesOnly), Optional.of(CENT), 2);

    assertThat(org.totalCredits()).isEqualTo(main.totalCredits().plus(salesOnly.totalCredits()));
    assertThat(org.totalCost()).contains(CENT.toMoney(org.totalCredits()));
    BillableMetricsReport.MetricUsage sms = org.metrics().stream()
        .filter(m -> m.metric().equals(Metrics.SMS_OUTBOUND)).findFirst().orElseThrow();
    assertThat(sms.unitsConsumed()).isEqualByComparingTo(BigDecimal.valueOf(4));
    assertThat(sms.daily().get(9).units()).isEqualByComparingTo(BigDecimal.valueOf(4));
    assertThat(sms.transactions()).extracting(BillableMetricsReport.Transaction::eventId)
        .containsExactly(EventId.of("x1/sms_outbound"), EventId.of("s3/sms_outbound"));
    BillableMetricsReport.MetricUsage voice = org.metrics().stream()
        .filter(m -> m.metric().equals(Metrics.VOICE_MINUTES)).findFirst().orElseThrow();
    assertThat(voice.credits()).isEqualTo(metric(main, "voice_minutes").credits()
        .plus(metric(salesOnly, "voice_minutes").credits()));
    assertThat(org.workspaceSpend()).extracting(OrganizationBillableMetrics.WorkspaceSpend::workspace)
        .containsExactly("main", "sales");
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(org));
    assertThat(fieldNames(json)).containsExactly("start_date", "end_date", "zone", "organization", "metrics",
        "total_credits", "total_cost", "workspaces");
    assertThatThrownBy(() -> OrganizationBillableMetrics.of("globex", APRIL_ALL, List.of(main), Optional.empty(), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("organization globex");
  }

  @Test
  @DisplayName("only the plan's metrics are shown, in the plan's order, and only they add to the total")
  void compute_onlyPlanMetrics() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL);

    assertThat(report.metrics()).extracting(m -> m.metric().key())
        .containsExactly("voice_minutes", "ai_messages", "sms_outbound", "phone_numbers");
    // the chat's 0.833333 credits are not on the plan
    assertThat(report.totalCredits()).isEqualTo(Credits.parse("8.1"));
    assertThat(report.walletBalance()).contains(Credits.parse("991.9"));
    assertThat(report.totalCost()).isEmpty();
  }

  @Test
  @DisplayName("units consumed are billable units: a 61 s call on 60 s increments consumes 120 s")
  void compute_billableUnits() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL);

    BillableMetricsReport.MetricUsage voice = metric(report, "voice_minutes");
    assertThat(voice.unitsConsumed()).isEqualTo(BigDecimal.valueOf(120));
    assertThat(voice.credits()).isEqualTo(Credits.of(2));
    assertThat(metric(report, "sms_outbound").unitsConsumed()).isEqualTo(BigDecimal.valueOf(3));
  }

  @Test
  @DisplayName("a gauge metric consumes its peak, not the sum of its readings")
  void compute_gaugePeak() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL);

    BillableMetricsReport.MetricUsage numbers = metric(report, "phone_numbers");
    assertThat(numbers.unitsConsumed()).isEqualTo(BigDecimal.valueOf(5));
    assertThat(numbers.daily().get(3).units()).isEqualTo(BigDecimal.valueOf(3));
    assertThat(numbers.daily().get(4).units()).isEqualTo(BigDecimal.valueOf(5));
  }

  @Test
  @DisplayName("each metric has every day of the range, zeros included")
  void compute_everyDayWithZeros() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL);

    for (BillableMetricsReport.MetricUsage m : report.metrics()) {
      assertThat(m.daily()).hasSize(30);
      assertThat(m.daily().get(0).date()).isEqualTo(LocalDate.of(2026, 4, 1));
      assertThat(m.daily().get(29).date()).isEqualTo(LocalDate.of(2026, 4, 30));
    }
    BillableMetricsReport.MetricUsage voice = metric(report, "voice_minutes");
    assertThat(voice.daily().get(0)).isEqualTo(new BillableMetricsReport.Day(LocalDate.of(2026, 4, 1),
        BigDecimal.ZERO, Credits.zero()));
    assertThat(voice.daily().get(1).units()).isEqualTo(BigDecimal.valueOf(120));
  }

  @Test
  @DisplayName("transactions are the newest N events of the metric, newest first, with their campaign")
  void compute_newestTransactions() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL,
        Optional.empty(), 2);

    List<BillableMetricsReport.Transaction> sms = metric(report, "sms_outbound").transactions();
    assertThat(sms).extracting(t -> t.eventId().value()).containsExactly("s3/sms_outbound", "s2/sms_outbound");
    assertThat(sms.get(0).campaign()).contains("spring");
    assertThat(sms.get(0).time()).isEqualTo(at("2026-04-10T11:00:00Z"));
    assertThat(sms.get(0).credits()).isEqualTo(Credits.of(2));
    assertThat(metric(report, "voice_minutes").transactions()).singleElement()
        .satisfies(t -> assertThat(t.campaign()).isEmpty());
  }

  @Test
  @DisplayName("by default each metric lists up to 100 transactions")
  void compute_defaultTransactionLimit() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    for (int i = 0; i < 105; i++) {
      store.append(sms(ACME, "s" + i, APRIL.plusSeconds(i), Direction.OUTBOUND, "hi", Dimensions.none()));
    }

    BillableMetricsReport report = BillableMetricsReport.compute(store, TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL);

    assertThat(report.transactionLimit()).isEqualTo(100);
    assertThat(metric(report, "sms_outbound").transactions()).hasSize(100)
        .first().satisfies(t -> assertThat(t.eventId().value()).isEqualTo("s104/sms_outbound"));
  }

  @Test
  @DisplayName("with a price, every cost is its credits converted once")
  void compute_money() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL,
        Optional.of(CENT), 100);

    Money usd = Money.parse("USD 0.08"); // 8.1 credits at 0.01 USD, half up
    assertThat(report.totalCost()).contains(usd);
    assertThat(metric(report, "voice_minutes").cost()).contains(Money.parse("USD 0.02"));
    assertThat(metric(report, "ai_messages").cost()).contains(Money.parse("USD 0.00"));
    assertThat(metric(report, "sms_outbound").transactions().get(0).cost()).contains(Money.parse("USD 0.02"));
  }

  @Test
  @DisplayName("a tenant without a plan has no metrics, and one without a wallet no balance")
  void compute_noPlanNoWallet() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.NONE, BillableFixtures.noWallet(ACME, Optional.empty()), ACME, APRIL_ALL);

    assertThat(report.metrics()).isEmpty();
    assertThat(report.totalCredits()).isEqualTo(Credits.zero());
    assertThat(report.walletBalance()).isEmpty();
  }

  @Test
  @DisplayName("another tenant's plan and usage are never used")
  void compute_otherTenant() {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), GLOBEX, APRIL_ALL);

    assertThat(report.metrics()).isEmpty(); // the accounts know ACME's plan only
    BillableMetricsReport globex = BillableMetricsReport.compute(store(),
        TenantAccounts.of(GLOBEX, PLAN), BillableFixtures.noWallet(GLOBEX, Optional.of(PLAN)), GLOBEX, APRIL_ALL);
    assertThat(globex.totalCredits()).isEqualTo(Credits.of(10));
  }

  @Test
  @DisplayName("a transaction limit outside 0 to 1000 is refused")
  void compute_badLimit() {
    assertThatThrownBy(() -> BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL, Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME, APRIL_ALL, Optional.empty(), 1001))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001");
  }

  @Test
  @DisplayName("the default range is the current billing period, from the anchor day")
  void defaultRange_billingPeriod() {
    assertThat(BillableMetricsReport.defaultRange(CLOCK)).isEqualTo(APRIL_ALL);
    assertThat(BillableMetricsReport.defaultRange(20, CLOCK)).isEqualTo(UsageRange.parse("2026-03-20", "2026-04-19"));
    assertThat(BillableMetricsReport.defaultRange(15, CLOCK)).isEqualTo(UsageRange.parse("2026-04-15", "2026-05-14"));
  }

  @Test
  @DisplayName("the presets are today, the last 7 days, this month and last month")
  void billablePeriod_presets() {
    assertThat(BillablePeriod.TODAY.range(CLOCK)).isEqualTo(UsageRange.parse("2026-04-15", "2026-04-15"));
    assertThat(BillablePeriod.LAST_7_DAYS.range(CLOCK)).isEqualTo(UsageRange.parse("2026-04-09", "2026-04-15"));
    assertThat(BillablePeriod.THIS_MONTH.range(CLOCK)).isEqualTo(APRIL_ALL);
    assertThat(BillablePeriod.LAST_MONTH.range(CLOCK)).isEqualTo(UsageRange.parse("2026-03-01", "2026-03-31"));
    assertThat(BillablePeriod.LAST_30_DAYS.range(CLOCK)).isEqualTo(UsageRange.parse("2026-03-17", "2026-04-15"));
    assertThat(BillablePeriod.BILLING_PERIOD.range(CLOCK)).isEqualTo(APRIL_ALL);
    assertThat(BillablePeriod.BILLING_PERIOD.range(20, CLOCK)).isEqualTo(UsageRange.parse("2026-03-20", "2026-04-19"));
    assertThat(BillablePeriod.THIS_MONTH.range(20, CLOCK)).isEqualTo(APRIL_ALL);
  }

  @Test
  @DisplayName("two reports over adjacent ranges merge to the report over their union")
  void merge_adjacent() {
    UsageStore store = store();
    TenantAccounts accounts = TenantAccounts.of(ACME, PLAN);
    Ledger ledger = ledger();
    BillableMetricsReport first = BillableMetricsReport.compute(store, accounts, ledger, ACME,
        UsageRange.parse("2026-04-01", "2026-04-04"), Optional.of(CENT), 2);
    BillableMetricsReport second = BillableMetricsReport.compute(store, accounts, ledger, ACME,
        UsageRange.parse("2026-04-05", "2026-04-30"), Optional.of(CENT), 2);

    assertThat(first.merge(second)).isEqualTo(BillableMetricsReport.compute(store, accounts, ledger, ACME, APRIL_ALL,
        Optional.of(CENT), 2));
  }

  @Test
  @DisplayName("merge refuses a gap, another price, another limit or other metrics")
  void merge_refused() {
    UsageStore store = store();
    TenantAccounts accounts = TenantAccounts.of(ACME, PLAN);
    Ledger ledger = ledger();
    UsageRange early = UsageRange.parse("2026-04-01", "2026-04-04");
    UsageRange late = UsageRange.parse("2026-04-05", "2026-04-30");
    BillableMetricsReport first = BillableMetricsReport.compute(store, accounts, ledger, ACME, early);

    assertThatThrownBy(() -> first.merge(BillableMetricsReport.compute(store, accounts, ledger, ACME,
        UsageRange.parse("2026-04-06", "2026-04-30")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-04-01/2026-04-04").hasMessageContaining("2026-04-06/2026-04-30");
    assertThatThrownBy(() -> first.merge(BillableMetricsReport.compute(store, accounts, ledger, ACME, late,
        Optional.of(CENT), 100))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD");
    assertThatThrownBy(() -> first.merge(BillableMetricsReport.compute(store, accounts, ledger, ACME, late,
        Optional.empty(), 5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
    Plan smaller = Plan.builder("basic").metric(Metrics.VOICE_MINUTES).build();
    assertThatThrownBy(() -> first.merge(BillableMetricsReport.compute(store,
        TenantAccounts.of(ACME, smaller), BillableFixtures.noWallet(ACME, Optional.of(smaller)), ACME, late)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[voice_minutes]");
  }

  @Test
  @DisplayName("merge takes the wallet balance of the later report")
  void merge_laterBalance() {
    UsageStore store = store();
    BillableMetricsReport first = BillableMetricsReport.compute(store, TenantAccounts.of(ACME, PLAN), ledger(), ACME,
        UsageRange.parse("2026-04-01", "2026-04-04"));
    BillableMetricsReport second = BillableMetricsReport.compute(store,
        TenantAccounts.of(ACME, PLAN), BillableFixtures.noWallet(ACME, Optional.of(PLAN)), ACME, UsageRange.parse("2026-04-05", "2026-04-30"));

    assertThat(first.merge(second).walletBalance()).isEmpty();
    assertThat(second.merge(BillableMetricsReport.compute(store, TenantAccounts.of(ACME, PLAN), ledger(), ACME,
        UsageRange.parse("2026-05-01", "2026-05-02"))).walletBalance()).contains(Credits.parse("991.9"));
  }

  @Test
  @DisplayName("a plain ObjectMapper writes snake_case names, decimals and ISO times")
  void json_names() throws Exception {
    BillableMetricsReport report = BillableMetricsReport.compute(store(), TenantAccounts.of(ACME, PLAN), ledger(), ACME,
        UsageRange.parse("2026-04-10", "2026-04-11"), Optional.of(CENT), 1);

    String text = new ObjectMapper().writeValueAsString(report);
    JsonNode json = new ObjectMapper().readTree(text);

    assertThat(fieldNames(json)).containsExactly("start_date", "end_date", "zone", "metrics", "total_credits",
        "total_cost", "wallet_balance", "balance_outlook");
    JsonNode sms = json.get("metrics").get(2);
    assertThat(fieldNames(sms)).containsExactly("metric", "unit", "units_consumed", "credits", "cost", "daily",
        "transactions");
    assertThat(fieldNames(sms.get("daily").get(0))).containsExactly("date", "units", "credits");
    assertThat(fieldNames(sms.get("transactions").get(0)))
        .containsExactly("event_id", "date", "time", "campaign", "units", "credits", "cost");
    assertThat(fieldNames(sms.get("cost"))).containsExactly("currency", "amount");
    assertThat(sms.get("metric").asText()).isEqualTo("sms_outbound");
    assertThat(sms.get("unit").asText()).isEqualTo("segments");
    assertThat(sms.get("transactions").get(0).get("time").asText()).isEqualTo("2026-04-10T11:00:00Z");
    assertThat(sms.get("transactions").get(0).get("date").asText()).isEqualTo("2026-04-10");
    assertThat(sms.get("transactions").get(0).get("campaign").asText()).isEqualTo("spring");
    assertThat(text).contains("\"total_credits\":6.100000", "\"wallet_balance\":991.900000",
        "\"total_cost\":{\"currency\":\"USD\",\"amount\":0.06}");
    String unpriced = new ObjectMapper().writeValueAsString(BillableMetricsReport.compute(store(),
        TenantAccounts.of(ACME, PLAN), BillableFixtures.noWallet(ACME, Optional.of(PLAN)), ACME, UsageRange.parse("2026-04-02", "2026-04-02")));
    assertThat(unpriced).contains("\"total_cost\":null", "\"wallet_balance\":null", "\"cost\":null",
        "\"campaign\":null");
  }
}
