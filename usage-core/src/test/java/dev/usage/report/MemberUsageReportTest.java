package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.CLOCK;
import static dev.usage.report.BillableFixtures.GLOBEX;
import static dev.usage.report.BillableFixtures.ai;
import static dev.usage.report.BillableFixtures.at;
import static dev.usage.report.BillableFixtures.by;
import static dev.usage.report.BillableFixtures.humanMessage;
import static dev.usage.report.BillableFixtures.call;
import static dev.usage.report.BillableFixtures.sms;
import static dev.usage.report.BillableFixtures.store;
import static dev.usage.report.BillableFixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemberUsageReportTest {

  static final UsageRange APRIL_1_TO_15 = UsageRange.parse("2026-04-01", "2026-04-15");
  static final String LONG_SMS = "x".repeat(200); // two GSM-7 segments, one message

  /**
   * Member m1: a 61 s voice call (2 credits), a 100 s web chat (0.833333), an AI message (0.1) and
   * an outbound SMS of two segments (4). Member m2: a 30 s voice call (1). An agent-only call (1)
   * and a system workflow run (0.5) carry no member. Globex's m1 has a call too.
   */
  static UsageStore workspace() {
    return store(
        call(ACME, "c1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 61, by("m1", "sales-bot")),
        call(ACME, "c2", at("2026-04-10T09:00:00Z"), Channel.WEB_CHAT, 100, by("m1", null)),
        ai(ACME, "a1", at("2026-04-10T09:01:00Z"), by("m1", "sales-bot")),
        sms(ACME, "s1", at("2026-04-10T10:00:00Z"), Direction.OUTBOUND, LONG_SMS, by("m1", null)),
        call(ACME, "c3", at("2026-04-03T09:00:00Z"), Channel.VOICE, 30, by("m2", null)),
        call(ACME, "c4", at("2026-04-03T11:00:00Z"), Channel.VOICE, 45, by(null, "sales-bot")),
        workflow(ACME, "w1", at("2026-04-04T00:00:00Z")),
        call(GLOBEX, "g1", at("2026-04-02T09:00:00Z"), Channel.VOICE, 600, by("m1", null)));
  }

  @Test
  @DisplayName("a member's report counts their own chats, messages and credits, nobody else's")
  void compute_ownActivityOnly() {
    UsageStore store = workspace();

    MemberUsageReport m1 = MemberUsageReport.compute(store, ACME, "m1", APRIL_1_TO_15);
    MemberUsageReport m2 = MemberUsageReport.compute(store, ACME, "m2", APRIL_1_TO_15);

    assertThat(m1.totalChats()).isEqualTo(2);
    assertThat(m1.totalMessages()).isEqualTo(2); // one AI message, one SMS of two segments
    assertThat(m1.totalCredits()).isEqualTo(Credits.parse("6.933333"));
    assertThat(m2.totalChats()).isEqualTo(1);
    assertThat(m2.totalMessages()).isZero();
    assertThat(m2.totalCredits()).isEqualTo(Credits.of(1));
  }

  @Test
  @DisplayName("a member's messages count both sides of a conversation: what they sent and what the assistant answered")
  void compute_humanAndAssistantMessages() {
    UsageStore store = workspace();
    store.append(humanMessage(ACME, "h1", at("2026-04-10T09:00:30Z"), by("m1", null)));
    store.append(humanMessage(ACME, "h2", at("2026-04-10T09:01:30Z"), by("m1", null)));
    store.append(humanMessage(ACME, "h3", at("2026-04-10T09:01:40Z"), by("m2", null)));

    MemberUsageReport m1 = MemberUsageReport.compute(store, ACME, "m1", APRIL_1_TO_15);

    // two sent, one AI answer, one SMS
    assertThat(m1.totalMessages()).isEqualTo(4);
    assertThat(m1.daily().get(9).messages()).isEqualTo(4);
    assertThat(MemberUsageReport.compute(store, ACME, "m2", APRIL_1_TO_15).totalMessages()).isEqualTo(1);
  }

  @Test
  @DisplayName("a reversed SMS takes its message and its credits back out of the member's report")
  void compute_reversedSmsCountsZero() {
    List<PricedEvent> sent = sms(ACME, "s1", at("2026-04-10T10:00:00Z"), Direction.OUTBOUND, LONG_SMS, by("m1", null));
    List<PricedEvent> refund = sent.stream()
        .map(p -> new PricedEvent(p.event().reversal(EventId.of(p.event().id().value() + "/reversal")),
            p.credits().negated(), -p.billableQuantity(), p.trace()))
        .toList();
    UsageStore store = store(sent, ai(ACME, "a1", at("2026-04-10T09:01:00Z"), by("m1", null)), refund);

    MemberUsageReport m1 = MemberUsageReport.compute(store, ACME, "m1", APRIL_1_TO_15);

    assertThat(m1.totalMessages()).isEqualTo(1); // the AI message alone
    assertThat(m1.totalCredits()).isEqualTo(Credits.parse("0.1"));
  }

  @Test
  @DisplayName("agent-only and system work is in the workspace totals but in no member's report")
  void compute_unattributedWorkInNoMembersReport() {
    UsageStore store = workspace();
    List<AggregateRow> workspace = store.aggregate(AggregateQuery.builder(ACME, APRIL_1_TO_15).build());
    Credits workspaceCredits = workspace.get(0).credits();

    Credits members = MemberUsageReport.compute(store, ACME, "m1", APRIL_1_TO_15).totalCredits()
        .plus(MemberUsageReport.compute(store, ACME, "m2", APRIL_1_TO_15).totalCredits());

    // 1 credit for the agent's call and 0.5 for the workflow run belong to no member
    assertThat(workspaceCredits).isEqualTo(members.plus(Credits.parse("1.5")));
  }

  @Test
  @DisplayName("the daily series has every day of the range, zeros included")
  void compute_everyDayWithZeros() {
    MemberUsageReport m1 = MemberUsageReport.compute(workspace(), ACME, "m1", APRIL_1_TO_15);

    assertThat(m1.daily()).hasSize(15);
    assertThat(m1.daily()).extracting(MemberUsageReport.Day::date).startsWith(LocalDate.of(2026, 4, 1))
        .endsWith(LocalDate.of(2026, 4, 15));
    assertThat(m1.daily().get(0)).isEqualTo(new MemberUsageReport.Day(LocalDate.of(2026, 4, 1), 0, 0, Credits.zero()));
    assertThat(m1.daily().get(1).chats()).isEqualTo(1);
    assertThat(m1.daily().get(9).chats()).isEqualTo(1);
    assertThat(m1.daily().get(9).messages()).isEqualTo(2);
  }

  @Test
  @DisplayName("days are bucketed in the range's zone")
  void compute_zoneDays() {
    UsageRange la = UsageRange.of(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 3), ZoneId.of("America/Los_Angeles"));

    MemberUsageReport m1 = MemberUsageReport.compute(workspace(), ACME, "m1", la);

    // 09:00 UTC on 2 April is 02:00 on 2 April in Los Angeles
    assertThat(m1.daily().get(1).chats()).isEqualTo(1);
    assertThat(m1.totalChats()).isEqualTo(1);
  }

  @Test
  @DisplayName("the default range is the current UTC month to today")
  void defaultRange_monthToDate() {
    assertThat(MemberUsageReport.defaultRange(CLOCK)).isEqualTo(APRIL_1_TO_15);
  }

  @Test
  @DisplayName("an empty or over-long member id is refused")
  void compute_badMemberId() {
    assertThatThrownBy(() -> MemberUsageReport.compute(workspace(), ACME, "", APRIL_1_TO_15))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member id");
    assertThatThrownBy(() -> MemberUsageReport.compute(workspace(), ACME, "m".repeat(257), APRIL_1_TO_15))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257");
  }

  @Test
  @DisplayName("two reports over adjacent ranges merge to the report over their union")
  void merge_adjacent() {
    UsageStore store = workspace();
    MemberUsageReport first = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-04-01", "2026-04-05"));
    MemberUsageReport second = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-04-06", "2026-04-15"));

    assertThat(first.merge(second)).isEqualTo(MemberUsageReport.compute(store, ACME, "m1", APRIL_1_TO_15));
  }

  @Test
  @DisplayName("merge refuses a report that does not cover the days right after, naming both ranges")
  void merge_notAdjacent() {
    UsageStore store = workspace();
    MemberUsageReport first = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-04-01", "2026-04-05"));
    MemberUsageReport gap = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-04-07", "2026-04-15"));
    MemberUsageReport before = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-03-20", "2026-03-31"));
    MemberUsageReport otherZone = MemberUsageReport.compute(store, ACME, "m1",
        UsageRange.of(LocalDate.of(2026, 4, 6), LocalDate.of(2026, 4, 9), ZoneId.of("Europe/Berlin")));

    assertThatThrownBy(() -> first.merge(gap)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-04-01/2026-04-05").hasMessageContaining("2026-04-07/2026-04-15");
    assertThatThrownBy(() -> first.merge(before)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-03-20/2026-03-31");
    assertThatThrownBy(() -> first.merge(otherZone)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Europe/Berlin");
  }

  @Test
  @DisplayName("merge refuses another member's or another tenant's report")
  void merge_otherMemberOrTenant() {
    UsageStore store = workspace();
    MemberUsageReport first = MemberUsageReport.compute(store, ACME, "m1", UsageRange.parse("2026-04-01", "2026-04-05"));
    UsageRange next = UsageRange.parse("2026-04-06", "2026-04-15");

    assertThatThrownBy(() -> first.merge(MemberUsageReport.compute(store, ACME, "m2", next)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m2");
    assertThatThrownBy(() -> first.merge(MemberUsageReport.compute(store, GLOBEX, "m1", next)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("globex/main");
  }

  @Test
  @DisplayName("the constructor refuses totals that are not the sums of the days")
  void constructor_inconsistentTotals() {
    UsageRange oneDay = UsageRange.parse("2026-04-01", "2026-04-01");
    List<MemberUsageReport.Day> days = List.of(new MemberUsageReport.Day(LocalDate.of(2026, 4, 1), 1, 0, Credits.zero()));

    assertThatThrownBy(() -> new MemberUsageReport(ACME, "m1", oneDay, 2, 0, Credits.zero(), days))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the sums");
  }

  @Test
  @DisplayName("a plain ObjectMapper writes the documented names")
  void json_documentedNames() throws Exception {
    MemberUsageReport m1 = MemberUsageReport.compute(workspace(), ACME, "m1", UsageRange.parse("2026-04-01", "2026-04-02"));

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(m1));

    assertThat(fieldNames(json)).containsExactly("memberId", "start_date", "end_date", "zone", "totalChats",
        "totalMessages", "totalCredits", "daily");
    assertThat(fieldNames(json.get("daily").get(0))).containsExactly("date", "chats", "messages", "credits");
    assertThat(json.get("memberId").asText()).isEqualTo("m1");
    assertThat(json.get("zone").asText()).isEqualTo("Z");
    assertThat(json.get("totalCredits").decimalValue()).isEqualByComparingTo("2");
    assertThat(json.get("daily").get(1).get("date").asText()).isEqualTo("2026-04-02");
    assertThat(new ObjectMapper().writeValueAsString(m1)).contains("\"totalCredits\":2.000000");
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
