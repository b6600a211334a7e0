package dev.usage.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.metric.Aggregation;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.metric.Unit;
import org.junit.jupiter.api.Test;

class CreditTypeTest {

  @Test
  void consumedBy_mapsEachBuiltInMetricToItsType() {
    assertThat(CreditType.consumedBy(Metrics.VOICE_MINUTES)).contains(CreditType.VOICE_MINUTES);
    assertThat(CreditType.consumedBy(Metrics.AI_TEXT_QUERIES)).contains(CreditType.TEXT_QUERIES);
    assertThat(CreditType.consumedBy(Metrics.CONCURRENT_CALLS)).contains(CreditType.CONCURRENT_CALLS);
    assertThat(CreditType.consumedBy(Metrics.PHONE_NUMBERS)).contains(CreditType.PHONE_NUMBERS);
    assertThat(CreditType.consumedBy(Metrics.HUMAN_AGENT_SEATS)).contains(CreditType.HUMAN_AGENT_SEATS);
  }

  @Test
  void consumedBy_metricWithoutAllotment_isEmpty() {
    assertThat(CreditType.consumedBy(Metrics.SMS_OUTBOUND)).isEmpty();
    assertThat(CreditType.consumedBy(Metrics.CHAT_MINUTES)).isEmpty();
    assertThat(CreditType.consumedBy(Metric.custom("acme:voice_minutes", Unit.SECONDS, Aggregation.SUM))).isEmpty();
  }

  @Test
  void toMetered_minutesBecomeExactSeconds() {
    assertThat(CreditType.VOICE_MINUTES.toMetered(1_000)).isEqualTo(60_000);
    assertThat(CreditType.VOICE_MINUTES.meteredUnit()).isEqualTo(Unit.SECONDS);
    assertThat(CreditType.VOICE_MINUTES.allotmentUnit()).isEqualTo("minutes");
    assertThat(CreditType.TEXT_QUERIES.toMetered(1_000)).isEqualTo(1_000);
  }

  @Test
  void toMetered_overflow_throws() {
    assertThatThrownBy(() -> CreditType.VOICE_MINUTES.toMetered(Long.MAX_VALUE / 59))
        .isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("VOICE_MINUTES allotment overflow");
  }

  @Test
  void isGauge_forLevelsNotFlows() {
    assertThat(CreditType.CONCURRENT_CALLS.isGauge()).isTrue();
    assertThat(CreditType.PHONE_NUMBERS.isGauge()).isTrue();
    assertThat(CreditType.HUMAN_AGENT_SEATS.isGauge()).isTrue();
    assertThat(CreditType.VOICE_MINUTES.isGauge()).isFalse();
    assertThat(CreditType.TEXT_QUERIES.isGauge()).isFalse();
  }
}
