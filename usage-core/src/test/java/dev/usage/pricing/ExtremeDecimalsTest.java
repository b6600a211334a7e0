package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decimals and durations at the edge of what Java can represent, found by {@code FuzzProperties}. */
@Timeout(5)
class ExtremeDecimalsTest {

  private static final BigDecimal HUGE = new BigDecimal(BigInteger.ONE, -Integer.MAX_VALUE);
  private static final BigDecimal TINY = new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE);

  @Test
  void creditsOf_hugeExponent_overflowsWithoutExpanding() {
    // Was a raw ArithmeticException ("BigInteger would overflow supported range").
    assertThatThrownBy(() -> Credits.of(HUGE))
        .isInstanceOf(UsageOverflowException.class).hasMessageContaining("1E+2147483647");
    assertThatThrownBy(() -> Credits.of(new BigDecimal(BigInteger.TEN, Integer.MIN_VALUE + 1)))
        .isInstanceOf(UsageOverflowException.class).hasMessageContaining("1.0E+2147483648");
  }

  @Test
  void creditsOf_tinyValue_refusedWithShortMessage() {
    // Was a message built by toPlainString(): two billion zeros, an OutOfMemoryError.
    assertThatThrownBy(() -> Credits.of(TINY))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("1E-2147483647");
  }

  @Test
  void rateOf_hugeExponent_refused() {
    // Was setScale(6) on a value of two billion digits.
    assertThatThrownBy(() -> Rate.of(HUGE, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("1E+2147483647");
    assertThatThrownBy(() -> Rate.of(TINY, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("1E-2147483647");
  }

  @Test
  void creditMultiplierOf_hugeExponent_refused() {
    assertThatThrownBy(() -> CreditMultiplier.of(HUGE))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("1E+2147483647");
  }

  @Test
  void parse_quotesTheTextAsGiven() {
    assertThatThrownBy(() -> Credits.parse("1e2147483647"))
        .isInstanceOf(UsageOverflowException.class).hasMessageContaining("'1e2147483647'");
    assertThatThrownBy(() -> Credits.parse("1E-7"))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1E-7'");
    assertThatThrownBy(() -> CreditMultiplier.parse("1e-7"))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1e-7'");
    assertThatThrownBy(() -> Rate.parse("1 per 0"))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1 per 0'");
    assertThatThrownBy(() -> BillingIncrement.parse("0/6"))
        .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0/6'");
  }

  @Test
  void billable_longestDuration_overflowsCleanly() {
    // Was a raw ArithmeticException from Duration.plus.
    Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    assertThatThrownBy(() -> BillingIncrement.PER_MINUTE.billable(longest))
        .isInstanceOf(UsageOverflowException.class).hasMessageContaining(longest.toString());
    assertThatThrownBy(() -> BillingIncrement.PER_MINUTE.billableSeconds(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(UsageOverflowException.class);
  }
}
