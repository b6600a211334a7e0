package dev.usage;

import dev.usage.event.TenantId;
import dev.usage.plan.Plan;
import dev.usage.wallet.CreditWallet;
import java.time.Instant;
import java.util.Optional;

/**
 * What the host knows about each tenant's account: its plan, its credit wallet and how far its
 * usage has been invoiced. The engine and the reports ask; the host answers from wherever it keeps
 * accounts.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TenantAccounts {

  /** Accounts that know no tenant: no plan, no wallet, nothing invoiced. */
  TenantAccounts NONE = tenant -> Optional.empty();

  /**
   * Returns the tenant's plan.
   *
   * @param tenant a tenant
   * @return its plan, or empty when usage is not limited to a plan's metrics
   */
  Optional<Plan> plan(TenantId tenant);

  /**
   * Returns the tenant's credit wallet.
   *
   * @param tenant a tenant
   * @return its wallet, or empty when its credits are not drawn from a wallet
   */
  default Optional<CreditWallet> wallet(TenantId tenant) {
    return Optional.empty();
  }

  /**
   * Returns the instant before which the tenant's usage is invoiced and its periods closed.
   *
   * @param tenant a tenant
   * @return the end of the last closed period, or empty when nothing is closed
   */
  default Optional<Instant> closedThrough(TenantId tenant) {
    return Optional.empty();
  }
}
