/**
 * A tenant's credit: the {@link dev.usage.wallet.CreditWallet}, an append-only ledger of {@link
 * dev.usage.wallet.Grant}s and {@link dev.usage.wallet.Debit}s with exact, always-current balances,
 * plan allotment usage with {@link dev.usage.wallet.HealthBand}s, threshold listeners, and the
 * {@link dev.usage.wallet.DepletionForecast}.
 *
 * <p>The rules a reader of a bill needs:
 *
 * <ul>
 *   <li>Debits draw from grants by lower priority first, then soonest expiry (never-expiring last),
 *       then oldest effective time, then grant id.
 *   <li>A grant is usable from its effective instant (inclusive) to its expiry instant (exclusive);
 *       its unused rest leaves the balance at the expiry instant.
 *   <li>A hard limit refuses a debit that would overdraw and records nothing; a soft limit records
 *       it and the balance goes negative; later grants first repay the overdraft.
 *   <li>A threshold is reached at or above its percentage (defaults 75 % and 90 %), compared in
 *       exact integers; listeners hear of each upward crossing once, and a threshold re-arms when
 *       usage falls back below it.
 *   <li>The forecast's days left are {@code ceil(balance / average daily burn)}, from the debits of
 *       the trailing window (seven days by default), ignoring future expiries.
 * </ul>
 */
package dev.usage.wallet;
