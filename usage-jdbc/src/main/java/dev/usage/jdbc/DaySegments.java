package dev.usage.jdbc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone's UTC offsets over a time range, as fixed-offset segments, so that SQL can put events on
 * calendar days with integer arithmetic: the local epoch second is the epoch second plus the
 * offset of the event's segment, and the day is that floor-divided by 86,400.
 *
 * <p>The offsets come from the JVM's time-zone rules, so every database buckets exactly as {@code
 * LocalDate.ofInstant} does, 23- and 25-hour days included, whatever the database's own tz data.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param boundaries the epoch nanoseconds at which each offset after the first starts, ascending
 * @param offsets the offset of each segment in seconds; one more than the boundaries
 */
record DaySegments(List<Long> boundaries, List<Integer> offsets) {

  DaySegments {
    boundaries = List.copyOf(boundaries);
    offsets = List.copyOf(offsets);
  }

  /**
   * Returns the segments of {@code zone} over {@code [from, to)}.
   *
   * @param zone the zone
   * @param from the first instant
   * @param to the instant after the last
   * @return the segments
   */
  static DaySegments of(ZoneId zone, Instant from, Instant to) {
    ZoneRules rules = zone.getRules();
    List<Long> boundaries = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    ZoneOffset offset = rules.getOffset(from);
    offsets.add(offset.getTotalSeconds());
    if (!rules.isFixedOffset()) {
      ZoneOffsetTransition t = rules.nextTransition(from);
      while (t != null && t.getInstant().isBefore(to)) {
        boundaries.add(EventRows.toNanos(t.getInstant()));
        offsets.add(t.getOffsetAfter().getTotalSeconds());
        t = rules.nextTransition(t.getInstant());
      }
    }
    return new DaySegments(boundaries, offsets);
  }

  /** Returns the number of offset segments. */
  int size() {
    return offsets.size();
  }

  /**
   * Returns an SQL expression of an event's offset in seconds from column {@code occurred_at}, with
   * a {@code ?} per boundary and offset, in the order {@link #bindValues()} gives.
   */
  String offsetSql() {
    return offsetSql("occurred_at");
  }

  /** Returns {@link #offsetSql()} of the epoch nanoseconds in {@code column}. */
  String offsetSql(String column) {
    if (boundaries.isEmpty()) {
      return "CAST(? AS BIGINT)";
    }
    StringBuilder sql = new StringBuilder("CASE");
    for (int i = 0; i < boundaries.size(); i++) {
      sql.append(" WHEN ").append(column).append(" < ? THEN CAST(? AS BIGINT)");
    }
    return sql.append(" ELSE CAST(? AS BIGINT) END").toString();
  }

  /**
   * Returns whether every offset is a whole number of hours and every change falls on a whole UTC
   * hour, so that each UTC hour lies within one calendar day of the zone.
   */
  boolean wholeHours() {
    for (long b : boundaries) {
      if (Math.floorMod(b, HourlyRollup.NANOS_PER_HOUR) != 0) {
        return false;
      }
    }
    for (int o : offsets) {
      if (o % 3_600 != 0) {
        return false;
      }
    }
    return true;
  }

  /** Returns the values of the {@code ?}s of {@link #offsetSql()}, in order. */
  List<Long> bindValues() {
    List<Long> values = new ArrayList<>(boundaries.size() * 2 + 1);
    for (int i = 0; i < boundaries.size(); i++) {
      values.add(boundaries.get(i));
      values.add((long) offsets.get(i));
    }
    values.add((long) offsets.get(offsets.size() - 1));
    return values;
  }
}
