package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.APRIL;
import static dev.usage.report.BillableFixtures.CLOCK;
import static dev.usage.report.BillableFixtures.GLOBEX;
import static dev.usage.report.BillableFixtures.ai;
import static dev.usage.report.BillableFixtures.at;
import static dev.usage.report.BillableFixtures.call;
import static dev.usage.report.BillableFixtures.missedCall;
import static dev.usage.report.BillableFixtures.sms;
import static dev.usage.report.BillableFixtures.workflow;
import static dev.usage.report.MemberUsageReportTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.TenantAccounts;
import dev.usage.event.Channel;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import dev.usage.pricing.Credits;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.DepletionForecast;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.HealthBand;
import dev.usage.wallet.Ledger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CreditUsageReportTest {

  static final Plan PLAN = Plan.builder("pro")
      .metrics(Metrics.VOICE_MINUTES, Metrics.AI_TEXT_QUERIES, Metrics.CONCURRENT_CALLS)
      .allot(CreditType.VOICE_MINUTES, 100)
      .allot(CreditType.TEXT_QUERIES, 100)
      .allot(CreditType.CONCURRENT_CALLS, 10)
      .build();
  static final UsageRange APRIL_ALL = UsageRange.parse("2026-04-01", "2026-04-30");

  static Dimensions dims(String assistant, String contact, String callId) {
    Dimensions.Builder b = Dimensions.builder();
    if (assistant != null) {
      b.assistant(assistant);
    }
    if (contact != null) {
      b.contact(contact);
    }
    if (callId != null) {
      b.callId(callId);
    }
    return b.build();
  }

  /**
   * A voice call c1 (61 s, 2 credits), a web chat c2 (100 s, 0.833333) with an AI message during
   * it (0.1), a WhatsApp chat c3 (30 s, 0.25), a missed call, an outbound SMS (2), a workflow run
   * (0.5); Globex has a call too.
   */
  static UsageStore store() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(call(ACME, "c1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 61, dims("sales-bot", "alice", null)));
    store.append(call(ACME, "c2", at("2026-04-03T09:00:00Z"), Channel.WEB_CHAT, 100, dims("support-bot", null, null)));
    store.append(ai(ACME, "a1", at("2026-04-03T09:01:00Z"), dims("support-bot", null, "c2")));
    store.append(call(ACME, "c3", at("2026-04-05T10:00:00Z"), Channel.WHATSAPP, 30, dims("support-bot", null, null)));
    store.append(missedCall(ACME, "c4", at("2026-04-06T08:00:00Z"), Dimensions.none()));
    store.append(sms(ACME, "s1", at("2026-04-10T10:00:00Z"), Direction.OUTBOUND, "hi", dims("sales-bot", "bob", null)));
    store.append(workflow(ACME, "w1", at("2026-04-04T00:00:00Z")));
    store.append(call(GLOBEX, "g1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 600, dims("sales-bot", null, null)));
    return store;
  }

  /**
   * 1,000 credits on 1 April, 50 topped up on 3 April at 12:00, 20 March's grant before the range;
   * allotments at 75 % (voice), 90 % (text queries) and 70 % (concurrent calls).
   */
  static Ledger ledger() {
    return BillableFixtures.ledger(ACME, Optional.of(PLAN), List.of(
        Grant.of("march", GrantKind.PLAN_GRANT, Credits.of(20), at("2026-03-01T00:00:00Z")),
        Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(1000), APRIL),
        Grant.of("topup-1", GrantKind.TOP_UP, Credits.of(50), at("2026-04-03T12:00:00Z"))),
        Map.of(CreditType.VOICE_MINUTES, 4_500L, CreditType.TEXT_QUERIES, 90L, CreditType.CONCURRENT_CALLS, 7L));
  }

  @Test
  @DisplayName("summary: finished calls, credits of every event, the wallet's balance")
  void compute_summary() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    assertThat(report.totalCalls()).isEqualTo(3);
    assertThat(report.creditsUsed()).isEqualTo(Credits.parse("5.683333"));
    assertThat(report.availableCredits()).contains(Credits.of(1070));
  }

  @Test
  @DisplayName("the balance outlook shows the wallet's band and when it runs out at the last 7 days' burn")
  void compute_balanceOutlook() throws Exception {
    Ledger ledger = BillableFixtures.ledger(ACME, Optional.of(PLAN),
        List.of(Grant.of("april", GrantKind.PLAN_GRANT, Credits.of(1000), APRIL)), Map.of(), Credits.of(800));
    DepletionForecast forecast = ledger.forecast(ACME, DepletionForecast.DEFAULT_WINDOW).orElseThrow();

    CreditUsageReport report = CreditUsageReport.compute(store(), ledger, ACME, APRIL_ALL);

    BalanceOutlook outlook = report.outlook().orElseThrow();
    assertThat(outlook.available()).isEqualTo(Credits.of(200));
    assertThat(outlook.band()).isEqualTo(HealthBand.WARNING); // 80 % of the grant used
    assertThat(outlook.averageDailyBurn()).isEqualTo(forecast.averageDailyBurn()).matches(Credits::isPositive);
    assertThat(outlook.runsOutOn()).isEqualTo(forecast.depletionDate()).isPresent();
    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report)).get("balance_outlook");
    assertThat(fieldNames(json)).containsExactly("band", "average_daily_burn", "runs_out_on", "days_left");
    assertThat(json.get("band").asText()).isEqualTo("warning");
    assertThat(json.get("runs_out_on").asText()).isEqualTo(forecast.depletionDate().orElseThrow().toString());
    assertThat(json.get("days_left").asLong()).isEqualTo(forecast.daysLeft().orElseThrow());
    assertThat(CreditUsageReport.compute(store(), BillableFixtures.noWallet(ACME, Optional.of(PLAN)), ACME, APRIL_ALL)
        .outlook()).isEmpty();
  }

  @Test
  @DisplayName("health tiles put an allotment at 75 % in warning and at 90 % in critical")
  void compute_healthBands() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    assertThat(report.planHealth()).extracting(CreditUsageReport.HealthTile::type, CreditUsageReport.HealthTile::band)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CreditType.TEXT_QUERIES, HealthBand.CRITICAL),
            org.assertj.core.groups.Tuple.tuple(CreditType.VOICE_MINUTES, HealthBand.WARNING),
            org.assertj.core.groups.Tuple.tuple(CreditType.CONCURRENT_CALLS, HealthBand.OK));
    CreditUsageReport.HealthTile voice = report.planHealth().get(1);
    assertThat(voice.allotted()).isEqualTo(100);
    assertThat(voice.allottedMetered()).isEqualTo(6_000);
    assertThat(voice.usedMetered()).isEqualTo(4_500);
    assertThat(voice.usedPercent()).contains(new BigDecimal("75.0"));
  }

  @Test
  @DisplayName("just under 75 % is still ok")
  void compute_healthJustUnderWarning() {
    Ledger ledger = BillableFixtures.ledger(ACME, Optional.of(PLAN), List.of(),
        Map.of(CreditType.VOICE_MINUTES, 4_499L));

    CreditUsageReport report = CreditUsageReport.compute(store(), ledger, ACME, APRIL_ALL);

    CreditUsageReport.HealthTile voice = report.planHealth().get(1);
    assertThat(voice.band()).isEqualTo(HealthBand.OK);
    assertThat(voice.usedPercent()).contains(new BigDecimal("75.0")); // 74.98 % shows rounded
  }

  @Test
  @DisplayName("without a wallet there are no tiles and no balance")
  void compute_noWallet() {
    CreditUsageReport report = CreditUsageReport.compute(store(), BillableFixtures.noWallet(ACME, Optional.of(PLAN)),
        ACME, APRIL_ALL);

    assertThat(report.planHealth()).isEmpty();
    assertThat(report.availableCredits()).isEmpty();
    assertThat(report.callLogs().totalEntries()).isEqualTo(4); // calls only, no grants
  }

  @Test
  @DisplayName("the daily burn has every day, zeros included, and adds up to the credits used")
  void compute_dailyBurn() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    assertThat(report.dailyCredits()).hasSize(30);
    assertThat(report.dailyCredits().get(0)).isEqualTo(new CreditUsageReport.Day(LocalDate.of(2026, 4, 1), Credits.zero()));
    assertThat(report.dailyCredits().get(2).credits()).isEqualTo(Credits.parse("0.933333"));
    assertThat(Credits.sum(report.dailyCredits().stream().map(CreditUsageReport.Day::credits).toList()))
        .isEqualTo(report.creditsUsed());
  }

  @Test
  @DisplayName("top assistants rank by calls plus AI messages")
  void compute_topAssistants() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    assertThat(report.topAssistants()).containsExactly(
        new CreditUsageReport.AssistantVolume("support-bot", 2, 1),
        new CreditUsageReport.AssistantVolume("sales-bot", 1, 0));
  }

  @Test
  @DisplayName("top assistants are five at most, ties to the smaller id")
  void compute_topFiveTies() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    String[] assistants = {"g", "f", "e", "d", "c", "b", "a"};
    int[] volumes = {3, 1, 1, 1, 1, 2, 2};
    int id = 0;
    for (int i = 0; i < assistants.length; i++) {
      for (int v = 0; v < volumes[i]; v++) {
        store.append(ai(ACME, "a" + id++, at("2026-04-02T09:00:00Z"), dims(assistants[i], null, null)));
      }
    }

    CreditUsageReport report = CreditUsageReport.compute(store, ledger(), ACME, APRIL_ALL);

    assertThat(report.topAssistants()).extracting(CreditUsageReport.AssistantVolume::assistant)
        .containsExactly("g", "a", "b", "c", "d");
    assertThat(report.assistants()).hasSize(7);
  }

  @Test
  @DisplayName("channel shares round half up to one place and may not add up to 100")
  void compute_channelShares() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    assertThat(report.channelShares()).containsExactly(
        new CreditUsageReport.ChannelShare("voice", 1, new BigDecimal("33.3")),
        new CreditUsageReport.ChannelShare("web_chat", 1, new BigDecimal("33.3")),
        new CreditUsageReport.ChannelShare("whatsapp", 1, new BigDecimal("33.3")));
    assertThat(report.channelShares().stream().map(CreditUsageReport.ChannelShare::percent)
        .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("99.9");
  }

  @Test
  @DisplayName("two of three conversations on one channel are 66.7 %")
  void compute_channelShareHalfUp() {
    UsageStore store = store();
    store.append(call(ACME, "c5", at("2026-04-07T10:00:00Z"), Channel.VOICE, 30, Dimensions.none()));
    store.append(call(ACME, "c6", at("2026-04-07T11:00:00Z"), Channel.VOICE, 30, Dimensions.none()));
    store.append(call(ACME, "c7", at("2026-04-07T12:00:00Z"), Channel.VOICE, 30, Dimensions.none()));

    CreditUsageReport report = CreditUsageReport.compute(store, ledger(), ACME, APRIL_ALL);

    // voice 4 of 6 = 66.666... %, web chat and WhatsApp 1 of 6 = 16.666... % each: 100.1 in all
    assertThat(report.channelShares()).extracting(CreditUsageReport.ChannelShare::percent)
        .containsExactly(new BigDecimal("66.7"), new BigDecimal("16.7"), new BigDecimal("16.7"));
  }

  @Test
  @DisplayName("recent activity lists the newest conversations with their duration and the credits of their call")
  void compute_recentActivity() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL,
        CreditUsageReport.Focus.all(), 1, 10, 3);

    assertThat(report.recentActivity()).extracting(CreditUsageReport.Activity::type)
        .containsExactly("missed_call", "chat", "chat");
    CreditUsageReport.Activity web = report.recentActivity().get(2);
    assertThat(web.when()).isEqualTo(at("2026-04-03T09:00:00Z"));
    assertThat(web.callId()).contains("c2");
    assertThat(web.assistant()).contains("support-bot");
    assertThat(web.channel()).contains("web_chat");
    assertThat(web.durationSeconds()).isEqualTo(100);
    // the chat's minutes and the AI message carrying its call id
    assertThat(web.credits()).isEqualTo(Credits.parse("0.933333"));
    assertThat(report.recentActivity().get(1).durationSeconds()).isEqualTo(30);
    assertThat(report.recentActivity().get(0).credits()).isEqualTo(Credits.zero());
  }

  @Test
  @DisplayName("a focus on an assistant or a campaign narrows every usage part, not the wallet's")
  void compute_focus() {
    UsageStore store = store();
    store.append(call(ACME, "c5", at("2026-04-07T09:00:00Z"), Channel.VOICE, 120,
        Dimensions.builder().assistant("sales-bot").campaign("spring").build()));

    CreditUsageReport all = CreditUsageReport.compute(store, ledger(), ACME, APRIL_ALL);
    CreditUsageReport sales = CreditUsageReport.compute(store, ledger(), ACME, APRIL_ALL,
        CreditUsageReport.Focus.all().withAssistant("sales-bot"), 1, 10, 10);
    CreditUsageReport spring = CreditUsageReport.compute(store, ledger(), ACME, APRIL_ALL,
        CreditUsageReport.Focus.all().withCampaign("spring"), 1, 10, 10);

    assertThat(all.campaignBurn()).containsExactly(new CreditUsageReport.CampaignBurn("spring", Credits.of(2)));
    assertThat(sales.totalCalls()).isEqualTo(2);
    assertThat(sales.creditsUsed()).isEqualTo(Credits.of(2 + 2 + 2)); // c1, the SMS, c5
    assertThat(sales.recentActivity()).allSatisfy(a -> assertThat(a.assistant()).contains("sales-bot"));
    assertThat(sales.callLogs().entries()).hasSize(2).allSatisfy(e -> assertThat(e.callId()).isPresent());
    assertThat(spring.totalCalls()).isEqualTo(1);
    assertThat(spring.creditsUsed()).isEqualTo(Credits.of(2));
    assertThat(spring.topAssistants()).extracting(CreditUsageReport.AssistantVolume::assistant)
        .containsExactly("sales-bot");
    assertThat(spring.availableCredits()).isEqualTo(all.availableCredits());
    assertThat(spring.planHealth()).isEqualTo(all.planHealth());
    CreditUsageReport early = CreditUsageReport.compute(store, ledger(), ACME, UsageRange.parse("2026-04-01", "2026-04-03"));
    CreditUsageReport lateSpring = CreditUsageReport.compute(store, ledger(), ACME,
        UsageRange.parse("2026-04-04", "2026-04-30"), CreditUsageReport.Focus.all().withCampaign("spring"), 1, 10, 10);
    assertThatThrownBy(() -> early.merge(lateSpring)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filtered to");
  }

  @Test
  @DisplayName("call logs interleave calls and grants newest first, with credits used by call id")
  void compute_callLogs() {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    List<CreditUsageReport.CallLogEntry> entries = report.callLogs().entries();
    assertThat(entries).extracting(CreditUsageReport.CallLogEntry::remarks).containsExactly(
        "missed inbound voice call", "inbound whatsapp call", "top_up topup-1", "inbound web_chat call",
        "inbound voice call", "plan_grant april");
    assertThat(entries.get(3).callId()).contains("c2");
    assertThat(entries.get(3).creditsUsed()).isEqualTo(Credits.parse("0.933333")); // the chat and its AI message
    assertThat(entries.get(2).creditsAdded()).isEqualTo(Credits.of(50));
    assertThat(entries.get(2).callId()).isEmpty();
    assertThat(report.callLogs().totalEntries()).isEqualTo(6);
    assertThat(report.callLogs().totalPages()).isEqualTo(1);
  }

  @Test
  @DisplayName("call logs come 10 to a page; a page past the last is empty")
  void compute_callLogPages() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    for (int i = 0; i < 15; i++) {
      store.append(call(ACME, String.format("c%02d", i), APRIL.plusSeconds(3_600L * (i + 1)), Channel.VOICE, 30,
          Dimensions.none()));
    }
    Ledger accounts = ledger(); // grants at 1 April 00:00 and 3 April 12:00

    CreditUsageReport first = CreditUsageReport.compute(store, accounts, ACME, APRIL_ALL);
    CreditUsageReport second = CreditUsageReport.compute(store, accounts, ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 2, 10, 10);
    CreditUsageReport third = CreditUsageReport.compute(store, accounts, ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 3, 10, 10);

    assertThat(first.callLogs().entries()).hasSize(10);
    assertThat(first.callLogs().entries().get(0).remarks()).isEqualTo("top_up topup-1"); // 3 April, the newest
    assertThat(first.callLogs().entries().get(1).callId()).contains("c14");
    assertThat(first.callLogs().totalEntries()).isEqualTo(17);
    assertThat(first.callLogs().totalPages()).isEqualTo(2);
    assertThat(second.callLogs().entries()).extracting(e -> e.callId().orElse(e.remarks()))
        .containsExactly("c05", "c04", "c03", "c02", "c01", "c00", "plan_grant april");
    assertThat(second.callLogs().page()).isEqualTo(2);
    assertThat(third.callLogs().entries()).isEmpty();
    assertThat(first.callLogs().entries().get(1).creditsUsed()).isEqualTo(Credits.of(1));
  }

  @Test
  @DisplayName("bad page numbers, page sizes and limits are refused")
  void compute_badParameters() {
    assertThatThrownBy(() -> CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 0, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page must be 1 or more but was 0");
    assertThatThrownBy(() -> CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 1, 101, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
    assertThatThrownBy(() -> CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 1, 10, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  @DisplayName("the default range is the last 30 days, today included")
  void defaultRange_last30Days() {
    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC);
    assertThat(CreditUsageReport.defaultRange(CLOCK)).isEqualTo(UsageRange.of(today.minusDays(29), today));
  }

  @Test
  @DisplayName("another tenant sees none of this tenant's usage")
  void compute_otherTenant() {
    CreditUsageReport globex = CreditUsageReport.compute(store(), ledger(), GLOBEX, APRIL_ALL);

    assertThat(globex.totalCalls()).isEqualTo(1);
    assertThat(globex.creditsUsed()).isEqualTo(Credits.of(10));
    assertThat(globex.availableCredits()).isEmpty(); // the accounts hold ACME's wallet only
  }

  @Test
  @DisplayName("two first-page reports over adjacent ranges merge to the first page over their union")
  void merge_adjacent() {
    UsageStore store = store();
    Ledger accounts = ledger();
    CreditUsageReport first = CreditUsageReport.compute(store, accounts, ACME,
        UsageRange.parse("2026-04-01", "2026-04-03"), CreditUsageReport.Focus.all(), 1, 3, 2);
    CreditUsageReport second = CreditUsageReport.compute(store, accounts, ACME,
        UsageRange.parse("2026-04-04", "2026-04-30"), CreditUsageReport.Focus.all(), 1, 3, 2);

    assertThat(first.merge(second)).isEqualTo(CreditUsageReport.compute(store, accounts, ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 1, 3, 2));
  }

  @Test
  @DisplayName("merge refuses a gap, a later call log page, other page sizes or limits")
  void merge_refused() {
    UsageStore store = store();
    Ledger accounts = ledger();
    UsageRange early = UsageRange.parse("2026-04-01", "2026-04-03");
    UsageRange late = UsageRange.parse("2026-04-04", "2026-04-30");
    CreditUsageReport first = CreditUsageReport.compute(store, accounts, ACME, early);

    assertThatThrownBy(() -> first.merge(CreditUsageReport.compute(store, accounts, ACME,
        UsageRange.parse("2026-04-05", "2026-04-30")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-04-01/2026-04-03").hasMessageContaining("2026-04-05/2026-04-30");
    assertThatThrownBy(() -> first.merge(CreditUsageReport.compute(store, accounts, ACME, late, CreditUsageReport.Focus.all(), 2, 10, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first call log pages");
    assertThatThrownBy(() -> first.merge(CreditUsageReport.compute(store, accounts, ACME, late, CreditUsageReport.Focus.all(), 1, 20, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page 1 of 20");
    assertThatThrownBy(() -> first.merge(CreditUsageReport.compute(store, accounts, ACME, late, CreditUsageReport.Focus.all(), 1, 10, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activity rows");
  }

  @Test
  @DisplayName("a plain ObjectMapper writes the documented snake_case names")
  void json_names() throws Exception {
    CreditUsageReport report = CreditUsageReport.compute(store(), ledger(), ACME, APRIL_ALL);

    String text = new ObjectMapper().writeValueAsString(report);
    JsonNode json = new ObjectMapper().readTree(text);

    assertThat(fieldNames(json)).containsExactly("start_date", "end_date", "zone", "filter", "total_calls",
        "available_credits", "balance_outlook", "credits_used", "plan_health", "daily_credits",
        "top_assistants", "channel_shares", "campaign_burn",
        "recent_activity", "call_logs");
    assertThat(fieldNames(json.get("plan_health").get(0))).containsExactly("credit_type", "allotment_unit",
        "allotted", "metered_unit", "allotted_metered", "used_metered", "used_percent", "band");
    assertThat(fieldNames(json.get("daily_credits").get(0))).containsExactly("date", "credits");
    assertThat(fieldNames(json.get("top_assistants").get(0))).containsExactly("assistant", "calls", "ai_messages",
        "volume");
    assertThat(fieldNames(json.get("channel_shares").get(0))).containsExactly("channel", "conversations", "percent");
    assertThat(fieldNames(json.get("recent_activity").get(0))).containsExactly("event_id", "call_id", "when", "type",
        "assistant", "channel", "contact", "duration_sec", "credits");
    assertThat(fieldNames(json.get("filter"))).containsExactly("assistant", "campaign");
    assertThat(fieldNames(json.get("call_logs"))).containsExactly("page", "page_size", "total_entries", "total_pages",
        "entries");
    assertThat(fieldNames(json.get("call_logs").get("entries").get(0))).containsExactly("date_time", "call_id",
        "credits_used", "credits_added", "remarks");
    assertThat(json.get("plan_health").get(1).get("band").asText()).isEqualTo("warning");
    assertThat(json.get("plan_health").get(1).get("credit_type").asText()).isEqualTo("voice_minutes");
    assertThat(text).contains("\"available_credits\":1070.000000", "\"percent\":33.3", "\"used_percent\":75.0",
        "\"date_time\":\"2026-04-06T08:00:00Z\"", "\"call_id\":null", "\"contact\":\"alice\"");
  }
}
