package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class DayBucketerProperties {

  @Property
  void utcEpochDay_equalsLocalDateOfInstant(@ForAll long epochMilli) {
    assertThat(DayBucketer.utcEpochDay(epochMilli)).isEqualTo(
        LocalDate.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC).toEpochDay());
  }

  @Property
  void utcEpochDay_equalsLocalDateOfInstantNearTheEpoch(
      @ForAll @LongRange(min = -4_102_444_800_000L, max = 7_258_118_400_000L) long epochMilli) {
    // 1840 to 2200: where real timestamps live, including before 1970.
    assertThat(DayBucketer.utcEpochDay(epochMilli)).isEqualTo(
        LocalDate.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC).toEpochDay());
  }

  @Property
  void dayIndex_equalsLocalDateOfInstantInZone(
      @ForAll("ranges") UsageRange range,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long offsetNanos) {
    DayBucketer bucketer = DayBucketer.of(range);
    long epochMilli = UsageRangeProperties.instantWithin(range, offsetNanos).toEpochMilli();
    Instant instant = Instant.ofEpochMilli(epochMilli);

    int index = bucketer.dayIndex(epochMilli);

    assertThat(index).isBetween(0, range.dayCount() - 1);
    assertThat(bucketer.day(index)).isEqualTo(LocalDate.ofInstant(instant, range.zone()));
    assertThat(range.days().get(index)).isEqualTo(range.dayOf(instant));
  }

  @Property
  void dayIndex_minusOneExactlyOutsideTheRange(
      @ForAll("ranges") UsageRange range,
      @ForAll @LongRange(min = -1_000, max = 2_000) long permille) {
    DayBucketer bucketer = DayBucketer.of(range);
    long start = range.startInstant().toEpochMilli();
    long end = range.endInstant().toEpochMilli();
    // From one range-length before the start to one after the end.
    long epochMilli = start + (end - start) * permille / 1_000;
    boolean inside = epochMilli >= start && epochMilli < end;

    assertThat(bucketer.dayIndex(epochMilli) >= 0).isEqualTo(inside);
    assertThat(bucketer.dayIndex(epochMilli)).isGreaterThanOrEqualTo(-1);
    assertThat(bucketer.dayIndex(start - 1)).isEqualTo(-1);
    assertThat(bucketer.dayIndex(end)).isEqualTo(-1);
    assertThat(bucketer.dayIndex(start)).isZero();
    assertThat(bucketer.dayIndex(end - 1)).isEqualTo(range.dayCount() - 1);
  }

  @Provide
  Arbitrary<UsageRange> ranges() {
    return RangeArbitraries.ranges();
  }
}
