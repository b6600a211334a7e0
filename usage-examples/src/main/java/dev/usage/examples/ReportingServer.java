package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import dev.usage.pricing.PricedEvent;
import dev.usage.report.AiUsageReport;
import dev.usage.report.BillablePeriod;
import dev.usage.report.Caller;
import dev.usage.report.CreditUsageReport;
import dev.usage.report.MemberUsagePage;
import dev.usage.report.MemberUsageReport;
import dev.usage.report.PhoneUsageReport;
import dev.usage.report.ReportAccessDeniedException;
import dev.usage.report.Scope;
import dev.usage.report.TransactionPage;
import dev.usage.report.SmsUsageReport;
import dev.usage.report.UsageReports;
import dev.usage.report.UsageSummaryReport;
import dev.usage.report.VoiceUsageReport;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.InstantRange;
import dev.usage.time.InvalidRangeException;
import dev.usage.time.UsageRange;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting API and its dashboard, on Jetty bound to 127.0.0.1.
 *
 * <p>The API is described by {@value #OPENAPI_PATH}, which the server serves without a key; every
 * other {@code /admin} and {@code /api} request needs {@code Authorization: Bearer <key>}. A
 * request is answered in this order: an unknown path is 404 and a method other than GET or HEAD
 * 405; a missing, unknown or expired key 401; a key of another workspace or organization, or
 * without the scope the endpoint needs, 403, with the same body whether or not that workspace or
 * organization exists; malformed or
 * out-of-rule parameters 400, with a message that names the parameter and its value; then the
 * report as JSON, field for field what the library's report serializes to. HEAD answers with the
 * status and headers GET would, without a body. Errors are {@code {"error": code, "message":
 * text}}; a failure inside the server is logged and answered 500 without any detail. So are the
 * errors Jetty answers before the API sees a request (a malformed request line or percent-escape,
 * an illegal header name, a header or URI too long: 400, 431, 414), through {@link JsonErrors}.
 *
 * <p>A key belongs to a workspace or to an organization ({@link ApiKeys}). An organization's key
 * reads the organization's reports under {@code /api/v2/o/{organization}}, the sums of its
 * workspaces' ({@link Organizations} says which), and each of its workspaces' reports under {@code
 * /api/v2/w/{workspace}} with the same scopes; a workspace's key reads no organization's reports.
 *
 * <p>Slow and stalled clients cannot take the server down (see {@link Limits}): Jetty reads
 * requests without blocking, so a client that stalls mid-request holds no thread; at most {@link
 * Limits#workers()} requests run at once, {@link Limits#queue()} more wait, and any beyond are
 * answered 503; a connection that sends and receives nothing for the idle timeout, a blocked write
 * to a client that stopped reading included, is closed.
 *
 * <p>The CSV export streams; it ends with a trailer record {@code # rows: N} counting its data
 * rows, and a failure while it streams cuts the connection without ending the chunked body, so that
 * a client never mistakes part of an export for all of it.
 *
 * <p>This class is thread-safe.
 */
final class ReportingServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReportingServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "/dev/usage/examples/web/";
  // Map.ofEntries: a page and its script are two entries, past Map.of's ten
  private static final Map<String, String[]> ASSETS = Map.ofEntries(
      Map.entry("/", new String[] {"dashboard.html", "text/html; charset=utf-8"}),
      Map.entry("/credit-usage", new String[] {"credit-usage.html", "text/html; charset=utf-8"}),
      Map.entry("/billable-metrics", new String[] {"billable-metrics.html", "text/html; charset=utf-8"}),
      Map.entry("/reports", new String[] {"reports.html", "text/html; charset=utf-8"}),
      Map.entry("/calls", new String[] {"calls.html", "text/html; charset=utf-8"}),
      Map.entry("/common.js", new String[] {"common.js", "text/javascript; charset=utf-8"}),
      Map.entry("/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"}),
      Map.entry("/credit-usage.js", new String[] {"credit-usage.js", "text/javascript; charset=utf-8"}),
      Map.entry("/billable-metrics.js", new String[] {"billable-metrics.js", "text/javascript; charset=utf-8"}),
      Map.entry("/reports.js", new String[] {"reports.js", "text/javascript; charset=utf-8"}),
      Map.entry("/calls.js", new String[] {"calls.js", "text/javascript; charset=utf-8"}),
      Map.entry("/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"}));
  private static final List<String> CSV_HEADER = List.of("time", "event_id", "metric", "quantity", "billable",
      "credits", "channel", "direction", "provider", "model", "phone_number", "member", "assistant", "campaign");
  private static final DimensionKey[] CSV_DIMENSIONS = {
    DimensionKey.CHANNEL, DimensionKey.DIRECTION, DimensionKey.PROVIDER, DimensionKey.MODEL,
    DimensionKey.PHONE_NUMBER, DimensionKey.MEMBER, DimensionKey.ASSISTANT, DimensionKey.CAMPAIGN
  };
  private static final String INTERNAL_ERROR = "the server failed to answer; see its log";
  // beyond the workers: Jetty's acceptor and selector, and two that read requests and answer 503 while
  // every worker is busy
  private static final int SPARE_THREADS = 4;
  // the CSV export's buffer: one write to Jetty, and one chunk on the wire, per 32 KB
  private static final int CSV_BUFFER = 32 * 1024;

  /** The trailer record's text before the row count. */
  static final String CSV_TRAILER = "# rows: ";
  /** Where the API's OpenAPI document is served, without a key. */
  static final String OPENAPI_PATH = "/api/v2/openapi.yaml";
  /** The OpenAPI document's resource in the jar. */
  static final String OPENAPI_RESOURCE = "/dev/usage/examples/openapi.yaml";

  private final Server server;
  private final ServerConnector connector;
  private final Admission admission;
  private final AtomicInteger running = new AtomicInteger();
  private final Limits limits;
  private final UsageReports reports;
  private final UsageStore store;
  private final ApiKeys keys;
  private final Organizations organizations;
  private final Clock clock;
  // one entry per path of openapi.yaml, written as it writes it, so that a test can hold the two together;
  // tried in order
  private final List<Route> routes = List.of(
      new Route(OPENAPI_PATH, (x, p) -> openApi(x)),
      new Route("/admin/usage/summary", (x, p) -> summary(x)),
      new Route("/api/v2/me", (x, p) -> me(x)),
      new Route("/api/v2/w/{workspace}/usage/summary", (x, p) -> workspaceSummary(x, p.get(0))),
      new Route("/api/v2/w/{workspace}/reports/ai-usage", (x, p) -> report(x, p.get(0), "ai-usage")),
      new Route("/api/v2/w/{workspace}/reports/sms-usage", (x, p) -> report(x, p.get(0), "sms-usage")),
      new Route("/api/v2/w/{workspace}/reports/phone-usage", (x, p) -> report(x, p.get(0), "phone-usage")),
      new Route("/api/v2/w/{workspace}/reports/voice-usage", (x, p) -> report(x, p.get(0), "voice-usage")),
      new Route("/api/v2/w/{workspace}/members", (x, p) -> members(x, p.get(0))),
      new Route("/api/v2/w/{workspace}/members/{member}/usage", (x, p) -> memberUsage(x, p.get(0), p.get(1))),
      new Route("/api/v2/w/{workspace}/billing/billable-metrics", (x, p) -> billing(x, p.get(0), "billable-metrics")),
      new Route("/api/v2/w/{workspace}/billing/credit-usage", (x, p) -> billing(x, p.get(0), "credit-usage")),
      new Route("/api/v2/w/{workspace}/billing/transactions.csv", (x, p) -> billing(x, p.get(0), "transactions.csv")),
      new Route("/api/v2/w/{workspace}/billing/billable-metrics/{metric}/transactions",
          (x, p) -> metricTransactions(x, p.get(0), p.get(1))),
      new Route("/api/v2/o/{organization}/usage/summary", (x, p) -> organization(x, p.get(0), "summary")),
      new Route("/api/v2/o/{organization}/billing/billable-metrics",
          (x, p) -> organization(x, p.get(0), "billable-metrics")));

  private ReportingServer(int port, Limits limits, UsageReports reports, UsageStore store, ApiKeys keys,
      Organizations organizations, Clock clock) {
    this.limits = limits;
    this.reports = reports;
    this.store = store;
    this.keys = keys;
    this.organizations = organizations;
    this.clock = clock;
    int threads = limits.workers() + SPARE_THREADS;
    // Jetty warns against a bounded task queue: what waits in it is short work (reading a request,
    // resuming one); the requests that wait for a worker are bounded by Admission instead
    QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(threads, 8));
    pool.setName("usage-http");
    pool.setDaemon(true);
    server = new Server(pool, new ScheduledExecutorScheduler("usage-http-timer", true), null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrors());
    admission = new Admission();
    admission.setHandler(new Api());
    server.setHandler(admission);
  }

  /**
   * How much work the server takes on and how long it waits for a client.
   *
   * <p>A request holds a worker thread while its report is computed and written: the reports block
   * on the store, and a write to a client that reads slowly blocks. So the pool is sized for
   * waiting, not for CPUs. Reading a request holds no thread (Jetty parses it as its bytes
   * arrive), so a stalled client costs only its connection. A request that finds every worker
   * busy waits; one that finds the queue full too, or waits longer than the idle timeout, is
   * answered 503 with {@code Retry-After}.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param workers requests that run at once, 1 to 1,000
   * @param queue requests that may wait for a worker, 1 to 100,000
   * @param idleTimeout how long a connection may send and receive nothing before the server closes
   *     it: a client that stalls mid-request, stops reading its response or keeps an idle
   *     connection; 1 ms to 1 hour
   * @param responseTime how long a request may run, from the moment a worker takes it to the end
   *     of its response however slowly the client reads, before the server cuts the connection; 1
   *     ms to 1 day
   */
  record Limits(int workers, int queue, Duration idleTimeout, Duration responseTime) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is out of its range
     */
    Limits {
      requireNonNull(idleTimeout, "idleTimeout");
      requireNonNull(responseTime, "responseTime");
      if (workers < 1 || workers > 1_000) {
        throw new IllegalArgumentException("workers must be 1 to 1000 but was " + workers);
      }
      if (queue < 1 || queue > 100_000) {
        throw new IllegalArgumentException("queue must be 1 to 100000 but was " + queue);
      }
      if (idleTimeout.compareTo(Duration.ofMillis(1)) < 0 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("idle timeout must be 1 ms to 1 hour but was " + idleTimeout);
      }
      if (responseTime.compareTo(Duration.ofMillis(1)) < 0 || responseTime.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("response time must be 1 ms to 1 day but was " + responseTime);
      }
    }

    /**
     * Returns 32 workers, a queue of 64, a 10 s idle timeout and a 300 s response time: the API
     * takes no request bodies, so a request is a few hundred bytes, and five minutes is a 366-day
     * export many times over.
     */
    static Limits defaults() {
      return new Limits(32, 64, Duration.ofSeconds(10), Duration.ofSeconds(300));
    }

    /** Returns these limits with another idle timeout. */
    Limits withIdleTimeout(Duration timeout) {
      return new Limits(workers, queue, timeout, responseTime);
    }

    /** Returns these limits with another response time. */
    Limits withResponseTime(Duration time) {
      return new Limits(workers, queue, idleTimeout, time);
    }
  }

  /**
   * Starts the server with {@linkplain Limits#defaults() the default limits}.
   *
   * @param reports the reports it serves
   * @param store the store the CSV export scans
   * @param keys the keys it accepts
   * @param organizations the workspaces of each organization, for organizations' keys and reports
   * @param port the port on 127.0.0.1, or 0 for any free one
   * @param clock gives the default ranges
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static ReportingServer start(UsageReports reports, UsageStore store, ApiKeys keys, Organizations organizations,
      int port, Clock clock) throws IOException {
    return start(reports, store, keys, organizations, port, clock, Limits.defaults());
  }

  /**
   * Starts the server.
   *
   * @param reports the reports it serves
   * @param store the store the CSV export scans
   * @param keys the keys it accepts
   * @param organizations the workspaces of each organization, for organizations' keys and reports
   * @param port the port on 127.0.0.1, or 0 for any free one
   * @param clock gives the default ranges
   * @param limits its workers, queue and timeouts
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static ReportingServer start(UsageReports reports, UsageStore store, ApiKeys keys, Organizations organizations,
      int port, Clock clock, Limits limits) throws IOException {
    ReportingServer s = new ReportingServer(port, requireNonNull(limits, "limits"), requireNonNull(reports, "reports"),
        requireNonNull(store, "store"), requireNonNull(keys, "keys"), requireNonNull(organizations, "organizations"),
        requireNonNull(clock, "clock"));
    try {
      s.server.start();
    } catch (IOException e) {
      s.close();
      throw e;
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("the reporting server failed to start", e);
    }
    return s;
  }

  /** Returns the port it listens on. */
  int port() {
    return connector.getLocalPort();
  }

  /** Returns the path templates of the API's endpoints, e.g. {@code /api/v2/w/{workspace}/billing/credit-usage}. */
  List<String> routes() {
    return routes.stream().map(Route::template).toList();
  }

  /** Returns the keys it accepts; issue more at any time. */
  ApiKeys keys() {
    return keys;
  }

  /** Returns how many requests are running in the API, for tests that must know the workers are really taken. */
  int runningRequests() {
    return running.get();
  }

  /** Returns how many requests wait for a worker. */
  int waitingRequests() {
    return admission.getSuspendedRequestCount();
  }

  /** Returns how many connections are open, stalled ones included. */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  /** Stops accepting requests, closes every connection and stops its threads. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("the reporting server did not stop cleanly: {}", e.toString());
    }
  }

  /**
   * Lets at most {@link Limits#workers()} requests run at once and {@link Limits#queue()} wait;
   * answers the others 503 as the API's JSON, with {@code Retry-After}.
   */
  private final class Admission extends QoSHandler {

    Admission() {
      setMaxRequestCount(limits.workers());
      setMaxSuspendedRequestCount(limits.queue());
      // a request that waits this long would find its client gone, or about to give up
      setMaxSuspend(limits.idleTimeout());
    }

    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
      response.getHeaders().put("Retry-After", "1");
      write(response, 503, error("overloaded", "the server is busy: " + limits.workers() + " requests are running and "
          + limits.queue() + " waiting; retry in a moment"), callback);
    }

    @Override
    protected void expireSuspended(Request request, Response response, Callback callback) {
      reject(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
    }
  }

  /** The API: blocks its thread on the store and on writes, as Jetty's default invocation type allows. */
  private final class Api extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      running.incrementAndGet();
      Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> cut(request),
          limits.responseTime().toMillis(), TimeUnit.MILLISECONDS);
      try {
        serve(new Exchange(request, response));
        callback.succeeded();
      } catch (AbortedResponse e) {
        // a failed callback after the status was sent makes Jetty abort: no final chunk, the connection closed
        callback.failed(e);
      } catch (IOException e) {
        // a client that hangs up or stops reading is not the server's fault: no stack trace
        log.debug("client went away during {} {}: {}", request.getMethod(), request.getHttpURI().getPath(),
            e.toString());
        callback.failed(e);
      } finally {
        deadline.cancel();
        running.decrementAndGet();
      }
      return true;
    }
  }

  /** Closes the connection of a request that ran past the response time; its next write fails. */
  private void cut(Request request) {
    log.debug("{} {} ran past the response time of {}; closing its connection", request.getMethod(),
        request.getHttpURI().getPath(), limits.responseTime());
    request.getConnectionMetaData().getConnection().getEndPoint().close();
  }

  private void serve(Exchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (Problem p) {
      sendError(exchange, p.status, p.code, p.getMessage());
    } catch (ReportAccessDeniedException e) {
      sendError(exchange, 403, "forbidden", e.getMessage());
    } catch (InvalidRangeException e) {
      sendError(exchange, 400, "invalid_range", e.getMessage());
    } catch (IllegalArgumentException e) {
      sendError(exchange, 400, "bad_request", e.getMessage());
    } catch (RuntimeException e) {
      log.error("request {} {} failed", exchange.method(), exchange.rawPath(), e);
      sendError(exchange, 500, "internal_error", INTERNAL_ERROR);
    }
  }

  private void route(Exchange exchange) throws IOException {
    String path = exchange.rawPath();
    String[] asset = ASSETS.get(path);
    if (asset != null) {
      requireGet(exchange);
      sendAsset(exchange, asset[0], asset[1]);
      return;
    }
    List<String> p = segments(path);
    for (Route route : routes) {
      Optional<List<String>> params = route.match(p);
      if (params.isPresent()) {
        requireGet(exchange);
        route.answer().answer(exchange, params.get());
        return;
      }
    }
    throw new Problem(404, "not_found", "no endpoint at " + path);
  }

  /** Answers with the OpenAPI document: a description of the API, so it needs no key. */
  private void openApi(Exchange exchange) throws IOException {
    query(exchange);
    exchange.setHeader("Content-Type", "application/yaml");
    exchange.setHeader("X-Content-Type-Options", "nosniff");
    exchange.setHeader("Cache-Control", "no-cache");
    exchange.response().setStatus(200);
    exchange.write(true, ByteBuffer.wrap(resource(OPENAPI_RESOURCE)));
  }

  private void summary(Exchange exchange) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = key.tenant().orElseThrow(() -> new Problem(403, "forbidden",
        "an organization's key reads its summary at /api/v2/o/" + key.organization() + "/usage/summary, and a "
            + "workspace's at /api/v2/w/{workspace}/usage/summary"));
    sendSummary(exchange, key, tenant);
  }

  /**
   * The summary of a workspace the path names, which an organization's key may read as well as the
   * workspace's own: what the dashboard shows whichever key it holds.
   */
  private void workspaceSummary(Exchange exchange, String workspace) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    sendSummary(exchange, key, requireWorkspace(key, workspace));
  }

  private void sendSummary(Exchange exchange, ApiKeys.ApiKey key, TenantId tenant) throws IOException {
    Caller caller = key.caller(tenant);
    requireScope(caller, Scope.BILLING_MANAGE);
    Map<String, String> q = query(exchange, "from", "to");
    sendJson(exchange, 200, reports.summary(caller, tenant, summaryRange(q)));
  }

  /** Returns the UTC days the summary's {@code from} and {@code to} instants touch, each defaulting to month to date's end. */
  private UsageRange summaryRange(Map<String, String> q) {
    UsageRange monthToDate = UsageSummaryReport.defaultRange(clock);
    if (!q.containsKey("from") && !q.containsKey("to")) {
      return monthToDate;
    }
    return InstantRange.parse(q.getOrDefault("from", monthToDate.startInstant().toString()),
        q.getOrDefault("to", monthToDate.endInstant().toString())).toUsageRange();
  }

  /**
   * Answers an organization's usage summary or billable metrics, the sum of its workspaces'. Only
   * a key of that organization may ask; a workspace's key is refused whatever its scopes.
   */
  private void organization(Exchange exchange, String organization, String name) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    if (!key.isOrganizationKey()) {
      throw new Problem(403, "forbidden", "an organization's reports need a key of the organization, not of "
          + key.owner());
    }
    if (!key.organization().equals(organization)) {
      // decided before any lookup: the same answer whether the other organization exists or not
      throw new Problem(403, "forbidden", "this key may read only its own organization's reports");
    }
    if (!key.organizationCaller().has(Scope.BILLING_MANAGE)) {
      throw new Problem(403, "forbidden", "this report needs scope " + Scope.BILLING_MANAGE.key());
    }
    List<String> workspaces = organizations.workspacesOf(organization);
    if (name.equals("summary")) {
      Map<String, String> q = query(exchange, "from", "to");
      sendJson(exchange, 200, reports.organizationSummary(key.organizationCaller(), organization, workspaces,
          summaryRange(q)));
    } else {
      Map<String, String> q = query(exchange, "period", "start_date", "end_date");
      // an organization's billing period is that of its first workspace; the demo's all start on the 1st
      UsageRange byDefault = workspaces.isEmpty()
          ? BillablePeriod.BILLING_PERIOD.range(clock)
          : reports.range(TenantId.of(organization, workspaces.get(0)), BillablePeriod.BILLING_PERIOD);
      UsageRange range;
      if (q.containsKey("period")) {
        if (q.containsKey("start_date") || q.containsKey("end_date")) {
          throw new Problem(400, "bad_request", "give either period or start_date and end_date, not both");
        }
        BillablePeriod period = period(q.get("period"));
        range = workspaces.isEmpty() ? period.range(clock)
            : reports.range(TenantId.of(organization, workspaces.get(0)), period);
      } else {
        range = dates(q, byDefault);
      }
      sendJson(exchange, 200, reports.organizationBillableMetrics(key.organizationCaller(), organization, workspaces,
          range));
    }
  }

  private void me(Exchange exchange) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    query(exchange);
    ObjectNode node = JSON.createObjectNode();
    node.put("organization", key.organization());
    node.put("workspace", key.workspace().orElse(null));
    if (key.isOrganizationKey()) {
      organizations.workspacesOf(key.organization()).forEach(node.putArray("workspaces")::add);
    }
    node.put("name", key.name());
    key.scopeKeys().forEach(node.putArray("scopes")::add);
    node.put("member", key.member().orElse(null));
    node.put("expires_at", key.expiresAt().toString());
    sendJson(exchange, 200, node);
  }

  private void report(Exchange exchange, String workspace, String name) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = requireWorkspace(key, workspace);
    Caller caller = key.caller(tenant);
    requireScope(caller, Scope.ANALYTICS_READ);
    Map<String, String> q = query(exchange, "start_date", "end_date");
    Object report = switch (name) {
      case "ai-usage" -> reports.aiUsage(caller, tenant, dates(q, AiUsageReport.defaultRange(clock)));
      case "sms-usage" -> reports.smsUsage(caller, tenant, dates(q, SmsUsageReport.defaultRange(clock)));
      case "phone-usage" -> reports.phoneUsage(caller, tenant, dates(q, PhoneUsageReport.defaultRange(clock)));
      default -> reports.voiceUsage(caller, tenant, dates(q, VoiceUsageReport.defaultRange(clock)));
    };
    sendJson(exchange, 200, report);
  }

  private void memberUsage(Exchange exchange, String workspace, String member) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = requireWorkspace(key, workspace);
    Caller caller = key.caller(tenant);
    // Refused before the dates are parsed, as the other reports are by requireScope.
    reports.checkMemberUsage(caller, tenant, member);
    UsageRange range = dates(query(exchange, "start_date", "end_date"), MemberUsageReport.defaultRange(clock));
    sendJson(exchange, 200, reports.memberUsage(caller, tenant, member, range));
  }

  /** Answers one page of the members with usage in a range, keyset-paged by {@code cursor}. */
  private void members(Exchange exchange, String workspace) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = requireWorkspace(key, workspace);
    Caller caller = key.caller(tenant);
    // refused before the parameters are parsed, as the other reports are by requireScope
    reports.checkMembers(caller, tenant);
    Map<String, String> q = query(exchange, "start_date", "end_date", "page_size", "cursor");
    UsageRange range = dates(q, MemberUsagePage.defaultRange(clock));
    sendJson(exchange, 200, reports.members(caller, tenant, range,
        integer(q, "page_size", MemberUsagePage.DEFAULT_PAGE_SIZE), Optional.ofNullable(q.get("cursor"))));
  }

  private void billing(Exchange exchange, String workspace, String name) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = requireWorkspace(key, workspace);
    Caller caller = key.caller(tenant);
    requireScope(caller, Scope.BILLING_MANAGE);
    switch (name) {
      case "billable-metrics" -> {
        Map<String, String> q = query(exchange, "period", "start_date", "end_date");
        sendJson(exchange, 200, reports.billableMetrics(caller, tenant,
            periodOrDates(q, tenant, BillablePeriod.BILLING_PERIOD)));
      }
      case "credit-usage" -> {
        Map<String, String> q = query(exchange, "period", "page", "page_size", "start_date", "end_date", "assistant",
            "campaign");
        int page = integer(q, "page", 1);
        int pageSize = integer(q, "page_size", CreditUsageReport.DEFAULT_CALL_LOG_PAGE_SIZE);
        CreditUsageReport.Focus focus = CreditUsageReport.Focus.all();
        if (q.containsKey("assistant")) {
          focus = focus.withAssistant(q.get("assistant"));
        }
        if (q.containsKey("campaign")) {
          focus = focus.withCampaign(q.get("campaign"));
        }
        sendJson(exchange, 200, reports.creditUsage(caller, tenant,
            periodOrDates(q, tenant, BillablePeriod.LAST_30_DAYS), focus, page, pageSize));
      }
      default -> transactions(exchange, tenant, dates(query(exchange, "start_date", "end_date"),
          reports.range(tenant, BillablePeriod.BILLING_PERIOD)));
    }
  }

  /** Answers one page of a billable metric's transactions, keyset-paged by {@code cursor}. */
  private void metricTransactions(Exchange exchange, String workspace, String metricKey) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    TenantId tenant = requireWorkspace(key, workspace);
    Caller caller = key.caller(tenant);
    requireScope(caller, Scope.BILLING_MANAGE);
    Map<String, String> q = query(exchange, "period", "start_date", "end_date", "page_size", "cursor");
    Metric metric = MetricCatalog.builtIn().find(metricKey)
        .orElseThrow(() -> new Problem(404, "not_found", "no metric '" + metricKey + "'"));
    int pageSize = integer(q, "page_size", TransactionPage.DEFAULT_PAGE_SIZE);
    UsageRange range = periodOrDates(q, tenant, BillablePeriod.BILLING_PERIOD);
    sendJson(exchange, 200, reports.transactions(caller, tenant, metric, range, pageSize,
        Optional.ofNullable(q.get("cursor"))));
  }

  /**
   * Streams every priced event of the range as CSV, newest first, a page of the store at a time,
   * then the trailer record {@code # rows: N}. Data rows start with a timestamp, so no row can be
   * taken for the trailer. A failure once the status is sent aborts the connection.
   */
  private void transactions(Exchange exchange, TenantId tenant, UsageRange range) throws IOException {
    EventPage page = null;
    ScanQuery query = ScanQuery.firstPage(tenant, range.startInstant(), range.endInstant(), EventFilter.all(),
        ScanQuery.MAX_PAGE_SIZE);
    if (!exchange.isHead()) {
      // the first page before the status: a store that is down gets a 500, not a 200 cut short
      page = store.scan(query);
    }
    exchange.setHeader("Content-Type", "text/csv; charset=utf-8; header=present");
    exchange.setHeader("Content-Disposition", "attachment; filename=\"transactions-"
        + tenant.workspace() + "-" + range.start() + "-" + range.endInclusive() + ".csv\"");
    exchange.setHeader("Cache-Control", "no-store");
    exchange.setHeader("X-Content-Type-Options", "nosniff");
    if (exchange.request().getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1) {
      // chunked even when the client asked to close the connection after it, as Jetty would not: only the
      // final chunk tells a complete export from one cut short (an HTTP/1.0 client has only the trailer)
      exchange.setHeader("Transfer-Encoding", "chunked");
    }
    if (page == null) {
      // GET's headers, whose length is unknown until the export has run: commit before the end, as GET does
      exchange.write(false, null);
      exchange.write(true, null);
      return;
    }
    Response response = exchange.response();
    Writer w = new OutputStreamWriter(new BufferedOutputStream(Content.Sink.asOutputStream(response), CSV_BUFFER),
        StandardCharsets.UTF_8);
    Csv csv = new Csv(w);
    long rows = 0;
    try {
      csv.row(CSV_HEADER);
      while (true) {
        for (PricedEvent priced : page.events()) {
          UsageEvent e = priced.event();
          csv.text(e.occurredAt().toString()).text(e.id().value()).text(e.metric().key())
              .number(e.decimalQuantity().toPlainString())
              .number(e.metric().toDecimal(priced.billableQuantity()).toPlainString())
              .number(priced.credits().toBigDecimal().toPlainString());
          for (DimensionKey d : CSV_DIMENSIONS) {
            csv.text(e.dimensions().valueOrNull(d));
          }
          csv.end();
          rows++;
        }
        if (page.nextCursor().isEmpty()) {
          break;
        }
        query = query.after(page.nextCursor().get());
        page = store.scan(query);
      }
      csv.text(CSV_TRAILER + rows).end();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      if (!response.isCommitted()) {
        // nothing has left the buffer yet: a clean 500 instead, without the export's headers
        response.reset();
        throw e;
      }
      log.error("transactions export of {} over {} failed after {} rows; cutting the connection", tenant, range,
          rows, e);
      throw new AbortedResponse(e);
    }
    // only now does the chunked body end: a client sees a complete response exactly when it got every row
    w.close();
  }

  private ApiKeys.ApiKey authenticate(Exchange exchange) {
    String header = exchange.requestHeader("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized("missing API key: send the header Authorization: Bearer <key>");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw unauthorized("the Authorization header must be Bearer <key>");
    }
    ApiKeys.ApiKey key = keys.find(header.substring(7).trim())
        .orElseThrow(() -> unauthorized("invalid API key"));
    if (keys.isExpired(key)) {
      throw unauthorized("API key '" + key.name() + "' of " + key.owner() + " expired at " + key.expiresAt());
    }
    return key;
  }

  private static Problem unauthorized(String message) {
    return new Problem(401, "unauthorized", message);
  }

  /**
   * Returns the tenant of the workspace the path names if the key may read it: a workspace's key
   * its own workspace, an organization's key each workspace of its organization. Anything else is
   * refused with one message per kind of key, decided from the key and the organization's own
   * workspaces only, so that the answer is the same whether the other workspace exists or not.
   */
  private TenantId requireWorkspace(ApiKeys.ApiKey key, String workspace) {
    if (key.isOrganizationKey()) {
      return organizations.find(key.organization(), workspace).orElseThrow(() -> new Problem(403, "forbidden",
          "this key may read only its own organization's workspaces"));
    }
    TenantId tenant = key.tenant().orElseThrow();
    if (!tenant.workspace().equals(workspace)) {
      throw new Problem(403, "forbidden", "this key may read only its own workspace's reports");
    }
    return tenant;
  }

  private static void requireScope(Caller caller, Scope scope) {
    if (!caller.has(scope)) {
      throw new Problem(403, "forbidden", "this report needs scope " + scope.key());
    }
  }

  private static void requireGet(Exchange exchange) {
    if (!exchange.method().equals("GET") && !exchange.isHead()) {
      exchange.setHeader("Allow", "GET, HEAD");
      throw new Problem(405, "method_not_allowed", "method " + exchange.method() + " is not allowed on "
          + exchange.rawPath() + "; use GET or HEAD");
    }
  }

  /**
   * Returns the inclusive days from {@code start_date} to {@code end_date}, each optional: a
   * missing one is that end of the report's default range.
   */
  private static UsageRange dates(Map<String, String> q, UsageRange byDefault) {
    return UsageRange.parse(q.getOrDefault("start_date", byDefault.start().toString()),
        q.getOrDefault("end_date", byDefault.endInclusive().toString()));
  }

  /** Returns the days of {@code period}, or of the dates, each defaulting to its end of the preset {@code byDefault}. */
  private UsageRange periodOrDates(Map<String, String> q, TenantId tenant, BillablePeriod byDefault) {
    if (q.containsKey("period")) {
      if (q.containsKey("start_date") || q.containsKey("end_date")) {
        throw new Problem(400, "bad_request", "give either period or start_date and end_date, not both");
      }
      return reports.range(tenant, period(q.get("period")));
    }
    return dates(q, reports.range(tenant, byDefault));
  }

  private static BillablePeriod period(String value) {
    List<String> known = new ArrayList<>();
    for (BillablePeriod p : BillablePeriod.values()) {
      String key = p.name().toLowerCase(Locale.ROOT);
      if (key.equals(value)) {
        return p;
      }
      known.add(key);
    }
    throw new Problem(400, "bad_request", "unknown period '" + value + "', expected one of " + known);
  }

  private static int integer(Map<String, String> q, String name, int defaultValue) {
    String value = q.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new Problem(400, "bad_request", name + " must be a whole number but was '" + value + "'");
    }
  }

  /** Returns the query parameters, refusing unknown and repeated ones so that a typo is not silently ignored. */
  private static Map<String, String> query(Exchange exchange, String... allowed) {
    String raw = exchange.rawQuery();
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    Set<String> known = Set.of(allowed);
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!known.contains(name)) {
        throw new Problem(400, "bad_request", "unknown parameter '" + name + "'"
            + (known.isEmpty() ? "; this endpoint takes none" : "; expected " + String.join(", ", allowed)));
      }
      if (params.put(name, value) != null) {
        throw new Problem(400, "bad_request", "parameter " + name + " is given twice");
      }
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Problem(400, "bad_request", "malformed percent-encoding in '" + s + "'");
    }
  }

  /**
   * Splits a raw path into decoded segments. Jetty has already refused a path with an encoded
   * {@code /} (as ambiguous) or a malformed percent-escape, with a 400 from {@link JsonErrors}.
   */
  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s.replace("+", "%2B")));
      }
    }
    return out;
  }

  private void sendAsset(Exchange exchange, String name, String contentType) throws IOException {
    byte[] body = resource(WEB + name);
    exchange.setHeader("Content-Type", contentType);
    exchange.setHeader("X-Content-Type-Options", "nosniff");
    // the key may arrive in the page's URL: keep it out of other sites' Referer headers
    exchange.setHeader("Referrer-Policy", "no-referrer");
    exchange.setHeader("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    exchange.setHeader("Cache-Control", "no-cache");
    exchange.response().setStatus(200);
    exchange.write(true, ByteBuffer.wrap(body));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ReportingServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static void sendJson(Exchange exchange, int status, Object value) throws IOException {
    ByteBuffer body = json(exchange.response(), status, value);
    exchange.write(true, body);
  }

  private static void sendError(Exchange exchange, int status, String code, String message) throws IOException {
    if (status == 401) {
      exchange.setHeader("WWW-Authenticate", "Bearer realm=\"usage\"");
    }
    sendJson(exchange, status, error(code, message));
  }

  /** Returns the API's error body. */
  private static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("message", message);
    return body;
  }

  /**
   * Sets the status and the JSON headers, and returns {@code value} as JSON. HEAD needs nothing
   * more: Jetty sends the length of the body GET would get, and drops the body.
   */
  private static ByteBuffer json(Response response, int status, Object value) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("Cache-Control", "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(bytes);
  }

  /** Writes {@code value} as the whole JSON response, without blocking; {@code callback} learns the outcome. */
  private static void write(Response response, int status, Object value, Callback callback) {
    ByteBuffer body;
    try {
      body = json(response, status, value);
    } catch (RuntimeException e) {
      callback.failed(e);
      return;
    }
    response.write(true, body, callback);
  }

  /**
   * Answers the errors Jetty generates itself, before or instead of the API, as the API's JSON
   * error: a request it cannot parse (400: a malformed request line or percent-escape, an illegal
   * character; 414 and 431: a URI or header past 8 KB; 505), and a request that failed in a way
   * the API did not answer (500, without detail). The message is Jetty's reason for refusing a
   * request it could not parse, which names what was wrong, never the data of another request.
   *
   * <p>This class is thread-safe.
   */
  static final class JsonErrors implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      String reason = null;
      if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException e) {
        status = e.getCode();
        reason = e.getReason();
      }
      if (status < 400 || status > 599) {
        status = 500;
      }
      String text = HttpStatus.getMessage(status);
      String message;
      if (status == 500) {
        message = INTERNAL_ERROR;
      } else if (status == 503) {
        response.getHeaders().put("Retry-After", "1");
        message = "the server is unavailable; retry in a moment";
      } else if (status == 414 || status == 431) {
        message = (status == 414 ? "the request URI is too long" : "the request headers are too large")
            + ": the request line and headers may take at most "
            + request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize() + " bytes";
      } else {
        message = "the request could not be parsed" + (reason == null || reason.equals(text) ? "" : ": " + reason);
      }
      String code = status == 500 ? "internal_error" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
      write(response, status, error(code, message), callback);
      return true;
    }
  }

  /**
   * One endpoint: its path template, where a segment in braces matches any one segment and is
   * passed to the answer, and what answers it.
   */
  private record Route(String template, List<String> segments, Answer answer) {

    Route(String template, Answer answer) {
      this(template, List.of(template.substring(1).split("/")), answer);
    }

    /** Returns the values of the template's parameters in {@code path}, in order, if it matches. */
    Optional<List<String>> match(List<String> path) {
      if (path.size() != segments.size()) {
        return Optional.empty();
      }
      List<String> params = new ArrayList<>();
      for (int i = 0; i < segments.size(); i++) {
        String s = segments.get(i);
        if (s.startsWith("{")) {
          params.add(path.get(i));
        } else if (!s.equals(path.get(i))) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }

  /** Answers a request to a {@link Route}, given the values of its path parameters. */
  @FunctionalInterface
  private interface Answer {
    void answer(Exchange exchange, List<String> params) throws IOException;
  }

  /** A request and its response, with the few accessors the routes need. */
  private record Exchange(Request request, Response response) {

    String method() {
      return request.getMethod();
    }

    boolean isHead() {
      return request.getMethod().equals("HEAD");
    }

    String rawPath() {
      String path = request.getHttpURI().getPath();
      return path == null ? "" : path;
    }

    String rawQuery() {
      return request.getHttpURI().getQuery();
    }

    String requestHeader(String name) {
      return request.getHeaders().get(name);
    }

    void setHeader(String name, String value) {
      response.getHeaders().put(name, value);
    }

    /** Writes to the response and waits until the write is done; {@code content} may be null. */
    void write(boolean last, ByteBuffer content) throws IOException {
      try (Blocker.Callback done = Blocker.callback()) {
        response.write(last, content, done);
        done.block();
      }
    }
  }

  /**
   * A response that failed after its status was sent. Failed to Jetty, it closes the connection
   * instead of ending the body cleanly.
   */
  private static final class AbortedResponse extends IOException {
    private static final long serialVersionUID = 1L;

    AbortedResponse(RuntimeException cause) {
      super("response aborted after its status was sent", cause);
    }
  }

  /** An answer other than 200, with its status, code and message. */
  private static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    Problem(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }
}
