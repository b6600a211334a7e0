package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.CLOCK;
import static dev.usage.report.BillableFixtures.GLOBEX;
import static dev.usage.report.BillableFixtures.at;
import static dev.usage.report.BillableFixtures.sms;
import static dev.usage.report.ReportFixture.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.event.Direction;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.metric.Metrics;
import dev.usage.spi.EventFilter;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransactionPageTest {

  static final UsageRange APRIL_1_TO_15 = UsageRange.parse("2026-04-01", "2026-04-15");

  final InMemoryUsageStore store = new InMemoryUsageStore();
  final UsageReports reports = UsageReports.builder(store).clock(CLOCK).build();
  final Caller billing = Caller.of(ACME, Scope.BILLING_MANAGE);

  /** 250 outbound SMS of ACME over ten days, plus an inbound one and one of Globex. */
  void record() {
    for (int i = 0; i < 250; i++) {
      store.append(sms(ACME, "s" + i, at("2026-04-02T00:00:00Z").plusSeconds(i * 3_000L), Direction.OUTBOUND,
          "hello " + i, Dimensions.none()));
    }
    store.append(sms(ACME, "in", at("2026-04-05T00:00:00Z"), Direction.INBOUND, "hi", Dimensions.none()));
    store.append(sms(GLOBEX, "g", at("2026-04-05T00:00:00Z"), Direction.OUTBOUND, "hi", Dimensions.none()));
  }

  @Test
  @DisplayName("pages list every transaction of the metric once, newest first, as the store scans them")
  void pages_everyTransactionOnce() {
    record();
    List<EventId> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      TransactionPage page = reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 100, cursor);
      sizes.add(page.transactions().size());
      page.transactions().forEach(t -> seen.add(t.eventId()));
      cursor = page.nextCursor();
    } while (cursor.isPresent());

    assertThat(sizes).containsExactly(100, 100, 50);
    List<EventId> expected = ReportSupport.newest(store, ACME, APRIL_1_TO_15,
        EventFilter.all().withMetrics(Metrics.SMS_OUTBOUND), 1_000).stream().map(e -> e.event().id()).toList();
    assertThat(seen).hasSize(250).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    assertThat(seen.get(0)).isEqualTo(EventId.of("s249/sms_outbound"));
  }

  @Test
  @DisplayName("a transaction recorded while a client pages does not shift the pages still to come")
  void pages_stableWhileRecording() {
    record();
    TransactionPage first = reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 100,
        Optional.empty());
    store.append(sms(ACME, "late", at("2026-04-14T00:00:00Z"), Direction.OUTBOUND, "new", Dimensions.none()));

    TransactionPage second = reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 100,
        first.nextCursor());

    assertThat(second.transactions().get(0).eventId()).isEqualTo(EventId.of("s149/sms_outbound"));
  }

  @Test
  @DisplayName("only billing:manage of the same tenant reads them, and bad page sizes or cursors name the value")
  void access_andBadArguments() {
    record();
    assertThatThrownBy(() -> reports.transactions(Caller.of(ACME, Scope.ANALYTICS_READ), ACME, Metrics.SMS_OUTBOUND,
        APRIL_1_TO_15, 10, Optional.empty())).isInstanceOf(ReportAccessDeniedException.class);
    assertThatThrownBy(() -> reports.transactions(Caller.of(GLOBEX, Scope.BILLING_MANAGE), ACME, Metrics.SMS_OUTBOUND,
        APRIL_1_TO_15, 10, Optional.empty())).isInstanceOf(ReportAccessDeniedException.class);
    assertThatThrownBy(() -> reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 0,
        Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 0");
    assertThatThrownBy(() -> reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 10,
        Optional.of("not-a-cursor"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-a-cursor");
  }

  @Test
  @DisplayName("as JSON: the metric, the range, the transactions with date and time, and the next cursor")
  void json_names() throws Exception {
    record();
    TransactionPage page = reports.transactions(billing, ACME, Metrics.SMS_OUTBOUND, APRIL_1_TO_15, 2,
        Optional.empty());

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(page));

    assertThat(fieldNames(json)).containsExactly("metric", "start_date", "end_date", "zone", "transactions",
        "next_cursor");
    assertThat(json.get("metric").asText()).isEqualTo("sms_outbound");
    assertThat(json.get("transactions")).hasSize(2);
    assertThat(json.get("transactions").get(0).get("date").asText()).isEqualTo("2026-04-10");
    assertThat(json.get("next_cursor").asText()).isEqualTo(page.nextCursor().orElseThrow());
  }
}
