package dev.usage.report;

import dev.usage.event.TenantId;

/**
 * Tells the usage summary what a tenant holds right now; the host implements it over its own
 * records of agents, phone numbers, widgets and datasets.
 *
 * <p>Implementations must be thread-safe: reports may be made concurrently.
 */
@FunctionalInterface
public interface InventoryProvider {

  /** The provider for hosts that track no inventory: every tenant holds nothing. */
  InventoryProvider NONE = tenant -> Inventory.none();

  /**
   * Returns what a tenant holds now.
   *
   * @param tenant the tenant whose summary is being made
   * @return its inventory, never {@code null}; {@link Inventory#none()} for a tenant unknown to
   *     the host
   */
  Inventory inventory(TenantId tenant);
}
