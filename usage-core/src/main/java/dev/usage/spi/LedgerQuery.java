package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.WalletId;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which ledger entries to list: one wallet's, of some kinds, newest first, a page at a time.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param wallet the wallet
 * @param kinds the kinds wanted; all kinds when empty
 * @param limit the most entries a page holds, 1 to 10,000
 * @param before continue with entries whose sequence is below this one, from the previous page's
 *     {@link LedgerPage#next()}; empty for the newest
 */
public record LedgerQuery(WalletId wallet, Set<LedgerEntry.Kind> kinds, int limit, OptionalLong before) {

  /** The largest page. */
  public static final int MAX_LIMIT = 10_000;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the limit is out of range or the cursor not positive
   * @param wallet the wallet
   * @param kinds the kinds wanted; all kinds when empty
   * @param limit the most entries a page holds, 1 to 10,000
   * @param before continue with entries whose sequence is below this one, from the previous page's
   *     {@link LedgerPage#next()}; empty for the newest
   */
  public LedgerQuery {
    requireNonNull(wallet, "wallet");
    requireNonNull(before, "before");
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("ledger page limit must be 1 to " + MAX_LIMIT + " but was " + limit);
    }
    if (before.isPresent() && before.getAsLong() <= 0) {
      throw new IllegalArgumentException("ledger cursor must be positive but was " + before.getAsLong());
    }
  }

  /**
   * Returns the query for the newest entries of every kind.
   *
   * @param wallet the wallet
   * @param limit the page size, 1 to 10,000
   * @return the query
   */
  public static LedgerQuery newest(WalletId wallet, int limit) {
    return new LedgerQuery(wallet, Set.of(), limit, OptionalLong.empty());
  }

  /**
   * Returns a copy that lists only entries of these kinds.
   *
   * @param first a kind
   * @param more more kinds
   * @return the copy
   */
  public LedgerQuery ofKinds(LedgerEntry.Kind first, LedgerEntry.Kind... more) {
    return new LedgerQuery(wallet, EnumSet.of(first, more), limit, before);
  }

  /**
   * Returns the query of the page after {@code page}.
   *
   * @param page a page this query returned
   * @return the next page's query
   * @throws IllegalStateException if the page was the last
   */
  public LedgerQuery after(LedgerPage page) {
    long next = page.next().orElseThrow(() -> new IllegalStateException("ledger page " + page + " was the last"));
    return new LedgerQuery(wallet, kinds, limit, OptionalLong.of(next));
  }

  /**
   * {@return whether an entry of {@code kind} is wanted}
   *
   * @param kind the kind of a ledger entry
   */
  public boolean wants(LedgerEntry.Kind kind) {
    return kinds.isEmpty() || kinds.contains(kind);
  }
}
