package dev.usage.report;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.plan.Plan;
import dev.usage.wallet.CreditWallet;
import java.util.Optional;

/**
 * Where the billing reports find a tenant's plan and credit wallet: the host implements it over
 * its subscriptions and wallets.
 *
 * <p>The library keeps neither plans nor wallets per tenant; the host does, since which plan a
 * tenant is on and which wallet is live are product decisions. {@link BillableMetricsReport}
 * reads the plan (which metrics to show) and the wallet's balance; {@link CreditUsageReport}
 * reads the wallet's allotments, balance and ledger.
 *
 * <p>Implementations must be thread-safe.
 */
public interface BillingAccounts {

  /**
   * Returns the plan a tenant is on now.
   *
   * @param tenant the tenant
   * @return its plan, or empty if it has none
   */
  Optional<Plan> plan(TenantId tenant);

  /**
   * Returns a tenant's credit wallet.
   *
   * @param tenant the tenant
   * @return its wallet, or empty if it has none
   */
  Optional<CreditWallet> wallet(TenantId tenant);

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
  static BillingAccounts of(TenantId tenant, Optional<Plan> plan, Optional<CreditWallet> wallet) {
    requireNonNull(tenant, "tenant");
    requireNonNull(plan, "plan");
    requireNonNull(wallet, "wallet");
    wallet.ifPresent(w -> checkArgument(w.tenant().equals(tenant),
        "wallet of tenant %s cannot be the wallet of tenant %s", w.tenant(), tenant));
    return new BillingAccounts() {
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
        return "BillingAccounts[" + tenant + "]";
      }
    };
  }
}
