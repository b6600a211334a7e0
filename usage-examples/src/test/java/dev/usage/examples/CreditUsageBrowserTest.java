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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the credit usage page in headless Chromium and checks that it shows the API's JSON: by
 * default, after choosing a preset, and on the call logs' next page. A preset, a page link or a
 * custom range only moves the URL fragment; the test follows the link the page drew, as a click
 * would. Skipped, saying so, without a browser (see {@link Chromium}).
 */
class CreditUsageBrowserTest {

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
    chromium = Chromium.requireOrSkip(CreditUsageBrowserTest.class, profile);
    fx = ServerFixture.shared();
    // the sales workspace, whose plan shows all three health bands
    api = "/api/v2/w/" + fx.second.tenant().workspace() + "/billing/credit-usage";
    page = fx.base() + "/credit-usage?key=" + fx.otherAdmin;
    report = json(api + "?period=last_30_days");
    dom = chromium.dom(page);
    screenshot = Chromium.screenshots().resolve("credit-usage.png");
    chromium.screenshot(page, screenshot, 1280, 2000);
  }

  private static JsonNode json(String path) {
    return fx.okJson(path, fx.otherAdmin);
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom.html()).contains("<body data-state=\"ready\"");
    assertThat(dom.attribute("id=\"workspace\"", "data-value")).isEqualTo(fx.second.tenant().workspace());
    assertThat(dom.section("class=\"nav\"", "nav").attribute("href=\"/credit-usage\"", "aria-current"))
        .isEqualTo("page");
  }

  @Test
  void range_isTheLast30DaysByDefault() {
    assertRange(dom, report, "last_30_days");
  }

  @Test
  void balance_showsTheAvailableCreditsBandAndForecast() {
    JsonNode outlook = report.path("balance_outlook");
    assertThat(outlook.isObject()).as("the sales workspace has a wallet").isTrue();
    assertThat(dom.text("available")).isEqualTo(number(report.path("available_credits"), 2));
    assertThat(dom.text("band")).isEqualTo(outlook.path("band").asText());
    assertThat(dom.attribute("id=\"outlook\"", "data-band")).isEqualTo(outlook.path("band").asText());
    assertThat(dom.text("average_daily_burn")).isEqualTo(number(outlook.path("average_daily_burn"), 2));
    assertThat(dom.attribute("data-field=\"runs_out_on\"", "data-value")).isEqualTo(
        outlook.path("runs_out_on").isNull() ? "" : outlook.path("runs_out_on").asText());
    assertThat(dom.attribute("data-field=\"days_left\"", "data-value")).isEqualTo(
        outlook.path("days_left").isNull() ? "" : outlook.path("days_left").asText());
  }

  @Test
  void totalsAndHealthTiles_showTheReport() {
    assertThat(dom.text("credits_used")).isEqualTo(number(report.path("credits_used"), 2));
    assertThat(dom.text("total_calls")).isEqualTo(number(report.path("total_calls"), 0));
    assertThat(report.path("plan_health").size()).isPositive();
    for (JsonNode t : report.path("plan_health")) {
      assertThat(dom.attribute("data-tile=\"" + t.path("credit_type").asText() + "\"", "data-band"))
          .isEqualTo(t.path("band").asText());
    }
  }

  @Test
  void dailyChart_drawsEveryDaysCredits() {
    JsonNode daily = report.path("daily_credits");
    List<String[]> bars = dom.chart("daily-credits").marks("rect");
    assertThat(bars).hasSize(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      assertThat(bars.get(i)[0]).isEqualTo(daily.get(i).path("date").asText());
      assertThat(new BigDecimal(bars.get(i)[1])).isEqualByComparingTo(daily.get(i).path("credits").decimalValue());
    }
  }

  @Test
  void topAssistantsAndChannels_showTheReport() {
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode a : report.path("top_assistants")) {
      expected.add(List.of(a.path("assistant").asText(), number(a.path("calls"), 0), number(a.path("ai_messages"), 0),
          number(a.path("volume"), 0)));
    }
    assertThat(expected).isNotEmpty();
    assertThat(dom.rows("top-assistants")).isEqualTo(expected);

    JsonNode shares = report.path("channel_shares");
    List<String[]> arcs = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<circle\\b[^>]*data-channel=[^>]*>")
        .matcher(dom.chart("channels").html());
    while (m.find()) {
      arcs.add(new String[] {Dom.attr(m.group(), "data-channel"), Dom.attr(m.group(), "data-percent")});
    }
    assertThat(arcs).hasSize(shares.size());
    for (int i = 0; i < shares.size(); i++) {
      assertThat(arcs.get(i)[0]).isEqualTo(shares.get(i).path("channel").asText());
      assertThat(new BigDecimal(arcs.get(i)[1])).isEqualByComparingTo(shares.get(i).path("percent").decimalValue());
    }
  }

  @Test
  void recentActivity_listsTheReportsRows() {
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode a : report.path("recent_activity")) {
      expected.add(List.of(instant(a.path("when")), a.path("type").asText().replace('_', ' '),
          orDash(a.path("assistant")), orDash(a.path("channel")), orDash(a.path("contact")),
          ReportTables.minutesSeconds(a.path("duration_sec").decimalValue()), number(a.path("credits"), 2)));
    }
    assertThat(expected).isNotEmpty();
    assertThat(dom.rows("recent-activity")).isEqualTo(expected);
    assertThat(dom.html()).contains("<th>Channel</th><th>Contact</th>", "<th class=\"num\">Duration</th>");
  }

  @Test
  void callLogs_showTheFirstPage() {
    JsonNode logs = report.path("call_logs");
    assertThat(logs.path("page").asInt()).isEqualTo(1);
    assertThat(dom.rows("call-logs")).isEqualTo(callLogRows(logs));
    assertThat(dom.attribute("id=\"page-label\"", "data-total-pages")).isEqualTo(logs.path("total_pages").asText());
  }

  @Test
  void nextPageLink_showsTheAPIsSecondPage() throws Exception {
    String next = dom.attribute("id=\"next-page\"", "href");
    assertThat(next).isEqualTo("#period=last_30_days&page=2");
    Dom second = chromium.dom(page + next);
    JsonNode logs = json(api + "?period=last_30_days&page=2").path("call_logs");
    assertThat(second.attribute("id=\"page-label\"", "data-page")).isEqualTo("2");
    assertThat(second.rows("call-logs")).isEqualTo(callLogRows(logs)).isNotEqualTo(dom.rows("call-logs"));
    assertThat(second.attribute("id=\"previous-page\"", "href")).isEqualTo("#period=last_30_days&page=1");
  }

  @Test
  void preset_changesTheRangeAndTheNumbersFollow() throws Exception {
    String link = dom.attribute("data-preset=\"last_7_days\"", "href");
    assertThat(link).isEqualTo("#period=last_7_days");
    Dom week = chromium.dom(page + link);
    JsonNode expected = json(api + "?period=last_7_days");
    assertRange(week, expected, "last_7_days");
    assertThat(week.attribute("id=\"range-label\"", "data-start")).isNotEqualTo(report.path("start_date").asText());
    assertThat(week.text("credits_used")).isEqualTo(number(expected.path("credits_used"), 2));
    assertThat(week.text("total_calls")).isEqualTo(number(expected.path("total_calls"), 0));
    assertThat(week.chart("daily-credits").marks("rect")).hasSize(expected.path("daily_credits").size());
    assertThat(week.rows("call-logs")).isEqualTo(callLogRows(expected.path("call_logs")));
  }

  @Test
  void clickOnATopAssistant_filtersThePageByIt_andShowAllClearsIt() throws Exception {
    String assistant = report.path("top_assistants").get(0).path("assistant").asText();
    JsonNode filtered = json(api + "?period=last_30_days&assistant=" + assistant);
    assertThat(filtered.path("credits_used").decimalValue()).isLessThan(report.path("credits_used").decimalValue());

    try (DevTools browser = chromium.devTools()) {
      browser.navigate(page);
      browser.waitUntil("document.body.dataset.state === 'ready'");
      // a real mouse click on the link, not a load of its address: the page must react in place
      browser.evaluate("document.body.dataset.state = 'clicking'");
      browser.click("#top-assistants a[data-assistant=\"" + assistant + "\"]");
      browser.waitUntil("document.body.dataset.state === 'ready'");
      Dom shown = browser.dom();

      assertThat(browser.evaluate("location.hash").asText())
          .isEqualTo("#period=last_30_days&assistant=" + assistant);
      assertThat(shown.text("filter_assistant")).isEqualTo(assistant);
      assertThat(shown.text("credits_used")).isEqualTo(number(filtered.path("credits_used"), 2));
      assertThat(shown.text("total_calls")).isEqualTo(number(filtered.path("total_calls"), 0));
      assertThat(shown.rows("call-logs")).isEqualTo(callLogRows(filtered.path("call_logs")));
      assertThat(shown.attribute("id=\"next-page\"", "href"))
          .isEqualTo("#period=last_30_days&assistant=" + assistant + "&page=2");

      browser.evaluate("document.body.dataset.state = 'clicking'");
      browser.click("#clear-filter");
      browser.waitUntil("document.body.dataset.state === 'ready'");
      Dom cleared = browser.dom();
      assertThat(cleared.tag("id=\"filter\"")).contains("hidden");
      assertThat(cleared.text("credits_used")).isEqualTo(number(report.path("credits_used"), 2));
      assertThat(cleared.rows("call-logs")).isEqualTo(callLogRows(report.path("call_logs")));
    }
  }

  @Test
  void screenshot_isSaved() throws IOException {
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isBetween(10_000L, 2_000_000L);
  }

  private static void assertRange(Dom page, JsonNode json, String preset) {
    assertThat(page.attribute("id=\"range-label\"", "data-start")).isEqualTo(json.path("start_date").asText());
    assertThat(page.attribute("id=\"range-label\"", "data-end")).isEqualTo(json.path("end_date").asText());
    assertThat(page.attribute("data-preset=\"" + preset + "\"", "aria-current")).isEqualTo("true");
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
