package dev.usage.spi;

import dev.usage.event.TenantId;
import dev.usage.plan.CreditType;
import dev.usage.pricing.PricedEvent;
import dev.usage.wallet.Grant;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletBook;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link UsageStore} that also keeps the credit ledger: wallets, their grants, the debits of the
 * events it stores and the refunds of their reversals, committed together.
 *
 * <p>The contract, checked by {@code LedgerStoreContractKit} against every implementation:
 *
 * <ul>
 *   <li><b>One debit per stored event.</b> {@link #append(List, Instant)} debits the credits of
 *       each event it stores for the first time from the wallet its tenant draws from ({@link
 *       #walletOf}), in the same atomic step as the event itself (one transaction, or one critical
 *       section): a duplicate is never debited, and a failure anywhere leaves neither the event nor
 *       its debit, so retrying after any failure ends with the same balance as a run without it.
 *   <li><b>Hard limits hold.</b> In a {@link LimitMode#HARD} wallet an event whose credits the
 *       grants usable at its time cannot cover is not stored; it is {@linkplain
 *       AppendResult#refused() refused}. Concurrent writers, also in other processes sharing the
 *       database, never overdraw such a wallet.
 *   <li><b>Reversals are guarded.</b> An event that {@linkplain dev.usage.event.UsageEvent#reverses()
 *       reverses} another is stored only if the original is stored, the reversal is exactly the
 *       original's {@linkplain PricedEvent#reversal negation}, and no other event reversed it
 *       before; otherwise it is a {@linkplain AppendResult#conflicts() conflict}. A stored reversal
 *       refunds exactly what its original was debited, to the wallet debited, once.
 *   <li><b>Plan allotments</b> count the quantity of each stored event whose metric consumes a
 *       {@link CreditType}, per wallet and UTC month of the event; a reversal gives it back.
 *   <li><b>Reads are cheap.</b> {@link #wallet} reads in proportion to the wallet's unsettled
 *       grants, never by summing events or ledger entries.
 * </ul>
 *
 * <p>The bookkeeping rules (draw order, expiry, overdraft) are {@link WalletBook}'s: an
 * implementation restores a book inside its transaction, posts to it and saves what it drained.
 *
 * <p>Implementations must be thread-safe.
 */
public interface LedgerStore extends UsageStore {

  /**
   * Records a batch as {@link UsageStore#append(List)} does, and posts its debits, refunds and
   * allotment usage in the same atomic step.
   *
   * @param events the events, in any order
   * @param now the current instant, by the caller's clock: grants take effect and expire by it
   * @return which events were new, duplicates, conflicts and refused, and what changed in each
   *     wallet
   */
  AppendResult append(List<PricedEvent> events, Instant now);

  /**
   * {@inheritDoc}
   *
   * <p>Posts by the system clock; {@link #append(List, Instant)} takes the caller's.
   */
  @Override
  default AppendResult append(List<PricedEvent> events) {
    return append(events, Instant.now());
  }

  /**
   * Opens a wallet, or returns it if it is open with the same mode.
   *
   * <p>From then on, the events of every tenant that {@link #walletOf draws from it} are debited.
   *
   * @param wallet the wallet
   * @param mode what a debit larger than its credit does
   * @throws IllegalArgumentException if the wallet is open with another mode
   */
  void openWallet(WalletId wallet, LimitMode mode);

  /**
   * Adds a grant to an open wallet, idempotently by the grant's id.
   *
   * @param wallet the wallet
   * @param grant the grant; top-ups are grants keyed by the payment's own id
   * @param now the current instant: the grant takes effect at once if its effective time is not
   *     after it, first repaying any overdraft
   * @return true if the grant was added, false if the wallet held it already
   * @throws IllegalArgumentException if the wallet holds a different grant under the same id
   * @throws IllegalStateException if the wallet is not open
   */
  boolean grant(WalletId wallet, Grant grant, Instant now);

  /**
   * Returns a grant of a wallet, whatever its state.
   *
   * @param wallet the wallet
   * @param grantId the grant's id
   * @return the grant, or empty if the wallet is not open or holds no grant under the id
   */
  Optional<Grant> findGrant(WalletId wallet, String grantId);

  /**
   * Returns a wallet as it stands at {@code now}.
   *
   * @param wallet the wallet
   * @param now the instant: activations and expiries up to it count
   * @return its status, or empty if it is not open
   */
  Optional<WalletStatus> wallet(WalletId wallet, Instant now);

  /**
   * Returns the wallet a tenant's events are debited from: its own if open, else its
   * organization's if open.
   *
   * @param tenant a workspace
   * @return the wallet, or empty if neither is open
   */
  Optional<WalletId> walletOf(TenantId tenant);

  /**
   * Returns one page of a wallet's ledger entries, newest first.
   *
   * @param query the wallet, the kinds wanted, the page size and where to continue
   * @return the page; empty for a wallet that is not open
   */
  LedgerPage entries(LedgerQuery query);

  /**
   * Returns the allotment usage of a wallet in a month: per credit type, the quantity its stored
   * events consumed (for a {@linkplain CreditType#isGauge() gauge}, the peak reading), in the
   * type's metered unit.
   *
   * @param wallet the wallet
   * @param month the UTC month of the events
   * @return the usage per type; types with none are absent
   */
  Map<CreditType, Long> allotmentUsage(WalletId wallet, YearMonth month);
}
