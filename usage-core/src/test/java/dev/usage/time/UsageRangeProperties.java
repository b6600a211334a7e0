package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class UsageRangeProperties {

  @Property
  void parse_isInverseOfToString(@ForAll("ranges") UsageRange range) {
    assertThat(UsageRange.parse(range.toString())).isEqualTo(range);
  }

  @Property
  void parse_twoDatesIsInverseOfToStringInUtc(@ForAll("utcRanges") UsageRange range) {
    assertThat(UsageRange.parse(range.start().toString(), range.endInclusive().toString()))
        .isEqualTo(range);
    assertThat(range.toString()).isEqualTo(range.start() + "/" + range.endInclusive());
  }

  @Property
  void days_consecutiveFromStartToEnd(@ForAll("ranges") UsageRange range) {
    List<LocalDate> days = range.days();

    assertThat(days).hasSize(range.dayCount());
    assertThat(days.get(0)).isEqualTo(range.start());
    assertThat(days.get(days.size() - 1)).isEqualTo(range.endInclusive());
    for (int i = 1; i < days.size(); i++) {
      assertThat(days.get(i)).isEqualTo(days.get(i - 1).plusDays(1));
    }
    assertThat(range.dayCount()).isBetween(1, UsageRange.MAX_DAYS);
  }

  @Property
  void dayOf_everyInstantInsideFallsOnADayOfTheRange(
      @ForAll("ranges") UsageRange range,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long offsetNanos) {
    Instant instant = instantWithin(range, offsetNanos);
    LocalDate day = range.dayOf(instant);

    assertThat(range.contains(instant)).isTrue();
    assertThat(range.contains(day)).isTrue();
    assertThat(day).isEqualTo(LocalDate.ofInstant(instant, range.zone()));
  }

  @Property
  void contains_excludesInstantsJustOutside(@ForAll("ranges") UsageRange range) {
    Instant before = range.startInstant().minusNanos(1);

    assertThat(range.contains(range.startInstant())).isTrue();
    assertThat(range.contains(before)).isFalse();
    assertThat(range.contains(range.dayOf(before))).isFalse();
    assertThat(range.contains(range.endInstant())).isFalse();
    assertThat(range.contains(range.dayOf(range.endInstant()))).isFalse();
    assertThat(range.dayOf(range.endInstant().minusNanos(1))).isEqualTo(range.endInclusive());
  }

  @Property
  void instants_spanRoughlyTheDays(@ForAll("ranges") UsageRange range) {
    Duration span = Duration.between(range.startInstant(), range.endInstant());

    // Daylight saving moves at most a few hours in total; a skipped day (Apia) removes 24.
    assertThat(span.toHours()).isBetween(range.dayCount() * 24L - 26, range.dayCount() * 24L + 2);
    assertThat(range.toInterval().getStart()).isEqualTo(range.startInstant());
    assertThat(range.toInterval().getEnd()).isEqualTo(range.endInstant());
    assertThat(range.toLocalDateRange().lengthInDays()).isEqualTo(range.dayCount());
  }

  @Property
  void splitByMonth_piecesAbutAndUnionBack(@ForAll("ranges") UsageRange range) {
    List<UsageRange> pieces = range.splitByMonth();

    assertTiles(range, pieces);
    for (UsageRange piece : pieces) {
      assertThat(YearMonth.from(piece.start())).isEqualTo(YearMonth.from(piece.endInclusive()));
    }
    assertThat(pieces.size()).isEqualTo(
        (int) YearMonth.from(range.start()).until(YearMonth.from(range.endInclusive()),
            ChronoUnit.MONTHS) + 1);
  }

  @Property
  void splitByDays_piecesAbutAndUnionBack(
      @ForAll("ranges") UsageRange range, @ForAll @IntRange(min = 1, max = 400) int n) {
    List<UsageRange> pieces = range.splitByDays(n);

    assertTiles(range, pieces);
    for (int i = 0; i < pieces.size() - 1; i++) {
      assertThat(pieces.get(i).dayCount()).isEqualTo(n);
    }
    assertThat(pieces.get(pieces.size() - 1).dayCount()).isBetween(1, n);
  }

  @Property
  void union_ofTwoSidesOfACutIsTheRange(
      @ForAll("ranges") UsageRange range, @ForAll @IntRange(min = 0, max = 400) int cut) {
    if (range.dayCount() < 2) {
      assertThat(range.union(range)).isEqualTo(range);
      return;
    }
    int at = 1 + cut % (range.dayCount() - 1);
    LocalDate split = range.start().plusDays(at);
    UsageRange left = UsageRange.of(range.start(), split.minusDays(1), range.zone());
    UsageRange right = UsageRange.of(split, range.endInclusive(), range.zone());

    assertThat(left.abuts(right)).isTrue();
    assertThat(left.union(right)).isEqualTo(range);
    assertThat(right.union(left)).isEqualTo(range);
    assertThat(range.union(left)).isEqualTo(range);
  }

  @Property
  void lastDays_hasNDaysEndingToday(
      @ForAll("clocks") Clock clock, @ForAll("presetZones") ZoneId zone,
      @ForAll @IntRange(min = 1, max = UsageRange.MAX_DAYS) int n) {
    UsageRange range = UsageRange.lastDays(n, clock, zone);
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);

    assertThat(range.dayCount()).isEqualTo(n);
    assertThat(range.endInclusive()).isEqualTo(today);
    assertThat(range.contains(clock.instant())).isTrue();
  }

  @Property
  void monthPresets_containToday(@ForAll("clocks") Clock clock, @ForAll("presetZones") ZoneId zone) {
    UsageRange thisMonth = UsageRange.thisMonth(clock, zone);
    UsageRange monthToDate = UsageRange.monthToDate(clock, zone);
    UsageRange lastMonth = UsageRange.lastMonth(clock, zone);

    assertThat(thisMonth.contains(clock.instant())).isTrue();
    assertThat(monthToDate.contains(clock.instant())).isTrue();
    assertThat(monthToDate.start()).isEqualTo(thisMonth.start());
    assertThat(lastMonth.abuts(thisMonth)).isTrue();
    assertThat(lastMonth.splitByMonth()).containsExactly(lastMonth);
    assertThat(thisMonth.splitByMonth()).containsExactly(thisMonth);
  }

  @Property
  void billingPeriod_containsTodayAndTilesWithTheNext(
      @ForAll("clocks") Clock clock, @ForAll("presetZones") ZoneId zone,
      @ForAll @IntRange(min = 1, max = 31) int anchor) {
    UsageRange period = UsageRange.billingPeriod(anchor, clock, zone);
    Clock atNext = Clock.fixed(period.endInstant(), ZoneOffset.UTC);
    UsageRange next = UsageRange.billingPeriod(anchor, atNext, zone);
    YearMonth month = YearMonth.from(period.start());

    assertThat(period.contains(clock.instant())).isTrue();
    assertThat(period.start().getDayOfMonth())
        .isEqualTo(Math.min(anchor, month.lengthOfMonth()));
    assertThat(period.dayCount()).isBetween(28, 31);
    assertThat(period.abuts(next)).isTrue();
    assertThat(next.start()).isAfter(period.endInclusive());
  }

  private static void assertTiles(UsageRange range, List<UsageRange> pieces) {
    assertThat(pieces).isNotEmpty();
    assertThat(pieces.get(0).start()).isEqualTo(range.start());
    assertThat(pieces.get(pieces.size() - 1).endInclusive()).isEqualTo(range.endInclusive());
    UsageRange union = pieces.get(0);
    for (int i = 1; i < pieces.size(); i++) {
      assertThat(pieces.get(i - 1).abuts(pieces.get(i))).isTrue();
      assertThat(pieces.get(i - 1).endInclusive().plusDays(1)).isEqualTo(pieces.get(i).start());
      assertThat(pieces.get(i).zone()).isEqualTo(range.zone());
      union = union.union(pieces.get(i));
    }
    assertThat(union).isEqualTo(range);
  }

  /** An instant in [startInstant, endInstant), spread across the range by offsetNanos. */
  static Instant instantWithin(UsageRange range, long offsetNanos) {
    long span = Duration.between(range.startInstant(), range.endInstant()).toNanos();
    return range.startInstant().plusNanos(offsetNanos % span);
  }

  @Provide
  Arbitrary<UsageRange> ranges() {
    return RangeArbitraries.ranges();
  }

  @Provide
  Arbitrary<UsageRange> utcRanges() {
    return RangeArbitraries.utcRanges();
  }

  @Provide
  Arbitrary<ZoneId> presetZones() {
    return RangeArbitraries.zones();
  }

  @Provide
  Arbitrary<Clock> clocks() {
    // 1901 to 2199, so that last month and next billing period stay inside the years 0000-9999.
    return Arbitraries.longs()
        .between(Instant.parse("1901-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2199-12-31T00:00:00Z").getEpochSecond())
        .map(seconds -> Clock.fixed(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
  }
}
