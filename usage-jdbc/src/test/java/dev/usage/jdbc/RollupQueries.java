package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.metric.Metrics;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.GroupKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random aggregate queries over {@link TestEvents#random} events, most of them of the kind the
 * hourly rollup answers: zones with whole-hour and other offsets, days around both DST changes of
 * 2026, whole-day, whole-hour and partial ranges.
 */
final class RollupQueries {

  /** Whole-hour zones with and without DST, and zones the rollup cannot serve by day. */
  static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/New_York"), ZoneId.of("Asia/Tokyo"), ZoneOffset.ofHours(-11), ZoneId.of("Asia/Kolkata"),
      ZoneId.of("Asia/Kathmandu"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/St_Johns"));

  private static final List<GroupKey> ROLLUP_KEYS =
      List.of(GroupKey.DAY, GroupKey.METRIC, GroupKey.CHANNEL, GroupKey.DIRECTION);

  private RollupQueries() {}

  static AggregateQuery random(Random random) {
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    LocalDate first = random.nextBoolean() ? LocalDate.parse("2026-03-26").plusDays(random.nextInt(4))
        : LocalDate.parse("2026-10-23").plusDays(random.nextInt(3));
    LocalDate last = first.getMonthValue() == 3 && random.nextInt(3) == 0 ? LocalDate.parse("2026-10-27")
        : first.plusDays(random.nextInt(6));
    Instant from = first.atStartOfDay(zone).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
    switch (random.nextInt(6)) {
      case 0 -> from = from.plusSeconds(3_600L * (1 + random.nextInt(30))); // whole hours into the range
      case 1 -> to = to.minusSeconds(3_600L * (1 + random.nextInt(20)));
      case 2 -> from = from.plusSeconds(1 + random.nextInt(7_200)); // not on an hour
      default -> { }
    }
    if (!to.isAfter(from)) {
      to = from.plusSeconds(3_600);
    }
    List<GroupKey> keys = new ArrayList<>(ROLLUP_KEYS);
    if (random.nextInt(8) == 0) {
      keys.add(GroupKey.PROVIDER);
    }
    Collections.shuffle(keys, random);
    AggregateQuery.Builder b = AggregateQuery.builder(random.nextInt(4) == 0 ? TestEvents.GLOBEX : TestEvents.ACME,
        from, to).zone(zone).groupBy(keys.subList(0, random.nextInt(Math.min(4, keys.size()) + 1))
        .toArray(GroupKey[]::new));
    if (random.nextInt(3) == 0) {
      b.metrics(Metrics.CALLS, Metrics.VOICE_MINUTES, TestEvents.TRANSCRIPTS);
    }
    if (random.nextInt(3) == 0) {
      b.where(DimensionKey.CHANNEL, random.nextBoolean() ? new String[] {"voice"} : new String[] {"voice", "sms"});
    }
    if (random.nextInt(4) == 0) {
      b.where(DimensionKey.DIRECTION, "inbound");
    }
    if (random.nextInt(10) == 0) {
      b.where(DimensionKey.MODEL, "alice", "Zoë");
    }
    return b.build();
  }

  /** Returns whether the store answers {@code q} from the rollup; the ranges here are short. */
  static boolean servedByRollup(AggregateQuery q) {
    Optional<DaySegments> segments = q.groupBy().contains(GroupKey.DAY)
        ? Optional.of(DaySegments.of(q.zone(), q.from(), q.to())) : Optional.empty();
    return HourlyRollup.serves(q, segments);
  }
}
