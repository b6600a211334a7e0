package dev.usage.spi;

/**
 * An ability beyond the {@link UsageStore} contract that a store may declare in {@link
 * UsageStore#capabilities()}.
 *
 * <p>Nothing in the library needs one: the engine sends each tenant's events in their own batch,
 * and reports work on what every store does. A capability tells other callers what they may
 * rely on, and tells {@code UsageStoreContractKit} which of its optional groups to run.
 */
public enum StoreCapability {

  /**
   * One {@link UsageStore#append(java.util.List) append} may hold several tenants' events, and
   * readers see all of them or none. Without it, a store may refuse such a batch with an {@link
   * IllegalArgumentException}.
   */
  MIXED_TENANT_BATCHES
}
