package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * A request for one page of a tenant's raw events in {@code [from, to)}, newest first.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant whose events
 * @param from the first instant, inclusive
 * @param to the instant after the last, exclusive; after {@code from}
 * @param filter which events to list
 * @param pageSize events per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param cursor where the previous page ended, as the store issued it, or empty for the first page
 */
public record ScanQuery(
    TenantId tenant, Instant from, Instant to, EventFilter filter, int pageSize, Optional<String> cursor) {

  /** The largest page a store must serve. */
  public static final int MAX_PAGE_SIZE = 1_000;

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the range is empty or the page size out of bounds
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive; after {@code from}
   * @param filter which events to list
   * @param pageSize events per page, 1 to {@value #MAX_PAGE_SIZE}
   * @param cursor where the previous page ended, as the store issued it, or empty for the first page
   */
  public ScanQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(filter, "filter");
    requireNonNull(cursor, "cursor");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("scan end " + to + " is not after its start " + from);
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page size must be 1 to " + MAX_PAGE_SIZE + " but was " + pageSize);
    }
  }

  /**
   * Returns the query for the first page.
   *
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @param filter which events to list
   * @param pageSize events per page
   * @return the query
   */
  public static ScanQuery firstPage(TenantId tenant, Instant from, Instant to, EventFilter filter, int pageSize) {
    return new ScanQuery(tenant, from, to, filter, pageSize, Optional.empty());
  }

  /**
   * Returns the query for the page after the one that returned {@code cursor}.
   *
   * @param cursor the next-page cursor of the previous page
   * @return the query
   */
  public ScanQuery after(String cursor) {
    return new ScanQuery(tenant, from, to, filter, pageSize, Optional.of(cursor));
  }
}
