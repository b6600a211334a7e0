package dev.usage.examples;

import static dev.usage.examples.ServerFixture.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportingServer} against clients that stall, stop reading, read a trickle or hang up,
 * and a store that fails mid-export (issue 18). Each test starts its own server over the shared fixture's data and
 * first checks that its fault really happened.
 */
class ReportingServerFaultsTest {

  private static final int STALLED = 20;
  private static final int UNREAD = 4;
  private static ServerFixture fx;
  private static String ws;

  @BeforeAll
  static void start() throws IOException {
    fx = ServerFixture.shared();
    ws = "/api/v2/w/" + fx.tenant().workspace();
  }

  private static ReportingServer server(UsageStore store, ReportingServer.Limits limits) throws IOException {
    return ReportingServer.start(fx.session.reports(), store, fx.server.keys(),
        Organizations.of(fx.session.platform().workspaces()), 0, fx.clock, limits);
  }

  private static UsageRange month() {
    LocalDate today = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
    return UsageRange.of(today.minusDays(30), today);
  }

  private static String csvPath() {
    UsageRange range = month();
    return ws + "/billing/transactions.csv?start_date=" + range.start() + "&end_date=" + range.endInclusive();
  }

  @Test
  void stalledSocketsAndUnreadDownloads_otherRequestsAnswerInTheirUsualTime() throws Exception {
    Duration idleTimeout = Duration.ofSeconds(3);
    RepeatingStore store = new RepeatingStore(fx.session.store().store(), 2_000);
    try (ReportingServer server = server(store, ReportingServer.Limits.defaults().withIdleTimeout(idleTimeout));
        Clients clients = new Clients()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long[] before = timeRequests(http, server, 20);

      for (int i = 0; i < STALLED; i++) {
        clients.stall(server.port());
      }
      for (int i = 0; i < UNREAD; i++) {
        clients.downloadWithoutReading(server.port(), csvPath());
      }
      // the fault happened: every socket is connected, and each download holds a worker, blocked in a
      // write, for the store is asked for no further page
      await(() -> server.openConnections() >= STALLED + UNREAD && server.runningRequests() == UNREAD
          && store.scans.get() >= UNREAD, Duration.ofSeconds(10));
      long scans;
      do {
        scans = store.scans.get();
        Thread.sleep(500);
      } while (store.scans.get() != scans);
      int connections = server.openConnections();
      int running = server.runningRequests();
      long[] during = timeRequests(http, server, 40);

      System.out.printf("slow clients: %d stalled sockets and %d unread downloads held %d connections and %d workers;"
          + " normal requests took median %d ms, max %d ms (before: median %d ms, max %d ms)%n", STALLED, UNREAD,
          connections, running, during[during.length / 2], during[during.length - 1], before[before.length / 2],
          before[before.length - 1]);
      assertThat(connections).isGreaterThanOrEqualTo(STALLED + UNREAD);
      assertThat(running).isEqualTo(UNREAD);
      // each would have waited for the idle timeout (seconds) if the server had been starved
      assertThat(during[during.length - 1]).isLessThan(2_000);

      // and the server frees itself: the idle timeout closes the stalled sockets and ends the blocked
      // writes of the unread downloads, none of which ever sees the end of its export
      Duration limit = idleTimeout.plusSeconds(5);
      await(() -> server.runningRequests() == 0, limit);
      clients.assertEachClosedByTheServer(limit);
    }
  }

  @Test
  void fullWorkersAndQueue_is503WithAJsonBody() throws Exception {
    try (ReportingServer server = server(new RepeatingStore(fx.session.store().store(), 2_000),
            new ReportingServer.Limits(2, 1, Duration.ofSeconds(30), Duration.ofSeconds(300)));
        Clients clients = new Clients()) {
      // two unread downloads take both workers; the third waits
      for (int i = 0; i < 3; i++) {
        clients.downloadWithoutReading(server.port(), csvPath());
      }
      await(() -> server.runningRequests() == 2 && server.waitingRequests() == 1, Duration.ofSeconds(10));

      HttpResponse<String> busy = fx.send(server, "GET", "/api/v2/me", fx.admin);

      assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
      JsonNode body = tree(busy);
      assertThat(body.path("error").asText()).isEqualTo("overloaded");
      assertThat(body.path("message").asText()).contains("2 requests are running and 1 waiting");

      clients.hangUp();
      await(() -> server.runningRequests() == 0 && server.waitingRequests() == 0, Duration.ofSeconds(10));
      assertThat(fx.send(server, "GET", "/api/v2/me", fx.admin).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void clientReadingATrickle_isCutAtTheResponseTime() throws Exception {
    Duration responseTime = Duration.ofSeconds(2);
    try (ReportingServer server = server(new RepeatingStore(fx.session.store().store(), 2_000),
            ReportingServer.Limits.defaults().withIdleTimeout(Duration.ofSeconds(60)).withResponseTime(responseTime));
        Socket socket = request(server.port(), csvPath())) {
      // 1 KB every 50 ms: a client that keeps reading, for an export that would take hours at that rate
      InputStream in = socket.getInputStream();
      socket.setSoTimeout(50);
      long start = System.nanoTime();
      long received = 0;
      byte[] buffer = new byte[1024];
      await(() -> server.runningRequests() == 1, Duration.ofSeconds(5));
      while (server.runningRequests() > 0 || server.openConnections() > 0) {
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the server did not cut the response")
            .isLessThan(responseTime.plusSeconds(5));
        try {
          received += Math.max(0, in.read(buffer));
        } catch (SocketTimeoutException e) {
          // nothing this time
        }
        Thread.sleep(50);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      System.out.printf("trickle: the server cut a response after %d ms (response time %d ms, idle timeout 60 s);"
          + " the client had read %d bytes%n", took.toMillis(), responseTime.toMillis(), received);
      assertThat(received).as("the client was reading").isGreaterThan(10 * 1024);
      assertThat(took).isGreaterThanOrEqualTo(responseTime.minusMillis(200));
    }
  }

  @Test
  void transactionsCsv_storeFailsMidScan_theClientSeesAnIncompleteResponse() throws Exception {
    long events = fx.session.store().store().aggregate(AggregateQuery.builder(fx.tenant(), month()).build()).stream()
        .mapToLong(AggregateRow::count).sum();
    assertThat(events).as("the export must span more than one page").isGreaterThan(ScanQuery.MAX_PAGE_SIZE);
    FailingStore store = new FailingStore(fx.session.store().store(), ScanQuery.MAX_PAGE_SIZE);
    try (ReportingServer server = server(store, ReportingServer.Limits.defaults())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + csvPath()))
          .header("Authorization", "Bearer " + fx.admin).timeout(Duration.ofSeconds(30)).build();

      assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThat(store.failures.get()).isEqualTo(1);

      // the same seen on the wire: 200, the first page's rows, then the connection ends mid-body
      String raw = rawGet(server.port(), csvPath());
      assertThat(store.failures.get()).isEqualTo(2);
      assertThat(raw).startsWith("HTTP/1.1 200 ").contains("Transfer-Encoding: chunked", "time,event_id,metric");
      assertThat(raw).doesNotContain(ReportingServer.CSV_TRAILER).doesNotEndWith("\r\n0\r\n\r\n");
    }
  }

  @Test
  void transactionsCsv_storeDownFromTheStart_is500WithAJsonBody() throws Exception {
    FailingStore store = new FailingStore(fx.session.store().store(), 0);
    try (ReportingServer server = server(store, ReportingServer.Limits.defaults())) {
      HttpResponse<String> response = fx.send(server, "GET", csvPath(), fx.admin);

      assertThat(store.failures.get()).isEqualTo(1);
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(tree(response).path("error").asText()).isEqualTo("internal_error");
    }
  }

  @Test
  void transactionsCsv_completeDownload_endsWithTheRowCount() throws Exception {
    try (ReportingServer server = server(fx.session.store().store(), ReportingServer.Limits.defaults())) {
      String raw = rawGet(server.port(), csvPath());
      long events = fx.session.store().store().aggregate(AggregateQuery.builder(fx.tenant(), month()).build())
          .stream().mapToLong(AggregateRow::count).sum();

      assertThat(raw).endsWith("\r\n0\r\n\r\n");
      String body = fx.send(server, "GET", csvPath(), fx.admin).body();
      assertThat(body).endsWith("\r\n# rows: " + events + "\r\n");
      // a record starts with its timestamp; a quoted field may hold a line break of its own
      assertThat(body.lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*")).count()).isEqualTo(events);
    }
  }

  @Test
  void clientHangsUpDuringADownload_isNotLoggedAsAnError() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (ReportingServer server = server(new RepeatingStore(fx.session.store().store(), 2_000),
        ReportingServer.Limits.defaults())) {
      // slf4j-simple writes to whatever System.err is when it logs
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (Socket socket = request(server.port(), csvPath())) {
        InputStream in = socket.getInputStream();
        byte[] some = in.readNBytes(64 * 1024);
        assertThat(new String(some, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 ");
        assertThat(server.runningRequests()).as("the download is still being written").isEqualTo(1);
        socket.setSoLinger(true, 0); // hang up hard: a reset, as a killed client does
      }
      await(() -> server.runningRequests() == 0, Duration.ofSeconds(10));
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).doesNotContain("ERROR", "WARN", "\tat ");
  }

  /** Returns the sorted times, in ms, of {@code n} requests, half a report and half the cheapest endpoint. */
  private static long[] timeRequests(HttpClient http, ReportingServer server, int n) throws Exception {
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      String path = i % 2 == 0 ? "/api/v2/me" : ws + "/reports/sms-usage";
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
          .header("Authorization", "Bearer " + fx.admin).timeout(Duration.ofSeconds(20)).build();
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      millis[i] = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
    Arrays.sort(millis);
    return millis;
  }

  private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Socket request(int port, String path) throws IOException {
    Socket socket = new Socket();
    // a small window, so that an unread download fills the buffers quickly
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + fx.admin + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** Returns everything the server sends for one GET, until it closes the connection. */
  private static String rawGet(int port, String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + fx.admin + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(all);
      } catch (SocketException reset) {
        // a connection cut by the server may end in a reset rather than a FIN; what came before counts
      }
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  /** Loopback sockets that misbehave, all closed at the end. */
  private static final class Clients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    /** Connects, sends one byte of a request and nothing more. */
    void stall(int port) throws IOException {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
      sockets.add(socket);
      socket.getOutputStream().write('G');
      socket.getOutputStream().flush();
    }

    /** Asks for a long export and never reads it. */
    void downloadWithoutReading(int port, String path) throws IOException {
      sockets.add(request(port, path));
    }

    /** Reads each socket to its end, which must come from the server within {@code limit}. */
    void assertEachClosedByTheServer(Duration limit) throws IOException {
      long deadline = System.nanoTime() + limit.toNanos();
      for (Socket socket : sockets) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
          socket.getInputStream().transferTo(received);
        } catch (SocketTimeoutException e) {
          throw new AssertionError("the server did not close a slow client's connection within " + limit, e);
        } catch (SocketException reset) {
          // closed with a reset: also the server's doing
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).doesNotContain(ReportingServer.CSV_TRAILER);
      }
    }

    @Override
    public void close() {
      hangUp();
    }

    /** Closes every socket. */
    void hangUp() {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      sockets.clear();
    }
  }

  /** Serves the delegate's first page {@code pages} times over: a long export, from memory. */
  private static final class RepeatingStore extends ForwardingStore {
    final AtomicLong scans = new AtomicLong();
    private final int pages;

    RepeatingStore(UsageStore delegate, int pages) {
      super(delegate);
      this.pages = pages;
    }

    @Override
    public EventPage scan(ScanQuery query) {
      scans.incrementAndGet();
      int page = query.cursor().map(Integer::parseInt).orElse(0);
      EventPage first = delegate.scan(ScanQuery.firstPage(query.tenant(), query.from(), query.to(), query.filter(),
          query.pageSize()));
      return new EventPage(first.events(), page + 1 < pages ? Optional.of(Integer.toString(page + 1))
          : Optional.empty());
    }
  }

  /** Fails every scan once it has served {@code rows} rows, as a store that goes down mid-export. */
  private static final class FailingStore extends ForwardingStore {
    final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final long rows;

    FailingStore(UsageStore delegate, long rows) {
      super(delegate);
      this.rows = rows;
    }

    @Override
    public EventPage scan(ScanQuery query) {
      if (served.get() >= rows) {
        failures.incrementAndGet();
        served.set(0); // the next export gets as far again
        throw new IllegalStateException("simulated store failure after " + rows + " rows");
      }
      EventPage page = delegate.scan(query);
      served.addAndGet(page.events().size());
      return page;
    }
  }
}
