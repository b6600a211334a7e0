package dev.usage.benchmarks.store;

import dev.usage.benchmarks.Workload;
import dev.usage.pricing.PricedEvent;
import dev.usage.store.InMemoryUsageStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the heap an {@link InMemoryUsageStore} retains per stored event: records {@code n}
 * {@link Workload} events in batches of 256 as they are generated (so that no input outlives its
 * batch), collects garbage a few times and prints the used heap after collection, less the heap
 * used before the store existed, divided by the events stored.
 *
 * <p>Not a JMH benchmark: retained memory is one number per run, and JMH's forks and iterations
 * add nothing to it. Run it alone, with heap to spare, e.g.
 * {@code java -Xmx12g -cp benchmarks/target/benchmarks.jar dev.usage.benchmarks.store.HeapPerEvent 10000000}.
 *
 * <p>This class is not thread-safe; it is a program.
 */
public final class HeapPerEvent {

  private HeapPerEvent() {}

  /**
   * Runs the measurement.
   *
   * @param args the number of events, 2,000,000 if absent
   * @throws InterruptedException if interrupted between collections
   */
  public static void main(String[] args) throws InterruptedException {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 2_000_000;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    // Load the workload's classes and rate cards first, so that only the store is counted.
    Workload.events(1_000, Workload.SEED + 1);
    long before = usedAfterGc(memory);
    InMemoryUsageStore store = new InMemoryUsageStore();
    List<PricedEvent> batch = new ArrayList<>(256);
    long[] appended = {0};
    long start = System.nanoTime();
    Workload.generate(n, Workload.SEED, (t, m, c, d, e) -> {
      batch.add(e);
      if (batch.size() == 256) {
        appended[0] += store.append(batch).appended();
        batch.clear();
      }
    });
    if (!batch.isEmpty()) {
      appended[0] += store.append(batch).appended();
      batch.clear();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedAfterGc(memory);
    double perEvent = (double) (after - before) / appended[0];
    System.out.printf(Locale.ROOT, "events %,d  retained %,d bytes  %.1f bytes/event  (generate+append %.1f s)  %s%n",
        appended[0], after - before, perEvent, seconds, store);
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
