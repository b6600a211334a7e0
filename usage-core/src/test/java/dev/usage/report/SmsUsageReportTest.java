package dev.usage.report;

import static dev.usage.report.ReportFixture.elementFieldNames;
import static dev.usage.report.ReportFixture.fieldNames;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.Direction;
import dev.usage.event.UsageEvent;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SmsUsageReportTest {

  static final UsageRange MAY = UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31));
  static final String A = "+14155550100";
  static final String B = "+14155550199";

  final ReportFixture fixture = new ReportFixture();

  static Instant at(String text) {
    return Instant.parse(text);
  }

  @Test
  @DisplayName("messages are counted once each, segments as carriers bill them, characters in total")
  void compute_messagesSegmentsAndCharacters() {
    fixture.sms(at("2026-05-02T10:00:00Z"), Direction.OUTBOUND, 3, 400, A);
    fixture.sms(at("2026-05-02T11:00:00Z"), Direction.OUTBOUND, 1, 20, A);
    fixture.sms(at("2026-05-02T12:00:00Z"), Direction.INBOUND, 2, 200, A);

    SmsUsageReport report = fixture.smsReport(MAY);

    assertThat(report.totalMessages()).isEqualTo(3);
    assertThat(report.totalOutbound()).isEqualTo(2);
    assertThat(report.totalInbound()).isEqualTo(1);
    assertThat(report.totalOutboundSegments()).isEqualTo(4);
    assertThat(report.totalInboundSegments()).isEqualTo(2);
    assertThat(report.totalSegments()).isEqualTo(6);
    assertThat(report.totalCharacters()).isEqualTo(620);
    assertThat(report.rows()).containsExactly(new SmsUsageReport.Row(LocalDate.of(2026, 5, 2), A, 1, 2, 2, 4));
  }

  @Test
  @DisplayName("a reversed message counts neither as a message nor with its segments")
  void compute_reversedMessageCountsZero() {
    fixture.sms(at("2026-05-02T10:00:00Z"), Direction.OUTBOUND, 1, 20, A);
    List<UsageEvent> refunded = fixture.sms(at("2026-05-02T11:00:00Z"), Direction.OUTBOUND, 3, 400, A);

    fixture.reverse(refunded);
    SmsUsageReport report = fixture.smsReport(MAY);

    assertThat(report.totalOutbound()).isEqualTo(1);
    assertThat(report.totalOutboundSegments()).isEqualTo(1);
    assertThat(report.totalCharacters()).isEqualTo(20);
    assertThat(report.rows()).containsExactly(new SmsUsageReport.Row(LocalDate.of(2026, 5, 2), A, 0, 1, 0, 1));
  }

  @Test
  @DisplayName("rows are per day and phone number, sorted, messages without a number under the empty string")
  void compute_rowsPerDayAndNumber() {
    fixture.sms(at("2026-05-03T10:00:00Z"), Direction.OUTBOUND, 1, 10, B);
    fixture.sms(at("2026-05-03T10:00:00Z"), Direction.INBOUND, 1, 10, A);
    fixture.sms(at("2026-05-03T11:00:00Z"), Direction.OUTBOUND, 1, 10, null);
    fixture.sms(at("2026-05-01T00:00:00Z"), Direction.OUTBOUND, 2, 200, B);
    fixture.sms(at("2026-04-30T23:59:59Z"), Direction.OUTBOUND, 1, 10, A);

    List<SmsUsageReport.Row> rows = fixture.smsReport(MAY).rows();

    assertThat(rows).extracting(r -> r.date() + " " + r.phoneNumber()).containsExactly(
        "2026-05-01 " + B, "2026-05-03 ", "2026-05-03 " + A, "2026-05-03 " + B);
    assertThat(rows.get(1).outbound()).isEqualTo(1);
    assertThat(json(fixture.smsReport(MAY)).get("rows").get(1).get("phoneNumber").asText()).isEmpty();
  }

  @Test
  @DisplayName("recording the same message twice changes no report")
  void compute_duplicateAppendChangesNothing() {
    List<UsageEvent> sms = fixture.sms(at("2026-05-02T10:00:00Z"), Direction.OUTBOUND, 3, 400, A);
    SmsUsageReport once = fixture.smsReport(MAY);

    fixture.record(sms);

    assertThat(fixture.smsReport(MAY)).isEqualTo(once);
  }

  @Test
  @DisplayName("merge adds totals and appends rows; a range that does not follow is refused")
  void merge_adjacentRanges() {
    fixture.sms(at("2026-04-30T10:00:00Z"), Direction.OUTBOUND, 1, 100, A);
    fixture.sms(at("2026-05-01T10:00:00Z"), Direction.INBOUND, 2, 200, A);
    UsageRange april = UsageRange.of(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30));

    SmsUsageReport merged = fixture.smsReport(april).merge(fixture.smsReport(MAY));

    assertThat(merged).isEqualTo(fixture.smsReport(april.union(MAY)));
    assertThat(merged.totalCharacters()).isEqualTo(300);
    assertThat(merged.rows()).hasSize(2);
    assertThatThrownBy(() -> fixture.smsReport(MAY).merge(fixture.smsReport(april)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-04-01/2026-04-30").hasMessageContaining("2026-05-01/2026-05-31");
  }

  @Test
  @DisplayName("the default range is every UTC day of the current month")
  void defaultRange_thisMonth() {
    Clock clock = Clock.fixed(at("2026-02-14T10:00:00Z"), ZoneOffset.UTC);

    assertThat(SmsUsageReport.defaultRange(clock))
        .isEqualTo(UsageRange.of(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28)));
  }

  @Test
  @DisplayName("a plain ObjectMapper writes exactly the documented field names")
  void json_fieldNames() {
    fixture.sms(at("2026-05-02T10:00:00Z"), Direction.OUTBOUND, 3, 400, A);

    JsonNode node = json(fixture.smsReport(MAY));

    assertThat(fieldNames(node)).containsExactly("totalMessages", "totalInbound", "totalOutbound",
        "totalCharacters", "totalSegments", "totalInboundSegments", "totalOutboundSegments", "rows");
    assertThat(elementFieldNames(node.get("rows"))).isEqualTo(Set.of(List.of(
        "date", "phoneNumber", "inbound", "outbound", "inboundSegments", "outboundSegments")));
    assertThat(node.get("rows").get(0).get("date").asText()).isEqualTo("2026-05-02");
  }

  @Test
  @DisplayName("the constructor refuses unsorted rows and rows outside the range")
  void constructor_checksRows() {
    SmsUsageReport.Row first = new SmsUsageReport.Row(LocalDate.of(2026, 5, 1), A, 1, 0, 1, 0);
    SmsUsageReport.Row second = new SmsUsageReport.Row(LocalDate.of(2026, 5, 2), A, 1, 0, 1, 0);
    SmsUsageReport.Row june = new SmsUsageReport.Row(LocalDate.of(2026, 6, 1), A, 1, 0, 1, 0);

    assertThatThrownBy(() -> new SmsUsageReport(MAY, 0, List.of(second, first)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sorted");
    assertThatThrownBy(() -> new SmsUsageReport(MAY, 0, List.of(first, first)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key twice");
    assertThatThrownBy(() -> new SmsUsageReport(MAY, 0, List.of(june)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-06-01");
  }
}
