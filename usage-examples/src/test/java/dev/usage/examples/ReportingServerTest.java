package dev.usage.examples;

import static dev.usage.examples.ServerFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageFacts;
import dev.usage.event.WorkflowOutcome;
import dev.usage.metric.Metrics;
import dev.usage.report.BillablePeriod;
import dev.usage.report.Caller;
import dev.usage.report.OrganizationCaller;
import dev.usage.report.Scope;
import dev.usage.report.UsageReports;
import dev.usage.spi.AggregateQuery;
import dev.usage.time.InstantRange;
import dev.usage.time.UsageRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** Every endpoint of {@link ReportingServer} over HTTP, against the library's reports computed directly. */
class ReportingServerTest {

  private static ServerFixture fx;
  private static UsageReports reports;
  private static Caller admin;
  private static TenantId tenant;
  private static String ws;

  @BeforeAll
  static void start() throws IOException {
    fx = ServerFixture.shared();
    reports = fx.session.reports();
    tenant = fx.tenant();
    admin = Caller.of(tenant, Scope.values());
    ws = "/api/v2/w/" + tenant.workspace();
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    return tree(response);
  }

  private static void assertError(HttpResponse<String> response, int status, String error, String... inMessage) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = tree(response);
    assertThat(body.size()).isEqualTo(2);
    assertThat(body.path("error").asText()).isEqualTo(error);
    assertThat(body.path("message").asText()).doesNotContain("Exception", "\tat ");
    if (inMessage.length > 0) {
      assertThat(body.path("message").asText()).contains(inMessage);
    }
  }

  private static LocalDate today() {
    return LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
  }

  @Test
  void summary_defaultsToMonthToDateOfTheKeysWorkspace() {
    JsonNode body = ok(fx.get("/admin/usage/summary", fx.admin));

    assertThat(body).isEqualTo(tree(reports.summary(admin, tenant)));
    assertThat(body.path("daily").size()).isEqualTo(today().getDayOfMonth());
    assertThat(body.fieldNames()).toIterable().startsWith("total_calls", "voice_calls", "chat_calls",
        "inbound_calls", "outbound_calls", "voice_minutes", "chat_minutes", "avg_call_duration_sec");
  }

  @Test
  void summary_fromTo_coversTheUtcDaysTheInstantsTouch() {
    String from = today().minusDays(5) + "T12:00:00Z";
    String to = today() + "T06:00:00Z";

    JsonNode body = ok(fx.get("/admin/usage/summary?from=" + from + "&to=" + to, fx.admin));

    UsageRange days = InstantRange.parse(from, to).toUsageRange();
    assertThat(body).isEqualTo(tree(reports.summary(admin, tenant, days)));
    assertThat(body.path("daily").size()).isEqualTo(6);
    assertThat(body.path("total_calls").asLong()).isPositive();
  }

  @Test
  void workspaceSummary_readByTheWorkspacesKeyOrItsOrganizations_equalsTheKeysOwnSummary() {
    String from = today().minusDays(5) + "T12:00:00Z";
    String to = today() + "T06:00:00Z";
    String query = "?from=" + from + "&to=" + to;

    JsonNode own = ok(fx.get("/admin/usage/summary" + query, fx.admin));
    assertThat(ok(fx.get(ws + "/usage/summary" + query, fx.admin))).isEqualTo(own);
    assertThat(ok(fx.get(ws + "/usage/summary", fx.admin))).isEqualTo(tree(reports.summary(admin, tenant)));
    for (String w : orgWorkspaces()) {
      TenantId t = TenantId.of(org(), w);
      assertThat(ok(fx.get("/api/v2/w/" + w + "/usage/summary" + query, fx.orgAdmin))).as(w)
          .isEqualTo(tree(reports.summary(Caller.of(t, Scope.values()), t, InstantRange.parse(from, to).toUsageRange())));
    }
    // the scope and the workspace rules of the other workspace endpoints
    assertError(fx.get(ws + "/usage/summary", fx.analyst), 403, "forbidden", "billing:manage");
    assertError(fx.get(ws + "/usage/summary", fx.orgAnalyst), 403, "forbidden", "billing:manage");
    assertError(fx.get(ws + "/usage/summary", fx.otherAdmin), 403, "forbidden", "only its own workspace");
    assertError(fx.get(ws + "/usage/summary", fx.otherOrgAdmin), 403, "forbidden", "only its own organization's");
    assertError(fx.get(ws + "/usage/summary?from=yesterday", fx.admin), 400, "invalid_range", "'yesterday'");
  }

  @Test
  void summary_otherWorkspacesKey_readsItsOwnWorkspace() {
    JsonNode body = ok(fx.get("/admin/usage/summary", fx.otherAdmin));

    TenantId other = fx.second.tenant();
    assertThat(body).isEqualTo(tree(reports.summary(Caller.of(other, Scope.values()), other)));
  }

  @Test
  void summary_badRanges_are400NamingTheValues() {
    assertError(fx.get("/admin/usage/summary?from=2026-13-01T00:00:00Z&to=2026-12-02T00:00:00Z", fx.admin), 400,
        "invalid_range", "2026-13-01T00:00:00Z");
    assertError(fx.get("/admin/usage/summary?from=2026-04-05T00:00:00Z&to=2026-04-01T00:00:00Z", fx.admin), 400,
        "invalid_range", "2026-04-01T00:00:00Z", "2026-04-05T00:00:00Z");
    assertError(fx.get("/admin/usage/summary?from=2026-04-05T00:00:00Z&to=2026-04-05T00:00:00Z", fx.admin), 400,
        "invalid_range", "is not after");
    assertError(fx.get("/admin/usage/summary?from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", fx.admin), 400,
        "invalid_range", "367", "366");
    assertError(fx.get("/admin/usage/summary?from=yesterday", fx.admin), 400, "invalid_range", "'yesterday'");
    assertError(fx.get("/admin/usage/summary?start=2026-04-01", fx.admin), 400, "bad_request", "'start'");
  }

  @Test
  void reports_withoutDates_useEachReportsDefaultRange() {
    Caller analyst = Caller.of(tenant, Scope.ANALYTICS_READ);
    assertThat(ok(fx.get(ws + "/reports/ai-usage", fx.analyst))).isEqualTo(tree(reports.aiUsage(analyst, tenant)));
    assertThat(ok(fx.get(ws + "/reports/sms-usage", fx.analyst))).isEqualTo(tree(reports.smsUsage(analyst, tenant)));
    assertThat(ok(fx.get(ws + "/reports/phone-usage", fx.analyst)))
        .isEqualTo(tree(reports.phoneUsage(analyst, tenant)));
    assertThat(ok(fx.get(ws + "/reports/voice-usage", fx.analyst)))
        .isEqualTo(tree(reports.voiceUsage(analyst, tenant)));
  }

  @Test
  void reports_withDates_coverTheInclusiveDays() {
    UsageRange range = UsageRange.of(today().minusDays(9), today().minusDays(2));
    String q = "?start_date=" + range.start() + "&end_date=" + range.endInclusive();

    JsonNode ai = ok(fx.get(ws + "/reports/ai-usage" + q, fx.admin));
    JsonNode sms = ok(fx.get(ws + "/reports/sms-usage" + q, fx.admin));
    JsonNode phone = ok(fx.get(ws + "/reports/phone-usage" + q, fx.admin));
    JsonNode voice = ok(fx.get(ws + "/reports/voice-usage" + q, fx.admin));

    assertThat(ai).isEqualTo(tree(reports.aiUsage(admin, tenant, range)));
    assertThat(ai.fieldNames()).toIterable().containsExactly("total_messages", "total_tokens",
        "total_cached_tokens", "total_audio_input_tokens", "total_audio_output_tokens", "total_credits",
        "by_provider", "by_type", "top_models");
    assertThat(ai.path("total_messages").asLong()).isPositive();
    assertThat(sms).isEqualTo(tree(reports.smsUsage(admin, tenant, range)));
    assertThat(sms.path("totalMessages").asLong()).isPositive();
    assertThat(phone).isEqualTo(tree(reports.phoneUsage(admin, tenant, range)));
    assertThat(phone.path("totalCalls").asLong()).isPositive();
    assertThat(voice).isEqualTo(tree(reports.voiceUsage(admin, tenant, range)));
    assertThat(voice.path("totalSttMessages").asLong()).isPositive();
  }

  @Test
  void reports_eachDateOptional_theOtherFromTheReportsDefaultRange() {
    Caller analyst = Caller.of(tenant, Scope.ANALYTICS_READ);
    LocalDate start = today().minusDays(9);
    LocalDate end = today().minusDays(2);

    assertThat(ok(fx.get(ws + "/reports/ai-usage?start_date=" + start, fx.analyst)))
        .isEqualTo(tree(reports.aiUsage(analyst, tenant, UsageRange.of(start, today()))));
    assertThat(ok(fx.get(ws + "/reports/ai-usage?end_date=" + end, fx.analyst)))
        .isEqualTo(tree(reports.aiUsage(analyst, tenant, UsageRange.of(today().minusDays(29), end))));
    UsageRange month = UsageRange.thisMonth(fx.clock);
    assertThat(ok(fx.get(ws + "/reports/sms-usage?end_date=" + month.start(), fx.analyst)))
        .isEqualTo(tree(reports.smsUsage(analyst, tenant, UsageRange.of(month.start(), month.start()))));
    assertError(fx.get(ws + "/reports/sms-usage?end_date=" + month.start().minusDays(1), fx.analyst), 400,
        "invalid_range", "is before start date " + month.start());
  }

  @Test
  void metricTransactions_keysetPagedToTheEnd_asTheLibraryPagesThem() {
    String path = ws + "/billing/billable-metrics/calls/transactions";
    UsageRange range = reports.range(tenant, BillablePeriod.LAST_30_DAYS);
    int all = reports.transactions(admin, tenant, Metrics.CALLS, range, 1_000, java.util.Optional.empty())
        .transactions().size();
    assertThat(all).as("calls in the fixture's last 30 days").isGreaterThan(4);
    JsonNode first = ok(fx.get(path + "?period=last_30_days&page_size=3", fx.admin));
    assertThat(first).isEqualTo(tree(reports.transactions(admin, tenant, Metrics.CALLS, range, 3,
        java.util.Optional.empty())));

    int total = 0;
    int pages = 0;
    java.util.Set<String> ids = new java.util.HashSet<>();
    String cursor = null;
    do {
      JsonNode page = ok(fx.get(path + "?period=last_30_days&page_size=3"
          + (cursor == null ? "" : "&cursor=" + cursor), fx.admin));
      page.path("transactions").forEach(t -> ids.add(t.path("event_id").asText()));
      total += page.path("transactions").size();
      pages++;
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
    } while (cursor != null);
    assertThat(total).isEqualTo(all);
    assertThat(ids).hasSize(all);
    assertThat(pages).isEqualTo((all + 2) / 3);

    assertError(fx.get(ws + "/billing/billable-metrics/no_such_metric/transactions", fx.admin), 404, "not_found",
        "no_such_metric");
    assertError(fx.get(path, fx.analyst), 403, "forbidden");
    assertError(fx.get(path + "?cursor=garbage", fx.admin), 400, "bad_request", "garbage");
    assertError(fx.get(path + "?page_size=0", fx.admin), 400, "bad_request", "0");
  }

  @Test
  void creditUsage_last30DaysByDefault_periodOrDates() {
    assertThat(ok(fx.get(ws + "/billing/credit-usage", fx.admin))).isEqualTo(tree(reports.creditUsage(admin, tenant)));
    for (BillablePeriod p : BillablePeriod.values()) {
      String key = p.name().toLowerCase(java.util.Locale.ROOT);
      assertThat(ok(fx.get(ws + "/billing/credit-usage?period=" + key, fx.admin))).as(key)
          .isEqualTo(tree(reports.creditUsage(admin, tenant, p, 1, 10)));
    }
    String assistant = reports.creditUsage(admin, tenant).topAssistants().get(0).assistant();
    assertThat(ok(fx.get(ws + "/billing/credit-usage?assistant=" + assistant, fx.admin)))
        .isEqualTo(tree(reports.creditUsage(admin, tenant, reports.range(tenant, BillablePeriod.LAST_30_DAYS),
            dev.usage.report.CreditUsageReport.Focus.all().withAssistant(assistant), 1, 10)));
    assertError(fx.get(ws + "/billing/credit-usage?period=this_month&end_date=" + today(), fx.admin), 400,
        "bad_request", "either period or start_date and end_date");
    assertError(fx.get(ws + "/billing/credit-usage?period=fortnight", fx.admin), 400, "bad_request",
        "fortnight", "last_30_days", "billing_period");
  }

  @Test
  void reports_badDates_are400NamingTheValue() {
    assertError(fx.get(ws + "/reports/sms-usage?start_date=2026-02-30&end_date=2026-03-01", fx.analyst), 400,
        "invalid_range", "2026-02-30");
    assertError(fx.get(ws + "/reports/sms-usage?start_date=2026-03-05&end_date=2026-03-01", fx.analyst), 400,
        "invalid_range", "end date 2026-03-01 is before start date 2026-03-05");
    assertError(fx.get(ws + "/reports/ai-usage?start_date=2025-01-01&end_date=2026-01-02", fx.analyst), 400,
        "invalid_range", "367 days", "366");
    assertError(fx.get(ws + "/reports/ai-usage?start_date=2026-03-05&start_date=2026-03-06", fx.analyst), 400,
        "bad_request", "start_date is given twice");
  }

  @Test
  void memberUsage_ownWithMembersRead_anyoneWithAnalyticsRead() {
    Caller memberCaller = Caller.of(tenant, Scope.MEMBERS_READ).asMember(fx.memberId);
    String path = ws + "/members/" + fx.memberId + "/usage";

    JsonNode own = ok(fx.get(path, fx.member));
    assertThat(own).isEqualTo(tree(reports.memberUsage(memberCaller, tenant, fx.memberId)));
    assertThat(own.path("memberId").asText()).isEqualTo(fx.memberId);

    String other = fx.first.members().get(1);
    assertThat(ok(fx.get(ws + "/members/" + other + "/usage", fx.analyst)))
        .isEqualTo(tree(reports.memberUsage(Caller.of(tenant, Scope.ANALYTICS_READ), tenant, other)));
    assertError(fx.get(ws + "/members/" + other + "/usage", fx.member), 403, "forbidden", "analytics:read");
    // the member rule, too, is checked before the parameters
    assertError(fx.get(ws + "/members/" + other + "/usage?start_date=bad", fx.member), 403, "forbidden",
        "analytics:read");

    UsageRange range = UsageRange.of(today().minusDays(3), today());
    assertThat(ok(fx.get(path + "?start_date=" + range.start() + "&end_date=" + range.endInclusive(), fx.member)))
        .isEqualTo(tree(reports.memberUsage(memberCaller, tenant, fx.memberId, range)));
  }

  @Test
  void billableMetrics_periodOrDates() {
    JsonNode byDefault = ok(fx.get(ws + "/billing/billable-metrics", fx.admin));
    assertThat(byDefault).isEqualTo(tree(reports.billableMetrics(admin, tenant)));
    assertThat(byDefault.path("total_cost").path("currency").asText()).isEqualTo("USD");

    for (BillablePeriod p : BillablePeriod.values()) {
      String key = p.name().toLowerCase(java.util.Locale.ROOT);
      assertThat(ok(fx.get(ws + "/billing/billable-metrics?period=" + key, fx.admin))).as(key)
          .isEqualTo(tree(reports.billableMetrics(admin, tenant, p)));
    }
    UsageRange range = UsageRange.of(today().minusDays(6), today());
    assertThat(ok(fx.get(ws + "/billing/billable-metrics?start_date=" + range.start() + "&end_date="
        + range.endInclusive(), fx.admin))).isEqualTo(tree(reports.billableMetrics(admin, tenant, range)));

    assertError(fx.get(ws + "/billing/billable-metrics?period=yesterday", fx.admin), 400, "bad_request",
        "'yesterday'", "last_7_days");
    assertError(fx.get(ws + "/billing/billable-metrics?period=today&start_date=2026-01-01&end_date=2026-01-02",
        fx.admin), 400, "bad_request", "not both");
  }

  @Test
  void creditUsage_pages() {
    // ten full days, so that page 2 is full whatever the day of the month
    UsageRange range = UsageRange.of(today().minusDays(10), today().minusDays(1));
    JsonNode page = ok(fx.get(ws + "/billing/credit-usage?page=2&page_size=5&start_date=" + range.start()
        + "&end_date=" + range.endInclusive(), fx.admin));

    assertThat(page).isEqualTo(tree(reports.creditUsage(admin, tenant, range, 2, 5)));
    assertThat(page.path("call_logs").path("page").asInt()).isEqualTo(2);
    assertThat(page.path("call_logs").path("entries").size()).isEqualTo(5);
    assertThat(page.path("plan_health").size()).isEqualTo(5);
    assertThat(ok(fx.get(ws + "/billing/credit-usage", fx.admin))).isEqualTo(tree(reports.creditUsage(admin, tenant)));

    assertError(fx.get(ws + "/billing/credit-usage?page=two", fx.admin), 400, "bad_request", "page", "'two'");
    assertError(fx.get(ws + "/billing/credit-usage?page_size=500", fx.admin), 400, "bad_request", "500");
    assertError(fx.get(ws + "/billing/credit-usage?page=0", fx.admin), 400, "bad_request", "0");
  }

  @Test
  void transactionsCsv_exportsEveryPricedEventOfTheRange() {
    UsageRange range = UsageRange.of(today().minusDays(2), today());
    HttpResponse<String> response = fx.get(ws + "/billing/transactions.csv?start_date=" + range.start()
        + "&end_date=" + range.endInclusive(), fx.admin);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8; header=present");
    assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
        .contains("attachment", "transactions-" + tenant.workspace() + "-" + range.start()));
    String[] lines = response.body().split("\r\n", -1);
    assertThat(lines[0]).isEqualTo("time,event_id,metric,quantity,billable,credits,channel,direction,provider,model,"
        + "phone_number,member,assistant,campaign");
    assertThat(lines[lines.length - 1]).isEmpty(); // every record ends with CRLF
    long events = fx.session.store().store().aggregate(AggregateQuery.builder(tenant, range).build()).stream()
        .mapToLong(r -> r.count()).sum();
    // header, one line per event, the trailer that counts them
    assertThat(lines.length - 3L).isEqualTo(events).isPositive();
    assertThat(lines[lines.length - 2]).isEqualTo("# rows: " + events);
    // phone numbers start with '+', which a spreadsheet would read as a formula
    assertThat(response.body()).contains(",'+").doesNotContain(",+");
  }

  @Test
  void transactionsCsv_quotesAndDefusesHostileValues() {
    Dimensions hostile = Dimensions.builder()
        .campaign("=HYPERLINK(\"http://evil.example\",\"click\")")
        .member("doe, \"jd\"")
        .assistant("@SUM(1+1)\r\nnext")
        .build();
    LocalDate day = today().minusDays(1);
    fx.session.store().store().append(UsageFacts.workflowRun(EventId.of("hostile-1"), tenant,
            day.atTime(10, 0).toInstant(ZoneOffset.UTC), WorkflowOutcome.SUCCEEDED, hostile).stream()
        .map(fx.session.platform().calculator()::price).toList());

    String body = fx.get(ws + "/billing/transactions.csv?start_date=" + day + "&end_date=" + day, fx.admin).body();

    // member, assistant and campaign are the last three columns; the assistant's CRLF stays inside its quotes
    assertThat(body).contains(",workflow_runs_success,1,1,0.050000,,,,,,\"doe, \"\"jd\"\"\",\"'@SUM(1+1)\r\nnext\","
        + "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"\r\n");
  }

  @Test
  void missingInvalidOrMalformedKey_is401() {
    assertError(fx.get("/admin/usage/summary", null), 401, "unauthorized", "missing API key");
    assertThat(fx.get("/admin/usage/summary", null).headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"usage\"");
    assertError(fx.get(ws + "/reports/ai-usage", "usk_not-a-real-key"), 401, "unauthorized", "invalid API key");
    assertError(fx.get(ws + "/reports/ai-usage", fx.admin + "x"), 401, "unauthorized", "invalid API key");
    assertError(fx.send("GET", "/api/v2/me", "Authorization", "Basic dXNlcjpwYXNz"), 401, "unauthorized",
        "must be Bearer");
    assertError(fx.send("GET", "/api/v2/me", "Authorization", "Bearer "), 401, "unauthorized");
  }

  @Test
  void expiredKey_is401() throws IOException {
    MutableClock clock = MutableClock.of(fx.clock.instant(), ZoneOffset.UTC);
    ApiKeys keys = new ApiKeys(clock);
    String key = keys.issue("short", tenant, EnumSet.allOf(Scope.class), Optional.empty(), 1).secret();
    try (ReportingServer server = ReportingServer.start(reports, fx.session.store().store(), keys,
        Organizations.of(fx.session.platform().workspaces()), 0, fx.clock)) {
      var client = java.net.http.HttpClient.newHttpClient();
      var request = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + server.port() + "/admin/usage/summary"))
          .header("Authorization", "Bearer " + key).build();

      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      clock.add(java.time.Duration.ofDays(1));
      HttpResponse<String> expired = client.send(request, HttpResponse.BodyHandlers.ofString());

      assertError(expired, 401, "unauthorized", "expired at");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void missingScope_is403() {
    assertError(fx.get("/admin/usage/summary", fx.analyst), 403, "forbidden", "billing:manage");
    assertError(fx.get(ws + "/billing/billable-metrics", fx.analyst), 403, "forbidden", "billing:manage");
    assertError(fx.get(ws + "/billing/transactions.csv", fx.member), 403, "forbidden", "billing:manage");
    assertError(fx.get(ws + "/reports/voice-usage", fx.member), 403, "forbidden", "analytics:read");
    // the scope is checked before the parameters: no hint about them without access
    assertError(fx.get(ws + "/reports/voice-usage?start_date=bad", fx.member), 403, "forbidden");
  }

  @Test
  void anotherWorkspace_is403_theSameWhetherOrNotItExists() {
    String existing = "/api/v2/w/" + fx.second.id();
    for (String endpoint : List.of("/reports/ai-usage", "/reports/sms-usage", "/members/x/usage", "/members",
        "/billing/billable-metrics", "/billing/credit-usage", "/billing/transactions.csv")) {
      HttpResponse<String> a = fx.get(existing + endpoint, fx.admin);
      HttpResponse<String> b = fx.get("/api/v2/w/no-such-workspace" + endpoint, fx.admin);
      HttpResponse<String> c = fx.get("/api/v2/w/" + "%E2%98%83" + endpoint + "?start_date=bad", fx.admin);

      assertError(a, 403, "forbidden", "only its own workspace");
      assertThat(b.statusCode()).isEqualTo(a.statusCode());
      assertThat(b.body()).isEqualTo(a.body());
      assertThat(c.body()).isEqualTo(a.body());
    }
  }

  private static String org() {
    return tenant.organization();
  }

  private static List<String> orgWorkspaces() {
    return List.of(fx.first.id(), fx.second.id());
  }

  private static BigDecimal sumOf(List<JsonNode> reports, String field) {
    return reports.stream().map(r -> r.path(field).decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void organizationSummary_isTheSumOfItsWorkspacesSummaries() {
    assertThat(fx.first.tenant().organization()).isEqualTo(fx.second.tenant().organization());
    String q = "?from=" + today().minusDays(9) + "T00:00:00Z&to=" + today().plusDays(1) + "T00:00:00Z";
    for (String query : List.of("", q)) {
      JsonNode total = ok(fx.get("/api/v2/o/" + org() + "/usage/summary" + query, fx.orgAdmin));
      // each workspace's own summary, read over HTTP with its administrator's key
      List<JsonNode> parts = List.of(ok(fx.get("/admin/usage/summary" + query, fx.admin)),
          ok(fx.get("/admin/usage/summary" + query, fx.otherAdmin)));

      for (String field : List.of("total_calls", "voice_calls", "chat_calls", "inbound_calls", "outbound_calls",
          "workflow_runs_total")) {
        assertThat(total.path(field).decimalValue()).as(query + " " + field)
            .isEqualByComparingTo(sumOf(parts, field));
      }
      // minutes are the summed seconds rounded once to six places; each part was rounded on its own
      for (String field : List.of("voice_minutes", "chat_minutes")) {
        assertThat(total.path(field).decimalValue()).as(query + " " + field)
            .isCloseTo(sumOf(parts, field), org.assertj.core.data.Offset.offset(new BigDecimal("0.000001")));
      }
      assertThat(total.path("total_calls").asLong()).isGreaterThan(parts.get(0).path("total_calls").asLong());
      assertThat(total.path("daily").size()).isEqualTo(parts.get(0).path("daily").size());
      for (int d = 0; d < total.path("daily").size(); d++) {
        int day = d;
        assertThat(total.path("daily").get(d).path("calls").asLong()).isEqualTo(
            parts.stream().mapToLong(p -> p.path("daily").get(day).path("calls").asLong()).sum());
      }
      UsageRange range = query.isEmpty() ? dev.usage.report.UsageSummaryReport.defaultRange(fx.clock)
          : UsageRange.of(today().minusDays(9), today());
      assertThat(total).isEqualTo(tree(reports.organizationSummary(
          OrganizationCaller.of(org(), Scope.BILLING_MANAGE), org(), orgWorkspaces(), range)));
    }
  }

  @Test
  void organizationBillableMetrics_isTheSumOfItsWorkspaces_periodOrDates() {
    String path = "/api/v2/o/" + org() + "/billing/billable-metrics";
    UsageRange week = UsageRange.of(today().minusDays(6), today());
    for (String query : List.of("", "?period=last_30_days",
        "?start_date=" + week.start() + "&end_date=" + week.endInclusive(), "?start_date=" + week.start())) {
      JsonNode total = ok(fx.get(path + query, fx.orgAdmin));
      List<JsonNode> parts = orgWorkspaces().stream()
          .map(w -> ok(fx.get("/api/v2/w/" + w + "/billing/billable-metrics" + query, fx.orgAdmin)))
          .toList();

      assertThat(total.path("organization").asText()).isEqualTo(org());
      assertThat(total.path("start_date")).isEqualTo(parts.get(0).path("start_date"));
      assertThat(total.path("end_date")).isEqualTo(parts.get(0).path("end_date"));
      assertThat(total.path("total_credits").decimalValue()).as(query)
          .isEqualByComparingTo(sumOf(parts, "total_credits"))
          .isPositive();
      for (int i = 0; i < parts.size(); i++) {
        assertThat(total.path("workspaces").get(i).path("workspace").asText()).isEqualTo(orgWorkspaces().get(i));
        assertThat(total.path("workspaces").get(i).path("total_credits").decimalValue())
            .isEqualByComparingTo(parts.get(i).path("total_credits").decimalValue());
      }
      for (JsonNode metric : total.path("metrics")) {
        String key = metric.path("metric").asText();
        BigDecimal credits = BigDecimal.ZERO;
        for (JsonNode part : parts) {
          for (JsonNode m : part.path("metrics")) {
            if (m.path("metric").asText().equals(key)) {
              credits = credits.add(m.path("credits").decimalValue());
            }
          }
        }
        assertThat(metric.path("credits").decimalValue()).as(query + " " + key).isEqualByComparingTo(credits);
      }
    }
    assertThat(ok(fx.get(path + "?start_date=" + week.start() + "&end_date=" + week.endInclusive(), fx.orgAdmin)))
        .isEqualTo(tree(reports.organizationBillableMetrics(OrganizationCaller.of(org(), Scope.BILLING_MANAGE), org(),
            orgWorkspaces(), week)));
    assertError(fx.get(path + "?period=today&start_date=2026-01-01", fx.orgAdmin), 400, "bad_request", "not both");
    assertError(fx.get(path + "?period=yesterday", fx.orgAdmin), 400, "bad_request", "'yesterday'");
  }

  @Test
  void organizationEndpoints_needAKeyOfThatOrganizationWithBillingManage() {
    for (String endpoint : List.of("/usage/summary", "/billing/billable-metrics")) {
      String own = "/api/v2/o/" + org() + endpoint;
      // a workspace's key, whatever its scopes
      assertError(fx.get(own, fx.admin), 403, "forbidden", "key of the organization");
      assertError(fx.get(own, fx.otherAdmin), 403, "forbidden", "key of the organization");
      // another organization's key: the same answer whether or not the organization exists
      HttpResponse<String> other = fx.get(own, fx.otherOrgAdmin);
      assertError(other, 403, "forbidden", "only its own organization");
      assertThat(fx.get("/api/v2/o/no-such-org" + endpoint, fx.orgAdmin).body()).isEqualTo(other.body());
      assertThat(fx.get("/api/v2/o/initech" + endpoint + "?from=bad", fx.orgAdmin).body()).isEqualTo(other.body());
      // the organization's key without the scope, refused before its parameters are read
      assertError(fx.get(own + "?start_date=bad", fx.orgAnalyst), 403, "forbidden", "billing:manage");
    }
  }

  @Test
  void organizationKey_readsItsOwnWorkspaces_notAnotherOrganizations() {
    for (String w : orgWorkspaces()) {
      TenantId t = TenantId.of(org(), w);
      assertThat(ok(fx.get("/api/v2/w/" + w + "/reports/ai-usage", fx.orgAnalyst)))
          .isEqualTo(tree(reports.aiUsage(Caller.of(t, Scope.ANALYTICS_READ), t)));
      assertThat(ok(fx.get("/api/v2/w/" + w + "/billing/credit-usage", fx.orgAdmin)))
          .isEqualTo(tree(reports.creditUsage(Caller.of(t, Scope.values()), t)));
    }
    // the same scopes as a workspace's key
    assertError(fx.get(ws + "/billing/billable-metrics", fx.orgAnalyst), 403, "forbidden", "billing:manage");
    // another organization's key, the same answer whether or not the workspace exists
    HttpResponse<String> other = fx.get(ws + "/reports/ai-usage", fx.otherOrgAdmin);
    assertError(other, 403, "forbidden", "only its own organization's workspaces");
    assertThat(fx.get("/api/v2/w/no-such-workspace/reports/ai-usage", fx.otherOrgAdmin).body())
        .isEqualTo(other.body());
    assertThat(fx.get("/api/v2/w/no-such-workspace/reports/ai-usage", fx.orgAdmin).body())
        .isEqualTo(other.body());
    // a workspace's summary names no workspace in its path: an organization points to its own
    assertError(fx.get("/admin/usage/summary", fx.orgAdmin), 403, "forbidden", "/api/v2/o/" + org());
  }

  @Test
  void me_ofAnOrganizationKey_namesItsWorkspaces() {
    JsonNode me = ok(fx.get("/api/v2/me", fx.orgAdmin));

    assertThat(me.path("organization").asText()).isEqualTo(org());
    assertThat(me.path("workspace").isNull()).isTrue();
    assertThat(me.path("workspaces")).containsExactly(tree(orgWorkspaces()).get(0), tree(orgWorkspaces()).get(1));
    assertThat(me.path("member").isNull()).isTrue();
  }

  @Test
  void members_listsEveryMemberWithUsage_eachAsTheirOwnReport() {
    Caller analyst = Caller.of(tenant, Scope.ANALYTICS_READ);
    JsonNode list = ok(fx.get(ws + "/members", fx.analyst));

    assertThat(list).isEqualTo(tree(reports.members(analyst, tenant)));
    assertThat(list.path("members").size()).isGreaterThan(1);
    assertThat(list.path("next_cursor").isNull()).isTrue();
    for (JsonNode row : list.path("members")) {
      JsonNode own = ok(fx.get(ws + "/members/" + ServerFixture.pathSegment(row.path("memberId").asText()) + "/usage", fx.analyst));
      for (String field : List.of("memberId", "totalChats", "totalMessages", "totalCredits")) {
        assertThat(row.path(field)).as(field).isEqualTo(own.path(field));
      }
    }
    // the organization's key reads them as well
    assertThat(ok(fx.get(ws + "/members", fx.orgAnalyst))).isEqualTo(list);

    UsageRange range = UsageRange.of(today().minusDays(3), today());
    assertThat(ok(fx.get(ws + "/members?start_date=" + range.start(), fx.analyst)))
        .isEqualTo(tree(reports.members(analyst, tenant, range, 50, Optional.empty())));
  }

  @Test
  void members_keysetPaged_toTheEnd() {
    JsonNode whole = ok(fx.get(ws + "/members?page_size=1000", fx.analyst)).path("members");
    List<JsonNode> paged = new java.util.ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = ok(fx.get(ws + "/members?page_size=2" + (cursor == null ? "" : "&cursor=" + cursor),
          fx.analyst));
      assertThat(page.path("members").size()).isBetween(1, 2);
      page.path("members").forEach(paged::add);
      cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      pages++;
    } while (cursor != null);

    assertThat(paged).containsExactlyElementsOf(whole);
    assertThat(pages).isEqualTo((whole.size() + 1) / 2);
    assertError(fx.get(ws + "/members?cursor=%21%21", fx.analyst), 400, "bad_request", "'!!'");
    assertError(fx.get(ws + "/members?page_size=0", fx.analyst), 400, "bad_request", "0");
    assertError(fx.get(ws + "/members?page_size=two", fx.analyst), 400, "bad_request", "'two'");
    assertError(fx.get(ws + "/members?page=2", fx.analyst), 400, "bad_request", "'page'");
  }

  @Test
  void members_aMemberSeesOnlyThemself_otherKeysNeedAnalyticsRead() {
    JsonNode own = ok(fx.get(ws + "/members", fx.member));

    assertThat(own.path("members")).hasSize(1);
    assertThat(own.path("members").get(0).path("memberId").asText()).isEqualTo(fx.memberId);
    String billingOnly = fx.server.keys().issue("billing", tenant, EnumSet.of(Scope.BILLING_MANAGE), Optional.empty(),
        1).secret();
    // refused before the parameters are read
    assertError(fx.get(ws + "/members?start_date=bad", billingOnly), 403, "forbidden", "analytics:read");
    assertError(fx.get("/api/v2/w/" + fx.second.id() + "/members", fx.analyst), 403, "forbidden",
        "only its own workspace");
  }

  @Test
  void unknownPath_is404_andOtherMethods405() {
    assertError(fx.get("/api/v2/nothing-here", fx.admin), 404, "not_found", "/api/v2/nothing-here");
    assertError(fx.get(ws + "/reports/crystal-ball", fx.admin), 404, "not_found");
    assertError(fx.get("/admin/usage/summary/extra", null), 404, "not_found");

    HttpResponse<String> post = fx.send("POST", "/admin/usage/summary", fx.admin);
    assertError(post, 405, "method_not_allowed", "POST");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertError(fx.send("DELETE", ws + "/billing/credit-usage", fx.admin), 405, "method_not_allowed");
  }

  @Test
  void head_answersWithGetsStatusAndHeadersButNoBody() {
    for (String path : List.of("/admin/usage/summary", "/api/v2/me", ws + "/reports/ai-usage",
        ws + "/members/" + fx.memberId + "/usage", ws + "/billing/billable-metrics", ws + "/billing/credit-usage")) {
      HttpResponse<String> get = fx.get(path, fx.admin);
      HttpResponse<String> head = fx.send("HEAD", path, fx.admin);

      assertThat(head.statusCode()).as(path).isEqualTo(200);
      assertThat(head.body()).as(path).isEmpty();
      assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
      assertThat(head.headers().firstValueAsLong("Content-Length")).as(path)
          .hasValue((long) get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    HttpResponse<String> csv = fx.send("HEAD", ws + "/billing/transactions.csv", fx.admin);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8; header=present");
    assertThat(csv.body()).isEmpty();
    assertThat(fx.send("HEAD", "/", null).statusCode()).isEqualTo(200);

    HttpResponse<String> denied = fx.send("HEAD", "/admin/usage/summary", fx.analyst);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(denied.body()).isEmpty();
  }

  @Test
  void malformedRequests_areAnsweredWithJsonErrors() throws IOException {
    // Sent as raw bytes: HttpClient refuses to build such requests. All but the first are refused by
    // Jetty before the API sees them, through the server's JSON error handler.
    String auth = "Authorization: Bearer " + fx.admin + "\r\n";
    assertRawError("GET /api/v2/me?x=%zz HTTP/1.1\r\n" + auth, 400, "bad_request", "'%zz'");
    assertRawError("GET /api/v2/%zz/me HTTP/1.1\r\n" + auth, 400, "bad_request", "could not be parsed");
    assertRawError("GET " + ws + "/reports/ai usage HTTP/1.1\r\n" + auth, 400, "bad_request");
    assertRawError("GET /api/v2/me HTTP/1.1\r\n" + auth + "Bad Header: x\r\n", 400, "bad_request",
        "Illegal character");
    assertRawError("GET /api/v2/me HTTP/1.1\r\n" + auth + "X-Long: " + "a".repeat(10_000) + "\r\n", 431,
        "request_header_fields_too_large", "at most 8192 bytes");
    assertRawError("GET /api/v2/" + "a".repeat(10_000) + " HTTP/1.1\r\n" + auth, 414, "uri_too_long",
        "at most 8192 bytes");
    assertRawError("GET /api/v2/me HTTP/2.7\r\n" + auth, 505, "http_version_not_supported");
    assertRawError("GET /api/v2/w/a%2Fb/reports/ai-usage HTTP/1.1\r\n" + auth, 400, "bad_request");
  }

  /** Sends {@code head} and a Host header over a raw socket, and checks that the answer is the API's JSON error. */
  private static void assertRawError(String head, int status, String error, String... inMessage) throws IOException {
    String response;
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), fx.server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.shutdownOutput();
      response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String request = head.substring(0, Math.min(60, head.indexOf('\r')));
    int split = response.indexOf("\r\n\r\n");
    assertThat(split).as(request + " got " + response).isPositive();
    List<String> headers = List.of(response.substring(0, split).split("\r\n"));
    JsonNode body = ServerFixture.JSON.readTree(response.substring(split + 4));

    assertThat(headers.get(0)).as(request).startsWith("HTTP/1.1 " + status + " ");
    assertThat(headers).as(request).contains("Content-Type: application/json; charset=utf-8");
    assertThat(body.size()).as(request).isEqualTo(2);
    assertThat(body.path("error").asText()).as(request).isEqualTo(error);
    assertThat(body.path("message").asText()).as(request).isNotBlank().doesNotContain("Exception", "\tat ", fx.admin);
    if (inMessage.length > 0) {
      assertThat(body.path("message").asText()).as(request).contains(inMessage);
    }
  }

  @Test
  void me_describesTheKeyWithoutItsSecret() {
    JsonNode me = ok(fx.get("/api/v2/me", fx.member));

    assertThat(me.path("workspace").asText()).isEqualTo(tenant.workspace());
    assertThat(me.path("member").asText()).isEqualTo(fx.memberId);
    assertThat(me.path("scopes").toString()).isEqualTo("[\"members:read\"]");
    assertThat(me.toString()).doesNotContain(fx.member);
  }

  @Test
  void dashboard_isServedWithAStrictContentSecurityPolicy() {
    HttpResponse<String> page = fx.get("/?key=whatever", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("script-src 'self'", "default-src 'none'"));
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.body()).contains("data-card=\"voice-minutes\"", "<script type=\"module\" src=\"/dashboard.js\"");
    assertThat(fx.get("/dashboard.js", null).statusCode()).isEqualTo(200);
    assertThat(fx.get("/dashboard.css", null).statusCode()).isEqualTo(200);
    assertThat(Metrics.VOICE_MINUTES.key()).isEqualTo("voice_minutes");
  }

  @Test
  void pages_areServedWithTheSamePolicyAndOnlyScriptsOfTheirOwn() {
    for (String name : List.of("credit-usage", "billable-metrics", "reports", "calls")) {
      HttpResponse<String> page = fx.get("/" + name, null);
      assertThat(page.statusCode()).as(name).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
          assertThat(csp).contains("script-src 'self'", "default-src 'none'"));
      // the policy would block an inline script; none is there to be blocked
      assertThat(page.body()).contains("<script type=\"module\" src=\"/" + name + ".js\"></script>")
          .doesNotContain("<script>").doesNotContain(" on" + "click=");
      HttpResponse<String> script = fx.get("/" + name + ".js", null);
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }
    assertThat(fx.get("/common.js", null).body()).contains("export function formatNumber");
  }
}
