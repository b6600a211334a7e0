package dev.usage.report;

import dev.usage.spi.AggregateRow;
import dev.usage.spi.GroupKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Four counts per day and phone number, added up from aggregate rows grouped by day and phone
 * number: the rows of the phone and the SMS reports, which key their rows alike. A count that
 * leaves the range of a {@code long} throws {@link dev.usage.UsageOverflowException}.
 *
 * <p>This class is not thread-safe.
 */
final class PhoneDayTotals {

  /** Makes a report row from a day, a phone number and its four counts. */
  @FunctionalInterface
  interface RowMaker<R> {
    R row(LocalDate date, String phoneNumber, long first, long second, long third, long fourth);
  }

  private record Key(LocalDate date, String phoneNumber) {}

  private final Map<Key, long[]> counts =
      new TreeMap<>(Comparator.comparing(Key::date).thenComparing(Key::phoneNumber));

  /**
   * Adds {@code value} to count {@code column} (0 to 3) of the row's day and phone number, an
   * absent phone number being {@link ReportSupport#ABSENT}; the day and number get a row even
   * when the value is zero.
   */
  void add(AggregateRow row, int column, long value) {
    Key key = new Key(row.day(), ReportSupport.value(row, GroupKey.PHONE_NUMBER));
    long[] c = counts.computeIfAbsent(key, k -> new long[4]);
    c[column] = ReportSupport.add(c[column], value);
  }

  /** Returns one row per day and phone number, sorted by day then phone number. */
  <R> List<R> rows(RowMaker<R> maker) {
    List<R> rows = new ArrayList<>(counts.size());
    counts.forEach((k, c) -> rows.add(maker.row(k.date(), k.phoneNumber(), c[0], c[1], c[2], c[3])));
    return rows;
  }
}
