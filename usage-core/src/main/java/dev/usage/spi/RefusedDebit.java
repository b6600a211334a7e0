package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import dev.usage.wallet.WalletId;

/**
 * An event a hard-limit wallet could not pay for, so it was not stored.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tenant the event's tenant
 * @param id the event's id
 * @param wallet the wallet that refused
 * @param requested the event's credits
 * @param available what the grants usable at the event's time held
 */
public record RefusedDebit(TenantId tenant, EventId id, WalletId wallet, Credits requested, Credits available) {

  /**
   * Validates.
   *
   * @param tenant the event's tenant
   * @param id the event's id
   * @param wallet the wallet that refused
   * @param requested the event's credits
   * @param available what the grants usable at the event's time held
   */
  public RefusedDebit {
    requireNonNull(tenant, "tenant");
    requireNonNull(id, "id");
    requireNonNull(wallet, "wallet");
    requireNonNull(requested, "requested");
    requireNonNull(available, "available");
  }

  /** {@return a line for a log: what was refused, by whom, and why} */
  public String reason() {
    return "wallet " + wallet + " refused event " + id + " of " + tenant + ": " + requested
        + " credits exceed the " + available + " credits available";
  }
}
