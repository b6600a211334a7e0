package dev.usage.jdbc;

import dev.usage.event.DimensionKey;
import dev.usage.metric.Metrics;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.EventFilter;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanQuery;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

/**
 * Rough timings of appends, aggregates and scans, run by hand (not a test, not a benchmark):
 * {@code java -cp … dev.usage.jdbc.JdbcTimings h2|postgresql [events]}.
 */
public final class JdbcTimings {

  private JdbcTimings() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    try (TestDatabase db = args[0].equals("h2") ? TestDatabase.h2() : TestDatabase.postgres()) {
      // One connection kept open, as a pool would: PostgreSQL then prepares the statements once.
      java.sql.Connection kept = db.dataSource().getConnection();
      javax.sql.DataSource pooled = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
          JdbcTimings.class.getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
            if (!m.getName().equals("getConnection")) {
              throw new UnsupportedOperationException(m.getName());
            }
            return java.lang.reflect.Proxy.newProxyInstance(JdbcTimings.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (cp, cm, ca) -> {
                  if (cm.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return cm.invoke(kept, ca);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
          });
      JdbcUsageStore store = JdbcUsageStore.builder(args.length > 2 ? db.dataSource() : pooled)
          .catalog(TestEvents.CATALOG).build();
      store.migrate();
      List<PricedEvent> events = TestEvents.random(new Random(1), n);
      int batch = 1_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i += batch) {
        store.append(events.subList(i, Math.min(n, i + batch)));
      }
      long appendNanos = System.nanoTime() - t0;
      System.out.printf("%s: append %,d events in batches of %,d: %,d ms (%,.0f events/s)%n", db.dialect(), n, batch,
          appendNanos / 1_000_000, n / (appendNanos / 1e9));
      // Statistics as autovacuum would keep them on a table that grew this much.
      try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
        st.execute(db.dialect().name().equals("h2") ? "ANALYZE" : "ANALYZE usage_events");
      }
      t0 = System.nanoTime();
      for (int i = 0; i < 20_000; i += batch) {
        store.append(events.subList(i, i + batch));
      }
      System.out.printf("%s: re-append 20,000 duplicates: %,d ms%n", db.dialect(), (System.nanoTime() - t0) / 1_000_000);
      Instant from = Instant.parse("2026-03-01T00:00:00Z");
      Instant to = Instant.parse("2026-11-01T00:00:00Z");
      List<AggregateQuery> queries = List.of(
          AggregateQuery.builder(TestEvents.ACME, from, to).build(),
          AggregateQuery.builder(TestEvents.ACME, from, to).zone(ZoneId.of("Europe/Berlin"))
              .groupBy(GroupKey.DAY, GroupKey.METRIC).build(),
          AggregateQuery.builder(TestEvents.ACME, from, to).zone(ZoneId.of("America/New_York"))
              .groupBy(GroupKey.DAY, GroupKey.MODEL).metrics(Metrics.VOICE_MINUTES, Metrics.CALLS)
              .build());
      for (AggregateQuery q : queries) {
        for (int warm = 0; warm < 2; warm++) {
          store.aggregate(q);
        }
        t0 = System.nanoTime();
        int rows = 0;
        for (int i = 0; i < 5; i++) {
          rows = store.aggregate(q).size();
        }
        System.out.printf("%s: aggregate %s -> %d rows: %,.1f ms%n", db.dialect(), q.groupBy(), rows,
            (System.nanoTime() - t0) / 5 / 1e6);
      }
      ScanQuery first = ScanQuery.firstPage(TestEvents.ACME, from, to, EventFilter.all(), 100);
      ScanQuery q = first;
      t0 = System.nanoTime();
      int pages = 0;
      for (; pages < 200; pages++) {
        var page = store.scan(q);
        if (page.nextCursor().isEmpty()) {
          break;
        }
        q = q.after(page.nextCursor().get());
      }
      System.out.printf("%s: scan %d pages of 100: %,.2f ms per page%n", db.dialect(), pages,
          (System.nanoTime() - t0) / (double) pages / 1e6);
    }
  }
}
