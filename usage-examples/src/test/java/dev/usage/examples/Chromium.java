package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the browser tests: one process per page load, which prints the page's DOM
 * once its scripts are done, or saves a screenshot.
 *
 * <p>A missing {@code /usr/bin/chromium} skips the calling test class, saying so, unless {@code
 * USAGE_REQUIRE_BROWSER=true}, in which case it fails the build (CI installs the Debian package
 * {@code chromium}).
 *
 * <p>This class is not thread-safe.
 */
final class Chromium {

  /** The browser; {@code -Dusage.chromium=...} points elsewhere, e.g. to check the skip. */
  private static final Path BINARY = Path.of(System.getProperty("usage.chromium", "/usr/bin/chromium"));
  private static final long TIMEOUT_SECONDS = 60;

  private final Path profile;

  private Chromium(Path profile) {
    this.profile = profile;
  }

  /**
   * Returns a browser with its profile under {@code dir}, or aborts the test class if there is
   * none (fails it if a browser is required).
   */
  static Chromium requireOrSkip(Class<?> testClass, Path dir) {
    if (!Files.isExecutable(BINARY)) {
      String why = "no headless browser at " + BINARY + " (Debian package chromium)";
      if ("true".equals(System.getenv("USAGE_REQUIRE_BROWSER"))) {
        fail("USAGE_REQUIRE_BROWSER=true, but there is " + why);
      }
      System.err.println("SKIPPED " + testClass.getSimpleName() + ": " + why
          + "; set USAGE_REQUIRE_BROWSER=true to fail instead");
      Assumptions.abort(why);
    }
    return new Chromium(dir);
  }

  /** Returns the directory the screenshots go to: {@code -Dusage.screenshots=...}, else {@code target/screenshots}. */
  static Path screenshots() throws IOException {
    Path dir = Path.of(System.getProperty("usage.screenshots", "target/screenshots")).toAbsolutePath();
    Files.createDirectories(dir);
    return dir;
  }

  /** Loads the page and returns its DOM as serialized once its scripts have run. */
  Dom dom(String url) throws IOException, InterruptedException {
    return new Dom(run("--dump-dom", url));
  }

  /** Starts a page driven over the DevTools protocol, for tests that click; close it when done. */
  DevTools devTools() throws IOException, InterruptedException {
    return DevTools.start(BINARY, profile);
  }

  /** Loads the page and saves a PNG of a window {@code width} by {@code height} pixels. */
  void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    run("--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars", url);
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile.resolve("chromium"), "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(profile, "stdout", ".html");
    Path err = profile.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
    }
    assertThat(p.exitValue()).as("chromium exit code; stderr in %s", err).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
