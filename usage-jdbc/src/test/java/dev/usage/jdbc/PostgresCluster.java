package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The server of the PostgreSQL test cluster, for tests that restart or crash it: its binaries and
 * data directory, which {@code .ci/postgres.sh start} exports as {@value #BIN} and {@value #DATA}.
 *
 * <p>This class is immutable and thread-safe.
 */
final class PostgresCluster {

  static final String BIN = "USAGE_TEST_POSTGRES_BIN";
  static final String DATA = "USAGE_TEST_POSTGRES_DATA";

  private final String bin;
  private final Path data;

  private PostgresCluster(String bin, Path data) {
    this.bin = bin;
    this.data = data;
  }

  /**
   * Returns the cluster's server, skipping the calling test when PostgreSQL tests do not run or the
   * data directory is unknown (failing it instead when {@code USAGE_REQUIRE_POSTGRES=true}).
   */
  static PostgresCluster require() {
    TestDatabase.postgresUrl();
    String data = System.getenv(DATA);
    if (data == null || data.isBlank()) {
      String why = DATA + " is not set, so the test cannot restart the server; start the cluster with "
          + "eval \"$(bash .ci/postgres.sh start)\", which exports it";
      if ("true".equalsIgnoreCase(System.getenv(TestDatabase.REQUIRE_POSTGRES))) {
        fail(why + " (" + TestDatabase.REQUIRE_POSTGRES + "=true)");
      }
      Assumptions.abort(why);
    }
    String bin = System.getenv(BIN);
    return new PostgresCluster(bin == null || bin.isBlank() ? "" : bin + "/", Path.of(data));
  }

  /**
   * Stops the server with {@code pg_ctl restart -m <mode>} and waits until it accepts connections
   * again. {@code immediate} kills every server process without a checkpoint, as a crash does, so
   * the server replays its WAL on start; {@code fast} shuts down cleanly.
   *
   * @param mode {@code immediate} or {@code fast}
   * @return how long the server was away, in milliseconds
   */
  long restart(String mode) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // .ci/postgres.sh runs the server as an unprivileged owner when root; pg_ctl refuses root.
      cmd.addAll(List.of("runuser", "-u", Files.getOwner(data).getName(), "--"));
    }
    // The server's log goes where .ci/postgres.sh puts it: a server writing to this JVM's pipe would
    // keep the pipe open and die of SIGPIPE when the JVM exits. restart reuses the options of the
    // last start (postmaster.opts), so the port and fsync stay as the script set them.
    Path log = data.resolveSibling("server.log");
    cmd.addAll(List.of(bin + "pg_ctl", "-D", data.toString(), "-l", log.toString(), "-w", "restart", "-m", mode));
    long started = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pg_ctl restart -m %s finished", mode).isTrue();
    assertThat(p.exitValue()).as("pg_ctl restart -m %s exit code", mode).isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
