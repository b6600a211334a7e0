package dev.usage.spi;

import dev.usage.UsageOverflowException;
import dev.usage.event.UsageEvent;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UsageStore#aggregate} for a store that has only {@link UsageStore#scan}: reads every
 * matching event of the range, page by page, and adds them up in memory.
 *
 * <p>Its cost grows with the events in the range, where a store's own aggregation can read
 * precomputed totals; that is the price of a store written in a day.
 *
 * <p>This class is not thread-safe; each call has its own.
 */
final class ScanAggregation {

  private final AggregateQuery query;
  private final Map<List<String>, Totals> groups = new HashMap<>();

  private ScanAggregation(AggregateQuery query) {
    this.query = query;
  }

  static List<AggregateRow> aggregate(UsageStore store, AggregateQuery query) {
    ScanAggregation a = new ScanAggregation(query);
    ScanQuery page = ScanQuery.firstPage(query.tenant(), query.from(), query.to(), query.filter(),
        ScanQuery.MAX_PAGE_SIZE);
    while (true) {
      EventPage events = store.scan(page);
      events.events().forEach(a::add);
      Optional<String> next = events.nextCursor();
      if (next.isEmpty()) {
        return a.rows();
      }
      page = page.after(next.get());
    }
  }

  private void add(PricedEvent priced) {
    UsageEvent e = priced.event();
    // The store filtered already; testing again keeps a store's mistake out of the totals.
    if (e.occurredAt().isBefore(query.from()) || !e.occurredAt().isBefore(query.to()) || !query.filter().matches(e)) {
      return;
    }
    String[] key = new String[query.groupBy().size()];
    for (int g = 0; g < key.length; g++) {
      GroupKey k = query.groupBy().get(g);
      key[g] = switch (k) {
        case DAY -> LocalDate.ofInstant(e.occurredAt(), query.zone()).toString();
        case METRIC -> e.metric().key();
        default -> e.dimensions().valueOrNull(k.dimension().orElseThrow());
      };
    }
    groups.computeIfAbsent(Arrays.asList(key), k -> new Totals()).add(priced);
  }

  private List<AggregateRow> rows() {
    List<AggregateRow> rows = new ArrayList<>(groups.size());
    groups.forEach((key, totals) -> {
      Map<GroupKey, String> group = new EnumMap<>(GroupKey.class);
      for (int g = 0; g < key.size(); g++) {
        if (key.get(g) != null) {
          group.put(query.groupBy().get(g), key.get(g));
        }
      }
      rows.add(totals.row(group));
    });
    Comparator<AggregateRow> order = (a, b) -> 0;
    for (GroupKey k : query.groupBy()) {
      order = order.thenComparing(r -> r.group().get(k), Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    }
    rows.sort(order);
    return rows;
  }

  /** One group's running totals; each sum keeps a count of its wraps, so the total alone decides an overflow. */
  private final class Totals {
    long count;
    long reversals;
    long max = Long.MIN_VALUE;
    final long[] sums = new long[3];
    final long[] wraps = new long[3];

    void add(PricedEvent p) {
      count++;
      if (p.event().isReversal()) {
        reversals++;
      }
      max = Math.max(max, p.event().quantity());
      add(0, p.event().quantity());
      add(1, p.billableQuantity());
      add(2, p.credits().micros());
    }

    private void add(int which, long b) {
      long a = sums[which];
      long x = a + b;
      if (((a ^ x) & (b ^ x)) < 0) {
        wraps[which] += b < 0 ? -1 : 1;
      }
      sums[which] = x;
    }

    AggregateRow row(Map<GroupKey, String> group) {
      String[] what = {"quantity", "billable quantity", "credits"};
      for (int i = 0; i < 3; i++) {
        if (wraps[i] != 0) {
          throw new UsageOverflowException(what[i] + " overflow: the total of " + query.tenant() + "'s events "
              + (group.isEmpty() ? "" : "in group " + group + " ") + "from " + query.from() + " to " + query.to()
              + " is out of range");
        }
      }
      return new AggregateRow(group, count, reversals, sums[0], sums[1], max, Credits.ofMicros(sums[2]));
    }
  }
}
