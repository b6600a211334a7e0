package dev.usage.benchmarks.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The samples of one shot: every {@value #INTERVAL_MILLIS} ms, the records the group stored, the
 * consumer lag (committed and as the workers last measured it) and how busy the machine's cores
 * were, appended as CSV rows to the file named by {@value #CSV} when it is set.
 *
 * <p>The committed lag (each partition's end offset minus the group's committed offset, what
 * {@code kafka-consumer-groups --describe} shows) is exact at each sample; the workers' own lag
 * ({@code IngestWorker.stats().lag()}) is what each measured after its last poll, at most once a
 * second, and is 0 for a worker that has not polled yet. Both are written, so that a reader sees
 * how far the workers' view trails.
 *
 * <p>This class is not thread-safe: the benchmark's thread samples while it waits.
 */
final class LagLog {

  /** The environment variable naming the CSV file the samples are appended to. */
  static final String CSV = "USAGE_BENCH_LAG_CSV";

  /** How often a shot is sampled. */
  static final long INTERVAL_MILLIS = 250;

  private static final String HEADER =
      "store,workers,shot,t_ms,stored_records,committed_lag,worker_lag,cpu_busy_pct,jvm_cpu_pct,load1";

  private final String label;
  private final long started;
  private final List<String> rows = new ArrayList<>();
  private final com.sun.management.OperatingSystemMXBean os = ManagementFactory
      .getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
  private long[] lastCpu;
  private long lastProcessCpu;
  private long lastSample;
  private double busySum;
  private int busyCount;

  /**
   * Starts sampling a shot.
   *
   * @param label {@code store,workers,shot}, the rows' first columns
   * @param started {@link System#nanoTime()} when the shot started
   */
  LagLog(String label, long started) {
    this.label = label;
    this.started = started;
    this.lastCpu = cpuTicks().orElse(null);
    this.lastProcessCpu = os.getProcessCpuTime();
    this.lastSample = started;
  }

  /**
   * Adds a sample.
   *
   * @param stored records the workers stored and committed so far
   * @param committedLag records past the group's committed offsets, over every partition
   * @param workerLag the sum of the workers' last measured lag
   */
  void sample(long stored, long committedLag, long workerLag) {
    long now = System.nanoTime();
    double busy = -1;
    Optional<long[]> cpu = cpuTicks();
    if (cpu.isPresent() && lastCpu != null) {
      long[] c = cpu.get();
      long total = c[0] - lastCpu[0];
      long idle = c[1] - lastCpu[1];
      if (total > 0) {
        busy = 100.0 * (total - idle) / total;
        busySum += busy;
        busyCount++;
      }
      lastCpu = c;
    }
    long processCpu = os.getProcessCpuTime();
    // Percent of one core: 200 is both of a 2-core machine's cores.
    double jvm = now > lastSample ? 100.0 * (processCpu - lastProcessCpu) / (now - lastSample) : -1;
    lastProcessCpu = processCpu;
    lastSample = now;
    rows.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.0f,%.0f,%.2f", label, (now - started) / 1_000_000,
        stored, committedLag, workerLag, busy, jvm, os.getSystemLoadAverage()));
  }

  /** {@return the mean share of the machine's cores that were busy over the samples, in percent, or -1} */
  double meanBusyPercent() {
    return busyCount == 0 ? -1 : busySum / busyCount;
  }

  /** {@return the samples as CSV rows, without the header} */
  List<String> rows() {
    return List.copyOf(rows);
  }

  /** Appends the samples to the file of {@value #CSV}, with a header if the file is new. */
  void write() {
    String file = System.getenv(CSV);
    if (file == null || file.isBlank()) {
      return;
    }
    Path path = Path.of(file);
    try {
      if (!Files.exists(path)) {
        Files.writeString(path, HEADER + "\n", StandardCharsets.UTF_8);
      }
      Files.write(path, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lag samples to " + path, e);
    }
  }

  /** Reads the machine's CPU time from {@code /proc/stat}: all ticks, and the idle and iowait ones. */
  private static Optional<long[]> cpuTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
      String[] f = line.trim().split("\\s+");
      long total = 0;
      // user nice system idle iowait irq softirq steal; guest time is already in user
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
        total += Long.parseLong(f[i]);
      }
      return Optional.of(new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])});
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not Linux: the CPU column stays -1
    }
  }
}
