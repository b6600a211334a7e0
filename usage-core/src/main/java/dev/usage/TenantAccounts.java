package dev.usage;

import static java.util.Objects.requireNonNull;

import dev.usage.event.TenantId;
import dev.usage.plan.Plan;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the host knows about each tenant's account: its plan and how far its usage has been
 * invoiced. The engine and the reports ask; the host answers from wherever it keeps accounts.
 * Credit lives in the store's ledger ({@link dev.usage.wallet.Ledger}), not here.
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
   * Returns the instant before which the tenant's usage is invoiced and its periods closed.
   *
   * @param tenant a tenant
   * @return the end of the last closed period, or empty when nothing is closed
   */
  default Optional<Instant> closedThrough(TenantId tenant) {
    return Optional.empty();
  }

  /**
   * Returns the day of the month a tenant's billing periods start on, if the host sets one; the
   * reports then use it for the tenant's billing period instead of their own default (the first).
   *
   * @param tenant whose billing cycle
   * @return the anchor day, 1 to 31, or empty for the reports' default
   */
  default OptionalInt billingAnchorDay(TenantId tenant) {
    return OptionalInt.empty();
  }

  /**
   * Returns accounts that know one tenant's plan, for a host with one tenant and for tests.
   *
   * @param tenant the tenant
   * @param plan its plan
   * @return accounts that answer for {@code tenant} and return empty for any other
   */
  static TenantAccounts of(TenantId tenant, Plan plan) {
    requireNonNull(tenant, "tenant");
    requireNonNull(plan, "plan");
    return new TenantAccounts() {
      @Override
      public Optional<Plan> plan(TenantId t) {
        return tenant.equals(t) ? Optional.of(plan) : Optional.empty();
      }

      @Override
      public String toString() {
        return "TenantAccounts[" + tenant + "]";
      }
    };
  }
}
