package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threeten.extra.Interval;

class InstantRangeTest {

  @Test
  void parse_wholeDays() {
    InstantRange range = InstantRange.parse("2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z");

    assertThat(range.startInstant()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(range.endInstant()).isEqualTo(Instant.parse("2026-04-03T00:00:00Z"));
    assertThat(range.dayCount()).isEqualTo(2);
    assertThat(range.days()).containsExactly(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 2));
    assertThat(range.toUsageRange()).isEqualTo(UsageRange.parse("2026-04-01", "2026-04-02"));
  }

  @Test
  void days_noonToNoonTouchesTwoDays() {
    InstantRange range = InstantRange.parse("2026-04-01T12:00:00Z", "2026-04-02T12:00:00Z");

    assertThat(range.dayCount()).isEqualTo(2);
    assertThat(range.toUsageRange()).hasToString("2026-04-01/2026-04-02");
  }

  @Test
  void days_oneNanosecondTouchesOneDay() {
    Instant start = Instant.parse("2026-04-30T23:59:59.999999999Z");
    InstantRange range = InstantRange.of(start, start.plusNanos(1));

    assertThat(range.days()).containsExactly(LocalDate.of(2026, 4, 30));
  }

  @Test
  void parse_offsetsAreInstants() {
    InstantRange range =
        InstantRange.parse("2026-04-30T22:00:00-07:00", "2026-05-01T09:00:00+02:00");

    assertThat(range).hasToString("2026-05-01T05:00:00Z/2026-05-01T07:00:00Z");
    assertThat(range.days()).containsExactly(LocalDate.of(2026, 5, 1));
  }

  @Test
  void of_endEqualToStartRejected() {
    Instant at = Instant.parse("2026-04-01T00:00:00Z");

    assertThatThrownBy(() -> InstantRange.of(at, at))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("end instant 2026-04-01T00:00:00Z is not after start instant"
            + " 2026-04-01T00:00:00Z")
        .extracting(e -> ((InvalidRangeException) e).reason())
        .isEqualTo(Reason.END_BEFORE_START);
  }

  @Test
  void of_endBeforeStartRejected() {
    assertThatThrownBy(
            () -> InstantRange.parse("2026-04-02T00:00:00Z", "2026-04-01T00:00:00Z"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("2026-04-01T00:00:00Z")
        .hasMessageContaining("2026-04-02T00:00:00Z");
  }

  @Test
  void of_366DaysAllowed367Rejected() {
    assertThat(InstantRange.parse("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z").dayCount())
        .isEqualTo(366);
    assertThatThrownBy(
            () -> InstantRange.parse("2024-01-01T00:00:00Z", "2025-01-01T00:00:00.001Z"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("range 2024-01-01T00:00:00Z/2025-01-01T00:00:00.001Z touches 367 UTC days,"
            + " more than the limit of 366")
        .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.TOO_LONG);
  }

  @Test
  void of_touchedDaysCountNotDuration() {
    // 365 days and a bit from noon touches 367 days, though shorter than 366 x 24 hours.
    assertThatThrownBy(
            () -> InstantRange.parse("2024-01-01T12:00:00Z", "2025-01-01T12:00:00Z"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("367 UTC days");
  }

  @Test
  void of_yearsOutsideTextForm() {
    assertThatThrownBy(() -> InstantRange.of(
            Instant.parse("-0001-12-31T00:00:00Z"), Instant.parse("0000-01-02T00:00:00Z")))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("start instant -0001-12-31T00:00:00Z");
    assertThatThrownBy(() -> InstantRange.of(Instant.parse("9999-12-31T00:00:00Z"), Instant.MAX))
        .isInstanceOf(InvalidRangeException.class)
        .extracting(e -> ((InvalidRangeException) e).reason())
        .isEqualTo(Reason.UNSUPPORTED_YEAR);
    assertThat(InstantRange.of(
            Instant.parse("9999-12-31T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"))
        .days()).containsExactly(LocalDate.of(9999, 12, 31));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-04-01", "2026-04-01T00:00:00", "2026-04-01 00:00:00Z",
      " 2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z ", "2026-04-31T00:00:00Z", "",
      "+2026-04-01T00:00:00Z", "2026-4-1T00:00:00Z"})
  void parse_malformedInstant(String text) {
    assertThatThrownBy(() -> InstantRange.parse(text, "2026-12-31T00:00:00Z"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("malformed instant '" + text + "', expected ISO-8601 like"
            + " 2026-04-01T00:00:00Z")
        .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void parse_text() {
    assertThat(InstantRange.parse("2026-04-01T00:00:00Z/2026-04-01T00:30:00.5Z"))
        .isEqualTo(InstantRange.of(
            Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-01T00:30:00.500Z")))
        .hasToString("2026-04-01T00:00:00Z/2026-04-01T00:30:00.500Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-04-01T00:00:00Z", "2026-04-01T00:00:00Z/",
      "2026-04-01T00:00:00Z/2026-04-02T00:00:00Z/2026-04-03T00:00:00Z"})
  void parse_malformedText(String text) {
    assertThatThrownBy(() -> InstantRange.parse(text))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageStartingWith("malformed instant");
  }

  @Test
  void contains_isHalfOpen() {
    InstantRange range = InstantRange.parse("2026-04-01T10:00:00Z", "2026-04-01T11:00:00Z");

    assertThat(range.contains(Instant.parse("2026-04-01T10:00:00Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2026-04-01T10:59:59.999999999Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2026-04-01T11:00:00Z"))).isFalse();
    assertThat(range.contains(Instant.parse("2026-04-01T09:59:59.999999999Z"))).isFalse();
  }

  @Test
  void toInterval_sameInstants() {
    InstantRange range = InstantRange.parse("2026-04-01T10:00:00Z", "2026-04-01T11:00:00Z");

    assertThat(range.toInterval()).isEqualTo(Interval.of(
        Instant.parse("2026-04-01T10:00:00Z"), Instant.parse("2026-04-01T11:00:00Z")));
  }

  @Test
  void of_nulls() {
    assertThatThrownBy(() -> InstantRange.of(null, Instant.EPOCH))
        .isInstanceOf(NullPointerException.class).hasMessage("startInstant");
    assertThatThrownBy(() -> InstantRange.parse(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text");
  }
}
