package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DayBucketerTest {

  @Test
  void utcEpochDay_aroundTheEpoch() {
    assertThat(DayBucketer.utcEpochDay(0)).isZero();
    assertThat(DayBucketer.utcEpochDay(86_399_999)).isZero();
    assertThat(DayBucketer.utcEpochDay(86_400_000)).isEqualTo(1);
    assertThat(DayBucketer.utcEpochDay(-1)).isEqualTo(-1);
    assertThat(DayBucketer.utcEpochDay(-86_400_000)).isEqualTo(-1);
    assertThat(DayBucketer.utcEpochDay(-86_400_001)).isEqualTo(-2);
  }

  @Test
  void utcEpochDay_pacificEveningIsNextUtcDay() {
    long call = Instant.parse("2026-05-01T05:00:00Z").toEpochMilli();

    assertThat(LocalDate.ofEpochDay(DayBucketer.utcEpochDay(call)))
        .isEqualTo(LocalDate.of(2026, 5, 1));
  }

  @Test
  void utcEpochDay_extremes() {
    assertThat(DayBucketer.utcEpochDay(Long.MAX_VALUE))
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(Long.MAX_VALUE), ZoneOffset.UTC)
            .toEpochDay());
    assertThat(DayBucketer.utcEpochDay(Long.MIN_VALUE))
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(Long.MIN_VALUE), ZoneOffset.UTC)
            .toEpochDay());
  }

  @Test
  void dayIndex_utc() {
    DayBucketer bucketer = DayBucketer.of(UsageRange.parse("2026-04-01", "2026-04-30"));

    assertThat(bucketer.dayCount()).isEqualTo(30);
    assertThat(bucketer.dayIndex(millis("2026-04-01T00:00:00Z"))).isZero();
    assertThat(bucketer.dayIndex(millis("2026-04-01T23:59:59.999Z"))).isZero();
    assertThat(bucketer.dayIndex(millis("2026-04-02T00:00:00Z"))).isEqualTo(1);
    assertThat(bucketer.dayIndex(millis("2026-04-30T23:59:59.999Z"))).isEqualTo(29);
    assertThat(bucketer.day(29)).isEqualTo(LocalDate.of(2026, 4, 30));
  }

  @Test
  void dayIndex_outsideIsMinusOne() {
    DayBucketer bucketer = DayBucketer.of(UsageRange.parse("2026-04-01", "2026-04-30"));

    assertThat(bucketer.dayIndex(millis("2026-03-31T23:59:59.999Z"))).isEqualTo(-1);
    assertThat(bucketer.dayIndex(millis("2026-05-01T00:00:00Z"))).isEqualTo(-1);
    assertThat(bucketer.dayIndex(Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(bucketer.dayIndex(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void dayIndex_newYork23And25HourDays() {
    DayBucketer spring = DayBucketer.of(
        UsageRange.parse("2026-03-07", "2026-03-09", ZoneId.of("America/New_York")));
    DayBucketer autumn = DayBucketer.of(
        UsageRange.parse("2026-10-31", "2026-11-02", ZoneId.of("America/New_York")));

    // 8 March runs 05:00Z to 04:00Z next day (23 hours).
    assertThat(spring.dayIndex(millis("2026-03-08T04:59:59.999Z"))).isZero();
    assertThat(spring.dayIndex(millis("2026-03-08T05:00:00Z"))).isEqualTo(1);
    assertThat(spring.dayIndex(millis("2026-03-09T03:59:59.999Z"))).isEqualTo(1);
    assertThat(spring.dayIndex(millis("2026-03-09T04:00:00Z"))).isEqualTo(2);
    // 1 November runs 04:00Z to 05:00Z next day (25 hours).
    assertThat(autumn.dayIndex(millis("2026-11-01T03:59:59.999Z"))).isZero();
    assertThat(autumn.dayIndex(millis("2026-11-01T04:00:00Z"))).isEqualTo(1);
    assertThat(autumn.dayIndex(millis("2026-11-02T04:59:59.999Z"))).isEqualTo(1);
    assertThat(autumn.dayIndex(millis("2026-11-02T05:00:00Z"))).isEqualTo(2);
  }

  @Test
  void dayIndex_berlinSpringForward() {
    DayBucketer bucketer = DayBucketer.of(
        UsageRange.parse("2026-03-28", "2026-03-30", ZoneId.of("Europe/Berlin")));

    assertThat(bucketer.dayIndex(millis("2026-03-28T22:59:59.999Z"))).isZero();
    assertThat(bucketer.dayIndex(millis("2026-03-28T23:00:00Z"))).isEqualTo(1);
    assertThat(bucketer.dayIndex(millis("2026-03-29T21:59:59.999Z"))).isEqualTo(1);
    assertThat(bucketer.dayIndex(millis("2026-03-29T22:00:00Z"))).isEqualTo(2);
  }

  @Test
  void dayIndex_skippedDayHasNoInstants() {
    // Samoa moved across the date line: 30 December 2011 never happened in Pacific/Apia.
    ZoneId apia = ZoneId.of("Pacific/Apia");
    DayBucketer bucketer = DayBucketer.of(UsageRange.parse("2011-12-29", "2011-12-31", apia));
    long lastOf29th = millis("2011-12-30T09:59:59.999Z");
    long firstOf31st = millis("2011-12-30T10:00:00Z");

    assertThat(bucketer.dayIndex(lastOf29th)).isZero();
    assertThat(bucketer.dayIndex(firstOf31st)).isEqualTo(2);
    assertThat(bucketer.day(2))
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochMilli(firstOf31st), apia));
  }

  @Test
  void dayIndex_fixedOffsetZone() {
    DayBucketer bucketer = DayBucketer.of(
        UsageRange.parse("2026-04-01", "2026-04-02", ZoneOffset.ofHoursMinutes(5, 30)));

    assertThat(bucketer.dayIndex(millis("2026-03-31T18:29:59.999Z"))).isEqualTo(-1);
    assertThat(bucketer.dayIndex(millis("2026-03-31T18:30:00Z"))).isZero();
    assertThat(bucketer.dayIndex(millis("2026-04-01T18:30:00Z"))).isEqualTo(1);
    assertThat(bucketer.dayIndex(millis("2026-04-02T18:30:00Z"))).isEqualTo(-1);
  }

  @Test
  void day_outOfBounds() {
    DayBucketer bucketer = DayBucketer.of(UsageRange.parse("2026-04-01", "2026-04-30"));

    assertThatThrownBy(() -> bucketer.day(30))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("day index 30 is outside 0 to 29");
    assertThatThrownBy(() -> bucketer.day(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void of_null() {
    assertThatThrownBy(() -> DayBucketer.of(null))
        .isInstanceOf(NullPointerException.class).hasMessage("range");
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
