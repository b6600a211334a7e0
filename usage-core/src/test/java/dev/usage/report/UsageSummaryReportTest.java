package dev.usage.report;

import static dev.usage.report.ReportFixture.TENANT;
import static dev.usage.report.ReportFixture.elementFieldNames;
import static dev.usage.report.ReportFixture.fieldNames;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UsageSummaryReportTest {

  static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  static final UsageRange EARLY_MAY = UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 5));

  final ReportFixture fixture = new ReportFixture();

  static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  @DisplayName("a call at 22:00 Pacific on 30 April counts on 1 May in UTC and on 30 April in Pacific time")
  void compute_callAtPacificEveningCountsOnNextUtcDay() {
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, at("2026-05-01T05:00:00Z"), 90, "+14155550100");

    UsageSummaryReport utc = fixture.summaryReport(UsageRange.of(LocalDate.of(2026, 4, 30), LocalDate.of(2026, 5, 1)));
    UsageSummaryReport pacific =
        fixture.summaryReport(UsageRange.of(LocalDate.of(2026, 4, 30), LocalDate.of(2026, 5, 1), PACIFIC));

    assertThat(utc.daily()).extracting(UsageSummaryReport.Day::calls).containsExactly(0L, 1L);
    assertThat(pacific.daily()).extracting(UsageSummaryReport.Day::calls).containsExactly(1L, 0L);
    assertThat(utc.totalCalls()).isEqualTo(1);
  }

  @Test
  @DisplayName("every day of the range has a point, days without usage with zeros")
  void compute_daysWithoutActivityHaveZeroPoints() {
    fixture.finishedCall(Channel.VOICE, Direction.OUTBOUND, at("2026-05-03T12:00:00Z"), 60, null);

    UsageSummaryReport report = fixture.summaryReport(EARLY_MAY);

    assertThat(report.daily()).extracting(UsageSummaryReport.Day::day).containsExactlyElementsOf(EARLY_MAY.days());
    assertThat(report.daily()).extracting(UsageSummaryReport.Day::calls).containsExactly(0L, 0L, 1L, 0L, 0L);
    JsonNode first = json(report).get("daily").get(0);
    assertThat(first.get("day").asText()).isEqualTo("2026-05-01");
    assertThat(first.get("calls").asLong()).isZero();
    assertThat(first.get("voice_minutes").decimalValue()).isEqualTo(new BigDecimal("0.000000"));
    assertThat(first.get("workflow_runs").asLong()).isZero();
  }

  @Test
  @DisplayName("calls split by channel and direction, minutes from exact seconds rounded once to six places")
  void compute_splitsCallsByChannelAndDirection() {
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:00:00Z"), 61, "+14155550100");
    fixture.finishedCall(Channel.PHONE, Direction.OUTBOUND, at("2026-05-02T10:00:00Z"), 30, "+14155550101");
    fixture.finishedCall(Channel.WEB_CHAT, Direction.INBOUND, at("2026-05-04T10:00:00Z"), 125, null);

    UsageSummaryReport report = fixture.summaryReport(EARLY_MAY);

    assertThat(report.totalCalls()).isEqualTo(3);
    assertThat(report.voiceCalls()).isEqualTo(2);
    assertThat(report.chatCalls()).isEqualTo(1);
    assertThat(report.inboundCalls()).isEqualTo(2);
    assertThat(report.outboundCalls()).isEqualTo(1);
    assertThat(report.voiceSeconds()).isEqualTo(91);
    assertThat(report.voiceMinutes()).isEqualTo(new BigDecimal("1.516667"));
    assertThat(report.chatMinutes()).isEqualTo(new BigDecimal("2.083333"));
    assertThat(report.avgCallDurationSeconds()).isEqualTo(new BigDecimal("72.00"));
  }

  @Test
  @DisplayName("the average call duration keeps two decimals, rounded half up, and is 0.00 without calls")
  void avgCallDurationSeconds_twoPlacesHalfUp() {
    assertThat(fixture.summaryReport(EARLY_MAY).avgCallDurationSeconds()).isEqualTo(new BigDecimal("0.00"));

    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:00:00Z"), 1, null);
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:10:00Z"), 2, null);
    assertThat(fixture.summaryReport(EARLY_MAY).avgCallDurationSeconds()).isEqualTo(new BigDecimal("1.50"));

    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:20:00Z"), 2, null);
    // 5 s over 3 calls
    assertThat(fixture.summaryReport(EARLY_MAY).avgCallDurationSeconds()).isEqualTo(new BigDecimal("1.67"));
  }

  @Test
  @DisplayName("the daily minutes add up to the total exactly, each within a microminute of its exact value")
  void dailyPoints_minutesAddUpToTheTotal() {
    // 20 s a day is 0.3333... minutes: rounded alone, three days would add up to 0.999999.
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-01T09:00:00Z"), 20, null);
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:00:00Z"), 20, null);
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-03T09:00:00Z"), 20, null);

    UsageSummaryReport report = fixture.summaryReport(EARLY_MAY);
    List<BigDecimal> days = report.dailyPoints().stream().map(UsageSummaryReport.DailyPoint::voiceMinutes).toList();

    assertThat(days).containsExactly(new BigDecimal("0.333333"), new BigDecimal("0.333334"),
        new BigDecimal("0.333333"), new BigDecimal("0.000000"), new BigDecimal("0.000000"));
    assertThat(days.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(report.voiceMinutes())
        .isEqualTo(new BigDecimal("1.000000"));
  }

  @Test
  @DisplayName("missed calls and calls in progress are neither calls nor minutes")
  void compute_missedAndInProgressCallsDoNotCount() {
    EventId running = EventId.of("call-running");
    fixture.call(Channel.VOICE, Direction.INBOUND, CallOutcome.missed(at("2026-05-02T09:00:00Z")), null);
    fixture.record(UsageFacts.call(running, TENANT, Channel.VOICE, Direction.OUTBOUND,
        CallOutcome.inProgress(at("2026-05-02T10:00:00Z")), ReportFixture.phone(null)));

    UsageSummaryReport before = fixture.summaryReport(EARLY_MAY);
    fixture.record(UsageFacts.call(running, TENANT, Channel.VOICE, Direction.OUTBOUND,
        CallOutcome.finished(at("2026-05-02T10:00:00Z"), at("2026-05-02T10:02:00Z")), ReportFixture.phone(null)));
    UsageSummaryReport after = fixture.summaryReport(EARLY_MAY);

    assertThat(before.totalCalls()).isZero();
    assertThat(before.voiceSeconds()).isZero();
    assertThat(after.totalCalls()).isEqualTo(1);
    assertThat(after.outboundCalls()).isEqualTo(1);
    assertThat(after.voiceMinutes()).isEqualTo(new BigDecimal("2.000000"));
  }

  @Test
  @DisplayName("workflow runs add up by outcome and per day")
  void compute_countsWorkflowRuns() {
    fixture.workflow(at("2026-05-01T01:00:00Z"), WorkflowOutcome.SUCCEEDED);
    fixture.workflow(at("2026-05-01T02:00:00Z"), WorkflowOutcome.SUCCEEDED);
    fixture.workflow(at("2026-05-05T23:59:59Z"), WorkflowOutcome.FAILED);
    fixture.workflow(at("2026-05-06T00:00:00Z"), WorkflowOutcome.FAILED);

    UsageSummaryReport report = fixture.summaryReport(EARLY_MAY);

    assertThat(report.workflowRunsSuccess()).isEqualTo(2);
    assertThat(report.workflowRunsFailed()).isEqualTo(1);
    assertThat(report.workflowRunsTotal()).isEqualTo(3);
    assertThat(report.daily()).extracting(UsageSummaryReport.Day::workflowRuns).containsExactly(2L, 0L, 0L, 0L, 1L);
  }

  @Test
  @DisplayName("recording the same call twice changes no summary")
  void compute_duplicateAppendChangesNothing() {
    List<dev.usage.event.UsageEvent> call =
        fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:00:00Z"), 61, null);
    UsageSummaryReport once = fixture.summaryReport(EARLY_MAY);

    assertThat(fixture.record(call).duplicates()).hasSize(call.size());
    assertThat(fixture.summaryReport(EARLY_MAY)).isEqualTo(once);
  }

  @Test
  @DisplayName("the inventory is flattened into the JSON, and a merged summary shows the later one")
  void merge_takesTheLaterInventory() {
    Inventory april = new Inventory(1, 2, 1, 1, 3, 2);
    Inventory may = new Inventory(4, 5, 2, 1, 6, 3);
    UsageRange first = UsageRange.of(LocalDate.of(2026, 4, 29), LocalDate.of(2026, 4, 30));
    UsageSummaryReport merged = UsageSummaryReport.compute(fixture.store, TENANT, first, april)
        .merge(UsageSummaryReport.compute(fixture.store, TENANT, EARLY_MAY, may));

    assertThat(merged.inventory()).isEqualTo(may);
    assertThat(merged.range()).isEqualTo(UsageRange.of(LocalDate.of(2026, 4, 29), LocalDate.of(2026, 5, 5)));
    assertThat(merged.daily()).hasSize(7);
    JsonNode node = json(merged);
    assertThat(node.get("total_agents").asLong()).isEqualTo(4);
    assertThat(node.get("active_datasets").asLong()).isEqualTo(3);
  }

  @Test
  @DisplayName("merge refuses a report that does not start the day after this one ends")
  void merge_nonAdjacentRange() {
    UsageSummaryReport may = fixture.summaryReport(EARLY_MAY);
    UsageSummaryReport gap = fixture.summaryReport(UsageRange.of(LocalDate.of(2026, 5, 7), LocalDate.of(2026, 5, 8)));
    UsageSummaryReport before = fixture.summaryReport(UsageRange.of(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)));
    UsageSummaryReport otherZone =
        fixture.summaryReport(UsageRange.of(LocalDate.of(2026, 5, 6), LocalDate.of(2026, 5, 8), PACIFIC));

    assertThatThrownBy(() -> may.merge(gap)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-05-07/2026-05-08").hasMessageContaining("2026-05-01/2026-05-05");
    assertThatThrownBy(() -> may.merge(before)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-04-01/2026-04-30");
    assertThatThrownBy(() -> may.merge(may)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> may.merge(otherZone)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("America/Los_Angeles");
  }

  @Test
  @DisplayName("the default range is the UTC month to date")
  void defaultRange_monthToDate() {
    Clock clock = Clock.fixed(at("2026-05-14T23:30:00Z"), ZoneId.of("Asia/Tokyo"));

    assertThat(UsageSummaryReport.defaultRange(clock))
        .isEqualTo(UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 14), ZoneOffset.UTC));
  }

  @Test
  @DisplayName("a plain ObjectMapper writes exactly the documented field names")
  void json_fieldNames() {
    fixture.finishedCall(Channel.VOICE, Direction.INBOUND, at("2026-05-02T09:00:00Z"), 61, null);
    UsageSummaryReport report = UsageSummaryReport.compute(fixture.store, TENANT, EARLY_MAY,
        new Inventory(1, 2, 1, 1, 3, 2));

    JsonNode node = json(report);

    assertThat(fieldNames(node)).containsExactly(
        "total_calls", "voice_calls", "chat_calls", "inbound_calls", "outbound_calls", "voice_minutes",
        "chat_minutes", "avg_call_duration_sec", "workflow_runs_total", "workflow_runs_success",
        "workflow_runs_failed", "total_agents", "total_phone_numbers", "shared_phone_numbers",
        "total_web_widgets", "total_datasets", "active_datasets", "daily");
    assertThat(elementFieldNames(node.get("daily")))
        .isEqualTo(Set.of(List.of("day", "calls", "voice_minutes", "chat_minutes", "workflow_runs")));
    assertThat(node.get("voice_minutes").decimalValue()).isEqualTo(new BigDecimal("1.016667"));
    assertThat(node.get("daily").get(1).get("voice_minutes").decimalValue()).isEqualTo(new BigDecimal("1.016667"));
    assertThat(node.get("avg_call_duration_sec").decimalValue()).isEqualTo(new BigDecimal("61.00"));
  }

  @Test
  @DisplayName("the constructor refuses a daily series that does not match the range")
  void constructor_dailyMustMatchRange() {
    List<UsageSummaryReport.Day> daily = fixture.summaryReport(EARLY_MAY).daily();

    assertThatThrownBy(() -> new UsageSummaryReport(EARLY_MAY, Inventory.none(), daily.subList(0, 4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 points");
    assertThatThrownBy(() -> new UsageSummaryReport(EARLY_MAY, Inventory.none(), List.of(
        daily.get(1), daily.get(0), daily.get(2), daily.get(3), daily.get(4))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-05-02");
  }
}
