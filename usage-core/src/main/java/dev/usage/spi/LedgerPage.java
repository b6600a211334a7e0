package dev.usage.spi;

import static java.util.Objects.requireNonNull;

import dev.usage.wallet.LedgerEntry;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of ledger entries, newest first.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param entries the entries, by descending sequence
 * @param next the cursor of the following page (the last entry's sequence), or empty if no older
 *     entry matches
 */
public record LedgerPage(List<LedgerEntry> entries, OptionalLong next) {

  /**
   * Copies.
   *
   * @param entries the entries, by descending sequence
   * @param next the cursor of the following page (the last entry's sequence), or empty if no older
   *     entry matches
   */
  public LedgerPage {
    entries = List.copyOf(entries);
    requireNonNull(next, "next");
  }

  /**
   * Returns the page of entries a store read one past the limit: the last one only tells that
   * more follow.
   *
   * @param readAhead up to {@code limit + 1} entries, newest first
   * @param limit the page size
   * @return the page
   */
  public static LedgerPage of(List<LedgerEntry> readAhead, int limit) {
    if (readAhead.size() <= limit) {
      return new LedgerPage(readAhead, OptionalLong.empty());
    }
    List<LedgerEntry> page = readAhead.subList(0, limit);
    return new LedgerPage(page, OptionalLong.of(page.get(limit - 1).sequence()));
  }
}
