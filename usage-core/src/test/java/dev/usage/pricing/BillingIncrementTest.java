package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingIncrementTest {

  @ParameterizedTest(name = "{0} s on {1} bills {2} s")
  @CsvSource({
    // plan increments: the seed scenarios of the metering issue
    "61, 60/60, 120",
    "61, 30/30, 90",
    "60, 60/60, 60",
    "1, 60/60, 60",
    "0, 60/60, 0",
    "30, 30/30, 30",
    "31, 30/30, 60",
    // carrier initial/subsequent schemes
    "61, 60/6, 66",
    "66, 60/6, 66",
    "67, 60/6, 72",
    "5, 60/6, 60",
    "29, 30/6, 30",
    "31, 30/6, 36",
    "7, 6/6, 12",
    "1, 1/1, 1",
    "3599, 1/1, 3599",
  })
  void billable_roundsUpToStartedBlocks(long actualSeconds, String increment, long billedSeconds) {
    BillingIncrement inc = BillingIncrement.parse(increment);

    assertThat(inc.billable(Duration.ofSeconds(actualSeconds))).isEqualTo(Duration.ofSeconds(billedSeconds));
    assertThat(inc.billableSeconds(Duration.ofSeconds(actualSeconds))).isEqualTo(billedSeconds);
  }

  @Test
  void billable_fractionOfASecondStartsABlock() {
    assertThat(BillingIncrement.PER_SECOND.billable(Duration.ofMillis(61_001))).hasSeconds(62);
    assertThat(BillingIncrement.PER_MINUTE.billable(Duration.ofNanos(1))).hasSeconds(60);
    assertThat(BillingIncrement.PER_MINUTE.billable(Duration.ofSeconds(60, 1))).hasSeconds(120);
  }

  @Test
  void billable_minimumLiftsShortAndZeroCalls() {
    BillingIncrement inc = BillingIncrement.of(Duration.ofSeconds(6), Duration.ofSeconds(6))
        .withMinimum(Duration.ofSeconds(30));

    assertThat(inc.billable(Duration.ZERO)).hasSeconds(30);
    assertThat(inc.billable(Duration.ofSeconds(7))).hasSeconds(30);
    assertThat(inc.billable(Duration.ofSeconds(31))).hasSeconds(36);
  }

  @Test
  void billable_negativeDurationRejected() {
    assertThatThrownBy(() -> BillingIncrement.PER_MINUTE.billable(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call duration must not be negative but was PT-5S");
  }

  @Test
  void billable_fromInstants() {
    Instant start = Instant.parse("2026-04-30T21:59:30Z");
    Instant end = Instant.parse("2026-04-30T22:00:31Z");

    assertThat(BillingIncrement.PER_MINUTE.billable(start, end)).hasSeconds(120);
    assertThat(BillingIncrement.PER_HALF_MINUTE.billable(start, end)).hasSeconds(90);
    assertThat(BillingIncrement.elapsed(start, end)).hasSeconds(61);
  }

  @Test
  void elapsed_endBeforeStartRejected() {
    Instant start = Instant.parse("2026-04-30T22:00:00Z");
    Instant end = Instant.parse("2026-04-30T21:00:00Z");

    assertThatThrownBy(() -> BillingIncrement.elapsed(start, end))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("end 2026-04-30T21:00:00Z is before start 2026-04-30T22:00:00Z");
  }

  @Test
  void every_nonPositiveOrFractionalIncrementRejected() {
    assertThatThrownBy(() -> BillingIncrement.every(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive whole number of seconds but was PT0S");
    assertThatThrownBy(() -> BillingIncrement.every(Duration.ofSeconds(-60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1M");
    assertThatThrownBy(() -> BillingIncrement.of(Duration.ofSeconds(60), Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subsequent billing increment")
        .hasMessageContaining("PT1.5S");
  }

  @Test
  void withMinimum_negativeRejected() {
    assertThatThrownBy(() -> BillingIncrement.PER_MINUTE.withMinimum(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }

  @Test
  void billableMinutes_exactForPlanIncrements() {
    assertThat(BillingIncrement.PER_HALF_MINUTE.billableMinutes(Duration.ofSeconds(61)))
        .isEqualByComparingTo("1.5");
    assertThat(BillingIncrement.PER_MINUTE.billableMinutes(Duration.ofSeconds(61)))
        .isEqualTo(new BigDecimal("2.000000"));
    assertThat(BillingIncrement.parse("6/6").billableMinutes(Duration.ofSeconds(7)))
        .isEqualByComparingTo("0.2");
    // 1/1: a third of a minute has no finite decimal form, so it rounds to the micro-minute
    assertThat(BillingIncrement.PER_SECOND.billableMinutes(Duration.ofSeconds(20)))
        .isEqualTo(new BigDecimal("0.333333"));
  }

  @Test
  void parse_isInverseOfToString() {
    assertThat(BillingIncrement.PER_MINUTE).hasToString("60/60");
    assertThat(BillingIncrement.parse("60/6 min 120"))
        .isEqualTo(BillingIncrement.of(Duration.ofSeconds(60), Duration.ofSeconds(6))
            .withMinimum(Duration.ofMinutes(2)))
        .hasToString("60/6 min 120");
  }

  @Test
  void parse_malformedRejectedWithText() {
    assertThatThrownBy(() -> BillingIncrement.parse("60s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'60s'");
    assertThatThrownBy(() -> BillingIncrement.parse("0/6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial billing increment");
  }
}
