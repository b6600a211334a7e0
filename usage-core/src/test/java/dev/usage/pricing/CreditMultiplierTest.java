package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CreditMultiplierTest {

  @Test
  void of_equalFactorsAreEqualWhateverTheirScale() {
    assertThat(CreditMultiplier.of(new BigDecimal("1.50"))).isEqualTo(CreditMultiplier.parse("1.5"));
    assertThat(CreditMultiplier.of(new BigDecimal("1.000"))).isEqualTo(CreditMultiplier.ONE);
    assertThat(CreditMultiplier.ONE.isOne()).isTrue();
    assertThat(CreditMultiplier.parse("0.2").isOne()).isFalse();
  }

  @Test
  void of_negativeOrTooPreciseRejected() {
    assertThatThrownBy(() -> CreditMultiplier.parse("-0.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit multiplier must not be negative but was -0.5");
    assertThatThrownBy(() -> CreditMultiplier.parse("0.1234567"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit multiplier 0.1234567 has more than 6 decimal places");
    assertThatThrownBy(() -> CreditMultiplier.parse("x2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed credit multiplier 'x2'");
  }

  @Test
  void parse_isInverseOfToString() {
    assertThat(CreditMultiplier.parse("3")).hasToString("3");
    assertThat(CreditMultiplier.parse(CreditMultiplier.parse("0.000001").toString()))
        .isEqualTo(CreditMultiplier.parse("0.000001"));
  }
}
