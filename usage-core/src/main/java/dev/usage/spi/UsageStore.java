package dev.usage.spi;

import dev.usage.pricing.PricedEvent;
import java.util.List;

/**
 * Where priced usage events are kept and aggregated: the one interface a storage adapter
 * implements.
 *
 * <p>Three operations, each with a contract that {@code UsageStoreContractKit} (in the {@code
 * usage-core} test jar) checks against any implementation:
 *
 * <ul>
 *   <li>{@link #append(List)} records a batch idempotently and permanently: an event id is unique
 *       per tenant, with no dedupe window. The same id with the same content again is a
 *       {@linkplain AppendResult#duplicates() duplicate} and is not counted; the same id with
 *       different content is a {@linkplain AppendResult#conflicts() conflict}, reported and not
 *       stored. The accepted events of a batch become visible to readers together.
 *   <li>{@link #aggregate(AggregateQuery)} sums, counts and ranges quantities and credits over a
 *       tenant's half-open time range, grouped and filtered as asked.
 *   <li>{@link #scan(ScanQuery)} pages through a tenant's raw events, newest first.
 * </ul>
 *
 * <p>Tenancy is absolute: every query names one tenant and sees only that tenant's events.
 * Results are never {@code null}; empty ranges give empty lists.
 *
 * <p>Implementations must be thread-safe.
 */
public interface UsageStore {

  /**
   * Records a batch of priced events, idempotently.
   *
   * <p>Events of several tenants may share a batch. Within a batch, an id repeated with the same
   * content counts once; repeated with different content, the first occurrence wins and the
   * others are conflicts. Retrying a whole batch after a failure is always safe.
   *
   * @param events the events, in any order
   * @return which events were new, duplicates and conflicts
   */
  AppendResult append(List<PricedEvent> events);

  /**
   * Aggregates a tenant's events over a half-open time range.
   *
   * <p>One row per distinct combination of the query's {@linkplain AggregateQuery#groupBy() group
   * keys} among the matching events, in ascending order of the group values (absent values
   * first). A query with no group keys returns one row over all matching events, or none when no
   * event matches.
   *
   * <p>Sums are exact. A row whose total quantity, billable quantity or credits does not fit in a
   * {@code long} is an error, decided by the total alone: partial sums that pass the limit on the
   * way, in whatever order the store adds, do not count, as with an SQL {@code SUM} over a
   * numeric.
   *
   * @param query what to aggregate
   * @return the rows, possibly empty
   * @throws dev.usage.UsageOverflowException if a row's total does not fit in a {@code long}
   */
  List<AggregateRow> aggregate(AggregateQuery query);

  /**
   * Returns one page of a tenant's raw events, newest first ({@code occurredAt} descending, then
   * event id descending in {@linkplain ScanCursor#compareIds code-point order}), matching the query's filters.
   *
   * @param query the tenant, range, filters, page size and cursor
   * @return the page, with a cursor to the next one when more events match
   * @throws IllegalArgumentException if the query's cursor was not issued by this store
   */
  EventPage scan(ScanQuery query);
}
