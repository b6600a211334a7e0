package dev.usage.examples;

import static dev.usage.examples.Dom.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.TenantId;
import dev.usage.report.Caller;
import dev.usage.report.Scope;
import dev.usage.time.UsageRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the dashboard in headless Chromium and checks that it shows the library's numbers.
 * Skipped, saying so, without a browser (see {@link Chromium}).
 */
class DashboardBrowserTest {

  private static ServerFixture fx;
  private static TenantId tenant;
  private static JsonNode summary;
  private static JsonNode credit;
  private static Dom dom;
  private static Path screenshot;
  private static Chromium chromium;

  @TempDir
  static Path profile;

  @BeforeAll
  static void openDashboard() throws Exception {
    chromium = Chromium.requireOrSkip(DashboardBrowserTest.class, profile);
    fx = ServerFixture.shared();
    // the sales workspace, whose plan shows all three health bands
    tenant = fx.second.tenant();
    Caller admin = Caller.of(tenant, Scope.values());
    // the page asks for the UTC month to date, the summary's default range
    summary = ServerFixture.tree(fx.session.reports().summary(admin, tenant, UsageRange.monthToDate(fx.clock)));
    credit = ServerFixture.tree(fx.session.reports().creditUsage(admin, tenant));
    String url = fx.base() + "/?key=" + fx.otherAdmin;
    dom = chromium.dom(url);
    screenshot = Chromium.screenshots().resolve("dashboard.png");
    chromium.screenshot(url, screenshot, 1280, 1600);
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom.html()).contains("<body data-state=\"ready\"");
    assertThat(dom.attribute("id=\"workspace\"", "data-value")).isEqualTo(tenant.workspace());
  }

  @Test
  void organizationsKey_showsItsFirstWorkspace() throws Exception {
    // An organization's key has no workspace of its own; the page reads the first of its workspaces.
    TenantId first = fx.first.tenant();
    JsonNode own = ServerFixture.tree(fx.session.reports().summary(Caller.of(first, Scope.values()), first,
        UsageRange.monthToDate(fx.clock)));
    Dom org = chromium.dom(fx.base() + "/?key=" + fx.orgAdmin);

    assertThat(org.html()).contains("<body data-state=\"ready\"");
    assertThat(org.attribute("id=\"workspace\"", "data-value")).isEqualTo(first.workspace());
    assertThat(org.text("total_calls")).isEqualTo(number(own.path("total_calls"), 0));
    assertThat(org.text("voice_minutes")).isEqualTo(number(own.path("voice_minutes"), 2));
  }

  @Test
  void nav_linksEveryPage() {
    Dom nav = dom.section("class=\"nav\"", "nav");
    assertThat(nav.html()).contains("href=\"/\"", "href=\"/credit-usage\"", "href=\"/billable-metrics\"",
        "href=\"/reports\"", "href=\"/calls\"");
    assertThat(nav.attribute("href=\"/\"", "aria-current")).isEqualTo("page");
  }

  @Test
  void cards_showTheSummaryReportsNumbers() {
    assertThat(dom.text("voice_minutes")).isEqualTo(number(summary.path("voice_minutes"), 2));
    assertThat(dom.text("voice_calls")).isEqualTo(number(summary.path("voice_calls"), 0));
    assertThat(dom.text("chat_minutes")).isEqualTo(number(summary.path("chat_minutes"), 2));
    assertThat(dom.text("chat_calls")).isEqualTo(number(summary.path("chat_calls"), 0));
    assertThat(dom.text("total_calls")).isEqualTo(number(summary.path("total_calls"), 0));
    assertThat(dom.text("inbound_calls")).isEqualTo(number(summary.path("inbound_calls"), 0));
    assertThat(dom.text("outbound_calls")).isEqualTo(number(summary.path("outbound_calls"), 0));
    assertThat(dom.text("avg_call_duration"))
        .isEqualTo(ReportTables.minutesSeconds(summary.path("avg_call_duration_sec").decimalValue()));
    assertThat(dom.text("workflow_runs_total")).isEqualTo(number(summary.path("workflow_runs_total"), 0));
    assertThat(dom.text("workflow_runs_success")).isEqualTo(number(summary.path("workflow_runs_success"), 0));
    assertThat(dom.text("workflow_runs_failed")).isEqualTo(number(summary.path("workflow_runs_failed"), 0));
  }

  @Test
  void inventoryCards_showTheInventory() {
    for (String field : List.of("total_agents", "total_phone_numbers", "shared_phone_numbers", "total_web_widgets",
        "total_datasets", "active_datasets")) {
      assertThat(dom.text(field)).as(field).isEqualTo(number(summary.path(field), 0));
    }
  }

  @Test
  void charts_drawOnePointPerDayWithTheDailyValues() {
    JsonNode daily = summary.path("daily");
    List<String[]> bars = dom.chart("calls").marks("rect");
    assertThat(bars).hasSize(daily.size());
    List<String[]> dots = dom.chart("minutes").marks("circle");
    List<String[]> voice = dots.stream().filter(m -> m[2].equals("voice_minutes")).toList();
    List<String[]> chat = dots.stream().filter(m -> m[2].equals("chat_minutes")).toList();
    assertThat(voice).hasSize(daily.size());
    assertThat(chat).hasSize(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      JsonNode day = daily.get(i);
      assertThat(bars.get(i)[0]).isEqualTo(day.path("day").asText());
      assertThat(Long.parseLong(bars.get(i)[1])).isEqualTo(day.path("calls").asLong());
      assertThat(new BigDecimal(voice.get(i)[1])).isEqualByComparingTo(day.path("voice_minutes").decimalValue());
      assertThat(new BigDecimal(chat.get(i)[1])).isEqualByComparingTo(day.path("chat_minutes").decimalValue());
    }
    assertThat(dom.attribute("data-chart=\"calls\"", "data-total")).isEqualTo(summary.path("total_calls").asText());
  }

  @Test
  void workflowRunsChart_isShownOnlyWithRuns() {
    String figure = dom.tag("data-chart=\"workflow-runs\"");
    long runs = summary.path("workflow_runs_total").asLong();
    assertThat(figure.contains(" hidden")).isEqualTo(runs == 0);
    if (runs > 0) {
      assertThat(dom.chart("workflow-runs").marks("rect").stream().mapToLong(m -> Long.parseLong(m[1])).sum())
          .isEqualTo(runs);
    }
  }

  @Test
  void healthTiles_areColouredByTheReportsBands() {
    JsonNode tiles = credit.path("plan_health");
    assertThat(tiles.size()).isPositive();
    for (JsonNode t : tiles) {
      String tile = dom.tag("data-tile=\"" + t.path("credit_type").asText() + "\"");
      String band = t.path("band").asText();
      assertThat(tile).contains("band-" + band).contains("data-band=\"" + band + "\"");
    }
    String band = credit.path("balance_outlook").path("band").asText();
    assertThat(band).isNotEmpty();
    assertThat(dom.tag("data-tile=\"balance\"")).contains("data-band=\"" + band + "\"");
  }

  @Test
  void screenshot_isSaved() throws IOException {
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isBetween(10_000L, 1_000_000L);
  }
}
