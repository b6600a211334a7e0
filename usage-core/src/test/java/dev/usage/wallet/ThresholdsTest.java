package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @ParameterizedTest(name = "{0} of {1} is {2}")
  @CsvSource({
    "0, 1000, OK",
    "749, 1000, OK",
    "750, 1000, WARNING", // reached at, not only above
    "899, 1000, WARNING",
    "900, 1000, CRITICAL",
    "1500, 1000, CRITICAL",
    "2, 3, OK", // 66.7 %
    "3, 4, WARNING", // exactly 75 %
    "0, 0, CRITICAL", // nothing left
    "-5, 10, OK",
    "9223372036854775807, 9223372036854775807, CRITICAL",
    "6917529027641081855, 9223372036854775807, OK", // just under 75 %, beyond long products
    "6917529027641081856, 9223372036854775807, WARNING",
  })
  void band_defaults(long used, long limit, HealthBand band) {
    assertThat(Thresholds.defaults().band(used, limit)).isEqualTo(band);
  }

  @Test
  void band_negativeLimit_isRefused() {
    assertThatThrownBy(() -> Thresholds.defaults().band(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must not be negative but was -1");
  }

  @ParameterizedTest
  @CsvSource({"0, 90", "75, 75", "90, 75", "50, 101"})
  void of_outOfOrderOrRange_isRefused(int warning, int critical) {
    assertThatThrownBy(() -> Thresholds.of(warning, critical))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("thresholds must satisfy 0 < warning < critical <= 100 but were warning %s and critical %s",
            warning, critical);
  }

  @Test
  void percentOf_eachBand() {
    Thresholds t = Thresholds.of(60, 100);

    assertThat(t.percentOf(HealthBand.OK)).isZero();
    assertThat(t.percentOf(HealthBand.WARNING)).isEqualTo(60);
    assertThat(t.percentOf(HealthBand.CRITICAL)).isEqualTo(100);
    assertThat(t.band(99, 100)).isEqualTo(HealthBand.WARNING);
    assertThat(t.band(100, 100)).isEqualTo(HealthBand.CRITICAL);
  }
}
