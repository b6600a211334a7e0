package dev.usage.time;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators shared by the time properties. */
final class RangeArbitraries {

  /**
   * Zones with daylight saving in both hemispheres, half-hour and 45-minute offsets, a half-hour
   * DST shift (Lord Howe) and a skipped day (Apia), plus fixed offsets.
   */
  static final ZoneId[] ZONES = {
    ZoneOffset.UTC,
    ZoneId.of("America/New_York"),
    ZoneId.of("America/Los_Angeles"),
    ZoneId.of("America/St_Johns"),
    ZoneId.of("Europe/Berlin"),
    ZoneId.of("Europe/London"),
    ZoneId.of("Australia/Sydney"),
    ZoneId.of("Australia/Lord_Howe"),
    ZoneId.of("Pacific/Chatham"),
    ZoneId.of("Pacific/Apia"),
    ZoneId.of("Asia/Kolkata"),
    ZoneOffset.ofHoursMinutes(-9, -30),
  };

  private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  // Most traffic is near today; the full 0000-9999 span keeps edge years covered too.
  private static final long RECENT_FROM = LocalDate.of(1900, 1, 1).toEpochDay();
  private static final long RECENT_TO = LocalDate.of(2200, 12, 31).toEpochDay();

  private RangeArbitraries() {}

  static Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  static Arbitrary<LocalDate> dates() {
    return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.longs().between(RECENT_FROM, RECENT_TO)),
            Tuple.of(1, Arbitraries.longs().between(MIN_DAY, MAX_DAY)))
        .map(LocalDate::ofEpochDay);
  }

  static Arbitrary<UsageRange> ranges() {
    return ranges(zones());
  }

  static Arbitrary<UsageRange> utcRanges() {
    return ranges(Arbitraries.just(ZoneOffset.UTC));
  }

  static Arbitrary<UsageRange> ranges(Arbitrary<ZoneId> zones) {
    return Combinators.combine(dates(), Arbitraries.integers().between(1, UsageRange.MAX_DAYS),
            zones)
        .as((start, days, zone) -> {
          LocalDate end = start.plusDays(days - 1L);
          LocalDate max = LocalDate.ofEpochDay(MAX_DAY);
          return UsageRange.of(start, end.isAfter(max) ? max : end, zone);
        });
  }
}
