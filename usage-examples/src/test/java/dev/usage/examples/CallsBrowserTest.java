package dev.usage.examples;

import static dev.usage.examples.Dom.instant;
import static dev.usage.examples.Dom.number;
import static dev.usage.examples.Dom.orDash;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the call usage page in headless Chromium and checks that it shows the API's JSON: the
 * credit usage report's totals, daily credits and call logs ten a page, and the usage summary's
 * calls per day over the same days; by default, after the "last 7 days" filter and on the call
 * logs' next page. Skipped, saying so, without a browser (see {@link Chromium}).
 */
class CallsBrowserTest {

  private static ServerFixture fx;
  private static String api;
  private static String page;
  private static Chromium chromium;
  private static JsonNode report;
  private static Dom dom;
  private static Path screenshot;

  @TempDir
  static Path profile;

  @BeforeAll
  static void openPage() throws Exception {
    chromium = Chromium.requireOrSkip(CallsBrowserTest.class, profile);
    fx = ServerFixture.shared();
    // the sales workspace, which has a wallet and top-ups
    api = "/api/v2/w/" + fx.second.tenant().workspace() + "/billing/credit-usage";
    page = fx.base() + "/calls?key=" + fx.otherAdmin;
    report = json(api + "?period=last_30_days&page=1&page_size=10");
    dom = chromium.dom(page);
    screenshot = Chromium.screenshots().resolve("calls.png");
    chromium.screenshot(page, screenshot, 1280, 1400);
  }

  private static JsonNode json(String path) {
    return fx.okJson(path, fx.otherAdmin);
  }

  /** Returns the usage summary over the report's days, midnight to midnight UTC. */
  private static JsonNode summaryOf(JsonNode report) {
    String end = LocalDate.parse(report.path("end_date").asText()).plusDays(1).toString();
    return json("/admin/usage/summary?from=" + report.path("start_date").asText() + "T00:00:00Z&to=" + end
        + "T00:00:00Z");
  }

  @Test
  void organizationsKey_showsItsFirstWorkspace() throws Exception {
    Dom org = chromium.dom(fx.base() + "/calls?key=" + fx.orgAdmin);

    assertThat(org.html()).contains("<body data-state=\"ready\"");
    assertThat(org.attribute("id=\"workspace\"", "data-value")).isEqualTo(fx.first.tenant().workspace());
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom.html()).contains("<body data-state=\"ready\"");
    assertThat(dom.attribute("id=\"workspace\"", "data-value")).isEqualTo(fx.second.tenant().workspace());
    Dom nav = dom.section("class=\"nav\"", "nav");
    assertThat(nav.html()).contains("href=\"/\"", "href=\"/credit-usage\"", "href=\"/billable-metrics\"",
        "href=\"/reports\"", "href=\"/calls\"");
    assertThat(nav.attribute("href=\"/calls\"", "aria-current")).isEqualTo("page");
  }

  @Test
  void range_isTheLast30DaysByDefaultWithALast7DaysFilter() {
    assertRange(dom, report, "last_30_days");
    assertThat(dom.attribute("data-preset=\"last_7_days\"", "href")).isEqualTo("#period=last_7_days");
  }

  @Test
  void cards_showTheReportsTotals() {
    assertCards(dom, report);
    assertThat(report.path("available_credits").isNull()).as("the sales workspace has a wallet").isFalse();
  }

  @Test
  void chart_drawsEveryDaysCallsAndCredits() {
    assertChart(dom, report, summaryOf(report));
  }

  @Test
  void callLogs_showTheFirstPageOfTen() {
    JsonNode logs = report.path("call_logs");
    assertThat(logs.path("page").asInt()).isEqualTo(1);
    assertThat(logs.path("page_size").asInt()).isEqualTo(10);
    assertThat(logs.path("total_pages").asInt()).as("the fixture has more than one page").isGreaterThan(1);
    assertThat(dom.rows("call-logs")).hasSize(10).isEqualTo(callLogRows(logs));
    assertThat(dom.attribute("id=\"page-label\"", "data-total-pages")).isEqualTo(logs.path("total_pages").asText());
    assertThat(dom.attribute("id=\"previous-page\"", "aria-disabled")).isEqualTo("true");
  }

  @Test
  void callLogs_showCreditsAddedByTopUps() throws Exception {
    // top-ups are rare among the calls: find a page with one, as a reader paging through would
    int pages = report.path("call_logs").path("total_pages").asInt();
    for (int p = 1; p <= pages; p++) {
      JsonNode logs = json(api + "?period=last_30_days&page=" + p + "&page_size=10").path("call_logs");
      boolean topUp = false;
      for (JsonNode e : logs.path("entries")) {
        topUp |= e.path("credits_added").decimalValue().signum() > 0;
      }
      if (topUp) {
        Dom shown = chromium.dom(page + "#period=last_30_days&page=" + p);
        assertThat(shown.rows("call-logs")).isEqualTo(callLogRows(logs));
        return;
      }
    }
    throw new AssertionError("no top-up in the last 30 days' " + pages + " pages of call logs");
  }

  @Test
  void nextPageLink_showsTheAPIsSecondPage() throws Exception {
    String next = dom.attribute("id=\"next-page\"", "href");
    assertThat(next).isEqualTo("#period=last_30_days&page=2");
    Dom second = chromium.dom(page + next);
    JsonNode logs = json(api + "?period=last_30_days&page=2&page_size=10").path("call_logs");
    assertThat(second.attribute("id=\"page-label\"", "data-page")).isEqualTo("2");
    assertThat(second.rows("call-logs")).isEqualTo(callLogRows(logs)).isNotEqualTo(dom.rows("call-logs"));
    assertThat(second.attribute("id=\"previous-page\"", "href")).isEqualTo("#period=last_30_days&page=1");
  }

  @Test
  void last7Days_changesTheRangeAndTheNumbersFollow() throws Exception {
    Dom week = chromium.dom(page + "#period=last_7_days");
    JsonNode expected = json(api + "?period=last_7_days&page=1&page_size=10");
    assertRange(week, expected, "last_7_days");
    assertThat(week.attribute("id=\"range-label\"", "data-start")).isNotEqualTo(report.path("start_date").asText());
    assertCards(week, expected);
    assertThat(week.text("credits_used")).isNotEqualTo(dom.text("credits_used"));
    assertChart(week, expected, summaryOf(expected));
    assertThat(week.rows("call-logs")).isEqualTo(callLogRows(expected.path("call_logs")));
  }

  @Test
  void screenshot_isSaved() throws IOException {
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isBetween(10_000L, 2_000_000L);
  }

  private static void assertRange(Dom page, JsonNode json, String preset) {
    assertThat(page.html()).contains("<body data-state=\"ready\"");
    assertThat(page.attribute("id=\"range-label\"", "data-start")).isEqualTo(json.path("start_date").asText());
    assertThat(page.attribute("id=\"range-label\"", "data-end")).isEqualTo(json.path("end_date").asText());
    assertThat(page.attribute("data-preset=\"" + preset + "\"", "aria-current")).isEqualTo("true");
  }

  private static void assertCards(Dom page, JsonNode json) {
    assertThat(page.text("total_calls")).isEqualTo(number(json.path("total_calls"), 0));
    assertThat(page.text("available_credits")).isEqualTo(number(json.path("available_credits"), 2));
    assertThat(page.text("credits_used")).isEqualTo(number(json.path("credits_used"), 2));
  }

  private static void assertChart(Dom page, JsonNode json, JsonNode summary) {
    Map<String, Long> calls = new HashMap<>();
    summary.path("daily").forEach(d -> calls.put(d.path("day").asText(), d.path("calls").asLong()));
    JsonNode daily = json.path("daily_credits");
    Dom chart = page.chart("calls-and-credits");
    List<String[]> bars = chart.marks("rect");
    List<String[]> dots = chart.marks("circle");
    assertThat(bars).hasSize(daily.size());
    assertThat(dots).hasSize(daily.size());
    assertThat(calls).hasSize(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      String day = daily.get(i).path("date").asText();
      assertThat(bars.get(i)).containsExactly(day, String.valueOf(calls.get(day)), "calls");
      assertThat(dots.get(i)[0]).isEqualTo(day);
      assertThat(dots.get(i)[2]).isEqualTo("credits");
      assertThat(new BigDecimal(dots.get(i)[1])).isEqualByComparingTo(daily.get(i).path("credits").decimalValue());
    }
  }

  private static List<List<String>> callLogRows(JsonNode logs) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode e : logs.path("entries")) {
      rows.add(List.of(instant(e.path("date_time")), orDash(e.path("call_id")), number(e.path("credits_used"), 2),
          number(e.path("credits_added"), 2), orDash(e.path("remarks"))));
    }
    assertThat(rows).isNotEmpty();
    return rows;
  }
}
