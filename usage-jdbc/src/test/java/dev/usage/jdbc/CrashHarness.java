package dev.usage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts, watches and kills {@link CrashingWriter} processes that share one acknowledgement file
 * and one log.
 *
 * <p>This class is not thread-safe.
 */
final class CrashHarness {

  /** The exit status of a process killed by SIGKILL (128 + 9). */
  static final int SIGKILLED = 137;

  private final CrashingWriter.Mode mode;
  private final String url;
  private final String schema;
  private final Path acks;
  private final Path log;

  /**
   * @param mode the writer's workload
   * @param url the JDBC URL the writer connects to
   * @param schema the PostgreSQL schema, or {@code -} on H2
   * @param dir where the acknowledgement file and the writers' log go
   */
  CrashHarness(CrashingWriter.Mode mode, String url, String schema, Path dir) {
    this.mode = mode;
    this.url = url;
    this.schema = schema;
    this.acks = dir.resolve("acks.txt");
    this.log = dir.resolve("writer.log");
  }

  /** Starts a writer of batches {@code from} to {@code to}, inclusive, with this JVM's test classpath. */
  Process start(int from, int to) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // C1 only: the writer lives a second or two, and C2 would compete for the two cores of CI.
    return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CrashingWriter.class.getName(), mode.name(), url, schema, acks.toString(), Integer.toString(from),
        Integer.toString(to))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /**
   * Returns the greatest acknowledged batch number, or -1 if none; checks that the acknowledged
   * numbers run from 0 without gaps. A line the writer was killed in the middle of is not counted.
   */
  int lastAcked() throws IOException {
    if (!Files.exists(acks)) {
      return -1;
    }
    String text = Files.readString(acks, StandardCharsets.US_ASCII);
    int complete = text.lastIndexOf('\n') + 1;
    List<String> lines = text.substring(0, complete).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      assertThat(Integer.parseInt(lines.get(i))).as("acknowledgement %s of %s", i, acks).isEqualTo(i);
    }
    return lines.size() - 1;
  }

  /**
   * Waits until the writer acknowledged a batch after {@code batch}, and returns the last one.
   *
   * @throws AssertionError if the writer exits or the timeout passes first
   */
  int awaitAckAfter(Process writer, int batch, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int acked = lastAcked();
      if (acked > batch) {
        return acked;
      }
      if (!writer.isAlive()) {
        fail("the writer exited with " + writer.exitValue() + " before acknowledging a batch after " + batch
            + "; its log:\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        fail("the writer acknowledged no batch after " + batch + " within " + timeout + "; its log:\n" + logTail());
      }
      Thread.sleep(5);
    }
  }

  /** Kills a running writer with SIGKILL and waits for it to die; fails if it was no longer running. */
  void kill(Process writer) throws InterruptedException {
    assertThat(writer.isAlive()).as("the writer was still running when it was to be killed").isTrue();
    writer.destroyForcibly();
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the killed writer died").isTrue();
    assertThat(writer.exitValue()).as("the writer's exit status (137 is SIGKILL)").isEqualTo(SIGKILLED);
  }

  /** Returns how many failed writes the writers retried, from their log. */
  long retries() throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.startsWith(CrashingWriter.RETRY)).count();
    }
  }

  /** Returns the end of the writers' log, for failure messages. */
  String logTail() throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
