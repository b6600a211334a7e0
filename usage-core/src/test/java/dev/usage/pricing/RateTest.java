package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RateTest {

  @Test
  void of_keepsCreditsAtCreditScale() {
    assertThat(Rate.of(new BigDecimal("0.5"), 1000)).isEqualTo(Rate.of(new BigDecimal("0.500000"), 1000));
    assertThat(Rate.of(1, 60).credits()).isEqualTo(new BigDecimal("1.000000"));
    assertThat(Rate.of(1, 60).billedInIncrements()).isFalse();
    assertThat(Rate.of(1, 60).withIncrements().billedInIncrements()).isTrue();
  }

  @Test
  void of_tooManyDecimalPlacesRejectedWithAdvice() {
    assertThatThrownBy(() -> Rate.of(new BigDecimal("0.0000001"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate credits 0.0000001 has more than 6 decimal places; quote the rate per more units instead");
  }

  @Test
  void of_negativeCreditsOrNonPositivePerRejected() {
    assertThatThrownBy(() -> Rate.of(-1, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate credits must not be negative but was -1");
    assertThatThrownBy(() -> Rate.of(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate units per price must be positive but was 0");
  }

  @Test
  void parse_isInverseOfToString() {
    assertThat(Rate.of(new BigDecimal("0.5"), 1000)).hasToString("0.5 per 1000");
    assertThat(Rate.of(1, 60).withIncrements()).hasToString("1 per 60 in increments");
    assertThat(Rate.parse("1 per 60 in increments")).isEqualTo(Rate.of(1, 60).withIncrements());
    assertThat(Rate.parse("0.000001 per 7")).isEqualTo(Rate.of(new BigDecimal("0.000001"), 7));
  }

  @Test
  void parse_malformedRejectedWithText() {
    assertThatThrownBy(() -> Rate.parse("1/60"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1/60'");
    assertThatThrownBy(() -> Rate.parse("1 per 99999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }
}
