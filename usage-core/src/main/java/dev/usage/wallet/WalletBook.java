package dev.usage.wallet;

import static java.util.Objects.requireNonNull;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bookkeeping of one wallet: the rules by which grants take effect and expire, debits draw
 * credit and overdrafts are repaid, over state that a ledger store loads and saves.
 *
 * <p>Every store that keeps wallets posts through this class, so that the rules exist once: a
 * store {@linkplain #restore restores} a book from the wallet's {@link WalletTotals} and its
 * unsettled {@link GrantBalance}s (inside its transaction, with the wallet locked), posts the
 * batch's grants, debits and refunds, and saves what {@link #drain()} returns. A book holds only
 * grants that can still change, so restoring and posting cost in proportion to those, never to
 * the wallet's history.
 *
 * <h2>The rules</h2>
 *
 * <p>A grant takes effect at its {@link Grant#effectiveAt()} and its unused rest leaves the
 * balance at its {@link Grant#expiresAt()}. A debit for usage at {@code t} draws only from grants
 * usable at {@code t} whose expiry {@code now} has not passed, in the {@linkplain Grant draw
 * order}. In {@link LimitMode#HARD} a debit larger than what it can draw is refused and nothing is
 * booked; in {@link LimitMode#SOFT} it is booked whole and the uncovered part is an overdraft that
 * the next grants to take effect repay first. Every operation first books, in time order, the
 * activations and expiries that happened by {@code now}: the book has no timer.
 *
 * <p>Consecutive debits are booked as one {@link LedgerEntry.Kind#DEBIT} entry (their sum, the
 * latest usage time, the first reference and their count) until another kind of entry or {@link
 * #drain()} closes it, so that a batch costs one ledger row per wallet, not one per event.
 *
 * <p>This class is not thread-safe: a store confines each book to the holder of its wallet's lock.
 */
public final class WalletBook {

  /** Refund grants are named after the reversal, within the wallet: {@code refund:<workspace>:<id>}. */
  static final String REFUND_PREFIX = "refund:";

  private final WalletId id;
  private final LimitMode mode;
  /** Unsettled grants, in draw order. */
  private final List<GrantState> drawOrder = new ArrayList<>();
  private long balance;
  private long overdraft;
  private long granted;
  private long turnover;
  private long sequence;
  /** The earliest instant a scheduled grant takes effect or a live one expires. */
  private Instant nextChange = Instant.MAX;

  private final List<LedgerEntry> entries = new ArrayList<>();
  private final List<GrantState> added = new ArrayList<>();
  private final Set<GrantState> changed = new LinkedHashSet<>();
  private long pendingMicros;
  private int pendingEvents;
  private EventId pendingFirst;
  private Instant pendingAt;

  private WalletBook(WalletId id, LimitMode mode, WalletTotals totals) {
    this.id = requireNonNull(id, "id");
    this.mode = requireNonNull(mode, "mode");
    requireNonNull(totals, "totals");
    this.balance = totals.balance();
    this.overdraft = totals.overdraft();
    this.granted = totals.granted();
    this.turnover = totals.turnover();
    this.sequence = totals.lastSequence();
  }

  /**
   * Opens the book of a wallet that has booked nothing.
   *
   * @param id the wallet
   * @param mode what a debit larger than the credit does
   * @return the book
   */
  public static WalletBook empty(WalletId id, LimitMode mode) {
    return new WalletBook(id, mode, WalletTotals.EMPTY);
  }

  /**
   * Restores the book of a wallet from what a store saved.
   *
   * @param id the wallet
   * @param mode what a debit larger than the credit does
   * @param totals the wallet's sums as last saved
   * @param unsettled the wallet's grants that are {@linkplain GrantBalance.State#isSettled() not
   *     settled}, in any order
   * @return the book
   * @throws IllegalArgumentException if a grant is settled or two share an id
   */
  public static WalletBook restore(WalletId id, LimitMode mode, WalletTotals totals,
      Collection<GrantBalance> unsettled) {
    WalletBook book = new WalletBook(id, mode, totals);
    Set<String> ids = new java.util.HashSet<>();
    for (GrantBalance g : unsettled) {
      if (g.state().isSettled()) {
        throw new IllegalArgumentException("grant " + g.grant().id() + " of wallet " + id + " is " + g.state()
            + " and cannot be restored");
      }
      if (!ids.add(g.grant().id())) {
        throw new IllegalArgumentException("grant " + g.grant().id() + " of wallet " + id + " is given twice");
      }
      GrantState s = new GrantState(g.grant());
      s.live = g.state() == GrantBalance.State.LIVE;
      s.remaining = g.remaining().micros();
      book.drawOrder.add(s);
    }
    book.drawOrder.sort(GrantState.DRAW_ORDER);
    book.scheduleNextChange();
    return book;
  }

  /** {@return the wallet this book keeps} */
  public WalletId id() {
    return id;
  }

  /** {@return what a debit larger than the credit does} */
  public LimitMode mode() {
    return mode;
  }

  /** {@return the sums as booked so far, including a debit entry not yet closed} */
  public WalletTotals totals() {
    return new WalletTotals(balance, overdraft, granted, turnover, sequence + (pendingEvents > 0 ? 1 : 0));
  }

  /** {@return the balance as booked so far, micro-credits; negative when overdrawn} */
  public long balance() {
    return balance;
  }

  /** {@return the overdraft as booked so far, micro-credits} */
  public long overdraft() {
    return overdraft;
  }

  /** {@return the full amounts of the grants in effect, micro-credits} */
  public long granted() {
    return granted;
  }

  /** {@return the unsettled grants as booked so far, in draw order} */
  public List<GrantBalance> grants() {
    return drawOrder.stream().map(GrantState::balance).toList();
  }

  /**
   * Books the activations and expiries that happened by {@code now}, in time order.
   *
   * @param now the current instant
   * @return whether anything was booked
   */
  public boolean catchUp(Instant now) {
    requireNonNull(now, "now");
    if (now.isBefore(nextChange)) {
      return false;
    }
    List<Change> due = new ArrayList<>();
    for (GrantState s : drawOrder) {
      if (!s.live && !s.grant.effectiveAt().isAfter(now)) {
        due.add(new Change(s.grant.effectiveAt(), false, s));
      }
      s.grant.expiresAt().filter(e -> !e.isAfter(now)).ifPresent(e -> due.add(new Change(e, true, s)));
    }
    // A stable sort: changes at the same instant keep draw order, expiries before activations.
    due.sort(Comparator.comparing(Change::at).thenComparing(c -> !c.expiry()));
    for (Change c : due) {
      if (c.expiry()) {
        expire(c.state());
      } else {
        activate(c.state());
      }
    }
    scheduleNextChange();
    return true;
  }

  /**
   * Adds a grant that the wallet does not hold yet; it takes effect at once if its effective time
   * is not after {@code now}, first repaying any overdraft.
   *
   * <p>Grants are idempotent by id in the store, which checks the id before calling this.
   *
   * @param grant the new grant
   * @param now the current instant
   * @throws UsageOverflowException if the wallet's turnover would exceed a {@code long}
   */
  public void grant(Grant grant, Instant now) {
    requireNonNull(grant, "grant");
    catchUp(now);
    add(grant);
    if (grant.effectiveAt().isBefore(nextChange)) {
      nextChange = grant.effectiveAt();
    }
    catchUp(now);
  }

  /**
   * Checks that a host's grant does not take an id the book gives refunds.
   *
   * @param grant a grant a host adds
   * @throws IllegalArgumentException if its id starts with {@code refund:}
   */
  public static void checkHostGrant(Grant grant) {
    if (grant.id().startsWith(REFUND_PREFIX)) {
      throw new IllegalArgumentException("grant id " + grant.id() + " is reserved: ids starting with '" + REFUND_PREFIX
          + "' name the refunds of reversals");
    }
  }

  /**
   * Debits credit for usage at {@code at}.
   *
   * @param reference what is paid for, typically the event's id
   * @param amount the credit, zero or more
   * @param at when the usage happened
   * @param now the current instant
   * @return the debit with its draws, or empty if the wallet is in {@link LimitMode#HARD} and the
   *     grants usable at {@code at} hold less than {@code amount}; nothing is booked then
   * @throws IllegalArgumentException if the amount is negative
   * @throws UsageOverflowException if the wallet's turnover would exceed a {@code long}
   */
  public Optional<Debit> debit(EventId reference, Credits amount, Instant at, Instant now) {
    requireNonNull(reference, "reference");
    requireNonNull(amount, "amount");
    requireNonNull(at, "at");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount of debit " + reference + " must not be negative but was " + amount);
    }
    catchUp(now);
    long micros = amount.micros();
    if (mode == LimitMode.HARD && micros > usableAt(at)) {
      return Optional.empty();
    }
    turnover = UsageOverflowException.addExact(turnover, micros, "wallet turnover");
    List<Debit.Draw> draws = new ArrayList<>();
    long owed = micros;
    for (int i = 0; i < drawOrder.size() && owed > 0; i++) {
      GrantState s = drawOrder.get(i);
      if (s.isDrawableAt(at)) {
        long take = Math.min(owed, s.remaining);
        s.remaining -= take;
        owed -= take;
        draws.add(new Debit.Draw(s.grant.id(), Credits.ofMicros(take)));
        touch(s);
        if (s.remaining == 0 && s.grant.expiresAt().isEmpty()) {
          drawOrder.remove(i--); // used up for good: nothing can change it again
        }
      }
    }
    overdraft += owed;
    balance -= micros;
    if (pendingEvents == 0) {
      pendingFirst = reference;
      pendingAt = at;
    } else if (at.isAfter(pendingAt)) {
      pendingAt = at;
    }
    pendingMicros += micros;
    pendingEvents++;
    return Optional.of(new Debit(reference, amount, at, draws, Credits.ofMicros(owed), Credits.ofMicros(balance)));
  }

  /**
   * Returns the credit a debit at {@code at} could draw as booked: the remaining credit of the live
   * grants usable then.
   *
   * @param at when the usage happened
   * @return micro-credits, zero or more
   */
  public long usableAt(Instant at) {
    long usable = 0;
    for (GrantState s : drawOrder) {
      if (s.isDrawableAt(at)) {
        usable += s.remaining;
      }
    }
    return usable;
  }

  /**
   * Gives back what a reversed event was debited, as a grant that takes effect at {@code now} and
   * never expires (repaying any overdraft first), booked as a {@link LedgerEntry.Kind#REFUND}.
   *
   * @param reversal the id of the reversal event
   * @param workspace the workspace of the reversal, which names the refund within a shared wallet
   * @param amount what the original was debited, above zero
   * @param now the current instant
   * @throws IllegalArgumentException if the amount is not above zero
   * @throws UsageOverflowException if the wallet's turnover would exceed a {@code long}
   */
  public void refund(EventId reversal, String workspace, Credits amount, Instant now) {
    requireNonNull(reversal, "reversal");
    requireNonNull(workspace, "workspace");
    Grant grant = Grant.of(REFUND_PREFIX + workspace + ":" + reversal.value(), GrantKind.ADJUSTMENT, amount, now);
    catchUp(now);
    activate(add(grant), LedgerEntry.Kind.REFUND, Optional.of(reversal));
  }

  /** Adds a new grant, not yet in effect, to the turnover and to the draw order. */
  private GrantState add(Grant grant) {
    turnover = UsageOverflowException.addExact(turnover, grant.amount().micros(), "wallet turnover");
    GrantState state = new GrantState(grant);
    int at = Collections.binarySearch(drawOrder, state, GrantState.DRAW_ORDER);
    drawOrder.add(at < 0 ? -at - 1 : at, state);
    added.add(state);
    return state;
  }

  /**
   * Returns what a debit at {@code instant} could draw, less the overdraft, as booked.
   *
   * <p>For a future instant this is a projection: grants scheduled to take effect by then count,
   * grants expiring by then do not.
   *
   * @param instant any instant
   * @return micro-credits; negative when the overdraft exceeds the usable credit
   */
  public long availableAt(Instant instant) {
    long usable = 0;
    for (GrantState s : drawOrder) {
      if (s.grant.isUsableAt(instant)) {
        usable += s.live ? s.remaining : s.grant.amount().micros();
      }
    }
    return usable - overdraft;
  }

  /**
   * Returns what was booked since the book was restored or last drained, and forgets it: the
   * store saves exactly this.
   *
   * @return the entries, the grants added and the grants changed
   */
  public Changes drain() {
    closeDebits();
    List<GrantBalance> newGrants = added.stream().map(GrantState::balance).toList();
    List<GrantBalance> updated = new ArrayList<>();
    for (GrantState s : changed) {
      if (!added.contains(s)) {
        updated.add(s.balance());
      }
    }
    Changes c = new Changes(List.copyOf(entries), newGrants, List.copyOf(updated), totals());
    entries.clear();
    added.clear();
    changed.clear();
    return c;
  }

  /**
   * What a book booked between two drains.
   *
   * <p>This class is immutable and thread-safe.
   *
   * @param entries new ledger entries, in sequence order
   * @param added grants added, in their state now
   * @param updated grants restored earlier whose state or remaining credit changed
   * @param totals the wallet's sums now
   */
  public record Changes(List<LedgerEntry> entries, List<GrantBalance> added, List<GrantBalance> updated,
      WalletTotals totals) {

    /**
     * Copies.
     *
     * @param entries new ledger entries, in sequence order
     * @param added grants added, in their state now
     * @param updated grants restored earlier whose state or remaining credit changed
     * @param totals the wallet's sums now
     */
    public Changes {
      entries = List.copyOf(entries);
      added = List.copyOf(added);
      updated = List.copyOf(updated);
      requireNonNull(totals, "totals");
    }

    /** {@return whether nothing was booked} */
    public boolean isEmpty() {
      return entries.isEmpty() && added.isEmpty() && updated.isEmpty();
    }
  }

  private void activate(GrantState s) {
    activate(s, LedgerEntry.Kind.GRANT, Optional.empty());
  }

  private void activate(GrantState s, LedgerEntry.Kind kind, Optional<EventId> reference) {
    closeDebits(); // they were booked against the balance before this grant
    long amount = s.grant.amount().micros();
    s.live = true;
    s.remaining = amount;
    touch(s);
    granted += amount;
    balance += amount;
    book(kind, s.grant.effectiveAt(), amount, Optional.of(s.grant.id()), reference, 0);
    long repaid = Math.min(overdraft, s.remaining);
    if (repaid > 0) {
      s.remaining -= repaid;
      overdraft -= repaid;
      book(LedgerEntry.Kind.OVERDRAFT_REPAYMENT, s.grant.effectiveAt(), repaid, Optional.of(s.grant.id()),
          Optional.empty(), 0);
    }
    if (s.remaining == 0 && s.grant.expiresAt().isEmpty()) {
      drawOrder.remove(s);
    }
  }

  private void expire(GrantState s) {
    closeDebits();
    drawOrder.remove(s);
    s.expired = true;
    touch(s);
    granted -= s.grant.amount().micros();
    if (s.remaining > 0) {
      balance -= s.remaining;
      book(LedgerEntry.Kind.EXPIRY, s.grant.expiresAt().orElseThrow(), s.remaining, Optional.of(s.grant.id()),
          Optional.empty(), 0);
      s.remaining = 0;
    }
  }

  private void touch(GrantState s) {
    changed.add(s);
  }

  private void scheduleNextChange() {
    nextChange = Instant.MAX;
    for (GrantState s : drawOrder) {
      Instant next = s.live ? s.grant.expiresAt().orElse(Instant.MAX) : s.grant.effectiveAt();
      if (next.isBefore(nextChange)) {
        nextChange = next;
      }
    }
  }

  private void closeDebits() {
    if (pendingEvents > 0) {
      int n = pendingEvents;
      pendingEvents = 0;
      entries.add(new LedgerEntry(++sequence, LedgerEntry.Kind.DEBIT, pendingAt, Credits.ofMicros(pendingMicros),
          Credits.ofMicros(balance), Optional.empty(), Optional.of(pendingFirst), n));
      pendingMicros = 0;
      pendingFirst = null;
      pendingAt = null;
    }
  }

  private void book(LedgerEntry.Kind kind, Instant at, long micros, Optional<String> grantId,
      Optional<EventId> reference, int events) {
    entries.add(new LedgerEntry(++sequence, kind, at, Credits.ofMicros(micros), Credits.ofMicros(balance), grantId,
        reference, events));
  }

  @Override
  public String toString() {
    return "WalletBook[" + id + ", " + mode + ", balance " + Credits.ofMicros(balance) + "]";
  }

  private record Change(Instant at, boolean expiry, GrantState state) {}

  /** A grant and what is left of it. */
  private static final class GrantState {
    static final Comparator<GrantState> DRAW_ORDER = Comparator.comparing(s -> s.grant, Grant.DRAW_ORDER);

    final Grant grant;
    boolean live;
    boolean expired;
    long remaining;

    GrantState(Grant grant) {
      this.grant = grant;
      this.remaining = grant.amount().micros();
    }

    boolean isDrawableAt(Instant at) {
      return live && remaining > 0 && grant.isUsableAt(at);
    }

    GrantBalance balance() {
      GrantBalance.State state = expired ? GrantBalance.State.EXPIRED
          : !live ? GrantBalance.State.SCHEDULED
          : remaining == 0 && grant.expiresAt().isEmpty() ? GrantBalance.State.USED_UP
          : GrantBalance.State.LIVE;
      return new GrantBalance(grant, state, Credits.ofMicros(remaining));
    }
  }
}
