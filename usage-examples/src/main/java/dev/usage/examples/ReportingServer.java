package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.PricedEvent;
import dev.usage.report.BillableMetricsReport;
import dev.usage.report.BillablePeriod;
import dev.usage.report.Caller;
import dev.usage.report.CreditUsageReport;
import dev.usage.report.ReportAccessDeniedException;
import dev.usage.report.Scope;
import dev.usage.report.UsageReports;
import dev.usage.report.UsageSummaryReport;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.InstantRange;
import dev.usage.time.InvalidRangeException;
import dev.usage.time.UsageRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting API and its dashboard, on {@code com.sun.net.httpserver} bound to 127.0.0.1.
 *
 * <p>Every {@code /admin} and {@code /api} request needs {@code Authorization: Bearer <key>}. A
 * request is answered in this order: an unknown path is 404 and a method other than GET or HEAD
 * 405; a missing, unknown or expired key 401; a key of another workspace, or without the scope the
 * endpoint needs, 403, with the same body whether or not that workspace exists; malformed or
 * out-of-rule parameters 400, with a message that names the parameter and its value; then the
 * report as JSON, field for field what the library's report serializes to. HEAD answers with the
 * status and headers GET would, without a body. Errors are {@code {"error": code, "message":
 * text}}; a failure inside the server is logged and answered 500 without any detail. Requests the
 * JDK's HTTP layer cannot parse at all (a malformed request line or percent-escape, an illegal
 * header name) are refused by it with its own HTML 400 before this class sees them.
 *
 * <p>Slow and stalled clients cannot take the server down (see {@link Limits}): requests run on a
 * bounded pool with a bounded queue, and a request that finds both full is answered 503; a client
 * has {@value #DEFAULT_MAX_REQ_TIME_SECONDS} s by default to send its request, and the server gives
 * up on one that stops reading its response.
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
  private static final Map<String, String[]> ASSETS = Map.of(
      "/", new String[] {"dashboard.html", "text/html; charset=utf-8"},
      "/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"},
      "/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"});
  private static final Set<String> REPORTS = Set.of("ai-usage", "sms-usage", "phone-usage", "voice-usage");
  private static final List<String> CSV_HEADER = List.of("time", "event_id", "metric", "quantity", "billable",
      "credits", "channel", "direction", "provider", "model", "phone_number", "member", "assistant", "campaign");
  private static final DimensionKey[] CSV_DIMENSIONS = {
    DimensionKey.CHANNEL, DimensionKey.DIRECTION, DimensionKey.PROVIDER, DimensionKey.MODEL,
    DimensionKey.PHONE_NUMBER, DimensionKey.MEMBER, DimensionKey.ASSISTANT, DimensionKey.CAMPAIGN
  };

  /** The trailer record's text before the row count. */
  static final String CSV_TRAILER = "# rows: ";

  /** The request time limit set when none is: the API takes no request bodies, so a request is a few hundred bytes. */
  static final int DEFAULT_MAX_REQ_TIME_SECONDS = 10;
  /**
   * The response time limit set when none is. It only catches a client that reads a trickle (one that stops reading
   * gets the write timeout); five minutes is a 366-day export many times over.
   */
  static final int DEFAULT_MAX_RSP_TIME_SECONDS = 300;
  private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
  private static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";
  // 503s are cheap, but a stalled socket that is shed still holds its thread until the request time limit: keep few
  private static final int SHED_THREADS = 2;
  private static final int SHED_QUEUE = 32;
  /** Set on a thread that answers a request the pool had no room for. */
  private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor shedder;
  private final ScheduledThreadPoolExecutor writeTimer;
  private final Limits limits;
  private final UsageReports reports;
  private final UsageStore store;
  private final ApiKeys keys;
  private final Clock clock;

  private ReportingServer(HttpServer server, Limits limits, UsageReports reports, UsageStore store, ApiKeys keys,
      Clock clock) {
    this.server = server;
    this.limits = limits;
    this.reports = reports;
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.shedder = new ThreadPoolExecutor(SHED_THREADS, SHED_THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(SHED_QUEUE), daemons("usage-http-busy-"), new ThreadPoolExecutor.AbortPolicy());
    this.workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(limits.queue()), daemons("usage-http-"), shed());
    this.writeTimer = new ScheduledThreadPoolExecutor(1, daemons("usage-http-write-timeout-"));
    shedder.allowCoreThreadTimeOut(true);
    workers.allowCoreThreadTimeOut(true);
    writeTimer.setRemoveOnCancelPolicy(true);
  }

  /**
   * How much work the server takes on and how long it waits for a client that stopped reading.
   *
   * <p>Every request holds a worker thread while it is read, computed and written: the JDK server
   * hands a connection to a worker as soon as its first byte arrives and reads the rest blocking,
   * and the reports block on the store. So the pool is sized for waiting, not for CPUs: the
   * default 32 workers leave room for dozens of stalled sockets and unread downloads, each freed
   * by the time limits, while other requests go on. A request that finds every worker busy waits
   * in the queue; one that finds the queue full too is answered 503 with {@code Retry-After}.
   *
   * <p>The time to send a request is the JDK's {@code sun.net.httpserver.maxReqTime}, JVM-wide;
   * see {@link ReportingServer#start(UsageReports, UsageStore, ApiKeys, int, Clock, Limits)}.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param workers threads that run requests, 1 to 1,000
   * @param queue requests that may wait for a worker, 1 to 100,000
   * @param writeTimeout how long one write to a client may block before the server closes the
   *     connection, 1 ms to 1 hour
   */
  record Limits(int workers, int queue, Duration writeTimeout) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is out of its range
     */
    Limits {
      requireNonNull(writeTimeout, "writeTimeout");
      if (workers < 1 || workers > 1_000) {
        throw new IllegalArgumentException("workers must be 1 to 1000 but was " + workers);
      }
      if (queue < 1 || queue > 100_000) {
        throw new IllegalArgumentException("queue must be 1 to 100000 but was " + queue);
      }
      if (writeTimeout.compareTo(Duration.ofMillis(1)) < 0 || writeTimeout.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("write timeout must be 1 ms to 1 hour but was " + writeTimeout);
      }
    }

    /** Returns 32 workers, a queue of 64 and a 10 s write timeout. */
    static Limits defaults() {
      return new Limits(32, 64, Duration.ofSeconds(10));
    }

    /** Returns these limits with another write timeout. */
    Limits withWriteTimeout(Duration timeout) {
      return new Limits(workers, queue, timeout);
    }
  }

  /**
   * Starts the server with {@linkplain Limits#defaults() the default limits}.
   *
   * @param reports the reports it serves
   * @param store the store the CSV export scans
   * @param keys the keys it accepts
   * @param port the port on 127.0.0.1, or 0 for any free one
   * @param clock gives the default ranges
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static ReportingServer start(UsageReports reports, UsageStore store, ApiKeys keys, int port, Clock clock)
      throws IOException {
    return start(reports, store, keys, port, clock, Limits.defaults());
  }

  /**
   * Starts the server.
   *
   * <p>The JDK server reads its own time limits from system properties, once, when the JVM's first
   * {@code HttpServer} is created: {@code sun.net.httpserver.maxReqTime}, the seconds a connection
   * has from its first byte to the end of its request (a connection that sends nothing is closed
   * as soon), and {@code sun.net.httpserver.maxRspTime}, the seconds from the end of the request to
   * the end of the response. This method sets {@value #DEFAULT_MAX_REQ_TIME_SECONDS} and
   * {@value #DEFAULT_MAX_RSP_TIME_SECONDS} for those not set already, before it creates its server;
   * to change them, pass {@code -Dsun.net.httpserver.maxReqTime=N} to the JVM. They do not apply if
   * another {@code HttpServer} was created earlier in the JVM without them.
   *
   * @param reports the reports it serves
   * @param store the store the CSV export scans
   * @param keys the keys it accepts
   * @param port the port on 127.0.0.1, or 0 for any free one
   * @param clock gives the default ranges
   * @param limits its pool, queue and write timeout
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static ReportingServer start(UsageReports reports, UsageStore store, ApiKeys keys, int port, Clock clock,
      Limits limits) throws IOException {
    requireNonNull(limits, "limits");
    defaultJdkLimits();
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ReportingServer s = new ReportingServer(http, limits, requireNonNull(reports, "reports"),
        requireNonNull(store, "store"), requireNonNull(keys, "keys"), requireNonNull(clock, "clock"));
    http.createContext("/", s::handle);
    http.setExecutor(s.workers);
    http.start();
    return s;
  }

  private static synchronized void defaultJdkLimits() {
    if (System.getProperty(MAX_REQ_TIME) == null) {
      System.setProperty(MAX_REQ_TIME, Integer.toString(DEFAULT_MAX_REQ_TIME_SECONDS));
    }
    if (System.getProperty(MAX_RSP_TIME) == null) {
      System.setProperty(MAX_RSP_TIME, Integer.toString(DEFAULT_MAX_RSP_TIME_SECONDS));
    }
  }

  /** Returns the time a client has to send its request, as the JDK reads it; see {@link #start}. */
  static Duration requestTimeLimit() {
    return Duration.ofSeconds(Long.getLong(MAX_REQ_TIME, DEFAULT_MAX_REQ_TIME_SECONDS));
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger threads = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Returns the pool's answer to a full queue: the request still has to be read before it can be
   * answered, so it goes to a small second pool whose threads answer 503. When that one is full
   * too, the JDK server closes the connection.
   */
  private RejectedExecutionHandler shed() {
    return (exchange, pool) -> {
      if (pool.isShutdown()) {
        throw new RejectedExecutionException("the reporting server is stopping");
      }
      shedder.execute(() -> {
        SHEDDING.set(Boolean.TRUE);
        try {
          exchange.run();
        } finally {
          SHEDDING.remove();
        }
      });
    };
  }

  /** Returns the port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Returns the keys it accepts; issue more at any time. */
  ApiKeys keys() {
    return keys;
  }

  /** Returns how many workers are running a request, for tests that must know the pool is really taken. */
  int busyWorkers() {
    return workers.getActiveCount();
  }

  /** Returns how many requests wait for a worker. */
  int queuedRequests() {
    return workers.getQueue().size();
  }

  /** Stops accepting requests and lets running ones finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
    shedder.shutdownNow();
    writeTimer.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    boolean abort = false;
    try {
      if (SHEDDING.get() != null) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        sendError(exchange, 503, "overloaded", "the server is busy: " + limits.workers() + " requests are running and "
            + limits.queue() + " waiting; retry in a moment");
        return;
      }
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
        log.error("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
        sendError(exchange, 500, "internal_error", "the server failed to answer; see its log");
      }
    } catch (AbortedResponse e) {
      // thrown out of the handler, the JDK server closes the connection without ending the chunked body
      abort = true;
      throw e;
    } catch (IOException e) {
      // a client that hangs up or stops reading is not the server's fault: no stack trace
      log.debug("client went away during {} {}: {}", exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(), e.toString());
    } finally {
      if (!abort) {
        exchange.close();
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String[] asset = ASSETS.get(path);
    if (asset != null) {
      requireGet(exchange);
      sendAsset(exchange, asset[0], asset[1]);
      return;
    }
    List<String> p = segments(path);
    if (p.equals(List.of("admin", "usage", "summary"))) {
      requireGet(exchange);
      summary(exchange);
    } else if (p.equals(List.of("api", "v2", "me"))) {
      requireGet(exchange);
      me(exchange);
    } else if (p.size() == 6 && p.subList(0, 3).equals(List.of("api", "v2", "w")) && p.get(4).equals("reports")
        && REPORTS.contains(p.get(5))) {
      requireGet(exchange);
      report(exchange, p.get(3), p.get(5));
    } else if (p.size() == 7 && p.subList(0, 3).equals(List.of("api", "v2", "w")) && p.get(4).equals("members")
        && p.get(6).equals("usage")) {
      requireGet(exchange);
      memberUsage(exchange, p.get(3), p.get(5));
    } else if (p.size() == 6 && p.subList(0, 3).equals(List.of("api", "v2", "w")) && p.get(4).equals("billing")
        && Set.of("billable-metrics", "credit-usage", "transactions.csv").contains(p.get(5))) {
      requireGet(exchange);
      billing(exchange, p.get(3), p.get(5));
    } else {
      throw new Problem(404, "not_found", "no endpoint at " + path);
    }
  }

  private void summary(HttpExchange exchange) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    Caller caller = key.caller();
    requireScope(caller, Scope.BILLING_MANAGE);
    Map<String, String> q = query(exchange, "from", "to");
    UsageSummaryReport report;
    if (!q.containsKey("from") && !q.containsKey("to")) {
      report = reports.summary(caller, key.tenant());
    } else {
      UsageRange monthToDate = UsageSummaryReport.defaultRange(clock);
      InstantRange range = InstantRange.parse(
          q.getOrDefault("from", monthToDate.startInstant().toString()),
          q.getOrDefault("to", monthToDate.endInstant().toString()));
      report = reports.summary(caller, key.tenant(), range.toUsageRange());
    }
    sendJson(exchange, 200, report);
  }

  private void me(HttpExchange exchange) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    query(exchange);
    ObjectNode node = JSON.createObjectNode();
    node.put("organization", key.tenant().organization());
    node.put("workspace", key.tenant().workspace());
    node.put("name", key.name());
    key.scopeKeys().forEach(node.putArray("scopes")::add);
    node.put("member", key.member().orElse(null));
    node.put("expires_at", key.expiresAt().toString());
    sendJson(exchange, 200, node);
  }

  private void report(HttpExchange exchange, String workspace, String name) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    Caller caller = key.caller();
    TenantId tenant = requireWorkspace(key, workspace);
    requireScope(caller, Scope.ANALYTICS_READ);
    Optional<UsageRange> range = dates(query(exchange, "start_date", "end_date"));
    Object report = switch (name) {
      case "ai-usage" -> range.map(r -> reports.aiUsage(caller, tenant, r)).orElseGet(() -> reports.aiUsage(caller,
          tenant));
      case "sms-usage" -> range.map(r -> reports.smsUsage(caller, tenant, r))
          .orElseGet(() -> reports.smsUsage(caller, tenant));
      case "phone-usage" -> range.map(r -> reports.phoneUsage(caller, tenant, r))
          .orElseGet(() -> reports.phoneUsage(caller, tenant));
      default -> range.map(r -> reports.voiceUsage(caller, tenant, r))
          .orElseGet(() -> reports.voiceUsage(caller, tenant));
    };
    sendJson(exchange, 200, report);
  }

  private void memberUsage(HttpExchange exchange, String workspace, String member) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    Caller caller = key.caller();
    TenantId tenant = requireWorkspace(key, workspace);
    // Refused before the dates are parsed, as the other reports are by requireScope.
    reports.checkMemberUsage(caller, tenant, member);
    Optional<UsageRange> range = dates(query(exchange, "start_date", "end_date"));
    sendJson(exchange, 200, range.map(r -> reports.memberUsage(caller, tenant, member, r))
        .orElseGet(() -> reports.memberUsage(caller, tenant, member)));
  }

  private void billing(HttpExchange exchange, String workspace, String name) throws IOException {
    ApiKeys.ApiKey key = authenticate(exchange);
    Caller caller = key.caller();
    TenantId tenant = requireWorkspace(key, workspace);
    requireScope(caller, Scope.BILLING_MANAGE);
    switch (name) {
      case "billable-metrics" -> {
        Map<String, String> q = query(exchange, "period", "start_date", "end_date");
        Optional<UsageRange> range = dates(q);
        BillableMetricsReport report;
        if (q.containsKey("period")) {
          if (range.isPresent()) {
            throw new Problem(400, "bad_request", "give either period or start_date and end_date, not both");
          }
          report = reports.billableMetrics(caller, tenant, period(q.get("period")));
        } else {
          report = range.map(r -> reports.billableMetrics(caller, tenant, r))
              .orElseGet(() -> reports.billableMetrics(caller, tenant));
        }
        sendJson(exchange, 200, report);
      }
      case "credit-usage" -> {
        Map<String, String> q = query(exchange, "page", "page_size", "start_date", "end_date");
        int page = integer(q, "page", 1);
        int pageSize = integer(q, "page_size", CreditUsageReport.DEFAULT_CALL_LOG_PAGE_SIZE);
        UsageRange range = dates(q).orElseGet(() -> CreditUsageReport.defaultRange(clock));
        sendJson(exchange, 200, reports.creditUsage(caller, tenant, range, page, pageSize));
      }
      default -> transactions(exchange, tenant, dates(query(exchange, "start_date", "end_date"))
          .orElseGet(() -> BillableMetricsReport.defaultRange(clock)));
    }
  }

  /**
   * Streams every priced event of the range as CSV, newest first, a page of the store at a time,
   * then the trailer record {@code # rows: N}. Data rows start with a timestamp, so no row can be
   * taken for the trailer. A failure once the status is sent aborts the connection.
   */
  private void transactions(HttpExchange exchange, TenantId tenant, UsageRange range) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8; header=present");
    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"transactions-"
        + tenant.workspace() + "-" + range.start() + "-" + range.endInclusive() + ".csv\"");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (isHead(exchange)) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    ScanQuery query = ScanQuery.firstPage(tenant, range.startInstant(), range.endInstant(), EventFilter.all(),
        ScanQuery.MAX_PAGE_SIZE);
    // the first page before the status: a store that is down gets a 500, not a 200 cut short
    EventPage page = store.scan(query);
    exchange.sendResponseHeaders(200, 0);
    Writer w = new OutputStreamWriter(body(exchange), StandardCharsets.UTF_8);
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
      log.error("transactions export of {} over {} failed after {} rows; cutting the connection", tenant, range,
          rows, e);
      throw new AbortedResponse(e);
    }
    // only now does the chunked body end: a client sees a complete response exactly when it got every row
    w.close();
  }

  private ApiKeys.ApiKey authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized("missing API key: send the header Authorization: Bearer <key>");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw unauthorized("the Authorization header must be Bearer <key>");
    }
    ApiKeys.ApiKey key = keys.find(header.substring(7).trim())
        .orElseThrow(() -> unauthorized("invalid API key"));
    if (keys.isExpired(key)) {
      throw unauthorized("API key '" + key.name() + "' of workspace " + key.tenant().workspace() + " expired at "
          + key.expiresAt());
    }
    return key;
  }

  private static Problem unauthorized(String message) {
    return new Problem(401, "unauthorized", message);
  }

  /**
   * Returns the key's tenant if the path names its workspace. Anything else is refused with one
   * message, decided before any lookup, so that the answer is the same whether the other workspace
   * exists or not.
   */
  private static TenantId requireWorkspace(ApiKeys.ApiKey key, String workspace) {
    if (!key.tenant().workspace().equals(workspace)) {
      throw new Problem(403, "forbidden", "this key may read only its own workspace's reports");
    }
    return key.tenant();
  }

  private static void requireScope(Caller caller, Scope scope) {
    if (!caller.has(scope)) {
      throw new Problem(403, "forbidden", "this report needs scope " + scope.key());
    }
  }

  private static void requireGet(HttpExchange exchange) {
    if (!exchange.getRequestMethod().equals("GET") && !isHead(exchange)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      throw new Problem(405, "method_not_allowed", "method " + exchange.getRequestMethod() + " is not allowed on "
          + exchange.getRequestURI().getRawPath() + "; use GET or HEAD");
    }
  }

  private static boolean isHead(HttpExchange exchange) {
    return exchange.getRequestMethod().equals("HEAD");
  }

  /** Returns the inclusive day range of {@code start_date} and {@code end_date}, or empty when both are absent. */
  private static Optional<UsageRange> dates(Map<String, String> q) {
    String start = q.get("start_date");
    String end = q.get("end_date");
    if (start == null && end == null) {
      return Optional.empty();
    }
    if (start == null || end == null) {
      throw new Problem(400, "bad_request", "start_date and end_date go together, but only "
          + (start == null ? "end_date=" + end : "start_date=" + start) + " was given");
    }
    return Optional.of(UsageRange.parse(start, end));
  }

  private static BillablePeriod period(String value) {
    for (BillablePeriod p : BillablePeriod.values()) {
      if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
        return p;
      }
    }
    throw new Problem(400, "bad_request", "unknown period '" + value
        + "', expected today, last_7_days, this_month or last_month");
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
  private static Map<String, String> query(HttpExchange exchange, String... allowed) {
    String raw = exchange.getRequestURI().getRawQuery();
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

  /** Splits a raw path into decoded segments; {@code %2F} stays inside its segment. */
  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s.replace("+", "%2B")));
      }
    }
    return out;
  }

  private void sendAsset(HttpExchange exchange, String name, String contentType) throws IOException {
    byte[] body;
    try (InputStream in = ReportingServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + WEB + name + " is missing from the jar");
      }
      body = in.readAllBytes();
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // the key may arrive in the page's URL: keep it out of other sites' Referer headers
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    send(exchange, 200, body);
  }

  private void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JSON.writeValue(bytes, value);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    send(exchange, status, bytes.toByteArray());
  }

  private void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
    if (status == 401) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"usage\"");
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("error", code);
    body.put("message", message);
    sendJson(exchange, status, body);
  }

  private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (isHead(exchange)) {
      // GET's headers without the body; the JDK wants a HEAD's length set by hand and -1 passed, or it warns
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = body(exchange)) {
      out.write(body);
    }
  }

  /** Returns the response body, guarded by the write timeout. */
  private OutputStream body(HttpExchange exchange) {
    return new WriteTimeoutOutputStream(exchange.getResponseBody(), writeTimer, limits.writeTimeout());
  }

  /**
   * A response that failed after its status was sent. Thrown out of the handler, so that the JDK
   * server closes the connection instead of ending the body cleanly.
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
