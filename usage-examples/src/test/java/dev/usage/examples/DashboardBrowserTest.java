package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.TenantId;
import dev.usage.report.Caller;
import dev.usage.report.Scope;
import dev.usage.time.UsageRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the dashboard in headless Chromium and checks that it shows the library's numbers.
 *
 * <p>Skipped, saying so, when {@code /usr/bin/chromium} is missing, unless {@code
 * USAGE_REQUIRE_BROWSER=true}, in which case a missing browser fails the build (CI installs the
 * Debian package {@code chromium}).
 */
class DashboardBrowserTest {

  /** The browser; {@code -Dusage.chromium=...} points elsewhere, e.g. to check the skip. */
  private static final Path CHROMIUM = Path.of(System.getProperty("usage.chromium", "/usr/bin/chromium"));
  private static final long TIMEOUT_SECONDS = 60;

  private static ServerFixture fx;
  private static TenantId tenant;
  private static JsonNode summary;
  private static JsonNode credit;
  private static String dom;

  @TempDir
  static Path profile;

  @BeforeAll
  static void openDashboard() throws Exception {
    boolean required = "true".equals(System.getenv("USAGE_REQUIRE_BROWSER"));
    if (!Files.isExecutable(CHROMIUM)) {
      String why = "no headless browser at " + CHROMIUM + " (Debian package chromium)";
      if (required) {
        fail("USAGE_REQUIRE_BROWSER=true, but there is " + why);
      }
      System.err.println("SKIPPED DashboardBrowserTest: " + why + "; set USAGE_REQUIRE_BROWSER=true to fail instead");
      Assumptions.abort(why);
    }
    fx = ServerFixture.shared();
    // the sales workspace, whose plan shows all three health bands
    tenant = fx.second.tenant();
    Caller admin = Caller.of(tenant, Scope.values());
    // the page asks for the UTC month to date, the summary's default range
    summary = ServerFixture.tree(fx.session.reports().summary(admin, tenant, UsageRange.monthToDate(fx.clock)));
    credit = ServerFixture.tree(fx.session.reports().creditUsage(admin, tenant));
    String url = fx.base() + "/?key=" + fx.otherAdmin;
    dom = chromium("--dump-dom", url);
    Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    chromium("--screenshot=" + screenshot, "--window-size=1280,1600", "--hide-scrollbars", url);
  }

  private static String chromium(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile.resolve("chromium"), "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(profile, "stdout", ".html");
    Process p = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(profile.resolve("stderr.txt").toFile())
        .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr in %s", profile.resolve("stderr.txt")).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom).contains("<body data-state=\"ready\"");
    assertThat(attribute(dom, "id=\"workspace\"", "data-value")).isEqualTo(tenant.workspace());
  }

  @Test
  void cards_showTheSummaryReportsNumbers() {
    assertThat(text("voice_minutes")).isEqualTo(number(summary.path("voice_minutes"), 2));
    assertThat(text("voice_calls")).isEqualTo(number(summary.path("voice_calls"), 0));
    assertThat(text("chat_minutes")).isEqualTo(number(summary.path("chat_minutes"), 2));
    assertThat(text("chat_calls")).isEqualTo(number(summary.path("chat_calls"), 0));
    assertThat(text("total_calls")).isEqualTo(number(summary.path("total_calls"), 0));
    assertThat(text("inbound_calls")).isEqualTo(number(summary.path("inbound_calls"), 0));
    assertThat(text("outbound_calls")).isEqualTo(number(summary.path("outbound_calls"), 0));
    assertThat(text("avg_call_duration"))
        .isEqualTo(ReportTables.minutesSeconds(summary.path("avg_call_duration_sec").decimalValue()));
    assertThat(text("workflow_runs_total")).isEqualTo(number(summary.path("workflow_runs_total"), 0));
    assertThat(text("workflow_runs_success")).isEqualTo(number(summary.path("workflow_runs_success"), 0));
    assertThat(text("workflow_runs_failed")).isEqualTo(number(summary.path("workflow_runs_failed"), 0));
  }

  @Test
  void inventoryCards_showTheInventory() {
    for (String field : List.of("total_agents", "total_phone_numbers", "shared_phone_numbers", "total_web_widgets",
        "total_datasets", "active_datasets")) {
      assertThat(text(field)).as(field).isEqualTo(number(summary.path(field), 0));
    }
  }

  @Test
  void charts_drawOnePointPerDayWithTheDailyValues() {
    JsonNode daily = summary.path("daily");
    List<String[]> bars = marks(chart("calls"), "rect");
    assertThat(bars).hasSize(daily.size());
    List<String[]> voice = marks(chart("minutes"), "circle").stream().filter(m -> m[2].equals("voice_minutes")).toList();
    List<String[]> chat = marks(chart("minutes"), "circle").stream().filter(m -> m[2].equals("chat_minutes")).toList();
    assertThat(voice).hasSize(daily.size());
    assertThat(chat).hasSize(daily.size());
    for (int i = 0; i < daily.size(); i++) {
      JsonNode day = daily.get(i);
      assertThat(bars.get(i)[0]).isEqualTo(day.path("day").asText());
      assertThat(Long.parseLong(bars.get(i)[1])).isEqualTo(day.path("calls").asLong());
      assertThat(new BigDecimal(voice.get(i)[1])).isEqualByComparingTo(day.path("voice_minutes").decimalValue());
      assertThat(new BigDecimal(chat.get(i)[1])).isEqualByComparingTo(day.path("chat_minutes").decimalValue());
    }
    assertThat(attribute(dom, "data-chart=\"calls\"", "data-total")).isEqualTo(summary.path("total_calls").asText());
  }

  @Test
  void workflowRunsChart_isShownOnlyWithRuns() {
    String figure = tag(dom, "data-chart=\"workflow-runs\"");
    long runs = summary.path("workflow_runs_total").asLong();
    assertThat(figure.contains(" hidden")).isEqualTo(runs == 0);
    if (runs > 0) {
      assertThat(marks(chart("workflow-runs"), "rect").stream().mapToLong(m -> Long.parseLong(m[1])).sum())
          .isEqualTo(runs);
    }
  }

  @Test
  void healthTiles_areColouredByTheReportsBands() {
    JsonNode tiles = credit.path("plan_health");
    assertThat(tiles.size()).isPositive();
    for (JsonNode t : tiles) {
      String tile = tag(dom, "data-tile=\"" + t.path("credit_type").asText() + "\"");
      String band = t.path("band").asText();
      assertThat(tile).contains("band-" + band).contains("data-band=\"" + band + "\"");
    }
    assertThat(dom).contains("data-tile=\"balance\"");
  }

  @Test
  void screenshot_isSavedUnderTarget() throws IOException {
    Path png = Path.of("target", "dashboard.png");
    assertThat(png).exists();
    assertThat(Files.size(png)).isBetween(10_000L, 1_000_000L);
  }

  /** Returns the text of the first element with {@code data-field="name"}. */
  private static String text(String field) {
    Matcher m = Pattern.compile("<[^>]*data-field=\"" + field + "\"[^>]*>([^<]*)<").matcher(dom);
    assertThat(m.find()).as("element with data-field=%s", field).isTrue();
    return m.group(1);
  }

  private static String number(JsonNode value, int decimals) {
    BigDecimal d = value.decimalValue().setScale(decimals, java.math.RoundingMode.HALF_UP);
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }

  /** Returns the markup of the chart's figure. */
  private static String chart(String name) {
    int start = dom.indexOf("data-chart=\"" + name + "\"");
    assertThat(start).as("chart %s", name).isNotNegative();
    return dom.substring(start, dom.indexOf("</figure>", start));
  }

  /** Returns each mark's day, value and series, in document order. */
  private static List<String[]> marks(String markup, String element) {
    List<String[]> marks = new ArrayList<>();
    Matcher m = Pattern.compile("<" + element + "\\b[^>]*>").matcher(markup);
    while (m.find()) {
      String tag = m.group();
      marks.add(new String[] {attr(tag, "data-day"), attr(tag, "data-value"), attr(tag, "data-series")});
    }
    return marks;
  }

  private static String tag(String html, String marker) {
    int at = html.indexOf(marker);
    assertThat(at).as(marker).isNotNegative();
    return html.substring(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
  }

  private static String attribute(String html, String marker, String name) {
    return attr(tag(html, marker), name);
  }

  private static String attr(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
    return m.find() ? m.group(1) : "";
  }
}
