package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usage.report.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seeded workload recorded into the in-memory store, H2 and (when {@code
 * USAGE_TEST_POSTGRES_URL} is set) PostgreSQL, each served by its own {@link ReportingServer}:
 * every endpoint the pages read answers the same JSON on each store, and on H2, the default of
 * {@code serve}, every page loads in headless Chromium to its ready state.
 */
class StoreParityTest {

  /** Enough days for every preset the pages offer, last month included, and a small volume. */
  private static final String[] WORKLOAD = {"--workspaces", "2", "--days", "40", "--events-per-day", "60",
      "--seed", "11"};
  private static final List<String> PAGES = List.of("/", "/credit-usage", "/billable-metrics", "/reports", "/calls");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  // one clock for every store: default ranges, forecasts and key expiries then agree
  private static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);

  @TempDir
  static Path dir;

  private static Served memory;
  private static Served h2;
  private static Map<String, String> memoryAnswers;

  @BeforeAll
  static void serveMemoryAndH2() throws IOException {
    memory = Served.start("--store", "memory");
    memoryAnswers = memory.answers();
    h2 = Served.start("--data-dir", dir.resolve("h2").toString());
  }

  @AfterAll
  static void close() {
    if (h2 != null) {
      h2.close();
    }
    if (memory != null) {
      memory.close();
    }
  }

  @Test
  void h2_answersEveryEndpointThePagesUse_asTheInMemoryStoreDoes() {
    assertSameAnswers("h2", h2.answers());
  }

  @Test
  void postgres_answersEveryEndpointThePagesUse_asTheInMemoryStoreDoes() throws SQLException, IOException {
    String url = System.getenv("USAGE_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("USAGE_REQUIRE_POSTGRES"))) {
        fail("USAGE_REQUIRE_POSTGRES=true but USAGE_TEST_POSTGRES_URL is not set");
      }
      Assumptions.abort("USAGE_TEST_POSTGRES_URL is not set; start a cluster with eval \"$(bash .ci/postgres.sh start)\"");
    }
    String schema = "usage_parity_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      st.execute("CREATE SCHEMA " + schema);
    }
    try (Served postgres = Served.start("--store", "postgres", "--jdbc-url",
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema)) {
      assertSameAnswers("postgres", postgres.answers());
    } finally {
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void everyPage_loadsToItsReadyState_onH2(@TempDir Path profile) throws Exception {
    Chromium chromium = Chromium.requireOrSkip(StoreParityTest.class, profile);
    for (String key : List.of(h2.admin(0), h2.orgAdmin)) {
      // the usage and call pages read the workspace summary, which names its workspace by the key
      for (String page : key.equals(h2.orgAdmin) ? List.of("/credit-usage", "/billable-metrics", "/reports") : PAGES) {
        Dom dom = chromium.dom(h2.base() + page + "?key=" + key);
        // a script that throws, or an API call that fails, leaves the body loading or in error
        assertThat(dom.html()).as(page).contains("<body data-state=\"ready\"");
        assertThat(dom.attribute("id=\"status\"", "class")).as(page).isEqualTo("status");
        assertThat(dom.attribute("id=\"workspace\"", "data-value")).as(page)
            .isEqualTo(h2.session.platform().workspaces().get(0).id());
      }
    }
  }

  private static void assertSameAnswers(String store, Map<String, String> answers) {
    assertThat(answers.keySet()).as(store).containsExactlyElementsOf(memoryAnswers.keySet());
    List<String> differ = new ArrayList<>();
    answers.forEach((path, body) -> {
      if (!body.equals(memoryAnswers.get(path))) {
        differ.add(path);
      }
    });
    assertThat(differ).as("endpoints whose JSON on %s differs from the in-memory store's; first: %s vs %s", store,
        differ.isEmpty() ? "" : answers.get(differ.get(0)), differ.isEmpty() ? "" : memoryAnswers.get(differ.get(0)))
        .isEmpty();
    assertThat(answers).hasSizeGreaterThan(60);
  }

  /** One store with its session and server, and keys of every kind. */
  private static final class Served implements AutoCloseable {

    final Demo.Session session;
    final ReportingServer server;
    final List<String> admins = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    final String orgAdmin;

    private Served(Demo.Session session, ReportingServer server) {
      this.session = session;
      this.server = server;
      ApiKeys keys = server.keys();
      for (Workspace w : session.platform().workspaces()) {
        admins.add(keys.issue("admin", w.tenant(), EnumSet.allOf(Scope.class), Optional.empty(), 30).secret());
        members.add(keys.issue("member", w.tenant(), EnumSet.of(Scope.MEMBERS_READ), Optional.of(w.members().get(0)),
            1).secret());
      }
      orgAdmin = keys.issueForOrganization("org-admin", organization(), EnumSet.allOf(Scope.class), 30).secret();
    }

    static Served start(String... store) throws IOException {
      String[] args = java.util.Arrays.copyOf(WORKLOAD, WORKLOAD.length + store.length);
      System.arraycopy(store, 0, args, WORKLOAD.length, store.length);
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      Demo.Session session = new Demo(DemoOptions.parse(args), CLOCK, quiet, quiet).ingest();
      try {
        return new Served(session, ReportingServer.start(session.reports(), session.store().store(),
            new ApiKeys(CLOCK), Organizations.of(session.platform().workspaces()), 0, CLOCK));
      } catch (IOException | RuntimeException e) {
        session.close();
        throw e;
      }
    }

    String organization() {
      return session.platform().workspaces().get(0).tenant().organization();
    }

    String admin(int workspace) {
      return admins.get(workspace);
    }

    String base() {
      return "http://127.0.0.1:" + server.port();
    }

    /**
     * Returns, per request the pages make (and the ones a click on them makes), the answer's body
     * with the store's own cursors taken out: a transaction cursor is the store's to encode, so
     * each page is followed by its own store's cursor and only whether there is a next page is
     * compared.
     */
    Map<String, String> answers() {
      Map<String, String> answers = new LinkedHashMap<>();
      LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
      String week = "start_date=" + today.minusDays(6) + "&end_date=" + today;
      List<Workspace> workspaces = session.platform().workspaces();
      for (int i = 0; i < workspaces.size(); i++) {
        Workspace w = workspaces.get(i);
        String key = admin(i);
        String ws = "/api/v2/w/" + w.id();
        for (String path : List.of("/api/v2/me", "/admin/usage/summary",
            "/admin/usage/summary?from=" + today.minusDays(29) + "T00:00:00Z&to=" + today.plusDays(1) + "T00:00:00Z")) {
          answers.put(w.id() + " " + path, body(path, key));
        }
        answers.put(w.id() + " member /api/v2/me", body("/api/v2/me", members.get(i)));
        for (String report : List.of("ai-usage", "sms-usage", "phone-usage", "voice-usage")) {
          answers.put(ws + "/reports/" + report, body(ws + "/reports/" + report, key));
          answers.put(ws + "/reports/" + report + "?" + week, body(ws + "/reports/" + report + "?" + week, key));
        }
        String cursor = null;
        do {
          String path = ws + "/members?page_size=3" + (cursor == null ? "" : "&cursor=" + cursor);
          JsonNode page = json(path, key);
          answers.put(path, page.toString());
          for (JsonNode m : page.path("members")) {
            String usage = ws + "/members/" + ServerFixture.pathSegment(m.path("memberId").asText()) + "/usage";
            answers.put(usage, body(usage, key));
          }
          cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null);
        answers.put(ws + "/members member", body(ws + "/members", members.get(i)));
        JsonNode metrics = json(ws + "/billing/billable-metrics", key);
        answers.put(ws + "/billing/billable-metrics", metrics.toString());
        for (String period : List.of("today", "last_7_days", "last_30_days", "this_month", "last_month",
            "billing_period")) {
          String path = ws + "/billing/billable-metrics?period=" + period;
          answers.put(path, body(path, key));
        }
        for (JsonNode metric : metrics.path("metrics")) {
          String transactions = ws + "/billing/billable-metrics/" + metric.path("metric").asText()
              + "/transactions?page_size=50";
          String next = null;
          for (int page = 1; page <= 2; page++) {
            ObjectNode answer = (ObjectNode) json(transactions + (next == null ? "" : "&cursor=" + next), key);
            next = answer.path("next_cursor").isNull() ? null : answer.path("next_cursor").asText();
            answer.put("next_cursor", next != null);
            answers.put(transactions + " page " + page, answer.toString());
            if (next == null) {
              break;
            }
          }
        }
        answers.put(ws + "/billing/transactions.csv?" + week, text(ws + "/billing/transactions.csv?" + week, key));
        for (String query : List.of("", "?page=2&page_size=10", "?period=last_7_days&page_size=10",
            "?assistant=" + w.assistants().get(0), "?campaign=" + w.campaigns().get(0))) {
          String path = ws + "/billing/credit-usage" + query;
          answers.put(path, body(path, key));
        }
      }
      String org = "/api/v2/o/" + organization();
      for (String path : List.of(org + "/usage/summary", org + "/billing/billable-metrics",
          org + "/billing/billable-metrics?period=last_month")) {
        answers.put(path, body(path, orgAdmin));
      }
      answers.put("org /api/v2/me", body("/api/v2/me", orgAdmin));
      return answers;
    }

    private String body(String path, String key) {
      return json(path, key).toString();
    }

    private JsonNode json(String path, String key) {
      try {
        return ServerFixture.JSON.readTree(text(path, key));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String text(String path, String key) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + key).build();
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s on %s: %s", path, session.store().description(), response.body())
            .isEqualTo(200);
        return response.body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      server.close();
      session.close();
    }
  }
}
