package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.pricing.Rate;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The store keeps no event objects, only columns: whatever it is given comes back from a scan
 * equal, field by field, and a redelivery of an equal event is a duplicate, not a conflict.
 */
class InMemoryUsageStoreRoundTripProperties {

  private static final TenantId TENANT = TenantId.of("acme", "main");
  private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
  private static final List<Metric> METRICS = List.of(Metrics.CALLS, Metrics.VOICE_MINUTES, Metrics.PROMPT_TOKENS);
  private static final List<PricingTrace> TRACES = List.of(
      PricingTrace.unrated("v1", "calls"),
      new PricingTrace("v2", Optional.of(Rate.of(1, 60).withIncrements()), "voice_minutes", CreditMultiplier.ONE,
          Optional.empty(), Optional.empty(), Optional.of(BillingIncrement.PER_MINUTE), CreditCalculator.ROUNDING),
      new PricingTrace("v2", Optional.of(Rate.of(new BigDecimal("0.5"), 1_000)), "prompt_tokens",
          CreditMultiplier.of(new BigDecimal("2.5")), Optional.of("gpt-4o"),
          Optional.of(CreditMultiplier.of(new BigDecimal("0.5"))), Optional.empty(), CreditCalculator.ROUNDING));

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        // Any id EventId accepts: surrogate pairs (emoji) included, lone surrogates and controls not.
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(EventId.MAX_LENGTH).filter(s -> {
          try {
            EventId.of(s);
            return true;
          } catch (IllegalArgumentException e) {
            return false;
          }
        }),
        Arbitraries.of("a", "b", "😀", "𝄞").list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("", parts)),
        Arbitraries.strings().withCharRange('a', 'f').numeric().ofMinLength(1).ofMaxLength(16)
            .map(s -> "call_" + s + "/" + "calls"));
  }

  @Provide
  Arbitrary<Dimensions> dimensions() {
    Arbitrary<Map<DimensionKey, String>> fixed = Arbitraries.maps(
        Arbitraries.of(DimensionKey.PROVIDER, DimensionKey.MODEL, DimensionKey.MEMBER, DimensionKey.CALL_ID),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)).ofMaxSize(4);
    Arbitrary<Map<String, String>> custom = Arbitraries.maps(
        Arbitraries.of("acme:region", "acme:plan", "x:y"),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8)
            .filter(v -> v.indexOf(0) < 0
                && v.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)))
        .ofMaxSize(2);
    Arbitrary<String> channel = Arbitraries.of("voice", "sms", "web_chat").injectNull(0.3);
    Arbitrary<String> direction = Arbitraries.of("inbound", "outbound").injectNull(0.3);
    return Combinators.combine(fixed, custom, channel, direction).as((f, c, ch, dir) -> {
      Dimensions.Builder b = Dimensions.builder();
      f.forEach(b::set);
      c.forEach(b::custom);
      if (ch != null) {
        b.set(DimensionKey.CHANNEL, ch);
      }
      if (dir != null) {
        b.set(DimensionKey.DIRECTION, dir);
      }
      return b.build();
    });
  }

  @Provide
  Arbitrary<PricedEvent> events() {
    Arbitrary<Instant> at = Arbitraries.longs().between(-86_400_000_000_000L, 5 * 86_400_000_000_000L)
        .map(START::plusNanos);
    return Combinators.combine(ids(), at, Arbitraries.integers().between(0, 2),
        Arbitraries.longs().between(0, Long.MAX_VALUE / 4), dimensions(), Arbitraries.longs().between(0, 1L << 40))
        .as((id, time, m, quantity, dims, micros) -> {
          UsageEvent e = UsageEvent.builder(EventId.of(id), TENANT, METRICS.get(m)).at(time).quantity(quantity)
              .dimensions(dims).build();
          return new PricedEvent(e, Credits.ofMicros(micros), quantity / 2, TRACES.get(m));
        });
  }

  @Property(tries = 100)
  void scan_returnsEveryRecordedEventEqual(@ForAll @Size(max = 60) List<@From("events") PricedEvent> events) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    // The first event of an id is kept; the others are conflicts or duplicates.
    Map<EventId, PricedEvent> kept = new LinkedHashMap<>();
    List<PricedEvent> batch = new ArrayList<>(events);
    for (PricedEvent p : events) {
      kept.putIfAbsent(p.event().id(), p);
    }
    // Reverse some kept originals in the same store.
    List<PricedEvent> reversals = new ArrayList<>();
    int i = 0;
    for (PricedEvent p : kept.values()) {
      if (i++ % 5 == 0 && p.event().id().value().length() < EventId.MAX_LENGTH - 4
          && !kept.containsKey(p.event().id().derive("rev"))) {
        reversals.add(p.reversal(p.event().id().derive("rev")));
      }
    }
    store.append(batch);
    AppendResult reversed = store.append(reversals);
    assertThat(reversed.conflicts()).isEmpty();
    assertThat(reversed.appended()).isEqualTo(reversals.size());
    reversals.forEach(r -> kept.putIfAbsent(r.event().id(), r));

    List<PricedEvent> scanned = scanAll(store);
    Map<EventId, PricedEvent> byId = new LinkedHashMap<>();
    scanned.forEach(p -> assertThat(byId.put(p.event().id(), p)).isNull());
    assertThat(byId.keySet().stream().filter(k -> !kept.containsKey(k)).map(k -> k.value().codePoints().boxed().toList()))
        .isEmpty();
    assertThat(kept.keySet().stream().filter(k -> !byId.containsKey(k)).map(k -> k.value().codePoints().boxed().toList()))
        .isEmpty();
    kept.forEach((id, p) -> assertThat(byId.get(id)).isEqualTo(p));
    assertThat(scanned).isSortedAccordingTo(Comparator.comparing((PricedEvent p) -> p.event().occurredAt()).reversed());

    AppendResult again = store.append(new ArrayList<>(kept.values()));
    assertThat(again.appended()).isZero();
    assertThat(again.conflicts()).isEmpty();
  }

  private static List<PricedEvent> scanAll(InMemoryUsageStore store) {
    List<PricedEvent> all = new ArrayList<>();
    ScanQuery q = ScanQuery.firstPage(TENANT, START.minusSeconds(2 * 86_400), START.plusSeconds(7 * 86_400),
        EventFilter.all(), 7);
    while (true) {
      EventPage page = store.scan(q);
      all.addAll(page.events());
      if (page.nextCursor().isEmpty()) {
        return all;
      }
      q = q.after(page.nextCursor().get());
    }
  }
}
