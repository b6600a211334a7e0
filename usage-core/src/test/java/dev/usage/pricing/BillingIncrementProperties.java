package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class BillingIncrementProperties {

  @Property
  void billable_isAtLeastActualAndUnderOneMoreBlock(
      @ForAll("increments") BillingIncrement inc, @ForAll("durations") Duration actual) {
    Duration billed = inc.billable(actual);
    Duration largestBlock = inc.initial().compareTo(inc.subsequent()) >= 0 ? inc.initial() : inc.subsequent();

    assertThat(billed).isGreaterThanOrEqualTo(actual);
    assertThat(billed.minus(actual)).isLessThan(largestBlock);
    assertThat(billed.getNano()).isZero();
  }

  @Property
  void billable_isMonotonic(
      @ForAll("increments") BillingIncrement inc,
      @ForAll("durations") Duration a,
      @ForAll("durations") Duration b) {
    Duration shorter = a.compareTo(b) <= 0 ? a : b;
    Duration longer = a.compareTo(b) <= 0 ? b : a;

    assertThat(inc.billable(shorter)).isLessThanOrEqualTo(inc.billable(longer));
  }

  @Property
  void billable_isInitialPlusWholeSubsequentBlocks(
      @ForAll("increments") BillingIncrement inc, @ForAll("durations") Duration actual) {
    long billed = inc.billableSeconds(actual);
    long initial = inc.initial().getSeconds();

    if (actual.isZero()) {
      assertThat(billed).isZero();
    } else {
      assertThat(billed).isGreaterThanOrEqualTo(initial);
      assertThat((billed - initial) % inc.subsequent().getSeconds()).isZero();
    }
  }

  @Property
  void billable_neverBelowMinimum(
      @ForAll("increments") BillingIncrement inc,
      @ForAll @LongRange(min = 0, max = 3_600) long minimumSeconds,
      @ForAll("durations") Duration actual) {
    BillingIncrement withMinimum = inc.withMinimum(Duration.ofSeconds(minimumSeconds));

    assertThat(withMinimum.billableSeconds(actual))
        .isGreaterThanOrEqualTo(minimumSeconds)
        .isGreaterThanOrEqualTo(inc.billableSeconds(actual));
  }

  @Property
  void billableSecondsOfLong_equalsDurationPath(
      @ForAll("increments") BillingIncrement inc,
      @ForAll @LongRange(min = 0, max = 3_600) long minimumSeconds,
      @ForAll @LongRange(min = 0, max = 10L * 365 * 86_400) long actual) {
    BillingIncrement withMinimum = inc.withMinimum(Duration.ofSeconds(minimumSeconds));

    assertThat(withMinimum.billableSeconds(actual)).isEqualTo(withMinimum.billableSeconds(Duration.ofSeconds(actual)));
  }

  @Property
  void parse_roundTripsToString(@ForAll("increments") BillingIncrement inc) {
    assertThat(BillingIncrement.parse(inc.toString())).isEqualTo(inc);
  }

  // ceilDiv stands in for Guava's LongMath.divide(x, d, CEILING): same result for every pair
  // whose quotient fits in a long, judged against exact decimal division.
  @Property(tries = 5000)
  void ceilDiv_isTheExactQuotientRoundedTowardsPositiveInfinity(@ForAll long dividend, @ForAll long divisor) {
    Assume.that(divisor != 0 && !(dividend == Long.MIN_VALUE && divisor == -1));
    long expected = new BigDecimal(dividend).divide(new BigDecimal(divisor), 0, RoundingMode.CEILING).longValueExact();

    assertThat(BillingIncrement.ceilDiv(dividend, divisor)).isEqualTo(expected);
  }

  @Property
  void ceilDiv_ofSmallOperands_isTheExactQuotientRoundedUp(
      @ForAll @LongRange(min = -1000, max = 1000) long dividend, @ForAll @LongRange(min = -50, max = 50) long divisor) {
    Assume.that(divisor != 0);
    long expected = new BigDecimal(dividend).divide(new BigDecimal(divisor), 0, RoundingMode.CEILING).longValueExact();

    assertThat(BillingIncrement.ceilDiv(dividend, divisor)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<BillingIncrement> increments() {
    Arbitrary<Long> seconds = Arbitraries.oneOf(
        Arbitraries.of(1L, 6L, 30L, 60L), Arbitraries.longs().between(1, 86_400));
    return Combinators.combine(seconds, seconds)
        .as((initial, subsequent) -> BillingIncrement.of(Duration.ofSeconds(initial), Duration.ofSeconds(subsequent)));
  }

  @Provide
  Arbitrary<Duration> durations() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 10L * 365 * 86_400), Arbitraries.integers().between(0, 999_999_999))
        .as(Duration::ofSeconds)
        .edgeCases(edges -> edges.add(Duration.ZERO));
  }
}
