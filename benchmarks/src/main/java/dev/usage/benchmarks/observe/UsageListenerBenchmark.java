package dev.usage.benchmarks.observe;

import dev.usage.EventOutcome;
import dev.usage.RecordResult;
import dev.usage.UsageEngine;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.observe.StoreOperation;
import dev.usage.observe.UsageListener;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.Rate;
import dev.usage.pricing.RateCard;
import dev.usage.pricing.RateCardHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what a {@link UsageListener} adds to {@link UsageEngine#record}: the engine over its
 * default in-memory store records a one-event batch whose event was recorded before, so every call
 * takes the whole path (catalogue and plan checks, late-event policy, pricing, the store's
 * idempotency lookup, the outcome) without the store growing between iterations. It is the
 * cheapest full path, so the listener's share of it is the largest it gets.
 *
 * <ul>
 *   <li>{@code listener=none}: no listener set; the baseline. The engine and the store compare
 *       against {@link UsageListener#NONE} and read no clock.
 *   <li>{@code listener=noop}: a listener whose methods are the empty defaults: the cost of the
 *       guard, the callback and the store's two {@link System#nanoTime()} reads.
 *   <li>{@code listener=counting}: a listener that adds to {@link LongAdder}s per outcome and the
 *       store's time, about what a metrics listener does before its registry lookup.
 * </ul>
 *
 * <p>Scores are nanoseconds per recorded batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class UsageListenerBenchmark {

  private static final TenantId TENANT = TenantId.of("acme", "support");
  private static final Instant NOW = Instant.parse("2026-04-25T00:00:00Z");

  /** Which listener the engine and its store tell. */
  @Param({"none", "noop", "counting"})
  public String listener;

  UsageEngine engine;
  List<UsageEvent> batch;

  @Setup
  public void setUp() {
    CreditCalculator calculator = CreditCalculator.builder().rateCards(RateCardHistory.of(
        RateCard.builder("2026-04", Instant.parse("2026-04-01T00:00:00Z")).rate(Metrics.SMS_OUTBOUND, Rate.of(2, 1))
            .build())).build();
    UsageEngine.Builder builder = UsageEngine.builder().calculator(calculator).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    switch (listener) {
      case "none" -> { }
      case "noop" -> builder.usageListener(new UsageListener() { });
      case "counting" -> builder.usageListener(new Counting());
      default -> throw new IllegalArgumentException("listener " + listener + " is not none, noop or counting");
    }
    engine = builder.build();
    batch = List.of(UsageEvent.builder(EventId.of("sms-1"), TENANT, Metrics.SMS_OUTBOUND)
        .at(NOW.minusSeconds(3600)).quantity(1).build());
    engine.record(batch);
  }

  @Benchmark
  public RecordResult record() {
    return engine.record(batch);
  }

  /** Counts outcomes and sums store time, as a metrics listener does before it reaches its registry. */
  static final class Counting implements UsageListener {
    final LongAdder recorded = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder storeNanos = new LongAdder();
    final LongAdder operations = new LongAdder();

    @Override
    public void recorded(UsageEvent event, EventOutcome outcome) {
      recorded.increment();
    }

    @Override
    public void duplicate(UsageEvent event, EventOutcome outcome) {
      duplicates.increment();
    }

    @Override
    public void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
      operations.increment();
      storeNanos.add(nanos);
    }
  }
}
