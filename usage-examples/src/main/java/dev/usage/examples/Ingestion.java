package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import dev.usage.EventOutcome;
import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.event.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records the generated activity through {@link UsageEngine} in batches, day by day, reporting
 * progress about once a second.
 *
 * <p>The store debits a wallet only for events it stores for the first time, in the same
 * transaction, so recording twice never charges twice: a second run over the same database finds
 * every event stored, debits nothing and buys no top-up, and the wallets stay as the first run
 * left them.
 *
 * <p>This class is not thread-safe: one run at a time.
 */
final class Ingestion {

  /** Events per {@link UsageEngine#record} call. */
  static final int BATCH_SIZE = 2_000;

  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
  private static final int EXAMPLES = 3;

  private final UsageEngine engine;
  private final DemoPlatform platform;
  private final Consumer<String> progress;

  Ingestion(UsageEngine engine, DemoPlatform platform, Consumer<String> progress) {
    this.engine = requireNonNull(engine, "engine");
    this.platform = requireNonNull(platform, "platform");
    this.progress = requireNonNull(progress, "progress");
  }

  /**
   * Generates and records every workspace's activity of {@code days}.
   *
   * <p>Workspaces are recorded in parallel, each by one thread, day after day: a workspace's
   * batches and top-ups happen in the same order on every run, so the wallets end the same.
   *
   * @param generator the activity
   * @param days the UTC days, in order
   * @param now events at or after it are not generated
   * @param expected how many events there are, for the progress lines
   * @return what was recorded, and how fast
   */
  Stats run(ActivityGenerator generator, List<LocalDate> days, Instant now, long expected) {
    List<Workspace> workspaces = platform.workspaces();
    int threads = Math.max(1, Math.min(workspaces.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "usage-demo-ingest");
      t.setDaemon(true);
      return t;
    });
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    try {
      List<Future<Counter>> tasks = new ArrayList<>();
      for (Workspace w : workspaces) {
        tasks.add(pool.submit(() -> record(w, generator, days, now, done)));
      }
      long lastReport = start;
      long lastEvents = 0;
      Counter total = new Counter();
      for (Future<Counter> task : tasks) {
        while (true) {
          try {
            total.add(task.get(PROGRESS_EVERY_NANOS, TimeUnit.NANOSECONDS));
            break;
          } catch (TimeoutException e) {
            long t = System.nanoTime();
            long events = done.get();
            if (t - lastReport >= PROGRESS_EVERY_NANOS) {
              progress.accept(String.format(Locale.ROOT, "  %,11d of %,d events recorded (%3.0f %%)  %,9.0f events/s",
                  events, expected, 100.0 * events / Math.max(1, expected),
                  (events - lastEvents) / ((t - lastReport) / 1e9)));
              lastReport = t;
              lastEvents = events;
            }
          }
        }
      }
      return total.stats(Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("recording failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Counter record(Workspace w, ActivityGenerator generator, List<LocalDate> days, Instant now,
      AtomicLong done) {
    Counter c = new Counter();
    for (LocalDate day : days) {
      List<UsageEvent> events = generator.day(w, day, now);
      for (int from = 0; from < events.size(); from += BATCH_SIZE) {
        List<UsageEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH_SIZE));
        long before = c.recorded;
        c.count(engine.record(batch));
        // Only new usage spends credit, so only a batch that stored something may need a top-up.
        if (c.recorded > before
            && platform.topUpIfLow(engine.ledger(), w.tenant(), batch.get(batch.size() - 1).occurredAt())) {
          c.topUps++;
        }
        done.addAndGet(batch.size());
      }
    }
    return c;
  }

  /** Counts outcomes; not thread-safe. */
  private final class Counter {
    long events;
    long recorded;
    long duplicates;
    long conflicts;
    long rejected;
    long ignored;
    long topUps;
    final List<String> examples = new ArrayList<>();

    void count(RecordResult result) {
      for (EventOutcome o : result.outcomes()) {
        events++;
        switch (o.status()) {
          case RECORDED, REBOOKED, RESTATED -> recorded++;
          case DUPLICATE -> duplicates++;
          case CONFLICT -> {
            conflicts++;
            example(o);
          }
          case IGNORED -> ignored++;
          case REJECTED, REFUSED -> {
            rejected++;
            example(o);
          }
        }
      }
    }

    private void example(EventOutcome o) {
      if (examples.size() < EXAMPLES) {
        examples.add(o.status().name().toLowerCase(Locale.ROOT) + " " + o.id() + ": " + o.detail());
      }
    }

    void add(Counter o) {
      events += o.events;
      recorded += o.recorded;
      duplicates += o.duplicates;
      conflicts += o.conflicts;
      rejected += o.rejected;
      ignored += o.ignored;
      topUps += o.topUps;
      o.examples.stream().limit(Math.max(0, EXAMPLES - examples.size())).forEach(examples::add);
    }

    Stats stats(Duration elapsed) {
      return new Stats(events, recorded, duplicates, conflicts, rejected, ignored, topUps, elapsed, examples);
    }
  }

  /**
   * What a run recorded.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param events events given to the engine
   * @param recorded stored for the first time
   * @param duplicates stored before with the same content
   * @param conflicts stored before under the same id with other content
   * @param rejected refused by the engine
   * @param ignored not on the plan
   * @param topUps top-ups bought while recording
   * @param elapsed how long generating and recording took
   * @param examples the first few conflicts and rejections, with the engine's reason
   */
  record Stats(long events, long recorded, long duplicates, long conflicts, long rejected, long ignored, long topUps,
      Duration elapsed, List<String> examples) {

    Stats {
      examples = List.copyOf(examples);
    }

    /** Returns events per second of wall time, generation included. */
    double eventsPerSecond() {
      double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
      return events / seconds;
    }
  }
}
