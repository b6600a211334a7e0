package dev.usage;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

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

  /**
   * Returns accounts that know one tenant's plan and wallet, for a host with one tenant and for
   * tests.
   *
   * @param tenant the tenant
   * @param plan its plan, or empty for none
   * @param wallet its wallet, or empty for none
   * @return accounts that answer for {@code tenant} and return empty for any other
   * @throws IllegalArgumentException if the wallet is another tenant's
   */
  static TenantAccounts of(TenantId tenant, Optional<Plan> plan, Optional<CreditWallet> wallet) {
    requireNonNull(tenant, "tenant");
    requireNonNull(plan, "plan");
    requireNonNull(wallet, "wallet");
    wallet.ifPresent(w -> checkArgument(w.tenant().equals(tenant),
        "wallet of tenant %s cannot be the wallet of tenant %s", w.tenant(), tenant));
    return new TenantAccounts() {
      @Override
      public Optional<Plan> plan(TenantId t) {
        return tenant.equals(t) ? plan : Optional.empty();
      }

      @Override
      public Optional<CreditWallet> wallet(TenantId t) {
        return tenant.equals(t) ? wallet : Optional.empty();
      }

      @Override
      public String toString() {
        return "TenantAccounts[" + tenant + "]";
      }
    };
  }
}
