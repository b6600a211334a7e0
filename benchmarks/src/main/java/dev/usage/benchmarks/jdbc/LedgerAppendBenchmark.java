package dev.usage.benchmarks.jdbc;

import dev.usage.benchmarks.Workload;
import dev.usage.jdbc.JdbcUsageStore;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Measures what the durable credit ledger costs an append: the same batches of {@link Workload}
 * events ({@value AppendFixture#EVENTS}, 10 % redeliveries) appended through {@link
 * JdbcUsageStore#append(List, Instant)} with every tenant drawing from a soft-limit wallet ({@code
 * ledger=wallets}: each event debited in the append's transaction, one ledger entry, one debits
 * insert and one wallet update per batch), and with no wallet open ({@code ledger=none}, the
 * baseline: the store only looks the wallets up).
 *
 * <p>Batches hold one tenant's events, up to {@value AppendFixture#BATCH}, as {@code
 * UsageEngine.record} hands them to the store; the engine's pricing is left out, which makes the
 * ratio stricter than the engine's would be. Scores are nanoseconds per event; {@code ledger=wallets / ledger=none} is the
 * cost, whose target is at most 1.25 (the ledger keeps at least 0.8 of the ingestion rate).
 */
public class LedgerAppendBenchmark extends AppendFixture {

  private static final Instant NOW = Workload.END;

  /** Whether the tenants have wallets. */
  @Param({"none", "wallets"})
  public String ledger;

  @Override
  String area() {
    return "bench_ledger";
  }

  @Override
  List<List<PricedEvent>> batches() {
    PricedEvent[] unique = Workload.events(EVENTS * 9 / 10, Workload.SEED);
    // Group by tenant in arrival order, a batch per tenant at most BATCH long, then redeliver
    // every tenth batch's first tenth again.
    Map<String, List<PricedEvent>> open = new LinkedHashMap<>();
    List<List<PricedEvent>> batches = new ArrayList<>();
    for (PricedEvent p : unique) {
      List<PricedEvent> b = open.computeIfAbsent(p.event().tenant().toString(), t -> new ArrayList<>());
      b.add(p);
      if (b.size() == BATCH) {
        batches.add(List.copyOf(b));
        b.clear();
      }
    }
    open.values().stream().filter(b -> !b.isEmpty()).forEach(b -> batches.add(List.copyOf(b)));
    int redelivered = 0;
    for (int i = 0; i < batches.size() && redelivered < EVENTS / 10; i++) {
      List<PricedEvent> b = batches.get(i);
      List<PricedEvent> again = new ArrayList<>(b);
      for (int k = 0; k < b.size() && redelivered < EVENTS / 10; k += 9) {
        again.add(copy(b.get(k)));
        redelivered++;
      }
      batches.set(i, List.copyOf(again));
    }
    return batches;
  }

  @Override
  void prepareIteration() {
    if (ledger.equals("wallets")) {
      for (int t = 0; t < Workload.TENANTS; t++) {
        WalletId wallet = WalletId.ofWorkspace(Workload.tenant(t));
        store.openWallet(wallet, LimitMode.SOFT);
        store.grant(wallet, Grant.of("plan", GrantKind.PLAN_GRANT, Credits.of(1_000_000), Workload.START), NOW);
      }
    }
  }

  @Benchmark
  public long append() {
    long appended = 0;
    for (List<PricedEvent> batch : batches) {
      appended += store.append(batch, NOW).appended();
    }
    return appended;
  }
}
