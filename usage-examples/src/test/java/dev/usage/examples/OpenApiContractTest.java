package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usage.event.TenantId;
import dev.usage.report.BillablePeriod;
import dev.usage.report.OrganizationBillableMetrics;
import dev.usage.report.OrganizationCaller;
import dev.usage.report.Scope;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reporting server's real responses against {@code openapi.yaml}, through Atlassian's
 * swagger-request-validator: every endpoint's success, its errors, and the server's routes and
 * query parameters against the spec's, so that neither can change without the other.
 */
class OpenApiContractTest {

  private static ServerFixture fx;
  private static String spec;
  private static OpenAPI api;
  private static OpenApiInteractionValidator validator;
  private static SchemaValidator schemas;
  private static String ws;

  @BeforeAll
  static void start() throws IOException {
    fx = ServerFixture.shared();
    try (InputStream in = ReportingServer.class.getResourceAsStream(ReportingServer.OPENAPI_RESOURCE)) {
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(spec, null, options);
    assertThat(parsed.getMessages()).as("the spec parses cleanly").isEmpty();
    api = parsed.getOpenAPI();
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    schemas = new SchemaValidator(api, new MessageResolver());
    ws = "/api/v2/w/" + fx.tenant().workspace();
  }

  private static LocalDate today() {
    return LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
  }

  /** Returns a spec path with the fixture's organization, workspace and member, and a metric. */
  private static String concrete(String template) {
    String path = template.replace("{organization}", fx.tenant().organization())
        .replace("{workspace}", fx.tenant().workspace())
        .replace("{member}", fx.memberId)
        .replace("{metric}", "voice_minutes");
    assertThat(path).as("a value for every path parameter of " + template + "; add one here").doesNotContain("{");
    return path;
  }

  /** Returns the key that may read a spec path: the organization's for its paths, else the workspace administrator's. */
  private static String keyFor(String template) {
    return template.startsWith("/api/v2/o/") ? fx.orgAdmin : fx.admin;
  }

  // ---- what the spec names, and what the server answers

  @Test
  void openApiYaml_isServedWithoutAKeyAsTheResourceItIs() {
    HttpResponse<String> response = fx.get(ReportingServer.OPENAPI_PATH, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(response.body()).isEqualTo(spec);
    assertValid(ReportingServer.OPENAPI_PATH, null, response);
    assertThat(fx.send("HEAD", ReportingServer.OPENAPI_PATH, null).statusCode()).isEqualTo(200);
    assertThat(fx.get(ReportingServer.OPENAPI_PATH + "?x=1", null).statusCode()).isEqualTo(400);
  }

  @Test
  void routes_areExactlyTheSpecsPaths() {
    assertThat(new TreeSet<>(fx.server.routes())).isEqualTo(new TreeSet<>(api.getPaths().keySet()));
  }

  @Test
  void everyPathOfTheSpec_isGetOnlyAndAnswered() {
    for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
      PathItem item = e.getValue();
      assertThat(item.readOperationsMap().keySet()).as(e.getKey()).containsExactly(PathItem.HttpMethod.GET);

      String path = concrete(e.getKey());
      String key = keyFor(e.getKey());
      HttpResponse<String> get = fx.get(path, key);
      assertThat(get.statusCode()).as(path + ": " + get.body()).isEqualTo(200);
      assertValid(path, key, get);

      HttpResponse<String> post = fx.send("POST", path, key);
      assertThat(post.statusCode()).as(path).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
      assertMatchesSchema("Error", post.body());
    }
  }

  /**
   * The server refuses unknown query parameters with a message listing the ones it takes; they
   * must be exactly the spec's for every operation.
   */
  @Test
  void queryParameters_areExactlyTheSpecs() {
    Pattern expected = Pattern.compile("; expected (.*)$");
    for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
      String path = concrete(e.getKey());
      HttpResponse<String> response = fx.get(path + "?zz_unknown=1", keyFor(e.getKey()));
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      String message = ServerFixture.tree(response).path("message").asText();
      Matcher m = expected.matcher(message);
      List<String> served = m.find() ? List.of(m.group(1).split(", ")) : List.of();
      if (served.isEmpty()) {
        assertThat(message).as(path).endsWith("this endpoint takes none");
      }

      assertThat(new TreeSet<>(served)).as(path).isEqualTo(new TreeSet<>(queryParameters(e.getValue().getGet())));
    }
  }

  private static List<String> queryParameters(Operation operation) {
    List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
    return parameters.stream().filter(p -> p.getIn().equals("query")).map(Parameter::getName).toList();
  }

  // ---- successes

  @Test
  void everyQueryParameter_withValidValues_answersAsTheSpecSays() {
    String days = "start_date=" + today().minusDays(6) + "&end_date=" + today();
    List<String> paths = List.of(
        "/admin/usage/summary?from=" + today().minusDays(3) + "T00:00:00Z&to=" + today() + "T12:00:00Z",
        "/admin/usage/summary?from=" + today() + "T00:00:00Z",
        ws + "/reports/ai-usage?" + days,
        ws + "/reports/sms-usage?" + days,
        ws + "/reports/phone-usage?" + days,
        ws + "/reports/voice-usage?" + days,
        ws + "/reports/ai-usage?end_date=" + today(),
        ws + "/members/" + fx.memberId + "/usage?" + days,
        ws + "/members/nobody/usage?" + days,
        ws + "/members?" + days + "&page_size=2",
        ws + "/members?end_date=" + today() + "&page_size=1000",
        ws + "/billing/billable-metrics?" + days,
        ws + "/billing/billable-metrics?period=last_month",
        ws + "/billing/credit-usage?period=last_7_days&page=2&page_size=3",
        ws + "/billing/credit-usage?" + days + "&page=1&page_size=100&assistant=asst-support&campaign=csat-survey",
        ws + "/billing/credit-usage?period=today&page=999",
        ws + "/billing/transactions.csv?" + days,
        ws + "/billing/billable-metrics/calls/transactions?period=last_30_days&page_size=1000",
        ws + "/billing/billable-metrics/ai_messages/transactions?" + days + "&page_size=1");
    for (String path : paths) {
      HttpResponse<String> response = fx.get(path, fx.admin);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      assertValid(path, fx.admin, response);
    }
  }

  @Test
  void organizationEndpoints_withValidValues_answerAsTheSpecSays() {
    String org = "/api/v2/o/" + fx.tenant().organization();
    for (String path : List.of(org + "/usage/summary?from=" + today().minusDays(3) + "T00:00:00Z",
        org + "/billing/billable-metrics?period=last_month",
        org + "/billing/billable-metrics?start_date=" + today().minusDays(6) + "&end_date=" + today())) {
      HttpResponse<String> response = fx.get(path, fx.orgAdmin);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      assertValid(path, fx.orgAdmin, response);
    }
  }

  @Test
  void members_everyPageByCursor_answersAsTheSpecSays() {
    String first = ws + "/members?page_size=2";
    String path = first;
    int pages = 0;
    while (true) {
      HttpResponse<String> response = fx.get(path, fx.analyst);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertValid(path, fx.analyst, response);
      pages++;
      JsonNode cursor = ServerFixture.tree(response).path("next_cursor");
      if (cursor.isNull()) {
        break;
      }
      path = first + "&cursor=" + URLEncoder.encode(cursor.asText(), StandardCharsets.UTF_8);
    }
    assertThat(pages).as("the demo has more than one page of two members").isGreaterThan(1);
  }

  @Test
  void transactions_everyPageByCursor_answersAsTheSpecSays() {
    String first = ws + "/billing/billable-metrics/voice_minutes/transactions?period=last_30_days&page_size=5";
    String path = first;
    int pages = 0;
    while (true) {
      HttpResponse<String> response = fx.get(path, fx.admin);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertValid(path, fx.admin, response);
      pages++;
      JsonNode cursor = ServerFixture.tree(response).path("next_cursor");
      if (cursor.isNull()) {
        break;
      }
      path = first + "&cursor=" + URLEncoder.encode(cursor.asText(), StandardCharsets.UTF_8);
    }
    assertThat(pages).as("the demo has more than one page of voice minutes").isGreaterThan(1);
  }

  @Test
  void keysOfEveryKind_answerMeAsTheSpecSays() {
    for (String key : List.of(fx.admin, fx.analyst, fx.member, fx.otherAdmin, fx.orgAdmin, fx.otherOrgAdmin)) {
      HttpResponse<String> response = fx.get("/api/v2/me", key);
      assertThat(response.statusCode()).isEqualTo(200);
      assertValid("/api/v2/me", key, response);
    }
    // the member key reads its own member's usage with members:read alone
    String own = ws + "/members/" + fx.memberId + "/usage";
    HttpResponse<String> response = fx.get(own, fx.member);
    assertThat(response.statusCode()).isEqualTo(200);
    assertValid(own, fx.member, response);
  }

  // ---- errors

  @Test
  void badParameters_are400AsTheSpecSays() {
    List<String> paths = List.of(
        ws + "/reports/ai-usage?start_date=2026-13-01",
        ws + "/reports/sms-usage?start_date=" + today() + "&end_date=" + today().minusDays(1),
        ws + "/reports/phone-usage?start_date=2020-01-01&end_date=2026-01-01",
        ws + "/reports/voice-usage?start_date=" + today() + "&start_date=" + today(),
        ws + "/members/" + fx.memberId + "/usage?end_date=yesterday",
        "/admin/usage/summary?from=x",
        "/admin/usage/summary?from=" + today() + "T00:00:00Z&to=" + today() + "T00:00:00Z",
        ws + "/billing/billable-metrics?period=forever",
        ws + "/billing/billable-metrics?period=today&start_date=" + today(),
        ws + "/billing/credit-usage?page=0",
        ws + "/billing/credit-usage?page_size=101",
        ws + "/billing/credit-usage?page=one",
        ws + "/billing/billable-metrics/voice_minutes/transactions?cursor=zzz",
        ws + "/billing/billable-metrics/voice_minutes/transactions?page_size=1001",
        ws + "/billing/transactions.csv?period=today",
        ws + "/members?page_size=0",
        ws + "/members?cursor=!!",
        "/api/v2/o/" + fx.tenant().organization() + "/billing/billable-metrics?period=forever",
        "/api/v2/me?verbose=true");
    for (String path : paths) {
      HttpResponse<String> response = fx.get(path, keyFor(path));
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
      assertResponseValid(path, response);
    }
  }

  @Test
  void missingMalformedOrUnknownKeys_are401AsTheSpecSays() {
    for (Map.Entry<String, Optional<String>> e : Map.of(
        "/admin/usage/summary", Optional.<String>empty(),
        "/api/v2/me", Optional.of("Basic YWRtaW46YWRtaW4="),
        ws + "/reports/ai-usage", Optional.of("Bearer usk_not-a-key"),
        ws + "/billing/transactions.csv", Optional.of("Bearer ")).entrySet()) {
      HttpResponse<String> response = fx.send("GET", e.getKey(), "Authorization", e.getValue().orElse(null));
      assertThat(response.statusCode()).as(e.getKey()).isEqualTo(401);
      assertResponseValid(e.getKey(), response);
    }
  }

  @Test
  void wrongWorkspaceOrScope_is403AsTheSpecSays() {
    String other = "/api/v2/w/" + fx.second.tenant().workspace();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("/admin/usage/summary", fx.analyst);
    cases.put(ws + "/reports/ai-usage", fx.member);
    cases.put(ws + "/billing/credit-usage", fx.analyst);
    cases.put(ws + "/billing/billable-metrics/calls/transactions", fx.analyst);
    cases.put(ws + "/members/someone-else/usage", fx.member);
    cases.put(other + "/reports/sms-usage", fx.admin);
    cases.put("/api/v2/w/no-such-workspace/billing/billable-metrics", fx.admin);
    cases.put(ws + "/billing/transactions.csv", fx.otherAdmin);
    cases.put(ws + "/members", fx.otherAdmin);
    cases.put(ws + "/members?page_size=0", fx.otherOrgAdmin);
    cases.put("/api/v2/o/" + fx.tenant().organization() + "/usage/summary", fx.admin);
    cases.put("/api/v2/o/" + fx.tenant().organization() + "/billing/billable-metrics", fx.orgAnalyst);
    cases.put("/api/v2/o/no-such-org/billing/billable-metrics", fx.orgAdmin);
    for (Map.Entry<String, String> e : cases.entrySet()) {
      HttpResponse<String> response = fx.get(e.getKey(), e.getValue());
      assertThat(response.statusCode()).as(e.getKey()).isEqualTo(403);
      assertResponseValid(e.getKey(), response);
    }
  }

  @Test
  void unknownMetricOrRoute_is404AsTheSpecSays() {
    String unknownMetric = ws + "/billing/billable-metrics/tokens/transactions";
    HttpResponse<String> metric = fx.get(unknownMetric, fx.admin);
    assertThat(metric.statusCode()).isEqualTo(404);
    assertResponseValid(unknownMetric, metric);

    for (String path : List.of("/api/v2/nope", ws + "/reports/nope", ws + "/billing", "/api/v2/openapi.json")) {
      HttpResponse<String> response = fx.get(path, fx.admin);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertMatchesSchema("Error", response.body());
    }
  }

  /** Sent as raw bytes, as HttpClient refuses to build these; Jetty refuses them before the API sees them. */
  @Test
  void requestsJettyCannotParse_areTheSpecsErrorBody() throws IOException {
    for (String head : List.of("GET /api/v2/%zz/me HTTP/1.1", "GET /api/v2/me HTTP/2.7",
        "GET " + ws + "/reports/ai usage HTTP/1.1")) {
      String response;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), fx.server.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        socket.shutdownOutput();
        response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      int split = response.indexOf("\r\n\r\n");
      assertThat(split).as(head + " got " + response).isPositive();

      assertThat(response).as(head).startsWith(head.endsWith("2.7") ? "HTTP/1.1 505 " : "HTTP/1.1 400 ")
          .contains("Content-Type: application/json; charset=utf-8");
      assertMatchesSchema("Error", response.substring(split + 4));
    }
  }

  @Test
  void tooLongUriOrHeaders_are414And431AsTheSpecSays() {
    String longUri = ws + "/reports/ai-usage?start_date=" + "9".repeat(10_000);
    HttpResponse<String> uri = fx.get(longUri, fx.admin);
    assertThat(uri.statusCode()).isEqualTo(414);
    assertResponseValid(longUri, uri);

    HttpResponse<String> headers = fx.send("GET", "/api/v2/me", "X-Padding", "a".repeat(10_000));
    assertThat(headers.statusCode()).isEqualTo(431);
    assertResponseValid("/api/v2/me", headers);
  }

  @Test
  void storeDown_is500AsTheSpecSays() throws IOException {
    UsageStore down = new GatedStore(fx.session.store().store(), Gate.FAIL);
    try (ReportingServer server = ReportingServer.start(fx.session.reports(), down, fx.server.keys(),
        Organizations.of(fx.session.platform().workspaces()), 0, fx.clock)) {
      String path = ws + "/billing/transactions.csv";
      HttpResponse<String> response = fx.send(server, "GET", path, fx.admin);

      assertThat(response.statusCode()).isEqualTo(500);
      assertResponseValid(path, response);
    }
  }

  @Test
  void fullServer_is503AsTheSpecSays() throws Exception {
    GatedStore blocked = new GatedStore(fx.session.store().store(), Gate.BLOCK);
    ReportingServer.Limits limits = new ReportingServer.Limits(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(60));
    String csv = ws + "/billing/transactions.csv";
    try (ReportingServer server = ReportingServer.start(fx.session.reports(), blocked, fx.server.keys(),
        Organizations.of(fx.session.platform().workspaces()), 0, fx.clock,
        limits)) {
      // one export holds the only worker in the store, a second waits for it
      List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        held.add(CompletableFuture.supplyAsync(() -> fx.send(server, "GET", csv, fx.admin)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (server.runningRequests() < 1 || server.waitingRequests() < 1) {
        assertThat(System.nanoTime()).as("two requests taking the worker and the queue").isLessThan(deadline);
        Thread.sleep(10);
      }

      HttpResponse<String> busy = fx.send(server, "GET", "/api/v2/me", fx.admin);

      blocked.release.countDown();
      assertThat(busy.statusCode()).isEqualTo(503);
      assertResponseValid("/api/v2/me", busy);
      for (CompletableFuture<HttpResponse<String>> f : held) {
        assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    } finally {
      blocked.release.countDown();
    }
  }

  /** The organization reports as the library writes them, over a range the endpoints' tests do not use. */
  @Test
  void organizationReports_asTheLibraryWritesThem_matchTheirSchemas() throws IOException {
    String org = fx.tenant().organization();
    List<String> workspaces = fx.session.platform().workspaces().stream().map(Workspace::tenant)
        .filter(t -> t.organization().equals(org)).map(TenantId::workspace).toList();
    OrganizationCaller caller = OrganizationCaller.of(org, Scope.BILLING_MANAGE);
    UsageRange range = BillablePeriod.LAST_30_DAYS.range(fx.clock);

    OrganizationBillableMetrics metrics = fx.session.reports().organizationBillableMetrics(caller, org, workspaces,
        range);
    assertThat(metrics.metrics()).isNotEmpty();
    assertMatchesSchema("OrganizationBillableMetrics", ServerFixture.JSON.writeValueAsString(metrics));
    assertMatchesSchema("UsageSummaryReport", ServerFixture.JSON.writeValueAsString(
        fx.session.reports().organizationSummary(caller, org, workspaces, range)));
  }

  // ---- the validator has teeth

  @Test
  void validator_reportsBodiesThatBreakTheSpec() {
    String path = ws + "/billing/credit-usage";
    HttpResponse<String> real = fx.get(path, fx.admin);
    ObjectNode body = (ObjectNode) ServerFixture.tree(real);
    assertThat(validateBody(path, 200, body.toString())).as("the real body").isEmpty();

    ObjectNode numberAsString = body.deepCopy();
    numberAsString.put("total_calls", "221");
    assertThat(validateBody(path, 200, numberAsString.toString())).anyMatch(m -> m.contains("total_calls")
        && m.contains("validation.response.body.schema.type"));

    ObjectNode creditsAsString = body.deepCopy();
    creditsAsString.put("credits_used", "1392.889424");
    assertThat(validateBody(path, 200, creditsAsString.toString())).anyMatch(m -> m.contains("credits_used"));

    ObjectNode missing = body.deepCopy();
    missing.remove("call_logs");
    assertThat(validateBody(path, 200, missing.toString())).anyMatch(m -> m.contains("call_logs")
        && m.contains("validation.response.body.schema.required"));

    ObjectNode extra = body.deepCopy();
    extra.put("surprise", 1);
    assertThat(validateBody(path, 200, extra.toString())).anyMatch(m -> m.contains("surprise"));

    ObjectNode nulled = body.deepCopy();
    nulled.putNull("credits_used");
    assertThat(validateBody(path, 200, nulled.toString())).anyMatch(m -> m.contains("credits_used"));

    ObjectNode badDay = body.deepCopy();
    ((ObjectNode) badDay.path("daily_credits").get(0)).put("date", "03/12/2026");
    assertThat(validateBody(path, 200, badDay.toString())).anyMatch(m -> m.contains("date"));

    ObjectNode tooManyPlaces = body.deepCopy();
    tooManyPlaces.put("credits_used", new java.math.BigDecimal("1.0000001"));
    assertThat(validateBody(path, 200, tooManyPlaces.toString())).anyMatch(m -> m.contains("credits_used"));

    ObjectNode badBand = body.deepCopy();
    ((ObjectNode) badBand.path("balance_outlook")).put("band", "amber");
    assertThat(validateBody(path, 200, badBand.toString())).anyMatch(m -> m.contains("band"));

    ObjectNode deep = body.deepCopy();
    ((ObjectNode) deep.path("call_logs").path("entries").get(0)).put("credits_added", "none");
    assertThat(validateBody(path, 200, deep.toString())).anyMatch(m -> m.contains("credits_added"));

    // and what the spec allows passes: no wallet, so no balance or outlook
    ObjectNode noWallet = body.deepCopy();
    noWallet.putNull("available_credits");
    noWallet.putNull("balance_outlook");
    assertThat(validateBody(path, 200, noWallet.toString())).isEmpty();

    SimpleResponse html = SimpleResponse.Builder.status(200).withContentType("text/html; charset=utf-8")
        .withBody(body.toString()).build();
    assertThat(messages(validator.validateResponse(path, Request.Method.GET, html)))
        .anyMatch(m -> m.contains("validation.response.contentType.notAllowed"));
  }

  @Test
  void validator_reportsUndocumentedStatusesAndMissingHeaders() {
    String path = ws + "/reports/ai-usage";
    assertThat(validateBody(path, 418, "{\"error\":\"teapot\",\"message\":\"short and stout\"}"))
        .anyMatch(m -> m.contains("validation.response.status.unknown"));
    // a 401 must carry WWW-Authenticate
    assertThat(validateBody(path, 401, "{\"error\":\"unauthorized\",\"message\":\"invalid API key\"}"))
        .anyMatch(m -> m.contains("WWW-Authenticate"));
    assertThat(messages(schemas.validate("{\"error\":\"x\"}", api.getComponents().getSchemas().get("Error"),
        "response.body"))).anyMatch(m -> m.contains("message"));
  }

  // ---- helpers

  /** Validates the request the test sent and the server's response to it. */
  private static void assertValid(String pathAndQuery, String key, HttpResponse<String> response) {
    ValidationReport report = validator.validate(request(pathAndQuery, key), response(response));
    assertThat(messages(report)).as(pathAndQuery + " answered " + response.statusCode() + ": "
        + abbreviate(response.body())).isEmpty();
  }

  /** Validates the response alone: for requests the spec itself rules out, such as a malformed date. */
  private static void assertResponseValid(String pathAndQuery, HttpResponse<String> response) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    ValidationReport report = validator.validateResponse(path, Request.Method.GET, response(response));
    assertThat(messages(report)).as(pathAndQuery + " answered " + response.statusCode() + ": "
        + abbreviate(response.body())).isEmpty();
    assertMatchesSchema("Error", response.body());
  }

  private static void assertMatchesSchema(String schema, String body) {
    assertThat(messages(schemas.validate(body, api.getComponents().getSchemas().get(schema), "response.body")))
        .as(body).isEmpty();
  }

  private static List<String> validateBody(String path, int status, String body) {
    SimpleResponse response = SimpleResponse.Builder.status(status)
        .withContentType("application/json; charset=utf-8").withBody(body).build();
    return messages(validator.validateResponse(path, Request.Method.GET, response));
  }

  private static List<String> messages(ValidationReport report) {
    List<String> out = new ArrayList<>();
    for (ValidationReport.Message m : report.getMessages()) {
      out.add(m.getLevel() + " " + m.getKey() + ": " + m.getMessage()
          + m.getNestedMessages().stream().map(n -> " / " + n.getKey() + ": " + n.getMessage())
              .collect(Collectors.joining()));
    }
    return out;
  }

  private static SimpleRequest request(String pathAndQuery, String key) {
    int q = pathAndQuery.indexOf('?');
    SimpleRequest.Builder b = SimpleRequest.Builder.get(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    if (q >= 0) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (String pair : pathAndQuery.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        params.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
            .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
      params.forEach(b::withQueryParam);
    }
    if (key != null) {
      b.withAuthorization("Bearer " + key);
    }
    return b.build();
  }

  private static SimpleResponse response(HttpResponse<String> response) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
    response.headers().map().forEach(b::withHeader);
    return b.build();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  private enum Gate { FAIL, BLOCK }

  /** The fixture's store, whose scans fail or wait to be released: the CSV export's store down or slow. */
  private static final class GatedStore extends ForwardingStore {
    final CountDownLatch release = new CountDownLatch(1);
    private final Gate gate;

    GatedStore(UsageStore delegate, Gate gate) {
      super(delegate);
      this.gate = gate;
    }

    @Override
    public EventPage scan(ScanQuery query) {
      if (gate == Gate.FAIL) {
        throw new IllegalStateException("simulated store failure");
      }
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the store");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return delegate.scan(query);
    }
  }
}
