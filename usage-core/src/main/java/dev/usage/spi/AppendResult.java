package dev.usage.spi;

import dev.usage.event.EventId;
import java.util.List;

/**
 * What a store did with a batch: how many events were new, which were duplicates, which
 * conflicted with an event already recorded under the same id and, in a {@link LedgerStore},
 * which a hard-limit wallet refused and what the batch changed in each wallet.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param appended events recorded for the first time
 * @param duplicates ids seen before with the same content, not counted again
 * @param conflicts ids seen before with different content, and reversals a ledger store refused,
 *     not stored
 * @param refused events a hard-limit wallet could not pay for, not stored
 * @param postings what the batch changed in each wallet, in no particular order
 */
public record AppendResult(int appended, List<EventId> duplicates, List<Conflict> conflicts,
    List<RefusedDebit> refused, List<WalletPosting> postings) {

  /**
   * The results of clean batches of up to 256 new events, made once: a store that appends a
   * batch without duplicates or conflicts then returns without allocating. Never written after
   * class initialisation.
   */
  private static final AppendResult[] ALL_APPENDED = new AppendResult[257];

  static {
    for (int n = 0; n < ALL_APPENDED.length; n++) {
      ALL_APPENDED[n] = new AppendResult(n, List.of(), List.of());
    }
  }

  /**
   * Validates and copies.
   *
   * @param appended events recorded for the first time
   * @param duplicates ids seen before with the same content, not counted again
   * @param conflicts ids seen before with different content, and reversals a ledger store refused,
   *     not stored
   * @param refused events a hard-limit wallet could not pay for, not stored
   * @param postings what the batch changed in each wallet, in no particular order
   */
  public AppendResult {
    if (appended < 0) {
      throw new IllegalArgumentException("appended count must not be negative but was " + appended);
    }
    duplicates = List.copyOf(duplicates);
    conflicts = List.copyOf(conflicts);
    refused = List.copyOf(refused);
    postings = List.copyOf(postings);
  }

  /**
   * Obtains the result of a store without a ledger.
   *
   * @param appended events recorded for the first time
   * @param duplicates ids seen before with the same content
   * @param conflicts ids seen before with different content
   */
  public AppendResult(int appended, List<EventId> duplicates, List<Conflict> conflicts) {
    this(appended, duplicates, conflicts, List.of(), List.of());
  }

  /** {@return the result of an empty batch} */
  public static AppendResult empty() {
    return ALL_APPENDED[0];
  }

  /**
   * Returns the result of a batch whose events were all new.
   *
   * <p>Equal to {@code new AppendResult(appended, List.of(), List.of())}, but shared for small
   * counts, so that a store's common case allocates nothing for its answer.
   *
   * @param appended the number of events recorded, not negative
   * @return the result, with no duplicates and no conflicts
   * @throws IllegalArgumentException if {@code appended} is negative
   */
  public static AppendResult ofAppended(int appended) {
    if (appended < 0) {
      throw new IllegalArgumentException("appended count must not be negative but was " + appended);
    }
    return appended < ALL_APPENDED.length ? ALL_APPENDED[appended] : new AppendResult(appended, List.of(), List.of());
  }

  /** {@return whether every event of the batch was new or a duplicate} */
  public boolean isClean() {
    return conflicts.isEmpty() && refused.isEmpty();
  }

  /**
   * {@return the result of this batch followed by {@code other}}
   *
   * @param other the result of the next batch
   */
  public AppendResult plus(AppendResult other) {
    List<EventId> d = new java.util.ArrayList<>(duplicates);
    d.addAll(other.duplicates);
    List<Conflict> c = new java.util.ArrayList<>(conflicts);
    c.addAll(other.conflicts);
    List<RefusedDebit> r = new java.util.ArrayList<>(refused);
    r.addAll(other.refused);
    List<WalletPosting> p = new java.util.ArrayList<>(postings);
    p.addAll(other.postings);
    return new AppendResult(Math.addExact(appended, other.appended), d, c, r, p);
  }
}
