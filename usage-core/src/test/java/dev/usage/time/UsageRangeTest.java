package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.time.InvalidRangeException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threeten.extra.Interval;
import org.threeten.extra.LocalDateRange;

class UsageRangeTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

  @Test
  void of_singleDay() {
    UsageRange range = UsageRange.of(date("2026-04-01"), date("2026-04-01"));

    assertThat(range.dayCount()).isEqualTo(1);
    assertThat(range.days()).containsExactly(date("2026-04-01"));
    assertThat(range.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void of_leapDay() {
    UsageRange range = UsageRange.of(date("2024-02-28"), date("2024-03-01"));

    assertThat(range.dayCount()).isEqualTo(3);
    assertThat(range.days()).containsExactly(
        date("2024-02-28"), date("2024-02-29"), date("2024-03-01"));
  }

  @Test
  void of_leapYearOf366DaysAllowed() {
    UsageRange range = UsageRange.of(date("2024-01-01"), date("2024-12-31"));

    assertThat(range.dayCount()).isEqualTo(366);
  }

  @Test
  void of_367DaysRejected() {
    assertThatThrownBy(() -> UsageRange.of(date("2024-01-01"), date("2025-01-01")))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("range 2024-01-01/2025-01-01 has 367 days, more than the limit of 366")
        .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.TOO_LONG);
  }

  @Test
  void of_endBeforeStart() {
    assertThatThrownBy(() -> UsageRange.of(date("2026-03-05"), date("2026-03-01")))
        .isInstanceOf(InvalidRangeException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("end date 2026-03-01 is before start date 2026-03-05")
        .extracting(e -> ((InvalidRangeException) e).reason())
        .isEqualTo(Reason.END_BEFORE_START);
  }

  @Test
  void of_yearOutsideTextForm() {
    assertThatThrownBy(() -> UsageRange.of(date("9999-12-31"), LocalDate.of(10000, 1, 1)))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("end date +10000-01-01 is outside the supported years 0000 to 9999");
    assertThatThrownBy(() -> UsageRange.of(LocalDate.of(-1, 12, 31), date("0000-01-01")))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("start date -0001-12-31");
  }

  @Test
  void of_nulls() {
    assertThatThrownBy(() -> UsageRange.of(null, date("2026-04-01")))
        .isInstanceOf(NullPointerException.class).hasMessage("start");
    assertThatThrownBy(() -> UsageRange.of(date("2026-04-01"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("endInclusive");
    assertThatThrownBy(() -> UsageRange.of(date("2026-04-01"), date("2026-04-01"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("zone");
  }

  @Test
  void of_utcAliasesNormalised() {
    UsageRange utc = UsageRange.of(date("2026-04-01"), date("2026-04-30"));

    assertThat(UsageRange.of(date("2026-04-01"), date("2026-04-30"), ZoneId.of("UTC")))
        .isEqualTo(utc);
    assertThat(UsageRange.of(date("2026-04-01"), date("2026-04-30"), ZoneId.of("Etc/UTC")))
        .isEqualTo(utc)
        .hasToString("2026-04-01/2026-04-30");
  }

  @Test
  void parse_twoDates() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-30");

    assertThat(range).isEqualTo(UsageRange.of(date("2026-04-01"), date("2026-04-30")));
    assertThat(range.dayCount()).isEqualTo(30);
  }

  @Test
  void parse_twoDatesInZone() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-30", BERLIN);

    assertThat(range.zone()).isEqualTo(BERLIN);
    assertThat(range).hasToString("2026-04-01/2026-04-30[Europe/Berlin]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13-01", "2026-4-1", "2026-04-1", "2026-02-30", "2025-02-29",
      "+2026-04-01", " 2026-04-01", "2026-04-01 ", "2026/04/01", "20260401", "", "2026-04-00",
      "2026-04-01T00:00", "２０２６-04-01", "2026-0a-01"})
  void parse_malformedDate(String text) {
    assertThatThrownBy(() -> UsageRange.parse(text, "2026-12-31"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessage("malformed date '" + text + "', expected YYYY-MM-DD")
        .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.MALFORMED);
    assertThatThrownBy(() -> UsageRange.parse("2026-01-01", text))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void parse_endBeforeStart() {
    assertThatThrownBy(() -> UsageRange.parse("2026-03-05", "2026-03-01"))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageContaining("2026-03-01")
        .hasMessageContaining("2026-03-05");
  }

  @Test
  void parse_text() {
    assertThat(UsageRange.parse("2026-04-01/2026-04-30"))
        .isEqualTo(UsageRange.of(date("2026-04-01"), date("2026-04-30")));
    assertThat(UsageRange.parse("2026-04-01/2026-04-30[America/Los_Angeles]"))
        .isEqualTo(UsageRange.of(date("2026-04-01"), date("2026-04-30"), LOS_ANGELES));
    assertThat(UsageRange.parse("2026-04-01/2026-04-30[+05:30]").zone())
        .isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(UsageRange.parse("2026-04-01/2026-04-30[UTC]"))
        .isEqualTo(UsageRange.parse("2026-04-01/2026-04-30"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-04-01", "2026-04-01/", "/2026-04-30", "2026-04-01/2026-04-30/",
      "2026-04-01/2026-04-30[Europe/Berlin", "2026-04-01/2026-04-30Europe/Berlin]",
      "2026-04-01/2026-04-30[Europe/Berlin] ", "2026-04-01//2026-04-30", "[UTC]2026-04-01/2026-04-30",
      "2026-04-01/2026-04-30[]", "2026-04-01/2026-04-30[Mars/Olympus]",
      "2026-04-01/2026-04-30[ Europe/Berlin]", "2026-04-01 / 2026-04-30"})
  void parse_malformedText(String text) {
    assertThatThrownBy(() -> UsageRange.parse(text))
        .isInstanceOf(InvalidRangeException.class)
        .hasMessageStartingWith("malformed")
        .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void parse_malformedTextNamesIt() {
    assertThatThrownBy(() -> UsageRange.parse("2026-04-01"))
        .hasMessage("malformed range '2026-04-01', expected YYYY-MM-DD/YYYY-MM-DD, optionally"
            + " followed by [zone]");
    assertThatThrownBy(() -> UsageRange.parse("2026-04-01/2026-04-30[Mars/Olympus]"))
        .hasMessageContaining("'Mars/Olympus'");
    assertThatThrownBy(() -> UsageRange.parse("2026-04-01/2026-13-30"))
        .hasMessage("malformed date '2026-13-30', expected YYYY-MM-DD");
  }

  @Test
  void parse_nulls() {
    assertThatThrownBy(() -> UsageRange.parse(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text");
    assertThatThrownBy(() -> UsageRange.parse(null, "2026-04-01"))
        .isInstanceOf(NullPointerException.class).hasMessage("start");
    assertThatThrownBy(() -> UsageRange.parse("2026-04-01", null))
        .isInstanceOf(NullPointerException.class).hasMessage("endInclusive");
  }

  @Test
  void toString_utcHasNoZone() {
    assertThat(UsageRange.of(date("2026-04-01"), date("2026-04-30")))
        .hasToString("2026-04-01/2026-04-30");
    assertThat(UsageRange.of(date("2026-04-01"), date("2026-04-30"), LOS_ANGELES))
        .hasToString("2026-04-01/2026-04-30[America/Los_Angeles]");
  }

  @Test
  void instants_utc() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-30");

    assertThat(range.startInstant()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(range.endInstant()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    assertThat(range.toInterval()).isEqualTo(Interval.of(
        Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z")));
    assertThat(range.toLocalDateRange())
        .isEqualTo(LocalDateRange.of(date("2026-04-01"), date("2026-05-01")));
  }

  @Test
  void instants_newYorkSpringForwardDayHas23Hours() {
    UsageRange range = UsageRange.parse("2026-03-08", "2026-03-08", NEW_YORK);

    assertThat(range.startInstant()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
    assertThat(range.endInstant()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    assertThat(Duration.between(range.startInstant(), range.endInstant()))
        .isEqualTo(Duration.ofHours(23));
  }

  @Test
  void instants_newYorkFallBackDayHas25Hours() {
    UsageRange range = UsageRange.parse("2026-11-01", "2026-11-01", NEW_YORK);

    assertThat(range.startInstant()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
    assertThat(range.endInstant()).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
    assertThat(Duration.between(range.startInstant(), range.endInstant()))
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void instants_berlinAcrossBothChanges() {
    UsageRange march = UsageRange.parse("2026-03-29", "2026-03-29", BERLIN);
    UsageRange october = UsageRange.parse("2026-10-25", "2026-10-25", BERLIN);

    assertThat(march.startInstant()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(march.endInstant()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(october.startInstant()).isEqualTo(Instant.parse("2026-10-24T22:00:00Z"));
    assertThat(october.endInstant()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
  }

  @Test
  void dayOf_pacificEveningIsNextUtcDay() {
    Instant call = OffsetDateTime.parse("2026-04-30T22:00:00-07:00").toInstant();
    UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
    UsageRange aprilInLosAngeles = UsageRange.parse("2026-04-01", "2026-04-30", LOS_ANGELES);

    assertThat(april.dayOf(call)).isEqualTo(date("2026-05-01"));
    assertThat(april.contains(call)).isFalse();
    assertThat(aprilInLosAngeles.dayOf(call)).isEqualTo(date("2026-04-30"));
    assertThat(aprilInLosAngeles.contains(call)).isTrue();
  }

  @Test
  void dayOf_newYorkRepeatedHourStaysOnItsDay() {
    UsageRange range = UsageRange.parse("2026-10-31", "2026-11-02", NEW_YORK);

    // 01:30 happens twice on 1 November: once in EDT, once in EST.
    assertThat(range.dayOf(Instant.parse("2026-11-01T05:30:00Z"))).isEqualTo(date("2026-11-01"));
    assertThat(range.dayOf(Instant.parse("2026-11-01T06:30:00Z"))).isEqualTo(date("2026-11-01"));
    assertThat(range.dayOf(Instant.parse("2026-11-02T04:59:59Z"))).isEqualTo(date("2026-11-01"));
    assertThat(range.dayOf(Instant.parse("2026-11-02T05:00:00Z"))).isEqualTo(date("2026-11-02"));
  }

  @Test
  void contains_instantIsHalfOpen() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-30");

    assertThat(range.contains(Instant.parse("2026-04-01T00:00:00Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2026-04-30T23:59:59.999999999Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2026-05-01T00:00:00Z"))).isFalse();
    assertThat(range.contains(Instant.parse("2026-03-31T23:59:59.999999999Z"))).isFalse();
  }

  @Test
  void contains_dayIncludesBothEnds() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-30");

    assertThat(range.contains(date("2026-04-01"))).isTrue();
    assertThat(range.contains(date("2026-04-30"))).isTrue();
    assertThat(range.contains(date("2026-03-31"))).isFalse();
    assertThat(range.contains(date("2026-05-01"))).isFalse();
  }

  @Test
  void days_isUnmodifiable() {
    UsageRange range = UsageRange.parse("2026-04-01", "2026-04-03");

    assertThatThrownBy(() -> range.days().add(date("2026-04-04")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> range.days().get(3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Nested
  class Presets {

    @Test
    void today_usesUtcNotTheClockZone() {
      // 22:00 on 30 April in Los Angeles is already 1 May in UTC.
      Clock clock = clock("2026-05-01T05:00:00Z", LOS_ANGELES);

      assertThat(UsageRange.today(clock)).hasToString("2026-05-01/2026-05-01");
      assertThat(UsageRange.today(clock, LOS_ANGELES))
          .hasToString("2026-04-30/2026-04-30[America/Los_Angeles]");
    }

    @Test
    void lastDays_endsTodayInclusive() {
      Clock clock = clock("2026-04-30T12:00:00Z");

      assertThat(UsageRange.lastDays(7, clock)).hasToString("2026-04-24/2026-04-30");
      assertThat(UsageRange.lastDays(30, clock)).hasToString("2026-04-01/2026-04-30");
      assertThat(UsageRange.lastDays(1, clock)).isEqualTo(UsageRange.today(clock));
    }

    @Test
    void lastDays_acrossYearEnd() {
      Clock clock = clock("2026-01-03T00:00:00Z");

      assertThat(UsageRange.lastDays(7, clock)).hasToString("2025-12-28/2026-01-03");
    }

    @Test
    void lastDays_inZone() {
      Clock clock = clock("2026-05-01T05:00:00Z");

      assertThat(UsageRange.lastDays(7, clock, LOS_ANGELES))
          .hasToString("2026-04-24/2026-04-30[America/Los_Angeles]");
    }

    @Test
    void lastDays_limits() {
      Clock clock = clock("2026-04-30T12:00:00Z");

      assertThat(UsageRange.lastDays(366, clock).dayCount()).isEqualTo(366);
      assertThatThrownBy(() -> UsageRange.lastDays(367, clock))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("367 days");
      assertThatThrownBy(() -> UsageRange.lastDays(0, clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("day count 0 is less than 1");
    }

    @Test
    void monthToDate_midMonth() {
      assertThat(UsageRange.monthToDate(clock("2026-04-15T23:59:59Z")))
          .hasToString("2026-04-01/2026-04-15");
    }

    @Test
    void monthToDate_onTheFirstIsOneDay() {
      assertThat(UsageRange.monthToDate(clock("2026-04-01T00:00:00Z")))
          .hasToString("2026-04-01/2026-04-01");
    }

    @Test
    void thisMonth_coversTheWholeMonth() {
      assertThat(UsageRange.thisMonth(clock("2026-04-01T00:00:00Z")))
          .hasToString("2026-04-01/2026-04-30");
      assertThat(UsageRange.thisMonth(clock("2024-02-10T00:00:00Z")))
          .hasToString("2024-02-01/2024-02-29");
      assertThat(UsageRange.thisMonth(clock("2026-03-01T03:00:00Z"), NEW_YORK))
          .hasToString("2026-02-01/2026-02-28[America/New_York]");
    }

    @Test
    void lastMonth_onTheFirst() {
      assertThat(UsageRange.lastMonth(clock("2026-04-01T00:00:00Z")))
          .hasToString("2026-03-01/2026-03-31");
      assertThat(UsageRange.lastMonth(clock("2024-03-01T00:00:00Z")))
          .hasToString("2024-02-01/2024-02-29");
    }

    @Test
    void lastMonth_acrossYearEnd() {
      assertThat(UsageRange.lastMonth(clock("2026-01-01T00:00:00Z")))
          .hasToString("2025-12-01/2025-12-31");
      assertThat(UsageRange.lastMonth(clock("2025-12-31T23:59:59Z")))
          .hasToString("2025-11-01/2025-11-30");
      // Still 31 December in New York while 1 January in UTC.
      assertThat(UsageRange.lastMonth(clock("2026-01-01T03:00:00Z"), NEW_YORK))
          .hasToString("2025-11-01/2025-11-30[America/New_York]");
    }

    @Test
    void billingPeriod_anchor1IsTheCalendarMonth() {
      assertThat(UsageRange.billingPeriod(1, clock("2026-04-01T00:00:00Z")))
          .isEqualTo(UsageRange.thisMonth(clock("2026-04-01T00:00:00Z")));
    }

    @Test
    void billingPeriod_anchorMidMonth() {
      assertThat(UsageRange.billingPeriod(15, clock("2026-04-14T23:59:59Z")))
          .hasToString("2026-03-15/2026-04-14");
      assertThat(UsageRange.billingPeriod(15, clock("2026-04-15T00:00:00Z")))
          .hasToString("2026-04-15/2026-05-14");
      assertThat(UsageRange.billingPeriod(15, clock("2026-01-10T00:00:00Z")))
          .hasToString("2025-12-15/2026-01-14");
    }

    @Test
    void billingPeriod_anchor31InFebruary() {
      assertThat(UsageRange.billingPeriod(31, clock("2026-02-15T00:00:00Z")))
          .hasToString("2026-01-31/2026-02-27");
      assertThat(UsageRange.billingPeriod(31, clock("2026-02-28T00:00:00Z")))
          .hasToString("2026-02-28/2026-03-30");
      assertThat(UsageRange.billingPeriod(31, clock("2024-02-28T00:00:00Z")))
          .hasToString("2024-01-31/2024-02-28");
      assertThat(UsageRange.billingPeriod(31, clock("2024-02-29T00:00:00Z")))
          .hasToString("2024-02-29/2024-03-30");
      assertThat(UsageRange.billingPeriod(30, clock("2026-03-01T00:00:00Z")))
          .hasToString("2026-02-28/2026-03-29");
    }

    @Test
    void billingPeriod_anchor31InApril() {
      assertThat(UsageRange.billingPeriod(31, clock("2026-04-15T00:00:00Z")))
          .hasToString("2026-03-31/2026-04-29");
      assertThat(UsageRange.billingPeriod(31, clock("2026-04-30T00:00:00Z")))
          .hasToString("2026-04-30/2026-05-30");
      assertThat(UsageRange.billingPeriod(31, clock("2026-05-31T00:00:00Z")))
          .hasToString("2026-05-31/2026-06-29");
    }

    @Test
    void billingPeriod_anchor31AtYearEnd() {
      assertThat(UsageRange.billingPeriod(31, clock("2026-12-31T00:00:00Z")))
          .hasToString("2026-12-31/2027-01-30");
      assertThat(UsageRange.billingPeriod(31, clock("2027-01-01T00:00:00Z")))
          .hasToString("2026-12-31/2027-01-30");
    }

    @Test
    void billingPeriod_badAnchor() {
      Clock clock = clock("2026-04-15T00:00:00Z");

      assertThatThrownBy(() -> UsageRange.billingPeriod(0, clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("billing anchor day 0 is outside 1 to 31");
      assertThatThrownBy(() -> UsageRange.billingPeriod(32, clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32");
    }

    @Test
    void presets_nulls() {
      assertThatThrownBy(() -> UsageRange.today(null))
          .isInstanceOf(NullPointerException.class).hasMessage("clock");
      assertThatThrownBy(() -> UsageRange.thisMonth(clock("2026-04-15T00:00:00Z"), null))
          .isInstanceOf(NullPointerException.class).hasMessage("zone");
    }
  }

  @Nested
  class Joining {

    @Test
    void abuts_dayAfterEnd() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
      UsageRange may = UsageRange.parse("2026-05-01", "2026-05-31");

      assertThat(april.abuts(may)).isTrue();
      assertThat(may.abuts(april)).isTrue();
      assertThat(april.overlaps(may)).isFalse();
      assertThat(april.isConnected(may)).isTrue();
    }

    @Test
    void abuts_notWithGapOrOverlap() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");

      assertThat(april.abuts(UsageRange.parse("2026-05-02", "2026-05-31"))).isFalse();
      assertThat(april.abuts(UsageRange.parse("2026-04-30", "2026-05-31"))).isFalse();
      assertThat(april.overlaps(UsageRange.parse("2026-04-30", "2026-05-31"))).isTrue();
      assertThat(april.isConnected(UsageRange.parse("2026-05-02", "2026-05-31"))).isFalse();
    }

    @Test
    void abuts_notAcrossZones() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
      UsageRange mayInBerlin = UsageRange.parse("2026-05-01", "2026-05-31", BERLIN);

      assertThat(april.abuts(mayInBerlin)).isFalse();
      assertThat(april.overlaps(UsageRange.parse("2026-04-01", "2026-04-30", BERLIN))).isFalse();
    }

    @Test
    void union_adjacent() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
      UsageRange may = UsageRange.parse("2026-05-01", "2026-05-31");

      assertThat(april.union(may)).hasToString("2026-04-01/2026-05-31");
      assertThat(may.union(april)).hasToString("2026-04-01/2026-05-31");
    }

    @Test
    void union_overlappingAndContained() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");

      assertThat(april.union(UsageRange.parse("2026-04-20", "2026-05-10")))
          .hasToString("2026-04-01/2026-05-10");
      assertThat(april.union(UsageRange.parse("2026-04-10", "2026-04-20"))).isEqualTo(april);
      assertThat(april.union(april)).isEqualTo(april);
    }

    @Test
    void union_gapRejected() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
      UsageRange june = UsageRange.parse("2026-06-01", "2026-06-30");

      assertThatThrownBy(() -> april.union(june))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessage("range 2026-06-01/2026-06-30 neither overlaps nor abuts range"
              + " 2026-04-01/2026-04-30")
          .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.DISCONNECTED);
    }

    @Test
    void union_otherZoneRejected() {
      UsageRange april = UsageRange.parse("2026-04-01", "2026-04-30");
      UsageRange aprilInBerlin = UsageRange.parse("2026-04-01", "2026-04-30", BERLIN);

      assertThatThrownBy(() -> april.union(aprilInBerlin))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("Europe/Berlin")
          .hasMessageContaining("zone Z")
          .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.ZONE_MISMATCH);
    }

    @Test
    void union_over366DaysRejected() {
      UsageRange first = UsageRange.parse("2024-01-01", "2024-06-30");
      UsageRange second = UsageRange.parse("2024-07-01", "2025-01-01");

      assertThatThrownBy(() -> first.union(second))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("367 days")
          .extracting(e -> ((InvalidRangeException) e).reason()).isEqualTo(Reason.TOO_LONG);
    }

    @Test
    void splitByMonth_partialEnds() {
      UsageRange range = UsageRange.parse("2026-01-15", "2026-03-10", BERLIN);

      assertThat(range.splitByMonth()).extracting(UsageRange::toString).containsExactly(
          "2026-01-15/2026-01-31[Europe/Berlin]",
          "2026-02-01/2026-02-28[Europe/Berlin]",
          "2026-03-01/2026-03-10[Europe/Berlin]");
    }

    @Test
    void splitByMonth_withinOneMonth() {
      UsageRange range = UsageRange.parse("2026-04-03", "2026-04-05");

      assertThat(range.splitByMonth()).containsExactly(range);
    }

    @Test
    void splitByMonth_leapYearHas12Pieces() {
      List<UsageRange> pieces = UsageRange.parse("2024-01-01", "2024-12-31").splitByMonth();

      assertThat(pieces).hasSize(12);
      assertThat(pieces.get(1)).hasToString("2024-02-01/2024-02-29");
    }

    @Test
    void splitByMonth_touches13Months() {
      assertThat(UsageRange.parse("2025-01-31", "2026-01-01").splitByMonth()).hasSize(13);
    }

    @Test
    void splitByDays_lastPieceShorter() {
      UsageRange range = UsageRange.parse("2026-04-01", "2026-04-10");

      assertThat(range.splitByDays(4)).extracting(UsageRange::toString).containsExactly(
          "2026-04-01/2026-04-04", "2026-04-05/2026-04-08", "2026-04-09/2026-04-10");
      assertThat(range.splitByDays(1)).hasSize(10);
      assertThat(range.splitByDays(10)).containsExactly(range);
      assertThat(range.splitByDays(Integer.MAX_VALUE)).containsExactly(range);
    }

    @Test
    void splitByDays_lessThanOneRejected() {
      UsageRange range = UsageRange.parse("2026-04-01", "2026-04-10");

      assertThatThrownBy(() -> range.splitByDays(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("piece length 0 is less than 1 day");
    }
  }

  static Clock clock(String instant) {
    return clock(instant, ZoneOffset.UTC);
  }

  static Clock clock(String instant, ZoneId zone) {
    return Clock.fixed(Instant.parse(instant), zone);
  }

  static LocalDate date(String text) {
    return LocalDate.parse(text);
  }
}
