package dev.usage.examples;

import static dev.usage.examples.Dom.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.report.BillablePeriod;
import dev.usage.time.UsageRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the detailed reports page in headless Chromium and checks that it shows the AI, SMS,
 * phone and voice reports' JSON: by default, after choosing a preset and over a custom range. The
 * reports take dates only, so the page turns a preset into days; the test asks the API for the
 * days the library's {@link BillablePeriod} gives. Skipped, saying so, without a browser (see
 * {@link Chromium}).
 */
class ReportsBrowserTest {

  private static ServerFixture fx;
  private static String api;
  private static String page;
  private static Chromium chromium;
  private static Reports reports;
  private static Dom dom;
  private static Path screenshot;

  @TempDir
  static Path profile;

  /** The four reports of one range, as the API answers them. */
  private record Reports(UsageRange range, JsonNode ai, JsonNode sms, JsonNode phone, JsonNode voice) {

    static Reports of(UsageRange range) {
      String q = "?start_date=" + range.start() + "&end_date=" + range.endInclusive();
      return new Reports(range, json(api + "ai-usage" + q), json(api + "sms-usage" + q), json(api + "phone-usage" + q),
          json(api + "voice-usage" + q));
    }
  }

  @BeforeAll
  static void openPage() throws Exception {
    chromium = Chromium.requireOrSkip(ReportsBrowserTest.class, profile);
    fx = ServerFixture.shared();
    api = "/api/v2/w/" + fx.tenant().workspace() + "/reports/";
    page = fx.base() + "/reports?key=" + fx.admin;
    reports = Reports.of(BillablePeriod.LAST_30_DAYS.range(fx.clock));
    dom = chromium.dom(page);
    screenshot = Chromium.screenshots().resolve("reports.png");
    chromium.screenshot(page, screenshot, 1280, 2400);
  }

  private static JsonNode json(String path) {
    return fx.okJson(path, fx.admin);
  }

  @Test
  void page_rendersWithoutError() {
    assertThat(dom.html()).contains("<body data-state=\"ready\"");
    assertThat(dom.attribute("id=\"workspace\"", "data-value")).isEqualTo(fx.tenant().workspace());
    Dom nav = dom.section("class=\"nav\"", "nav");
    assertThat(nav.html()).contains("href=\"/\"", "href=\"/credit-usage\"", "href=\"/billable-metrics\"",
        "href=\"/reports\"", "href=\"/calls\"");
    assertThat(nav.attribute("href=\"/reports\"", "aria-current")).isEqualTo("page");
  }

  @Test
  void range_isTheLast30DaysByDefault() {
    assertRange(dom, reports.range(), "last_30_days");
    assertThat(dom.section("id=\"presets\"", "nav").html()).contains("data-preset=\"today\"",
        "data-preset=\"last_7_days\"", "data-preset=\"this_month\"", "data-preset=\"last_month\"")
        .doesNotContain("billing_period");
  }

  @Test
  void ai_showsTheReportsTotalsAndTables() {
    assertAi(dom, reports.ai());
    assertThat(reports.ai().path("top_models").size()).isBetween(1, 10);
  }

  @Test
  void sms_showsTheReportsTotalsAndRows() {
    assertSms(dom, reports.sms());
    assertThat(reports.sms().path("rows").size()).isPositive();
  }

  @Test
  void phone_showsTheReportsTotalsAndRowsWithTheAverageCall() {
    assertPhone(dom, reports.phone());
    assertThat(reports.phone().path("rows").size()).isPositive();
  }

  @Test
  void voice_showsTheReportsTotalsByProviderAndRows() {
    assertVoice(dom, reports.voice());
    assertThat(reports.voice().path("sttRows").size()).isPositive();
    assertThat(reports.voice().path("ttsRows").size()).isPositive();
  }

  @Test
  void preset_changesTheRangeAndTheNumbersFollow() throws Exception {
    String link = dom.attribute("data-preset=\"last_7_days\"", "href");
    assertThat(link).isEqualTo("#period=last_7_days");
    Dom week = chromium.dom(page + link);
    Reports expected = Reports.of(BillablePeriod.LAST_7_DAYS.range(fx.clock));
    assertRange(week, expected.range(), "last_7_days");
    assertThat(week.text("ai_total_messages")).isNotEqualTo(dom.text("ai_total_messages"));
    assertAi(week, expected.ai());
    assertSms(week, expected.sms());
    assertPhone(week, expected.phone());
    assertVoice(week, expected.voice());
  }

  @Test
  void everyPreset_givesTheLibrarysDays() throws Exception {
    for (BillablePeriod p : List.of(BillablePeriod.TODAY, BillablePeriod.THIS_MONTH, BillablePeriod.LAST_MONTH)) {
      String preset = p.name().toLowerCase(Locale.ROOT);
      Dom shown = chromium.dom(page + "#period=" + preset);
      Reports expected = Reports.of(p.range(fx.clock));
      assertRange(shown, expected.range(), preset);
      assertThat(shown.text("ai_total_messages")).as(preset).isEqualTo(number(expected.ai().path("total_messages"), 0));
      assertThat(shown.text("sms_totalMessages")).as(preset).isEqualTo(number(expected.sms().path("totalMessages"), 0));
      assertThat(shown.text("phone_totalCalls")).as(preset).isEqualTo(number(expected.phone().path("totalCalls"), 0));
      assertThat(shown.text("voice_totalTtsCharacters")).as(preset)
          .isEqualTo(number(expected.voice().path("totalTtsCharacters"), 0));
    }
  }

  @Test
  void customRange_showsThoseDays() throws Exception {
    UsageRange range = UsageRange.parse(reports.range().start().plusDays(3).toString(),
        reports.range().start().plusDays(12).toString());
    Dom custom = chromium.dom(page + "#start_date=" + range.start() + "&end_date=" + range.endInclusive());
    Reports expected = Reports.of(range);
    assertThat(custom.attribute("id=\"range-label\"", "data-start")).isEqualTo(range.start().toString());
    assertThat(custom.attribute("id=\"range-label\"", "data-end")).isEqualTo(range.endInclusive().toString());
    assertThat(custom.html()).doesNotContain("aria-current=\"true\"");
    assertAi(custom, expected.ai());
    assertSms(custom, expected.sms());
    assertPhone(custom, expected.phone());
    assertVoice(custom, expected.voice());
  }

  @Test
  void members_showTheMemberListsRows_eachAsTheMembersOwnReport() {
    UsageRange range = reports.range();
    JsonNode first = members(range, null);

    assertThat(first.path("members").size()).isEqualTo(5);
    assertThat(dom.rows("member-rows")).isEqualTo(rows(first.path("members"), ReportsBrowserTest::memberRow));
    String ws = "/api/v2/w/" + fx.tenant().workspace();
    for (JsonNode row : first.path("members")) {
      JsonNode own = json(ws + "/members/" + ServerFixture.pathSegment(row.path("memberId").asText()) + "/usage?start_date=" + range.start()
          + "&end_date=" + range.endInclusive());
      assertThat(memberRow(own)).isEqualTo(memberRow(row));
    }
    assertThat(dom.attribute("id=\"members-first-page\"", "href")).isEmpty();
  }

  @Test
  void members_nextPage_followsTheCursor() throws Exception {
    UsageRange range = reports.range();
    JsonNode first = members(range, null);
    String cursor = first.path("next_cursor").asText();
    String link = dom.attribute("id=\"members-next-page\"", "href");
    assertThat(link).isEqualTo("#period=last_30_days&members_cursor=" + cursor);

    Dom next = chromium.dom(page + link);
    JsonNode second = members(range, cursor);

    assertThat(second.path("members").size()).isPositive();
    assertThat(next.rows("member-rows")).isEqualTo(rows(second.path("members"), ReportsBrowserTest::memberRow));
    assertThat(next.rows("member-rows")).doesNotContainAnyElementsOf(dom.rows("member-rows"));
    // the rest of the page stays on the same range
    assertAi(next, reports.ai());
    assertThat(next.attribute("id=\"members-first-page\"", "href")).isEqualTo("#period=last_30_days");
    assertThat(next.attribute("id=\"members-next-page\"", "aria-disabled"))
        .isEqualTo(second.path("next_cursor").isNull() ? "true" : "");
  }

  /** Returns a page of 5 members over the range, as the page asks for it. */
  private static JsonNode members(UsageRange range, String cursor) {
    return json("/api/v2/w/" + fx.tenant().workspace() + "/members?page_size=5&start_date=" + range.start()
        + "&end_date=" + range.endInclusive() + (cursor == null ? "" : "&cursor=" + cursor));
  }

  private static List<String> memberRow(JsonNode m) {
    return List.of(m.path("memberId").asText(), number(m.path("totalChats"), 0), number(m.path("totalMessages"), 0),
        number(m.path("totalCredits"), 2));
  }

  @Test
  void screenshot_isSaved() throws IOException {
    assertThat(screenshot).exists();
    assertThat(Files.size(screenshot)).isBetween(10_000L, 2_000_000L);
  }

  private static void assertRange(Dom page, UsageRange range, String preset) {
    assertThat(page.html()).contains("<body data-state=\"ready\"");
    assertThat(page.attribute("id=\"range-label\"", "data-start")).isEqualTo(range.start().toString());
    assertThat(page.attribute("id=\"range-label\"", "data-end")).isEqualTo(range.endInclusive().toString());
    assertThat(page.attribute("data-preset=\"" + preset + "\"", "aria-current")).isEqualTo("true");
  }

  private static void assertAi(Dom page, JsonNode ai) {
    for (String f : List.of("total_messages", "total_tokens", "total_cached_tokens", "total_audio_input_tokens",
        "total_audio_output_tokens")) {
      assertThat(page.text("ai_" + f)).as(f).isEqualTo(number(ai.path(f), 0));
    }
    assertThat(page.text("ai_total_credits")).isEqualTo(number(ai.path("total_credits"), 2));
    assertThat(page.rows("ai-by-provider")).isEqualTo(rows(ai.path("by_provider"), t -> List.of(
        dash(t.path("provider")), number(t.path("messages"), 0), number(t.path("tokens"), 0),
        number(t.path("credits"), 2))));
    assertThat(page.rows("ai-by-type")).isEqualTo(rows(ai.path("by_type"), t -> List.of(
        t.path("type").asText(), number(t.path("messages"), 0), number(t.path("tokens"), 0),
        number(t.path("credits"), 2))));
    assertThat(page.rows("ai-top-models")).isEqualTo(rows(ai.path("top_models"), m -> List.of(
        dash(m.path("provider")), dash(m.path("model")), dash(m.path("model_type")), number(m.path("messages"), 0),
        number(m.path("tokens"), 0), number(m.path("credits"), 2))));
  }

  private static void assertSms(Dom page, JsonNode sms) {
    for (String f : List.of("totalMessages", "totalInbound", "totalOutbound", "totalCharacters", "totalSegments",
        "totalInboundSegments", "totalOutboundSegments")) {
      assertThat(page.text("sms_" + f)).as(f).isEqualTo(number(sms.path(f), 0));
    }
    assertThat(page.rows("sms-rows")).isEqualTo(rows(sms.path("rows"), r -> List.of(r.path("date").asText(),
        dash(r.path("phoneNumber")), number(r.path("inbound"), 0), number(r.path("outbound"), 0),
        number(r.path("inboundSegments"), 0), number(r.path("outboundSegments"), 0))));
  }

  private static void assertPhone(Dom page, JsonNode phone) {
    for (String f : List.of("totalCalls", "totalInbound", "totalOutbound")) {
      assertThat(page.text("phone_" + f)).as(f).isEqualTo(number(phone.path(f), 0));
    }
    assertThat(page.text("phone_totalDurationSeconds"))
        .isEqualTo(ReportTables.minutesSeconds(phone.path("totalDurationSeconds").decimalValue()));
    assertThat(page.text("phone_averageCall")).isEqualTo(average(phone.path("totalDurationSeconds"),
        phone.path("totalInbound").asLong() + phone.path("totalOutbound").asLong()));
    assertThat(page.rows("phone-rows")).isEqualTo(rows(phone.path("rows"), r -> List.of(r.path("date").asText(),
        dash(r.path("phoneNumber")), number(r.path("calls"), 0), number(r.path("inbound"), 0),
        number(r.path("outbound"), 0), ReportTables.minutesSeconds(r.path("totalDurationSeconds").decimalValue()),
        average(r.path("totalDurationSeconds"), r.path("inbound").asLong() + r.path("outbound").asLong()))));
  }

  private static void assertVoice(Dom page, JsonNode voice) {
    assertThat(page.text("voice_totalSttDurationSeconds"))
        .isEqualTo(ReportTables.minutesSeconds(voice.path("totalSttDurationSeconds").decimalValue()));
    for (String f : List.of("totalSttMessages", "totalTtsCharacters", "totalTtsMessages")) {
      assertThat(page.text("voice_" + f)).as(f).isEqualTo(number(voice.path(f), 0));
    }
    Function<JsonNode, List<String>> stt = r -> List.of(dash(r.path("provider")), dash(r.path("model")),
        ReportTables.minutesSeconds(r.path("durationSeconds").decimalValue()), number(r.path("messages"), 0));
    Function<JsonNode, List<String>> tts = r -> List.of(dash(r.path("provider")), dash(r.path("model")),
        number(r.path("characters"), 0), number(r.path("messages"), 0));
    assertThat(page.rows("stt-by-provider")).isEqualTo(rows(voice.path("sttByProvider"), stt));
    assertThat(page.rows("tts-by-provider")).isEqualTo(rows(voice.path("ttsByProvider"), tts));
    assertThat(page.rows("stt-rows")).isEqualTo(rows(voice.path("sttRows"), r -> dated(r, stt)));
    assertThat(page.rows("tts-rows")).isEqualTo(rows(voice.path("ttsRows"), r -> dated(r, tts)));
  }

  /** Returns the cells a table shows, one row per item ({@link Dom#rows} leaves out the "nothing" row of none). */
  private static List<List<String>> rows(JsonNode items, Function<JsonNode, List<String>> row) {
    List<List<String>> rows = new ArrayList<>();
    items.forEach(item -> rows.add(row.apply(item)));
    return rows;
  }

  private static List<String> dated(JsonNode r, Function<JsonNode, List<String>> row) {
    List<String> cells = new ArrayList<>(List.of(r.path("date").asText()));
    cells.addAll(row.apply(r));
    return cells;
  }

  /** Returns the average call as the page writes it: the duration over the calls in and out, "–" for none. */
  private static String average(JsonNode durationSeconds, long calls) {
    return calls == 0 ? "–" : ReportTables.minutesSeconds(
        durationSeconds.decimalValue().divide(BigDecimal.valueOf(calls), 12, RoundingMode.HALF_UP));
  }

  /** Returns text as the page writes it: "–" for null and for the empty string of events without the dimension. */
  private static String dash(JsonNode value) {
    return value.isNull() || value.asText().isEmpty() ? "–" : value.asText();
  }
}
