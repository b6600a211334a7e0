package dev.usage.examples;

import static dev.usage.examples.Dom.exact;
import static dev.usage.examples.Dom.instant;
import static dev.usage.examples.Dom.money;
import static dev.usage.examples.Dom.number;
import static dev.usage.examples.Dom.orDash;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the billable metrics page in headless Chromium and checks that it shows the API's JSON:
 * the wallet and the spend, the metrics, a preset, and a metric's days and transactions page by
 * page. A metric, a preset or the next page only moves the URL fragment; the test follows the link
 * the page drew, as a click would. Skipped, saying so, without a browser (see {@link Chromium}).
 */
class BillableMetricsBrowserTest {

  private static final int PAGE_SIZE = 10;

  private static ServerFixture fx;
  private static String api;
  private static String page;
  private static Chromium chromium;
  private static JsonNode report;
  private static Dom dom;
  /** The metric with the most transactions, and the page showing it. */
  private static String metric;
  private static Dom detail;

  @TempDir
  static Path profile;

  @BeforeAll
  static void openPage() throws Exception {
    chromium = Chromium.requireOrSkip(BillableMetricsBrowserTest.class, profile);
    fx = ServerFixture.shared();
    api = "/api/v2/w/" + fx.second.tenant().workspace() + "/billing";
    page = fx.base() + "/billable-metrics?key=" + fx.otherAdmin;
    report = json(api + "/billable-metrics?period=billing_period");
    dom = chromium.dom(page);
    JsonNode busiest = null;
    for (JsonNode m : report.path("metrics")) {
      if (busiest == null || m.path("transactions").size() > busiest.path("transactions").size()) {
        busiest = m;
      }
    }
    assertThat(busiest.path("transactions").size()).as("a metric with more than a page").isGreaterThan(PAGE_SIZE);
    metric = busiest.path("metric").asText();
    detail = chromium.dom(page + metricLink());
    Path png = Chromium.screenshots().resolve("billable-metrics.png");
    // a month of days and a metric open, to show every part of the page
    chromium.screenshot(page + "#period=last_30_days&metric=voice_minutes", png, 1280, 2400);
  }

  private static JsonNode json(String path) {
    return fx.okJson(path, fx.otherAdmin);
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom.html()).contains("<body data-state=\"ready\"");
    assertThat(dom.section("class=\"nav\"", "nav").attribute("href=\"/billable-metrics\"", "aria-current"))
        .isEqualTo("page");
    assertThat(dom.tag("id=\"metric-detail\"")).contains(" hidden");
  }

  @Test
  void range_isTheBillingPeriodByDefault() {
    assertRange(dom, report, "billing_period");
  }

  @Test
  void wallet_showsTheBalanceBandAndForecast() {
    JsonNode outlook = report.path("balance_outlook");
    assertThat(outlook.isObject()).as("the sales workspace has a wallet").isTrue();
    assertThat(dom.text("available")).isEqualTo(number(report.path("wallet_balance"), 2));
    assertThat(dom.text("band")).isEqualTo(outlook.path("band").asText());
    assertThat(dom.attribute("id=\"outlook\"", "data-band")).isEqualTo(outlook.path("band").asText());
    assertThat(dom.text("average_daily_burn")).isEqualTo(number(outlook.path("average_daily_burn"), 2));
    assertThat(dom.attribute("data-field=\"runs_out_on\"", "data-value")).isEqualTo(
        outlook.path("runs_out_on").isNull() ? "" : outlook.path("runs_out_on").asText());
  }

  @Test
  void spend_showsTheTotals() {
    assertThat(dom.text("total_credits")).isEqualTo(number(report.path("total_credits"), 2));
    assertThat(dom.text("total_cost")).isEqualTo(money(report.path("total_cost")));
  }

  @Test
  void metricsTable_listsEveryMetricOfThePlan() {
    assertThat(dom.rows("metrics")).isEqualTo(metricRows(report));
  }

  @Test
  void exportLink_hasTheRangeShown() {
    assertThat(dom.attribute("id=\"export\"", "href")).isEqualTo(api + "/transactions.csv?start_date="
        + report.path("start_date").asText() + "&end_date=" + report.path("end_date").asText());
  }

  @Test
  void preset_changesTheRangeAndTheNumbersFollow() throws Exception {
    String link = dom.attribute("data-preset=\"last_7_days\"", "href");
    assertThat(link).isEqualTo("#period=last_7_days");
    Dom week = chromium.dom(page + link);
    JsonNode expected = json(api + "/billable-metrics?period=last_7_days");
    assertRange(week, expected, "last_7_days");
    assertThat(week.text("total_credits")).isEqualTo(number(expected.path("total_credits"), 2));
    assertThat(week.rows("metrics")).isEqualTo(metricRows(expected));
    assertThat(week.attribute("id=\"export\"", "href")).endsWith("start_date=" + expected.path("start_date").asText()
        + "&end_date=" + expected.path("end_date").asText());
  }

  @Test
  void clickingAMetric_showsItsDailyChartAndFirstTransactions() {
    assertThat(metricLink())
        .isEqualTo("#period=billing_period&metric=" + metric);
    assertThat(detail.attribute("id=\"metric-detail\"", "data-metric")).isEqualTo(metric);
    assertThat(detail.tag("id=\"metric-detail\"")).doesNotContain(" hidden");
    JsonNode daily = metricOf(report).path("daily");
    List<String[]> bars = detail.chart("metric-daily").marks("rect");
    assertThat(bars).hasSize(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      assertThat(bars.get(i)[0]).isEqualTo(daily.get(i).path("date").asText());
      assertThat(new BigDecimal(bars.get(i)[1])).isEqualByComparingTo(daily.get(i).path("units").decimalValue());
    }
    JsonNode first = json(transactions(null));
    assertThat(detail.rows("transactions")).hasSize(PAGE_SIZE).isEqualTo(transactionRows(first));
  }

  @Test
  void nextPageLink_showsTheAPIsNextTransactions() throws Exception {
    JsonNode first = json(transactions(null));
    String cursor = first.path("next_cursor").asText();
    String next = detail.attribute("id=\"next-page\"", "href");
    assertThat(next).isEqualTo("#period=billing_period&metric=" + metric + "&cursor="
        + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    Dom second = chromium.dom(page + next);
    JsonNode expected = json(transactions(cursor));
    assertThat(second.rows("transactions")).isEqualTo(transactionRows(expected))
        .isNotEqualTo(detail.rows("transactions"));
    assertThat(second.attribute("id=\"first-page\"", "href")).isEqualTo("#period=billing_period&metric=" + metric);
  }

  @Test
  void screenshot_isSaved() throws IOException {
    Path png = Chromium.screenshots().resolve("billable-metrics.png");
    assertThat(png).exists();
    assertThat(Files.size(png)).isBetween(10_000L, 2_000_000L);
  }

  /** Returns the link of the metric's name in the table. */
  private static String metricLink() {
    return dom.section("data-metric=\"" + metric + "\"", "tr").attribute("href=", "href");
  }

  private static String transactions(String cursor) {
    return api + "/billable-metrics/" + metric + "/transactions?period=billing_period&page_size=" + PAGE_SIZE
        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
  }

  private static JsonNode metricOf(JsonNode r) {
    for (JsonNode m : r.path("metrics")) {
      if (m.path("metric").asText().equals(metric)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + metric);
  }

  private static void assertRange(Dom page, JsonNode json, String preset) {
    assertThat(page.attribute("id=\"range-label\"", "data-start")).isEqualTo(json.path("start_date").asText());
    assertThat(page.attribute("id=\"range-label\"", "data-end")).isEqualTo(json.path("end_date").asText());
    assertThat(page.attribute("data-preset=\"" + preset + "\"", "aria-current")).isEqualTo("true");
  }

  private static List<List<String>> metricRows(JsonNode r) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode m : r.path("metrics")) {
      rows.add(List.of(m.path("metric").asText(), exact(m.path("units_consumed")), m.path("unit").asText(),
          number(m.path("credits"), 2), money(m.path("cost"))));
    }
    assertThat(rows).isNotEmpty();
    return rows;
  }

  private static List<List<String>> transactionRows(JsonNode transactionPage) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode t : transactionPage.path("transactions")) {
      rows.add(List.of(instant(t.path("time")), t.path("event_id").asText(), orDash(t.path("campaign")),
          exact(t.path("units")), number(t.path("credits"), 2), money(t.path("cost"))));
    }
    return rows;
  }
}
