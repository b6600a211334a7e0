package dev.usage.spi;

import dev.usage.pricing.PricedEvent;
import java.util.List;
import java.util.Set;

/**
 * Where priced usage events are kept: the one interface a storage adapter implements.
 *
 * <p>Two operations are required, each with a contract that {@code UsageStoreContractKit} (in the
 * {@code usage-tck} artifact) checks against any implementation:
 *
 * <ul>
 *   <li>{@link #append(List)} records one tenant's batch idempotently and permanently: an event id
 *       is unique per tenant, with no dedupe window. The same id with the same content again is a
 *       {@linkplain AppendResult#duplicates() duplicate} and is not counted; the same id with
 *       different content is a {@linkplain AppendResult#conflicts() conflict}, reported and not
 *       stored; a reversal that {@link Reversals#refusal} refuses is a conflict too. The accepted
 *       events of a batch become visible to readers together.
 *   <li>{@link #scan(ScanQuery)} pages through a tenant's raw events, newest first.
 * </ul>
 *
 * <p>The rest is optional. {@link #aggregate(AggregateQuery)} has a default that adds up what
 * {@link #scan} returns, correct and as slow as reading every event of the range; a store
 * overrides it to read totals it keeps (the in-memory store's day rollups, the JDBC store's
 * {@code GROUP BY} and hourly rollup). {@link #capabilities()} declares abilities beyond the
 * contract, none by default. A store that also keeps the credit ledger implements {@link
 * LedgerStore}.
 *
 * <p>Tenancy is absolute: every query names one tenant and sees only that tenant's events.
 * Results are never {@code null}; empty ranges give empty lists.
 *
 * <p>Implementations must be thread-safe.
 */
public interface UsageStore {

  /**
   * Records a batch of one tenant's priced events, idempotently.
   *
   * <p>Within a batch, an id repeated with the same content counts once; repeated with different
   * content, the first occurrence wins and the others are conflicts. Retrying a whole batch after
   * a failure is always safe. The engine sends each tenant's events as a batch of their own; only
   * a store that declares {@link StoreCapability#MIXED_TENANT_BATCHES} must take several tenants'
   * events at once.
   *
   * @param events the events, in any order
   * @return which events were new, duplicates and conflicts
   * @throws IllegalArgumentException if the batch mixes tenants and the store does not declare
   *     {@link StoreCapability#MIXED_TENANT_BATCHES}
   */
  AppendResult append(List<PricedEvent> events);

  /**
   * Returns one page of a tenant's raw events, newest first ({@code occurredAt} descending, then
   * event id descending in {@linkplain ScanCursor#compareIds code-point order}), matching the
   * query's filters.
   *
   * @param query the tenant, range, filters, page size and cursor
   * @return the page, with a cursor to the next one when more events match
   * @throws IllegalArgumentException if the query's cursor was not issued by this store
   */
  EventPage scan(ScanQuery query);

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
   * <p>The default reads every matching event through {@link #scan} and adds them up in memory.
   *
   * @param query what to aggregate
   * @return the rows, possibly empty
   * @throws dev.usage.UsageOverflowException if a row's total does not fit in a {@code long}
   */
  default List<AggregateRow> aggregate(AggregateQuery query) {
    return ScanAggregation.aggregate(this, query);
  }

  /**
   * Returns the abilities this store has beyond the contract.
   *
   * @return the capabilities; none by default
   */
  default Set<StoreCapability> capabilities() {
    return Set.of();
  }
}
