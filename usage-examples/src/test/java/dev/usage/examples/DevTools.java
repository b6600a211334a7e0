package dev.usage.examples;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One headless Chromium page driven over the DevTools protocol, for the browser tests that must
 * click as a person does rather than load the link a click would follow: the page is loaded once,
 * a mouse click is dispatched at an element's centre, and its scripts react in place.
 *
 * <p>The browser listens on a port it picks ({@code --remote-debugging-port=0}) and writes it to
 * {@code DevToolsActivePort} in its profile; the page target's WebSocket then takes JSON commands
 * ({@code Page.navigate}, {@code Runtime.evaluate}, {@code Input.dispatchMouseEvent}), each
 * answered by a message with its id.
 *
 * <p>This class is not thread-safe.
 */
final class DevTools implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private DevTools(Process process, WebSocket.Builder builder, URI page) {
    this.process = process;
    this.socket = builder.buildAsync(page, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /**
   * Starts Chromium on a blank page with its profile under {@code dir}.
   *
   * @param binary the browser
   * @param dir where its profile goes
   * @return the page, ready for commands
   */
  static DevTools start(Path binary, Path dir) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("devtools"));
    Path port = profile.resolve("DevToolsActivePort");
    Files.deleteIfExists(port);
    Process p = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,2400",
        "about:blank"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("devtools-stderr.txt").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      // the file is written once the port is open: its first line is the port
      while (!Files.exists(port) || Files.readAllLines(port).isEmpty()) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          fail("chromium wrote no DevToolsActivePort within " + TIMEOUT + " (alive: " + p.isAlive() + ")");
        }
        Thread.sleep(50);
      }
      int number = Integer.parseInt(Files.readAllLines(port, StandardCharsets.UTF_8).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + number + "/json/list")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode t : targets) {
        if (t.path("type").asText().equals("page")) {
          return new DevTools(p, http.newWebSocketBuilder().connectTimeout(TIMEOUT),
              URI.create(t.path("webSocketDebuggerUrl").asText()));
        }
      }
      throw new AssertionError("chromium has no page target: " + targets);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** Sends a command and returns its result, failing on a protocol error. */
  JsonNode send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    JsonNode reply;
    try {
      reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(method + " had no answer within " + TIMEOUT, e);
    } catch (Exception e) {
      throw new AssertionError(method + " failed", e);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) {
      throw new AssertionError(method + " answered " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** Loads {@code url} in the page. */
  void navigate(String url) {
    send("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value as JSON; a thrown error fails. */
  JsonNode evaluate(String expression) {
    JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError("'" + expression + "' threw " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Waits until a JavaScript expression is true in the page, polling every 50 ms. */
  void waitUntil(String expression) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    // the page may be between documents while it navigates: an error then is not the answer
    while (!isTrue(expression)) {
      if (System.nanoTime() > deadline) {
        fail("'" + expression + "' was not true within " + TIMEOUT + "; the page: "
            + evaluate("document.body ? document.body.outerHTML.slice(0, 2000) : 'no body'"));
      }
      Thread.sleep(50);
    }
  }

  private boolean isTrue(String expression) {
    try {
      return evaluate(expression).asBoolean(false);
    } catch (AssertionError e) {
      return false;
    }
  }

  /**
   * Clicks the centre of the first element {@code selector} matches with the left mouse button,
   * as a person does: pressed and released at the point, after scrolling it into view.
   */
  void click(String selector) {
    String quoted = JSON.valueToTree(selector).toString();
    JsonNode box = evaluate("(() => { const e = document.querySelector(" + quoted + ");"
        + " if (!e) { throw new Error('nothing matches ' + " + quoted + "); }"
        + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()");
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      ObjectNode event = JSON.createObjectNode().put("type", type).put("x", box.path("x").asDouble())
          .put("y", box.path("y").asDouble());
      if (!type.equals("mouseMoved")) {
        event.put("button", "left").put("clickCount", 1);
      }
      send("Input.dispatchMouseEvent", event);
    }
  }

  /** Returns the page's DOM as it is now. */
  Dom dom() {
    return new Dom(evaluate("document.documentElement.outerHTML").asText());
  }

  @Override
  public void close() {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Collects each message's frames and completes the command it answers; events are ignored. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          CompletableFuture<JsonNode> answer = message.has("id") ? pending.get(message.get("id").asInt()) : null;
          if (answer != null) {
            answer.complete(message);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
