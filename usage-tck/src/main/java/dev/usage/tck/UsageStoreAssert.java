package dev.usage.tck;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.InstantRange;
import dev.usage.time.UsageRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what a {@link UsageStore} answers, for adapter authors' own tests:
 *
 * <pre>{@code
 * assertThat(store).hasTotal(tenant, Metrics.VOICE_MINUTES, UsageRange.parse("2026-05-01", "2026-05-31"), 3_600);
 * }</pre>
 *
 * <p>Every assertion asks the store, so it reads what the store answers now.
 *
 * <p>This class is not thread-safe.
 */
public class UsageStoreAssert extends AbstractAssert<UsageStoreAssert, UsageStore> {

  /**
   * Creates an assert; prefer {@link #assertThat(UsageStore)}.
   *
   * @param actual the store under test
   */
  protected UsageStoreAssert(UsageStore actual) {
    super(actual, UsageStoreAssert.class);
  }

  /**
   * Starts assertions on a store.
   *
   * @param store the store under test
   * @return the assert
   */
  public static UsageStoreAssert assertThat(UsageStore store) {
    return new UsageStoreAssert(store);
  }

  /**
   * Checks that a tenant's quantities of a metric over the days of a range add up to {@code expected}.
   *
   * @param tenant whose events
   * @param metric which metric
   * @param range the days, in the range's zone
   * @param expected the sum of the quantities, unscaled
   * @return this assert
   */
  public UsageStoreAssert hasTotal(TenantId tenant, Metric metric, UsageRange range, long expected) {
    return hasTotal(tenant, metric, range.startInstant(), range.endInstant(), expected);
  }

  /**
   * Checks that a tenant's quantities of a metric in a half-open range of instants add up to
   * {@code expected}.
   *
   * @param tenant whose events
   * @param metric which metric
   * @param range the instants
   * @param expected the sum of the quantities, unscaled
   * @return this assert
   */
  public UsageStoreAssert hasTotal(TenantId tenant, Metric metric, InstantRange range, long expected) {
    return hasTotal(tenant, metric, range.startInstant(), range.endInstant(), expected);
  }

  /**
   * Checks that a tenant's quantities of a metric in {@code [from, to)} add up to {@code expected}.
   *
   * @param tenant whose events
   * @param metric which metric
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @param expected the sum of the quantities, unscaled
   * @return this assert
   */
  public UsageStoreAssert hasTotal(TenantId tenant, Metric metric, Instant from, Instant to, long expected) {
    AggregateRow row = single(tenant, metric, from, to);
    long sum = row == null ? 0 : row.sum();
    if (sum != expected) {
      failWithMessage("expected %s's %s from %s to %s to total %s but was %s (%s)",
          tenant, metric.key(), from, to, expected, sum, row == null ? "no events" : row);
    }
    return this;
  }

  /**
   * Checks how many of a tenant's events of a metric lie in {@code [from, to)}.
   *
   * @param tenant whose events
   * @param metric which metric
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @param expected the number of events
   * @return this assert
   */
  public UsageStoreAssert hasCount(TenantId tenant, Metric metric, Instant from, Instant to, long expected) {
    AggregateRow row = single(tenant, metric, from, to);
    long count = row == null ? 0 : row.count();
    if (count != expected) {
      failWithMessage("expected %s event(s) of %s's %s from %s to %s but found %s",
          expected, tenant, metric.key(), from, to, count);
    }
    return this;
  }

  /**
   * Checks the credits of all of a tenant's events in {@code [from, to)}.
   *
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @param expected the sum of their credits
   * @return this assert
   */
  public UsageStoreAssert hasCredits(TenantId tenant, Instant from, Instant to, Credits expected) {
    isNotNull();
    List<AggregateRow> rows = actual.aggregate(AggregateQuery.builder(tenant, from, to).build());
    Credits credits = rows.isEmpty() ? Credits.zero() : rows.get(0).credits();
    if (!credits.equals(expected)) {
      failWithMessage("expected %s's credits from %s to %s to be %s but were %s", tenant, from, to, expected, credits);
    }
    return this;
  }

  /**
   * Checks that a tenant has no events in {@code [from, to)}, neither to aggregate nor to scan.
   *
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @return this assert
   */
  public UsageStoreAssert hasNoEvents(TenantId tenant, Instant from, Instant to) {
    isNotNull();
    List<AggregateRow> rows = actual.aggregate(AggregateQuery.builder(tenant, from, to).build());
    EventPage page = actual.scan(ScanQuery.firstPage(tenant, from, to, EventFilter.all(), 1));
    if (!rows.isEmpty() || !page.events().isEmpty() || page.nextCursor().isPresent()) {
      failWithMessage("expected no events of %s from %s to %s but aggregated %s and scanned %s",
          tenant, from, to, rows, page.events());
    }
    return this;
  }

  /**
   * Checks that paging through a scan, from its first page, lists exactly these event ids in this
   * order, each page but the last full, no event twice.
   *
   * @param firstPage the query of the first page
   * @param expected the ids, newest first
   * @return this assert
   */
  public UsageStoreAssert scans(ScanQuery firstPage, List<EventId> expected) {
    isNotNull();
    List<EventId> ids = new ArrayList<>();
    for (PricedEvent e : scanAll(actual, firstPage)) {
      ids.add(e.event().id());
    }
    if (!ids.equals(expected)) {
      failWithMessage("expected a scan of %s from %s to %s to list%n  %s%nbut it listed%n  %s",
          firstPage.tenant(), firstPage.from(), firstPage.to(), expected, ids);
    }
    return this;
  }

  /**
   * Returns every event of a scan, following cursors from the first page to the last, and checks
   * on the way that pages are full but for the last and that no event comes twice.
   *
   * @param store the store
   * @param firstPage the query of the first page; its cursor must be empty
   * @return the events, in scan order
   * @throws AssertionError if a page is short before the last or an event repeats
   */
  public static List<PricedEvent> scanAll(UsageStore store, ScanQuery firstPage) {
    requireNonNull(store, "store");
    List<PricedEvent> all = new ArrayList<>();
    Set<EventId> seen = new HashSet<>();
    ScanQuery query = firstPage;
    for (int pages = 0; ; pages++) {
      EventPage page = store.scan(query);
      for (PricedEvent e : page.events()) {
        if (!seen.add(e.event().id())) {
          throw new AssertionError("event " + e.event().id() + " came twice, again on page " + (pages + 1));
        }
        all.add(e);
      }
      if (page.nextCursor().isEmpty()) {
        return all;
      }
      if (page.events().size() != query.pageSize()) {
        throw new AssertionError("page " + (pages + 1) + " has a next cursor but only " + page.events().size()
            + " of " + query.pageSize() + " events");
      }
      if (pages > 1_000_000) {
        throw new AssertionError("scan did not end after a million pages");
      }
      query = query.after(page.nextCursor().get());
    }
  }

  private AggregateRow single(TenantId tenant, Metric metric, Instant from, Instant to) {
    isNotNull();
    requireNonNull(metric, "metric");
    List<AggregateRow> rows = actual.aggregate(AggregateQuery.builder(tenant, from, to).metrics(metric).build());
    if (rows.size() > 1) {
      failWithMessage("expected at most one row for an ungrouped aggregate but got %s", rows);
    }
    return rows.isEmpty() ? null : Objects.requireNonNull(rows.get(0));
  }
}
