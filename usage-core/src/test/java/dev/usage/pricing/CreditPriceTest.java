package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditPriceTest {

  static final Currency USD = Currency.getInstance("USD");
  static final Currency JPY = Currency.getInstance("JPY");
  static final CreditPrice CENT = CreditPrice.of(USD, new BigDecimal("0.01"));

  @Test
  void toMoney_roundsHalfUpToTheCurrencysFractionDigits() {
    assertThat(CENT.toMoney(Credits.parse("1234.5"))).isEqualTo(Money.of(USD, new BigDecimal("12.35")));
    assertThat(CENT.toMoney(Credits.parse("0.4"))).hasToString("USD 0.00");
    assertThat(CENT.toMoney(Credits.parse("-1.5"))).hasToString("USD -0.02");
    assertThat(CreditPrice.of(JPY, new BigDecimal("1.5")).toMoney(Credits.of(3))).hasToString("JPY 5");
    assertThat(CreditPrice.ROUNDING).isEqualTo(java.math.RoundingMode.HALF_UP);
  }

  @Test
  void toMoney_ofTheSumDiffersFromTheSumOfConvertedLines() {
    List<Credits> lines = List.of(Credits.parse("0.5"), Credits.parse("0.5"), Credits.parse("0.5"));

    Money total = CENT.toMoney(Credits.sum(lines));
    BigDecimal sumOfLines = lines.stream().map(c -> CENT.toMoney(c).amount()).reduce(BigDecimal.ZERO, BigDecimal::add);

    // why Money has no plus: each converted line rounds 0.005 up, the total rounds once
    assertThat(total).hasToString("USD 0.02");
    assertThat(sumOfLines).isEqualByComparingTo("0.03");
  }

  @Test
  void creditPrice_rules() {
    assertThat(CreditPrice.of(USD, new BigDecimal("0.0125"))).isEqualTo(CreditPrice.of(USD, new BigDecimal("0.012500")))
        .hasToString("0.0125 USD per credit");
    assertThatThrownBy(() -> CreditPrice.of(USD, new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price per credit must not be negative but was -0.01");
    assertThatThrownBy(() -> CreditPrice.of(USD, new BigDecimal("0.0000000001")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price per credit 0.0000000001 has more than 9 decimal places");
    assertThatThrownBy(() -> CreditPrice.of(Currency.getInstance("XAU"), BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("currency XAU has no default fraction digits");
  }

  @Test
  void money_keepsTheCurrencysScaleAndRejectsMore() {
    assertThat(Money.of(USD, new BigDecimal("12.3")).amount()).isEqualTo(new BigDecimal("12.30"));
    assertThat(Money.of(USD, new BigDecimal("12.300"))).isEqualTo(Money.of(USD, new BigDecimal("12.3")));
    assertThatThrownBy(() -> Money.of(USD, new BigDecimal("1.005")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("money amount 1.005 has more than the 2 decimal places of USD");
  }

  @Test
  void money_parseIsInverseOfToString() {
    for (Money m : List.of(Money.of(USD, new BigDecimal("12.3")), Money.of(USD, new BigDecimal("-0.01")),
        Money.of(JPY, new BigDecimal("500")))) {
      assertThat(Money.parse(m.toString())).isEqualTo(m);
    }
    assertThatThrownBy(() -> Money.parse("$12.30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed money amount '$12.30', expected e.g. USD 12.30");
  }
}
