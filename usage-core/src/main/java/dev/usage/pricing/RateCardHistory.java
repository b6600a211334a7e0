package dev.usage.pricing;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The versions of a plan's rate card, each in force from its {@linkplain RateCard#effectiveFrom()
 * effective-from instant} (inclusive) until the next one's (exclusive).
 *
 * <p>Finding the card in force at an instant is a binary search over the effective-from instants
 * held as primitive arrays, after a check of the newest card, which is where live events land; it
 * allocates nothing. Adding a card returns a new history; events already priced keep the trace of
 * the card they were priced with, so a new card, even one that takes effect in the past, never
 * changes a stored price.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class RateCardHistory {

  private final List<RateCard> cards;
  private final RateCard[] byTime;
  private final long[] seconds;
  private final int[] nanos;

  private RateCardHistory(List<RateCard> sorted) {
    this.cards = List.copyOf(sorted);
    this.byTime = sorted.toArray(new RateCard[0]);
    this.seconds = new long[byTime.length];
    this.nanos = new int[byTime.length];
    for (int i = 0; i < byTime.length; i++) {
      seconds[i] = byTime[i].effectiveFrom().getEpochSecond();
      nanos[i] = byTime[i].effectiveFrom().getNano();
    }
  }

  /**
   * Obtains a history of the given cards, in any order.
   *
   * @param cards one or more cards with distinct versions and distinct effective-from instants
   * @return the history
   * @throws IllegalArgumentException if there are no cards, or two share a version or an instant
   */
  public static RateCardHistory of(RateCard... cards) {
    return of(Arrays.asList(requireNonNull(cards, "cards")));
  }

  /**
   * Obtains a history of the given cards, in any order.
   *
   * @param cards one or more cards with distinct versions and distinct effective-from instants
   * @return the history
   * @throws IllegalArgumentException if there are no cards, or two share a version or an instant
   */
  public static RateCardHistory of(Collection<RateCard> cards) {
    requireNonNull(cards, "cards");
    if (cards.isEmpty()) {
      throw new IllegalArgumentException("a rate card history needs at least one rate card");
    }
    List<RateCard> sorted = new ArrayList<>(cards.size());
    cards.forEach(c -> sorted.add(requireNonNull(c, "card")));
    sorted.sort(Comparator.comparing(RateCard::effectiveFrom));
    Set<String> versions = new HashSet<>();
    for (int i = 0; i < sorted.size(); i++) {
      RateCard card = sorted.get(i);
      if (!versions.add(card.version())) {
        throw new IllegalArgumentException("rate card version " + card.version() + " appears twice");
      }
      if (i > 0) {
        RateCard before = sorted.get(i - 1);
        if (before.effectiveFrom().equals(card.effectiveFrom())) {
          throw new IllegalArgumentException("rate cards " + before.version() + " and " + card.version()
              + " both take effect at " + card.effectiveFrom());
        }
      }
    }
    return new RateCardHistory(sorted);
  }

  /**
   * Returns a history that also holds {@code card}.
   *
   * @param card a card whose version and effective-from instant are new to this history
   * @return the new history; this one is unchanged
   * @throws IllegalArgumentException if the version or the instant is already taken
   */
  public RateCardHistory with(RateCard card) {
    List<RateCard> all = new ArrayList<>(cards);
    all.add(requireNonNull(card, "card"));
    return of(all);
  }

  /** {@return the cards, oldest effective-from first} */
  public List<RateCard> cards() {
    return cards;
  }

  /**
   * Returns the card in force at {@code instant}.
   *
   * @param instant any instant
   * @return the card with the latest effective-from at or before {@code instant}, or empty if
   *     {@code instant} is before the first card
   */
  public Optional<RateCard> find(Instant instant) {
    int i = indexAt(requireNonNull(instant, "instant"));
    return i < 0 ? Optional.empty() : Optional.of(byTime[i]);
  }

  /**
   * Returns the card in force at {@code instant}.
   *
   * @param instant an instant at or after the first card's effective-from
   * @return the card with the latest effective-from at or before {@code instant}
   * @throws IllegalArgumentException if {@code instant} is before the first card
   */
  public RateCard cardAt(Instant instant) {
    int i = indexAt(requireNonNull(instant, "instant"));
    if (i < 0) {
      throw new IllegalArgumentException("no rate card is in force at " + instant + ": the first, "
          + byTime[0].version() + ", takes effect at " + byTime[0].effectiveFrom());
    }
    return byTime[i];
  }

  /** Returns the index of the card in force at {@code instant}, or -1 before the first. */
  private int indexAt(Instant instant) {
    long s = instant.getEpochSecond();
    int n = instant.getNano();
    int last = byTime.length - 1;
    if (notBefore(s, n, last)) {
      return last;
    }
    int lo = 0;
    int hi = last - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (notBefore(s, n, mid)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private boolean notBefore(long s, int n, int i) {
    return s > seconds[i] || (s == seconds[i] && n >= nanos[i]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateCardHistory h && cards.equals(h.cards);
  }

  @Override
  public int hashCode() {
    return cards.hashCode();
  }

  /** Returns the versions and their effective-from instants, oldest first. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[");
    for (RateCard c : byTime) {
      s.append(s.length() > 1 ? ", " : "").append(c.version()).append(" from ").append(c.effectiveFrom());
    }
    return s.append(']').toString();
  }
}
