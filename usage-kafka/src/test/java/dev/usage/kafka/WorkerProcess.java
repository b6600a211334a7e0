package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkerMain} in a JVM of its own, with this test JVM's class path, that a test can kill
 * with SIGKILL or pause with SIGSTOP.
 *
 * <p>This class is thread-safe.
 */
final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals("ready") || line.startsWith("stored ")) {
            lines.add(line);
          } else {
            System.out.println("[worker " + process.pid() + "] " + line);
          }
        }
      } catch (IOException e) {
        // the process died
      }
    }, "worker-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static WorkerProcess start(KafkaCluster kafka, String topic, String deadLetters, String group, TestPostgres db,
      String clientId, long pauseAfterStoreMillis) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
        kafka.bootstrap(), topic, deadLetters, group, db.url(), db.schema(), clientId,
        Long.toString(pauseAfterStoreMillis)));
    WorkerProcess worker = new WorkerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    worker.await("ready", 60);
    return worker;
  }

  /** Waits for an output line that starts with {@code prefix}; fails after {@code seconds}. */
  String await(String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      assertThat(process.isAlive() || !lines.isEmpty()).as("worker process %s is alive", process.pid()).isTrue();
    }
    throw new AssertionError("worker process " + process.pid() + " did not print '" + prefix + "' within "
        + seconds + " s");
  }

  /**
   * Drops the lines printed so far and waits for a new one that starts with {@code prefix}, so
   * that what follows happens close after the process printed it.
   */
  String awaitNext(String prefix, int seconds) throws InterruptedException {
    lines.clear();
    return await(prefix, seconds);
  }

  long pid() {
    return process.pid();
  }

  /** Kills the process with SIGKILL, as the kernel's OOM killer or a lost machine does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed worker exited").isTrue();
  }

  /** Sends a signal such as {@code STOP} or {@code CONT} to the process. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", name, process.pid()).isZero();
  }

  /** Stops the process with SIGTERM, which closes its worker gracefully. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
