package dev.usage.examples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.event.TenantId;
import dev.usage.report.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

/**
 * A small seeded demo session served on a free loopback port, with keys of every kind, for the
 * HTTP and browser tests. One is shared by the test classes of a run and closed when the JVM ends.
 */
final class ServerFixture implements AutoCloseable {

  private static ServerFixture shared;

  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  final Clock clock;
  final Demo.Session session;
  final ReportingServer server;
  final Workspace first;
  final Workspace second;
  final String admin;
  final String analyst;
  final String member;
  final String memberId;
  final String otherAdmin;
  /** The key of the two workspaces' organization, with every scope. */
  final String orgAdmin;
  /** The key of that organization with {@code analytics:read} only. */
  final String orgAnalyst;
  /** The key of another organization, with every scope. */
  final String otherOrgAdmin;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerFixture() throws IOException {
    // fixed at the real now: the data ends today, and a browser computes "month to date" from its own clock
    clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    DemoOptions options = DemoOptions.parse("--workspaces", "2", "--days", "31", "--events-per-day", "150",
        "--store", "memory", "--seed", "7");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    session = new Demo(options, clock, quiet, quiet).ingest();
    server = ReportingServer.start(session.reports(), session.store().store(), new ApiKeys(clock),
        Organizations.of(session.platform().workspaces()), 0, clock);
    first = session.platform().workspaces().get(0);
    second = session.platform().workspaces().get(1);
    ApiKeys keys = server.keys();
    admin = keys.issue("admin", first.tenant(), EnumSet.allOf(Scope.class), Optional.empty(), 30).secret();
    analyst = keys.issue("analyst", first.tenant(), EnumSet.of(Scope.ANALYTICS_READ), Optional.empty(), 7).secret();
    memberId = first.members().get(0);
    member = keys.issue("member", first.tenant(), EnumSet.of(Scope.MEMBERS_READ), Optional.of(memberId), 1).secret();
    otherAdmin = keys.issue("admin", second.tenant(), EnumSet.allOf(Scope.class), Optional.empty(), 30).secret();
    String organization = first.tenant().organization();
    orgAdmin = keys.issueForOrganization("org-admin", organization, EnumSet.allOf(Scope.class), 30).secret();
    orgAnalyst = keys.issueForOrganization("org-analyst", organization, EnumSet.of(Scope.ANALYTICS_READ), 7)
        .secret();
    otherOrgAdmin = keys.issueForOrganization("org-admin", "initech", EnumSet.allOf(Scope.class), 30).secret();
  }

  /** Returns the run's fixture, starting it on first use. */
  static synchronized ServerFixture shared() throws IOException {
    if (shared == null) {
      ServerFixture fx = new ServerFixture();
      Runtime.getRuntime().addShutdownHook(new Thread(fx::close, "server-fixture-close"));
      shared = fx;
    }
    return shared;
  }

  TenantId tenant() {
    return first.tenant();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, String key) {
    return send("GET", path, key);
  }

  /** GETs {@code path} with {@code key}, requires a 200 and returns the body as a JSON tree. */
  JsonNode okJson(String path, String key) {
    HttpResponse<String> response = get(path, key);
    if (response.statusCode() != 200) {
      throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return tree(response);
  }

  HttpResponse<String> send(String method, String path, String key) {
    return send(method, path, "Authorization", key == null ? null : "Bearer " + key);
  }

  HttpResponse<String> send(String method, String path, String header, String value) {
    return send(server, method, path, header, value);
  }

  /** Sends a request with this fixture's client to another server, such as one a test started with other limits. */
  HttpResponse<String> send(ReportingServer target, String method, String path, String key) {
    return send(target, method, path, "Authorization", key == null ? null : "Bearer " + key);
  }

  private HttpResponse<String> send(ReportingServer target, String method, String path, String header, String value) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (value != null) {
      b.header(header, value);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns {@code value} percent-encoded as one path segment: other tests record members with
   * spaces, quotes and commas in their ids into the shared store, and the listing shows them all.
   */
  static String pathSegment(String value) {
    // the server takes a '+' in a path as itself, so a space must be %20
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Returns {@code value} as the server's JSON would read back, for tree comparison. */
  static JsonNode tree(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    session.close();
  }
}
