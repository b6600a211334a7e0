package dev.usage.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class InstantRangeProperties {

  @Property
  void parse_isInverseOfToString(@ForAll("ranges") InstantRange range) {
    assertThat(InstantRange.parse(range.toString())).isEqualTo(range);
    assertThat(InstantRange.parse(range.startInstant().toString(),
        range.endInstant().toString())).isEqualTo(range);
  }

  @Property
  void toUsageRange_coversEveryInstantOnItsUtcDay(
      @ForAll("ranges") InstantRange range,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long offsetNanos) {
    long span = Duration.between(range.startInstant(), range.endInstant()).toNanos();
    Instant instant = range.startInstant().plusNanos(offsetNanos % span);
    UsageRange days = range.toUsageRange();

    assertThat(range.contains(instant)).isTrue();
    assertThat(days.contains(instant)).isTrue();
    assertThat(days.contains(LocalDate.ofInstant(instant, ZoneOffset.UTC))).isTrue();
    assertThat(days.dayCount()).isEqualTo(range.dayCount());
    assertThat(range.days()).isEqualTo(days.days());
    assertThat(days.startInstant()).isBeforeOrEqualTo(range.startInstant());
    assertThat(days.endInstant()).isAfterOrEqualTo(range.endInstant());
    // Whole days only widen the range by less than a day at each end.
    assertThat(days.startInstant()).isAfter(range.startInstant().minusSeconds(86_400));
    assertThat(days.endInstant()).isBefore(range.endInstant().plusSeconds(86_400));
  }

  @Provide
  Arbitrary<InstantRange> ranges() {
    return Combinators.combine(
            RangeArbitraries.utcRanges(),
            Arbitraries.longs().between(0, 86_399_999_999_999L),
            Arbitraries.longs().between(1, 86_400_000_000_000L))
        .as((days, startNanos, endNanos) -> {
          Instant start = days.startInstant().plusNanos(startNanos);
          Instant end = days.endInstant().minusNanos(endNanos).plusNanos(1);
          // A one-day range may put the end before the start; the start's day is still valid.
          return end.isAfter(start) ? InstantRange.of(start, end)
              : InstantRange.of(start, start.plusNanos(1));
        });
  }
}
