package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageEventTest {

  private static final EventId ID = EventId.of("call-42/voice_minutes");
  private static final TenantId TENANT = TenantId.of("org-1", "ws-1");
  private static final Instant AT = Instant.parse("2026-03-05T10:00:00Z");

  private static UsageEvent event(long quantity) {
    return UsageEvent.builder(ID, TENANT, Metrics.VOICE_MINUTES).at(AT).quantity(quantity).build();
  }

  @Test
  void builder_setsEverything() {
    Dimensions dims = Dimensions.builder().member("m").build();

    UsageEvent event = UsageEvent.builder(ID, TENANT, Metrics.VOICE_MINUTES).at(AT).quantity(61).dimensions(dims)
        .build();

    assertThat(event).isEqualTo(new UsageEvent(ID, TENANT, AT, Metrics.VOICE_MINUTES, 61, dims, Optional.empty()));
    assertThat(event.isReversal()).isFalse();
  }

  @Test
  void builder_dimensionsDefaultToNone() {
    assertThat(event(1).dimensions()).isEqualTo(Dimensions.none());
  }

  @Test
  void builder_zeroQuantity_allowed() {
    assertThat(event(0).quantity()).isZero();
  }

  @Test
  void builder_withoutTime_isIllegalState() {
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, Metrics.CALLS).quantity(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event call-42/voice_minutes needs a time: call at(Instant)");
  }

  @Test
  void builder_withoutQuantity_isIllegalState() {
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, Metrics.CALLS).at(AT).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event call-42/voice_minutes needs a quantity: call quantity(long)");
  }

  @Test
  void builder_negativeQuantity_rejectedNamingMetricValueAndId() {
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, Metrics.VOICE_MINUTES).quantity(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantity of voice_minutes must not be negative but was -5 for event call-42/voice_minutes");
  }

  @Test
  void builder_nulls_namedThem() {
    assertThatThrownBy(() -> UsageEvent.builder(null, TENANT, Metrics.CALLS))
        .isInstanceOf(NullPointerException.class).hasMessage("id");
    assertThatThrownBy(() -> UsageEvent.builder(ID, null, Metrics.CALLS))
        .isInstanceOf(NullPointerException.class).hasMessage("tenant");
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, null))
        .isInstanceOf(NullPointerException.class).hasMessage("metric");
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, Metrics.CALLS).at(null))
        .isInstanceOf(NullPointerException.class).hasMessage("occurredAt");
    assertThatThrownBy(() -> UsageEvent.builder(ID, TENANT, Metrics.CALLS).dimensions(null))
        .isInstanceOf(NullPointerException.class).hasMessage("dimensions");
  }

  @Test
  void new_negativeOrdinaryQuantity_rejected() {
    assertThatThrownBy(() -> new UsageEvent(ID, TENANT, AT, Metrics.CALLS, -1, Dimensions.none(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quantity of calls must not be negative but was -1 for event call-42/voice_minutes");
  }

  @Test
  void new_positiveReversal_rejected() {
    EventId reversalId = EventId.of("void-1");

    assertThatThrownBy(() -> new UsageEvent(reversalId, TENANT, AT, Metrics.CALLS, 1, Dimensions.none(),
            Optional.of(ID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reversal void-1 must carry a negated quantity but had 1");
  }

  @Test
  void new_selfReversal_rejected() {
    assertThatThrownBy(() -> new UsageEvent(ID, TENANT, AT, Metrics.CALLS, -1, Dimensions.none(), Optional.of(ID)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event call-42/voice_minutes cannot reverse itself");
  }

  @Test
  void new_nullReverses_named() {
    assertThatThrownBy(() -> new UsageEvent(ID, TENANT, AT, Metrics.CALLS, 1, Dimensions.none(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("reverses");
  }

  @Test
  void reversal_negatesAndReferencesTheOriginal() {
    UsageEvent original = event(61);

    UsageEvent reversal = original.reversal(EventId.of("call-42/voice_minutes/void"));

    assertThat(reversal.quantity()).isEqualTo(-61);
    assertThat(reversal.reverses()).contains(original.id());
    assertThat(reversal.isReversal()).isTrue();
    assertThat(reversal.occurredAt()).isEqualTo(original.occurredAt());
    assertThat(reversal.metric()).isEqualTo(original.metric());
    assertThat(reversal.tenant()).isEqualTo(original.tenant());
    assertThat(reversal.dimensions()).isEqualTo(original.dimensions());
  }

  @Test
  void reversal_ofZero_isZero() {
    assertThat(event(0).reversal(EventId.of("void")).quantity()).isZero();
  }

  @Test
  void reversal_ofAReversal_isIllegalState() {
    UsageEvent reversal = event(61).reversal(EventId.of("void-1"));

    assertThatThrownBy(() -> reversal.reversal(EventId.of("void-2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event void-1 is a reversal and cannot be reversed again");
  }

  @Test
  void reversal_withOwnId_rejected() {
    assertThatThrownBy(() -> event(61).reversal(ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event call-42/voice_minutes cannot reverse itself");
  }

  @Test
  void reversal_ofLargestQuantity_isExact() {
    assertThat(event(Long.MAX_VALUE).reversal(EventId.of("void")).quantity()).isEqualTo(-Long.MAX_VALUE);
  }

  @Test
  void withOccurredAt_movesOnlyTheTime() {
    UsageEvent original = event(61);
    Instant later = AT.plusSeconds(3_600);

    UsageEvent moved = original.withOccurredAt(later);

    assertThat(moved.occurredAt()).isEqualTo(later);
    assertThat(moved.withOccurredAt(AT)).isEqualTo(original);
    assertThatThrownBy(() -> original.withOccurredAt(null))
        .isInstanceOf(NullPointerException.class).hasMessage("occurredAt");
  }

  @Test
  void withOccurredAt_keepsReversalLink() {
    UsageEvent reversal = event(61).reversal(EventId.of("void"));

    assertThat(reversal.withOccurredAt(AT.plusSeconds(1)).reverses()).contains(ID);
  }

  @Test
  void decimalQuantity_appliesMetricScale() {
    Metric gbHours = Metric.custom("acme:gb_hours", Unit.CUSTOM, Aggregation.SUM, 2, "");
    UsageEvent event = UsageEvent.builder(ID, TENANT, gbHours).at(AT).quantity(1_250).build();

    assertThat(event.decimalQuantity()).isEqualTo(new BigDecimal("12.50"));
    assertThat(event(61).decimalQuantity()).isEqualTo(BigDecimal.valueOf(61));
  }
}
