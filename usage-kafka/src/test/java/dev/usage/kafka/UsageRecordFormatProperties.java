package dev.usage.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.MetricCatalog;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UsageRecordFormatProperties {

  private static final MetricCatalog CATALOG = MetricCatalog.builtIn();
  private final UsageRecordFormat format = UsageRecordFormat.over(CATALOG);

  @Property(tries = 500)
  void everyOrdinaryEventReadsBackAsWritten(@ForAll("events") UsageEvent event) {
    assertThat(format.read(format.write(event))).isEqualTo(event);
  }

  @Property(tries = 300)
  void noBytesEscapeAsAnythingButAnUnreadableRecordOrAnEvent(@ForAll byte[] value) {
    try {
      format.read(value);
    } catch (UnreadableRecordException expected) {
      // the worker dead-letters it; any other exception would stop the partition
    }
  }

  @Provide
  Arbitrary<UsageEvent> events() {
    List<Metric> metrics = List.copyOf(CATALOG.all());
    Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
        .filter(s -> s.chars().noneMatch(Character::isISOControl));
    Arbitrary<String> part = Combinators.combine(Arbitraries.strings().withChars("abcXYZ019").ofLength(1),
        Arbitraries.strings().withChars("abcxyz0129_.:-").ofMaxLength(11)).as(String::concat);
    Arbitrary<Dimensions> dimensions = Combinators.combine(text.injectNull(0.5), text.injectNull(0.5),
        text.injectNull(0.7), Arbitraries.of("eu", "us").injectNull(0.5)).as((member, assistant, model, region) -> {
          Dimensions.Builder b = Dimensions.builder();
          if (member != null) {
            b.set(DimensionKey.MEMBER, member);
          }
          if (assistant != null) {
            b.set(DimensionKey.ASSISTANT, assistant);
          }
          if (model != null) {
            b.set(DimensionKey.MODEL, model);
          }
          if (region != null) {
            b.custom("acme:region", region);
          }
          return b.build();
        });
    return Combinators.combine(text, part, part, Arbitraries.of(metrics),
        Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.longs().between(0, 4_102_444_800L), Arbitraries.integers().between(0, 999_999_999), dimensions)
        .as((id, org, ws, metric, quantity, seconds, nanos, dims) ->
            UsageEvent.builder(EventId.of(id), TenantId.of(org, ws), metric)
                .at(Instant.ofEpochSecond(seconds, nanos)).quantity(quantity).dimensions(dims).build());
  }
}
