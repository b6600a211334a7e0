package dev.usage.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.usage.event.TenantId;
import dev.usage.metric.Metric;
import dev.usage.pricing.CreditPrice;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.util.List;
import java.util.Optional;

/**
 * One page of a billable metric's transactions, newest first, and the cursor to the next: the
 * drill-down of the billable metrics page, which lists every priced event of the range, however
 * many, a page at a time.
 *
 * <p>Pages are keyset-paged by the store ({@link UsageStore#scan}), so a page costs the same
 * wherever it is in the range, and events recorded while a client pages do not shift the pages it
 * has yet to read: an event newer than the first page is simply not among them.
 *
 * <p>As JSON: {@code metric}, {@code start_date}, {@code end_date}, {@code zone}, {@code
 * transactions} (each {@code event_id}, {@code date}, {@code time}, {@code campaign}, {@code
 * units}, {@code credits}, {@code cost}) and {@code next_cursor}, {@code null} on the last page.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param metric whose transactions
 * @param range the days they are taken from
 * @param transactions this page's, newest first
 * @param nextCursor the cursor of the next page, empty on the last
 */
@JsonPropertyOrder({"metric", "range", "transactions", "next_cursor"})
public record TransactionPage(
    @JsonIgnore Metric metric,
    @JsonIgnore UsageRange range,
    @JsonProperty("transactions") List<BillableMetricsReport.Transaction> transactions,
    @JsonIgnore Optional<String> nextCursor) {

  /** The transactions a page holds unless asked otherwise. */
  public static final int DEFAULT_PAGE_SIZE = 50;

  /**
   * Validates and copies.
   *
   * @param metric whose transactions
   * @param range the days they are taken from
   * @param transactions this page's, newest first
   * @param nextCursor the cursor of the next page, empty on the last
   */
  public TransactionPage {
    requireNonNull(metric, "metric");
    requireNonNull(range, "range");
    transactions = List.copyOf(transactions);
    requireNonNull(nextCursor, "nextCursor");
  }

  /**
   * Reads one page of a tenant's transactions of a metric.
   *
   * @param pageSize transactions per page, 1 to {@value ScanQuery#MAX_PAGE_SIZE}
   * @param cursor the previous page's {@link #nextCursor()}, or empty for the first page
   * @throws IllegalArgumentException if the page size is out of bounds or the cursor was not
   *     issued by this store
   */
  static TransactionPage read(UsageStore store, TenantId tenant, Metric metric, UsageRange range,
      Optional<CreditPrice> price, int pageSize, Optional<String> cursor) {
    requireNonNull(metric, "metric");
    requireNonNull(cursor, "cursor");
    if (pageSize < 1 || pageSize > ScanQuery.MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("transaction page size must be 1 to " + ScanQuery.MAX_PAGE_SIZE + " but was "
          + pageSize);
    }
    ScanQuery query = new ScanQuery(tenant, range.startInstant(), range.endInstant(),
        EventFilter.all().withMetrics(metric), pageSize, cursor);
    EventPage page = store.scan(query);
    return new TransactionPage(metric, range,
        page.events().stream().map(e -> BillableMetricsReport.Transaction.of(e, price)).toList(), page.nextCursor());
  }

  @JsonProperty("metric")
  String metricJson() {
    return metric.key();
  }

  @JsonProperty("range")
  @JsonUnwrapped
  RangeJson rangeJson() {
    return RangeJson.of(range);
  }

  @JsonProperty("next_cursor")
  String nextCursorJson() {
    return nextCursor.orElse(null);
  }
}
