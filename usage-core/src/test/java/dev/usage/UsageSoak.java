package dev.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.EventOutcome.Status;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import dev.usage.metric.Unit;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Credits;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import dev.usage.spi.UsageStore;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A time-bounded concurrency soak over any {@link UsageStore}, through {@link UsageEngine} with a
 * soft-limit wallet.
 *
 * <p>Writers record batches of N events of one marker metric; every event of a batch carries the
 * batch's key as its assistant dimension. Writers deliberately re-record batches already sent
 * (by themselves or others, possibly at the same moment) and repeat events inside a batch, so the
 * store sees duplicates of identical content. Readers aggregate by assistant while this happens
 * and check each batch they see has exactly its N events: a batch is visible whole or not at all.
 * At the end every total is checked against one computed independently from the unique events,
 * and the wallet's balance against grant minus debits.
 *
 * <p>The run lasts {@code usage.soak.seconds} seconds (default given by the caller).
 */
public final class UsageSoak {

  /** The marker metric: one credit per unit, so credits are checkable without the calculator. */
  public static final Metric MARKER = Metric.custom("soak:marker", Unit.COUNT, Aggregation.SUM);
  public static final MetricCatalog CATALOG = MetricCatalog.builtIn().with(MARKER);

  private static final TenantId TENANT = TenantId.of("soak", "main");
  private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-04-25T00:00:00Z");
  private static final Credits GRANT = Credits.of(1_000_000_000L);

  /** What one run did, for the log and docs/reliability.md. */
  public record Figures(String store, long seconds, int batches, long eventsAppended, long duplicates,
      long reads, long batchesCheckedByReaders, long totalsVerified, long creditsDebited) {

    /** Returns one parseable line: {@code SOAK store=h2 seconds=15 batches=... }. */
    public String line() {
      return "SOAK store=" + store + " seconds=" + seconds + " batches=" + batches + " events=" + eventsAppended
          + " duplicates=" + duplicates + " reads=" + reads + " batchReads=" + batchesCheckedByReaders
          + " totalsVerified=" + totalsVerified + " creditsDebited=" + creditsDebited;
    }
  }

  private UsageSoak() {}

  /** Returns the soak's duration: the system property {@code usage.soak.seconds}, else {@code defaultSeconds}. */
  public static long seconds(long defaultSeconds) {
    return Long.getLong("usage.soak.seconds", defaultSeconds);
  }

  /**
   * Runs the soak on {@code store} for {@code seconds} and checks it.
   *
   * @param name the store's name in the figures
   */
  public static Figures run(String name, UsageStore store, long seconds, int writers, int readers) throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
        RateCard.builder("soak-1", APRIL).rate(MARKER, Rate.of(1, 1)).build())).build();
    UsageEngine engine = UsageEngine.builder().store(store).calculator(calculator).catalog(CATALOG)
        .clock(clock).build();
    Ledger ledger = engine.ledger();
    ledger.open(WalletId.ofWorkspace(TENANT), LimitMode.SOFT);
    ledger.grant(WalletId.ofWorkspace(TENANT), Grant.of("soak-grant", GrantKind.PLAN_GRANT, GRANT, APRIL));

    // Batches are published here before they are first recorded, so a reader may see a batch
    // only when its size is known.
    Map<String, List<UsageEvent>> batches = new ConcurrentHashMap<>();
    List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger nextBatch = new AtomicInteger();
    AtomicLong recorded = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    AtomicLong batchReads = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();

    ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      futures.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
          List<UsageEvent> batch;
          int size = keys.size();
          if (size > 0 && random.nextInt(100) < 30) {
            batch = batches.get(keys.get(random.nextInt(size)));   // a repeat: identical content
          } else {
            String key = "batch-" + nextBatch.getAndIncrement();
            batch = newBatch(key, random);
            batches.put(key, batch);
            keys.add(key);
          }
          List<UsageEvent> sent = new ArrayList<>(batch);
          if (random.nextInt(100) < 10) {
            sent.add(batch.get(random.nextInt(batch.size())));      // a repeat inside the batch
          }
          RecordResult result = engine.record(sent);
          recorded.addAndGet(result.count(Status.RECORDED));
          duplicates.addAndGet(result.count(Status.DUPLICATE));
          assertThat(result.count(Status.RECORDED) + result.count(Status.DUPLICATE))
              .as("outcomes of %s", result).isEqualTo(sent.size());
        }
        return null;
      }));
    }
    for (int r = 0; r < readers; r++) {
      futures.add(pool.submit(() -> {
        while (System.nanoTime() < deadline) {
          for (AggregateRow row : store.aggregate(byBatch())) {
            String key = row.get(GroupKey.ASSISTANT).orElseThrow();
            List<UsageEvent> batch = batches.get(key);
            assertThat(batch).as("batch %s seen by a reader but never sent", key).isNotNull();
            assertThat(row.count()).as("events of batch %s seen by a reader", key).isEqualTo(batch.size());
            assertThat(row.sum()).as("sum of batch %s seen by a reader", key).isEqualTo(sum(batch));
            batchReads.incrementAndGet();
          }
          reads.incrementAndGet();
        }
        return null;
      }));
    }
    pool.shutdown();
    for (Future<?> f : futures) {
      f.get();
    }

    // Independent totals, from the unique events alone.
    long expectedEvents = batches.values().stream().mapToLong(List::size).sum();
    long expectedSum = batches.values().stream().mapToLong(UsageSoak::sum).sum();
    long verified = 0;
    List<AggregateRow> rows = store.aggregate(byBatch());
    assertThat(rows).hasSize(batches.size());
    for (AggregateRow row : rows) {
      List<UsageEvent> batch = batches.get(row.get(GroupKey.ASSISTANT).orElseThrow());
      assertThat(row.count()).isEqualTo(batch.size());
      assertThat(row.sum()).isEqualTo(sum(batch));
      assertThat(row.credits()).isEqualTo(Credits.of(sum(batch)));
      verified++;
    }
    AggregateRow total = store.aggregate(AggregateQuery.builder(TENANT, APRIL, NOW).metrics(MARKER)
        .groupBy(GroupKey.METRIC).build()).get(0);
    assertThat(total.count()).isEqualTo(expectedEvents).isEqualTo(recorded.get());
    assertThat(total.sum()).isEqualTo(expectedSum);
    assertThat(total.credits()).isEqualTo(Credits.of(expectedSum));
    assertThat(ledger.balance(TENANT).orElseThrow().available()).as("wallet balance = grant - debits")
        .isEqualTo(GRANT.minus(Credits.of(expectedSum)));
    verified += 4;
    return new Figures(name, seconds, batches.size(), recorded.get(), duplicates.get(), reads.get(),
        batchReads.get(), verified, expectedSum);
  }

  private static AggregateQuery byBatch() {
    return AggregateQuery.builder(TENANT, APRIL, NOW).metrics(MARKER).groupBy(GroupKey.ASSISTANT).build();
  }

  private static List<UsageEvent> newBatch(String key, ThreadLocalRandom random) {
    int n = 1 + random.nextInt(8);
    Dimensions dims = Dimensions.builder().assistant(key).build();
    List<UsageEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant at = APRIL.plusSeconds(random.nextLong(Duration.ofDays(23).toSeconds()));
      events.add(UsageEvent.builder(EventId.of(key + "/" + i), TENANT, MARKER).at(at)
          .quantity(1 + random.nextInt(1_000)).dimensions(dims).build());
    }
    return List.copyOf(events);
  }

  private static long sum(List<UsageEvent> batch) {
    return batch.stream().mapToLong(UsageEvent::quantity).sum();
  }
}
