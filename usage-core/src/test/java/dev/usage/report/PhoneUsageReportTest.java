package dev.usage.report;

import static dev.usage.report.ReportFixture.TENANT;
import static dev.usage.report.ReportFixture.elementFieldNames;
import static dev.usage.report.ReportFixture.fieldNames;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.CallOutcome;
import dev.usage.event.Channel;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.UsageFacts;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PhoneUsageReportTest {

  static final UsageRange MAY = UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31));
  static final String A = "+14155550100";
  static final String B = "+14155550199";

  final ReportFixture fixture = new ReportFixture();

  static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  @DisplayName("only finished voice and phone calls count: missed, in-progress calls and chats never do")
  void compute_onlyFinishedVoiceCalls() {
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, at("2026-05-02T10:00:00Z"), 61, A);
    fixture.finishedCall(Channel.VOICE, Direction.OUTBOUND, at("2026-05-02T11:00:00Z"), 30, A);
    fixture.finishedCall(Channel.WEB_CHAT, Direction.INBOUND, at("2026-05-02T12:00:00Z"), 600, A);
    fixture.call(Channel.PHONE, Direction.INBOUND, CallOutcome.missed(at("2026-05-02T13:00:00Z")), A);
    fixture.call(Channel.PHONE, Direction.OUTBOUND, CallOutcome.inProgress(at("2026-05-02T14:00:00Z")), B);

    PhoneUsageReport report = fixture.phoneReport(MAY);

    assertThat(report.totalCalls()).isEqualTo(2);
    assertThat(report.totalInbound()).isEqualTo(1);
    assertThat(report.totalOutbound()).isEqualTo(1);
    assertThat(report.totalDurationSeconds()).isEqualTo(91);
    assertThat(report.rows()).containsExactly(new PhoneUsageReport.Row(LocalDate.of(2026, 5, 2), A, 2, 1, 1, 91));
  }

  @Test
  @DisplayName("a call recorded in progress and then finished under the same id counts once")
  void compute_inProgressThenFinished() {
    EventId id = EventId.of("call-7");
    fixture.record(UsageFacts.call(id, TENANT, Channel.PHONE, Direction.OUTBOUND,
        CallOutcome.inProgress(at("2026-05-02T10:00:00Z")), ReportFixture.phone(B)));
    assertThat(fixture.phoneReport(MAY).totalCalls()).isZero();

    fixture.record(UsageFacts.call(id, TENANT, Channel.PHONE, Direction.OUTBOUND,
        CallOutcome.finished(at("2026-05-02T10:00:00Z"), at("2026-05-02T10:05:00Z")), ReportFixture.phone(B)));
    fixture.record(UsageFacts.call(id, TENANT, Channel.PHONE, Direction.OUTBOUND,
        CallOutcome.finished(at("2026-05-02T10:00:00Z"), at("2026-05-02T10:05:00Z")), ReportFixture.phone(B)));

    PhoneUsageReport report = fixture.phoneReport(MAY);
    assertThat(report.totalCalls()).isEqualTo(1);
    assertThat(report.totalDurationSeconds()).isEqualTo(300);
  }

  @Test
  @DisplayName("rows are per day and phone number, sorted, calls without a number under the empty string")
  void compute_rowsPerDayAndNumber() {
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, at("2026-05-03T10:00:00Z"), 10, B);
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, at("2026-05-03T10:00:00Z"), 20, null);
    fixture.finishedCall(Channel.PHONE, Direction.OUTBOUND, at("2026-05-01T00:00:00Z"), 30, A);

    List<PhoneUsageReport.Row> rows = fixture.phoneReport(MAY).rows();

    assertThat(rows).extracting(r -> r.date() + " " + r.phoneNumber())
        .containsExactly("2026-05-01 " + A, "2026-05-03 ", "2026-05-03 " + B);
    assertThat(rows).extracting(PhoneUsageReport.Row::totalDurationSeconds).containsExactly(30L, 20L, 10L);
  }

  @Test
  @DisplayName("the default range is every UTC day of the current month")
  void defaultRange_thisMonth() {
    Clock clock = Clock.fixed(at("2026-05-31T23:59:59Z"), ZoneOffset.UTC);

    assertThat(PhoneUsageReport.defaultRange(clock)).isEqualTo(MAY);
  }

  @Test
  @DisplayName("a plain ObjectMapper writes exactly the documented field names")
  void json_fieldNames() {
    fixture.finishedCall(Channel.PHONE, Direction.INBOUND, at("2026-05-03T10:00:00Z"), 10, B);

    JsonNode node = json(fixture.phoneReport(MAY));

    assertThat(fieldNames(node))
        .containsExactly("totalCalls", "totalInbound", "totalOutbound", "totalDurationSeconds", "rows");
    assertThat(elementFieldNames(node.get("rows"))).isEqualTo(Set.of(List.of(
        "date", "phoneNumber", "calls", "inbound", "outbound", "totalDurationSeconds")));
    assertThat(node.get("rows").get(0).get("date").asText()).isEqualTo("2026-05-03");
  }
}
