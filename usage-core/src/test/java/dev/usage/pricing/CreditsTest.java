package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.usage.UsageOverflowException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditsTest {

  @Test
  void json_isTheExactDecimalAtScaleSix() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(json.writeValueAsString(Credits.ofMicros(2_500_000))).isEqualTo("2.500000");
    assertThat(json.writeValueAsString(Credits.ofMicros(-1))).isEqualTo("-0.000001");
    assertThat(json.writeValueAsString(List.of(Credits.ofMicros(Long.MAX_VALUE))))
        .isEqualTo("[9223372036854.775807]");
  }

  @Test
  void toString_isPlainWithoutTrailingZeros() {
    assertThat(Credits.of(3)).hasToString("3");
    assertThat(Credits.ofMicros(12_500_000)).hasToString("12.5");
    assertThat(Credits.ofMicros(-1)).hasToString("-0.000001");
    assertThat(Credits.zero()).hasToString("0");
    assertThat(Credits.of(10)).hasToString("10");
  }

  @Test
  void parse_isInverseOfToString() {
    for (Credits c : List.of(Credits.zero(), Credits.of(10), Credits.ofMicros(-1), Credits.ofMicros(Long.MAX_VALUE),
        Credits.ofMicros(Long.MIN_VALUE), Credits.ofMicros(1_500_000))) {
      assertThat(Credits.parse(c.toString())).isEqualTo(c);
    }
  }

  @Test
  void parse_malformedRejectedWithText() {
    assertThatThrownBy(() -> Credits.parse("1,5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed credit amount '1,5'");
  }

  @Test
  void of_acceptsTrailingZerosBeyondScale() {
    assertThat(Credits.of(new BigDecimal("1.50000000"))).isEqualTo(Credits.ofMicros(1_500_000));
    assertThat(Credits.of(new BigDecimal("1E+2"))).isEqualTo(Credits.of(100));
  }

  @Test
  void of_moreThanSixSignificantDecimalsRejected() {
    assertThatThrownBy(() -> Credits.of(new BigDecimal("0.0000005")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit amount 0.0000005 has more than 6 decimal places");
  }

  @Test
  void of_outOfRangeOverflows() {
    assertThatThrownBy(() -> Credits.of(new BigDecimal("9223372036854.775808")))
        .isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("9223372036854.775808");
    assertThatThrownBy(() -> Credits.of(Long.MAX_VALUE / 1_000_000 + 1))
        .isInstanceOf(UsageOverflowException.class);
    assertThat(Credits.of(new BigDecimal("9223372036854.775807"))).isEqualTo(Credits.ofMicros(Long.MAX_VALUE));
  }

  @Test
  void plus_overflowThrowsInsteadOfWrapping() {
    assertThatThrownBy(() -> Credits.ofMicros(Long.MAX_VALUE).plus(Credits.ofMicros(1)))
        .isInstanceOf(UsageOverflowException.class)
        .hasMessageContaining("credits overflow");
    assertThatThrownBy(() -> Credits.ofMicros(Long.MIN_VALUE).negated())
        .isInstanceOf(UsageOverflowException.class);
    assertThatThrownBy(() -> Credits.zero().minus(Credits.ofMicros(Long.MIN_VALUE)))
        .isInstanceOf(UsageOverflowException.class);
  }

  @Test
  void sum_isExactAndChecked() {
    assertThat(Credits.sum(List.of())).isEqualTo(Credits.zero());
    assertThat(Credits.sum(List.of(Credits.ofMicros(333_333), Credits.ofMicros(333_333), Credits.ofMicros(333_334))))
        .isEqualTo(Credits.of(1));
    assertThatThrownBy(() -> Credits.sum(List.of(Credits.ofMicros(Long.MAX_VALUE), Credits.ofMicros(1))))
        .isInstanceOf(UsageOverflowException.class);
  }
}
