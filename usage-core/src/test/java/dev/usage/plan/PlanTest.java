package dev.usage.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import dev.usage.pricing.BillingIncrement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PlanTest {

  /** The example plans of the metering issue; built here, not shipped as library state. */
  static Plan base() {
    return Plan.builder("base")
        .metrics(Metrics.VOICE_MINUTES, Metrics.AI_TEXT_QUERIES, Metrics.PHONE_NUMBERS)
        .allot(CreditType.VOICE_MINUTES, 500)
        .allot(CreditType.TEXT_QUERIES, 1_000)
        .allot(CreditType.PHONE_NUMBERS, 1)
        .increment(BillingIncrement.PER_MINUTE)
        .build();
  }

  static Plan pro() {
    return Plan.builder("pro")
        .name("Professional")
        .metrics(Metrics.VOICE_MINUTES, Metrics.AI_TEXT_QUERIES, Metrics.CONCURRENT_CALLS, Metrics.PHONE_NUMBERS,
            Metrics.HUMAN_AGENT_SEATS, Metrics.SMS_OUTBOUND)
        .allot(CreditType.VOICE_MINUTES, 1_000)
        .allot(CreditType.TEXT_QUERIES, 5_000)
        .allot(CreditType.CONCURRENT_CALLS, 10)
        .allot(CreditType.PHONE_NUMBERS, 5)
        .allot(CreditType.HUMAN_AGENT_SEATS, 3)
        .increment(BillingIncrement.PER_HALF_MINUTE)
        .build();
  }

  static Plan enterprise() {
    return Plan.builder("enterprise")
        .metrics(Metrics.VOICE_MINUTES, Metrics.CONCURRENT_CALLS)
        .unlistedMetrics(UnlistedMetricPolicy.IGNORE)
        .allot(CreditType.VOICE_MINUTES, 100_000)
        .allot(CreditType.CONCURRENT_CALLS, 200)
        .increment(BillingIncrement.of(Duration.ofSeconds(6), Duration.ofSeconds(6)))
        .build();
  }

  @Test
  void build_examplePlansHaveTheirIncrements() {
    assertThat(base().increment()).contains(BillingIncrement.PER_MINUTE);
    assertThat(pro().increment()).contains(BillingIncrement.PER_HALF_MINUTE);
    assertThat(enterprise().increment().orElseThrow()).hasToString("6/6");
  }

  @Test
  void build_defaultsNameIncrementAndPolicy() {
    Plan plan = Plan.builder("starter").metric(Metrics.VOICE_MINUTES).build();

    assertThat(plan.name()).isEqualTo("starter");
    assertThat(plan.increment()).as("the rate card's applies").isEmpty();
    assertThat(plan.unlistedMetrics()).isEqualTo(UnlistedMetricPolicy.REJECT);
    assertThat(plan.allotments()).isEmpty();
  }

  @Test
  void metrics_keepTheOrderListed() {
    assertThat(pro().metrics()).extracting(m -> m.key()).containsExactly(
        "voice_minutes", "ai_text_queries", "concurrent_calls", "phone_numbers", "human_agent_seats", "sms_outbound");
  }

  @Test
  void allotments_areInCreditTypeOrderWhateverTheOrderAllotted() {
    Plan plan = Plan.builder("p").metrics(Metrics.VOICE_MINUTES, Metrics.AI_TEXT_QUERIES)
        .allot(CreditType.VOICE_MINUTES, 10).allot(CreditType.TEXT_QUERIES, 20).build();

    assertThat(plan.allotments().keySet()).containsExactly(CreditType.TEXT_QUERIES, CreditType.VOICE_MINUTES);
    assertThat(plan.allotments()).isEqualTo(Map.of(CreditType.VOICE_MINUTES, 10L, CreditType.TEXT_QUERIES, 20L));
  }

  @Test
  void allotment_presentOnlyWhenAllotted() {
    assertThat(base().allotment(CreditType.VOICE_MINUTES)).isEqualTo(OptionalLong.of(500));
    assertThat(base().allotment(CreditType.CONCURRENT_CALLS)).isEmpty();
  }

  @Test
  void admits_listedMetricsOnly() {
    assertThat(base().admits(Metrics.VOICE_MINUTES)).isTrue();
    assertThat(base().admits(Metrics.SMS_OUTBOUND)).isFalse();
  }

  @Test
  void check_listedMetric_isTrue() {
    assertThat(base().check(Metrics.AI_TEXT_QUERIES)).isTrue();
    assertThat(enterprise().check(Metrics.VOICE_MINUTES)).isTrue();
  }

  @Test
  void check_unlistedMetricOnRejectingPlan_throws() {
    assertThatThrownBy(() -> base().check(Metrics.SMS_OUTBOUND))
        .isInstanceOf(MetricNotOnPlanException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric sms_outbound is not on plan base")
        .satisfies(e -> {
          assertThat(((MetricNotOnPlanException) e).metricKey()).isEqualTo("sms_outbound");
          assertThat(((MetricNotOnPlanException) e).planId()).isEqualTo("base");
        });
  }

  @Test
  void check_unlistedMetricOnIgnoringPlan_isFalse() {
    assertThat(enterprise().check(Metrics.SMS_OUTBOUND)).isFalse();
  }

  @Test
  void build_allotmentWithoutItsMetric_isRefused() {
    assertThatThrownBy(() -> Plan.builder("p").metric(Metrics.AI_TEXT_QUERIES).allot(CreditType.VOICE_MINUTES, 10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plan p allots VOICE_MINUTES but lists none of its metrics [voice_minutes]");
  }

  @Test
  void build_negativeAllotment_isRefused() {
    assertThatThrownBy(() -> Plan.builder("p").metric(Metrics.VOICE_MINUTES).allot(CreditType.VOICE_MINUTES, -1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allotment of VOICE_MINUTES on plan p must not be negative but was -1");
  }

  @Test
  void build_allotmentTooLargeToMeterInSeconds_isRefused() {
    assertThatThrownBy(() -> Plan.builder("p").metric(Metrics.VOICE_MINUTES)
            .allot(CreditType.VOICE_MINUTES, Long.MAX_VALUE / 10).build())
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("VOICE_MINUTES allotment overflow");
  }

  @Test
  void metric_listedTwice_isRefused() {
    assertThatThrownBy(() -> Plan.builder("p").metric(Metrics.VOICE_MINUTES).metric(Metrics.VOICE_MINUTES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric voice_minutes is listed twice on plan p");
  }

  @Test
  void allot_twice_isRefused() {
    assertThatThrownBy(() -> Plan.builder("p").allot(CreditType.TEXT_QUERIES, 1).allot(CreditType.TEXT_QUERIES, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TEXT_QUERIES is already allotted 1 on plan p");
  }

  @Test
  void build_malformedIdOrBlankName_isRefused() {
    assertThatThrownBy(() -> Plan.builder("Pro Plan").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plan id 'Pro Plan' must be");
    assertThatThrownBy(() -> Plan.builder("pro").name(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name of plan pro must not be blank");
  }

  @Test
  void plan_isAValue() {
    assertThat(pro()).isEqualTo(pro()).hasSameHashCodeAs(pro());
    assertThat(pro()).isNotEqualTo(base());
  }
}
