package dev.usage.jdbc;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.MetricCatalog;
import dev.usage.plan.CreditType;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.LedgerPage;
import dev.usage.spi.LedgerQuery;
import dev.usage.spi.RefusedDebit;
import dev.usage.spi.Reversals;
import dev.usage.spi.WalletPosting;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantBalance;
import dev.usage.wallet.GrantKind;
import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.LimitMode;
import dev.usage.wallet.WalletBook;
import dev.usage.wallet.WalletId;
import dev.usage.wallet.WalletStatus;
import dev.usage.wallet.WalletTotals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The credit ledger of a {@link JdbcUsageStore}, in the tables of migration V3: every method runs
 * on the caller's connection, inside the caller's transaction.
 *
 * <p>{@link #post} runs inside an append's transaction, after the batch's events were inserted:
 * it locks the wallets the batch touches ({@code SELECT … FOR UPDATE} on {@code usage_wallets},
 * which serializes each wallet's postings across every process sharing the database), restores
 * their {@link WalletBook}s from the unsettled grants, decides each new event's debit, refund or
 * refusal, and saves what the books drained. A failure anywhere rolls it back with the events.
 *
 * <p>This class is immutable and thread-safe.
 */
final class JdbcLedger {

  private static final String WALLET_COLUMNS =
      "organization, workspace, limit_mode, balance, overdraft, granted, turnover, last_sequence";
  private static final String GRANT_COLUMNS =
      "grant_id, kind, priority, amount, effective_at, expires_at, state, remaining";

  private final MetricCatalog catalog;

  JdbcLedger(MetricCatalog catalog) {
    this.catalog = catalog;
  }

  // ---------------------------------------------------------------- wallets, outside appends

  void openWallet(Connection c, WalletId id, LimitMode mode) throws SQLException {
    Optional<LimitMode> open = mode(c, id);
    if (open.isEmpty()) {
      // Two processes may open the same wallet at once: the loser's insert fails on the key, is
      // rolled back to a savepoint (PostgreSQL would abort the transaction) and reads the winner's.
      java.sql.Savepoint before = c.setSavepoint();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_wallets (" + WALLET_COLUMNS
          + ") VALUES (?, ?, ?, 0, 0, 0, 0, 0)")) {
        ps.setString(1, id.organization());
        ps.setString(2, id.workspace());
        ps.setString(3, mode.name());
        ps.executeUpdate();
        c.releaseSavepoint(before);
        return;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(before);
        open = mode(c, id);
      }
    }
    if (open.isPresent() && open.get() != mode) {
      throw new IllegalArgumentException("wallet " + id + " is open with limit mode " + open.get() + ", not " + mode);
    }
  }

  private static Optional<LimitMode> mode(Connection c, WalletId id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT limit_mode FROM usage_wallets WHERE organization = ? AND workspace = ?")) {
      ps.setString(1, id.organization());
      ps.setString(2, id.workspace());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(LimitMode.valueOf(rs.getString(1))) : Optional.empty();
      }
    }
  }

  boolean grant(Connection c, WalletId id, Grant grant, Instant now) throws SQLException {
    WalletBook.checkHostGrant(grant);
    for (Instant at : grant.expiresAt().isPresent() ? List.of(grant.effectiveAt(), grant.expiresAt().get())
        : List.of(grant.effectiveAt())) {
      if (at.isBefore(EventRows.MIN_INSTANT) || at.isAfter(EventRows.MAX_INSTANT)) {
        throw new IllegalArgumentException("grant " + grant.id() + " of wallet " + id + " has instant " + at
            + " outside " + EventRows.MIN_INSTANT + " to " + EventRows.MAX_INSTANT + ", which the store keeps exactly");
      }
    }
    WalletBook book = lock(c, id).orElseThrow(() -> new IllegalStateException(
        "wallet " + id + " is not open: call openWallet first"));
    Optional<Grant> known = findGrant(c, id, grant.id());
    if (known.isPresent()) {
      if (!known.get().equals(grant)) {
        throw new IllegalArgumentException("grant id " + grant.id() + " of wallet " + id + " is already used by "
            + known.get());
      }
      return false;
    }
    book.grant(grant, now);
    save(c, book.drain(), id);
    return true;
  }

  Optional<Grant> findGrant(Connection c, WalletId id, String grantId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + GRANT_COLUMNS
        + " FROM usage_grants WHERE organization = ? AND workspace = ? AND grant_id = ?")) {
      ps.setString(1, id.organization());
      ps.setString(2, id.workspace());
      ps.setString(3, grantId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readGrant(rs).grant()) : Optional.empty();
      }
    }
  }

  /** Reads a wallet without locking it; the caller reads in one snapshot. */
  Optional<WalletStatus> wallet(Connection c, WalletId id, Instant now) throws SQLException {
    return load(c, id, false).map(book -> WalletStatus.of(book, now));
  }

  Optional<WalletId> walletOf(Connection c, TenantId tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT workspace FROM usage_wallets WHERE organization = ? AND workspace IN (?, '')")) {
      ps.setString(1, tenant.organization());
      ps.setString(2, tenant.workspace());
      Optional<WalletId> found = Optional.empty();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          WalletId w = new WalletId(tenant.organization(), rs.getString(1));
          if (found.isEmpty() || !w.isOrganizationWide()) {
            found = Optional.of(w);
          }
        }
      }
      return found;
    }
  }

  LedgerPage entries(Connection c, LedgerQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT sequence, kind, entry_at, amount, balance, grant_id, reference, events"
        + " FROM usage_ledger WHERE organization = ? AND workspace = ?");
    if (q.before().isPresent()) {
      sql.append(" AND sequence < ?");
    }
    if (!q.kinds().isEmpty()) {
      sql.append(" AND kind IN (").append(q.kinds().stream().map(k -> "?").collect(Collectors.joining(", "))).append(")");
    }
    sql.append(" ORDER BY sequence DESC FETCH FIRST ").append(q.limit() + 1).append(" ROWS ONLY");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, q.wallet().organization());
      ps.setString(i++, q.wallet().workspace());
      if (q.before().isPresent()) {
        ps.setLong(i++, q.before().getAsLong());
      }
      for (LedgerEntry.Kind k : q.kinds().stream().sorted().toList()) {
        ps.setString(i++, k.name());
      }
      List<LedgerEntry> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new LedgerEntry(rs.getLong(1), LedgerEntry.Kind.valueOf(rs.getString(2)),
              EventRows.fromNanos(rs.getLong(3)), Credits.ofMicros(rs.getLong(4)), Credits.ofMicros(rs.getLong(5)),
              Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)).map(EventId::of), rs.getInt(8)));
        }
      }
      return LedgerPage.of(rows, q.limit());
    }
  }

  Map<CreditType, Long> allotmentUsage(Connection c, WalletId id, YearMonth month) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT credit_type, used FROM usage_allotments"
        + " WHERE organization = ? AND workspace = ? AND usage_month = ?")) {
      ps.setString(1, id.organization());
      ps.setString(2, id.workspace());
      ps.setInt(3, monthKey(month));
      Map<CreditType, Long> used = new EnumMap<>(CreditType.class);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          used.put(CreditType.valueOf(rs.getString(1)), rs.getLong(2));
        }
      }
      return Map.copyOf(used);
    }
  }

  // ---------------------------------------------------------------- posting, inside appends

  /** Why an inserted event must not stay: a hard limit refused it, or it is a reversal refused. */
  record Drop(Optional<RefusedDebit> refused, String reason) {}

  /** What {@link #post} decided: the events to take back out, and each wallet's change. */
  record Posted(Map<Key, Drop> dropped, List<WalletPosting> postings) {
    static final Posted NOTHING = new Posted(Map.of(), List.of());
  }

  record Key(String organization, String workspace, String id) {
    static Key of(UsageEvent e) {
      return new Key(e.tenant().organization(), e.tenant().workspace(), e.id().value());
    }
  }

  /**
   * The wallets the tenants of one append draw from, locked until the append's transaction ends,
   * with their books restored; taken before the batch's events are inserted, so that each event's
   * row can name the wallet it is debited from.
   */
  static final class Locks {
    private final Map<WalletId, Working> books = new TreeMap<>(Comparator.comparing(WalletId::organization)
        .thenComparing(WalletId::workspace));
    private Map<TenantId, WalletId> walletOf = Map.of();

    /**
     * Returns what an event's {@link EventRows#DEBIT_WALLET} column holds: the workspace of the
     * wallet its debit draws from ('' for an organization's), or null for an event that is not
     * debited (its tenant has no wallet, or it is a reversal).
     */
    String debitWallet(PricedEvent p) {
      WalletId w = p.event().isReversal() ? null : walletOf.get(p.event().tenant());
      return w == null ? null : w.workspace();
    }
  }

  /**
   * Locks the wallets the tenants of {@code events} draw from, in one statement and in key order,
   * and restores their books. Most batches find no wallet at all and pay only this lookup.
   *
   * @param events the batch, in any order
   * @param now the posting's instant
   */
  Locks lock(Connection c, List<PricedEvent> events, Instant now) throws SQLException {
    Locks locks = new Locks();
    TreeMap<String, TenantId> tenants = new TreeMap<>();
    for (PricedEvent p : events) {
      TenantId t = p.event().tenant();
      tenants.putIfAbsent(t.organization() + "\u0000" + t.workspace(), t);
    }
    if (!tenants.isEmpty()) {
      locks.walletOf = resolveAndLock(c, List.copyOf(tenants.values()), now, locks.books);
    }
    return locks;
  }

  /**
   * Posts the debits, refunds and allotment usage of the events a batch newly inserted, and
   * deletes those it refuses. The caller then rolls the rest up and commits.
   *
   * @param locks the wallets {@link #lock} locked before the events were inserted
   * @param inserted the newly inserted events, in the batch's order, each key once
   * @param now the posting's instant
   */
  Posted post(Connection c, Locks locks, List<PricedEvent> inserted, Instant now) throws SQLException {
    Map<WalletId, Working> books = locks.books;
    Map<TenantId, WalletId> walletOf = locks.walletOf;
    boolean reversals = inserted.stream().anyMatch(p -> p.event().isReversal());
    if (inserted.isEmpty() || (books.isEmpty() && !reversals)) {
      return Posted.NOTHING;
    }
    Map<Key, Drop> dropped = new LinkedHashMap<>();
    Map<Key, Debited> newDebits = new LinkedHashMap<>();
    Map<Key, EventId> newReversals = new LinkedHashMap<>();
    Map<AllotmentKey, long[]> allotments = new LinkedHashMap<>();
    Set<Key> inBatch = new HashSet<>();
    for (PricedEvent p : inserted) {
      inBatch.add(Key.of(p.event()));
    }
    // Events of this batch decided so far and kept, in batch order: a reversal sees its original
    // only if the original comes before it, as it would in a store that appends one by one.
    Map<Key, PricedEvent> kept = new HashMap<>();
    for (PricedEvent p : inserted) {
      UsageEvent e = p.event();
      Key key = Key.of(e);
      if (e.isReversal()) {
        Key original = new Key(key.organization(), key.workspace(), e.reverses().orElseThrow().value());
        // An original this batch inserted is stored only once decided and kept; the row is in
        // the table either way until the dropped ones are deleted, so it must not be read back.
        Optional<Stored> before = inBatch.contains(original) ? Optional.empty() : readLocked(c, original);
        Optional<PricedEvent> stored = inBatch.contains(original) ? Optional.ofNullable(kept.get(original))
            : before.map(Stored::event);
        Optional<EventId> reversedBy = newReversals.containsKey(original) ? Optional.of(newReversals.get(original))
            : reversedBy(c, original);
        Optional<String> refusal = Reversals.refusal(p, stored, reversedBy);
        if (refusal.isPresent()) {
          dropped.put(key, new Drop(Optional.empty(), refusal.get()));
          continue;
        }
        kept.put(key, p);
        newReversals.put(original, e.id());
        Optional<Debited> debited = newDebits.containsKey(original) ? Optional.of(newDebits.get(original))
            : before.flatMap(b -> b.debitWallet().map(w -> new Debited(new WalletId(original.organization(), w),
                b.event().credits().micros())));
        if (debited.isPresent()) {
          Working w = books.get(debited.get().wallet());
          if (w == null) {
            w = lock(c, debited.get().wallet(), now, books);
          }
          if (debited.get().micros() > 0) {
            w.book.refund(e.id(), e.tenant().workspace(), Credits.ofMicros(debited.get().micros()), now);
          }
          count(c, debited.get().wallet(), e, allotments);
        }
      } else {
        WalletId wallet = walletOf.get(e.tenant());
        if (wallet == null) {
          kept.put(key, p);
          continue;
        }
        WalletBook book = books.get(wallet).book;
        if (p.credits().isPositive() && book.debit(e.id(), p.credits(), e.occurredAt(), now).isEmpty()) {
          RefusedDebit r = new RefusedDebit(e.tenant(), e.id(), wallet, p.credits(),
              Credits.ofMicros(book.usableAt(e.occurredAt())));
          dropped.put(key, new Drop(Optional.of(r), r.reason()));
          continue;
        }
        newDebits.put(key, new Debited(wallet, p.credits().micros()));
        count(c, wallet, e, allotments);
      }
      kept.put(key, p);
    }
    delete(c, dropped.keySet());
    insertReversals(c, newReversals);
    List<WalletPosting> postings = new ArrayList<>();
    for (Map.Entry<WalletId, Working> w : books.entrySet()) {
      WalletBook book = w.getValue().book;
      List<WalletPosting.Allotment> moved = new ArrayList<>();
      allotments.forEach((k, change) -> {
        if (k.wallet().equals(w.getKey()) && change[0] != change[1]) {
          moved.add(new WalletPosting.Allotment(k.type(), k.month(), change[0], change[1]));
        }
      });
      postings.add(new WalletPosting(w.getKey(), Credits.ofMicros(w.getValue().balanceBefore),
          Credits.ofMicros(w.getValue().grantedBefore), Credits.ofMicros(book.balance()),
          Credits.ofMicros(book.granted()), moved));
      save(c, book.drain(), w.getKey());
    }
    saveAllotments(c, allotments);
    return new Posted(dropped, postings);
  }

  private record Working(WalletBook book, long balanceBefore, long grantedBefore) {}

  private record Debited(WalletId wallet, long micros) {}

  private record AllotmentKey(WalletId wallet, CreditType type, YearMonth month) {}

  /**
   * Locks every wallet the tenants might draw from (their own and their organizations'), restores
   * the books of those they do draw from, and returns which each draws from.
   *
   * <p>Most batches find no wallet at all, so a plain read asks first whether any exists and
   * only then the same rows are read again and locked. The plain read can be kept parsed, where H2
   * parses a {@code FOR UPDATE} statement on every run; and it gives up nothing: a wallet created
   * after it is missed exactly as a lock taken at that moment would have missed it.
   */
  private static Map<TenantId, WalletId> resolveAndLock(Connection c, List<TenantId> tenants, Instant now,
      Map<WalletId, Working> books) throws SQLException {
    // The tenants are padded to a power of two with the last one again, so that a few statement
    // texts serve every batch and stay in the database's and the driver's statement caches.
    int slots = Integer.highestOneBit(tenants.size() * 2 - 1);
    StringBuilder where = new StringBuilder(" FROM usage_wallets WHERE ");
    for (int i = 0; i < slots; i++) {
      where.append(i == 0 ? "" : " OR ").append("(organization = ? AND workspace IN (?, ''))");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT 1" + where + " FETCH FIRST 1 ROWS ONLY")) {
      bindPadded(ps, tenants, slots);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Map.of();
        }
      }
    }
    Map<WalletId, WalletRow> found = new HashMap<>();
    // One order for every transaction, so that batches of several tenants cannot deadlock.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + WALLET_COLUMNS + where + " ORDER BY organization, workspace FOR UPDATE")) {
      bindPadded(ps, tenants, slots);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          WalletRow row = WalletRow.read(rs);
          found.put(row.id(), row);
        }
      }
    }
    Map<TenantId, WalletId> walletOf = new HashMap<>();
    for (TenantId t : tenants) {
      WalletRow chosen = found.getOrDefault(WalletId.ofWorkspace(t), found.get(WalletId.ofOrganization(t.organization())));
      if (chosen != null) {
        if (!books.containsKey(chosen.id())) {
          books.put(chosen.id(), working(chosen.restore(unsettled(c, chosen.id())), now));
        }
        walletOf.put(t, chosen.id());
      }
    }
    return walletOf;
  }

  private static void bindPadded(PreparedStatement ps, List<TenantId> tenants, int slots) throws SQLException {
    int i = 1;
    for (int slot = 0; slot < slots; slot++) {
      TenantId t = tenants.get(Math.min(slot, tenants.size() - 1));
      ps.setString(i++, t.organization());
      ps.setString(i++, t.workspace());
    }
  }

  private Working lock(Connection c, WalletId id, Instant now, Map<WalletId, Working> books) throws SQLException {
    Working w = working(lock(c, id).orElseThrow(() -> new IllegalStateException(
        "wallet " + id + " debited earlier is no longer in usage_wallets")), now);
    books.put(id, w);
    return w;
  }

  private static Working working(WalletBook book, Instant now) {
    book.catchUp(now);
    return new Working(book, book.balance(), book.granted());
  }

  /** Locks a wallet's row and restores its book. */
  private Optional<WalletBook> lock(Connection c, WalletId id) throws SQLException {
    return load(c, id, true);
  }

  private Optional<WalletBook> load(Connection c, WalletId id, boolean forUpdate) throws SQLException {
    WalletRow row;
    try (PreparedStatement ps = c.prepareStatement("SELECT " + WALLET_COLUMNS
        + " FROM usage_wallets WHERE organization = ? AND workspace = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, id.organization());
      ps.setString(2, id.workspace());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        row = WalletRow.read(rs);
      }
    }
    return Optional.of(row.restore(unsettled(c, id)));
  }

  /** A row of {@code usage_wallets}, as {@link #WALLET_COLUMNS} reads it. */
  private record WalletRow(WalletId id, LimitMode mode, WalletTotals totals) {
    static WalletRow read(ResultSet rs) throws SQLException {
      return new WalletRow(new WalletId(rs.getString(1), rs.getString(2)), LimitMode.valueOf(rs.getString(3)),
          new WalletTotals(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
    }

    WalletBook restore(List<GrantBalance> unsettled) {
      return WalletBook.restore(id, mode, totals, unsettled);
    }
  }

  /** Reads a wallet's grants that can still change. */
  private static List<GrantBalance> unsettled(Connection c, WalletId id) throws SQLException {
    List<GrantBalance> unsettled = new ArrayList<>();
    // Two equalities rather than state IN (...): H2 seeks an IN list only on an index's first
    // column, and would read every grant the wallet ever had (10,000 rows, 0.4 ms, measured).
    // Literals, so that PostgreSQL's generic plan can still prove its partial index's predicate.
    String byState = "SELECT " + GRANT_COLUMNS + " FROM usage_grants WHERE organization = ? AND workspace = ?"
        + " AND state = ";
    try (PreparedStatement ps = c.prepareStatement(byState + "'SCHEDULED' UNION ALL " + byState + "'LIVE'")) {
      ps.setString(1, id.organization());
      ps.setString(2, id.workspace());
      ps.setString(3, id.organization());
      ps.setString(4, id.workspace());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          unsettled.add(readGrant(rs));
        }
      }
    }
    return unsettled;
  }

  private static GrantBalance readGrant(ResultSet rs) throws SQLException {
    long expires = rs.getLong(6);
    Optional<Instant> expiresAt = rs.wasNull() ? Optional.empty() : Optional.of(EventRows.fromNanos(expires));
    Grant g = new Grant(rs.getString(1), GrantKind.valueOf(rs.getString(2)), Credits.ofMicros(rs.getLong(4)),
        rs.getInt(3), EventRows.fromNanos(rs.getLong(5)), expiresAt);
    return new GrantBalance(g, GrantBalance.State.valueOf(rs.getString(7)), Credits.ofMicros(rs.getLong(8)));
  }

  /** An event as stored, with the wallet its debit drew from, if it was debited. */
  private record Stored(PricedEvent event, Optional<String> debitWallet) {}

  /** Reads and locks a stored event, so that two reversals of it take turns. */
  private Optional<Stored> readLocked(Connection c, Key k) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + EventRows.READ_COLUMNS + ", u." + EventRows.DEBIT_WALLET
        + " FROM usage_events u WHERE u.organization = ? AND u.workspace = ? AND u.event_id = ? FOR UPDATE")) {
      ps.setString(1, k.organization());
      ps.setString(2, k.workspace());
      ps.setString(3, k.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        PricedEvent event = EventRows.read(rs, catalog);
        return Optional.of(new Stored(event, Optional.ofNullable(rs.getString(EventRows.COLUMNS.size() + 1))));
      }
    }
  }

  private static Optional<EventId> reversedBy(Connection c, Key original) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT reversal_id FROM usage_reversals"
        + " WHERE organization = ? AND workspace = ? AND original_id = ?")) {
      ps.setString(1, original.organization());
      ps.setString(2, original.workspace());
      ps.setString(3, original.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(EventId.of(rs.getString(1))) : Optional.empty();
      }
    }
  }

  private static void count(Connection c, WalletId wallet, UsageEvent e, Map<AllotmentKey, long[]> allotments)
      throws SQLException {
    Optional<CreditType> type = CreditType.consumedBy(e.metric());
    if (type.isEmpty() || (type.get().isGauge() && e.isReversal())) {
      return;
    }
    AllotmentKey k = new AllotmentKey(wallet, type.get(), YearMonth.from(e.occurredAt().atOffset(ZoneOffset.UTC)));
    long[] change = allotments.get(k);
    if (change == null) {
      // One read brings every type of the wallet's month; types it lacks start at zero.
      Map<CreditType, Long> month = used(c, wallet, k.month());
      for (CreditType t : CreditType.values()) {
        AllotmentKey other = new AllotmentKey(wallet, t, k.month());
        if (!allotments.containsKey(other) && (month.containsKey(t) || t == type.get())) {
          long before = month.getOrDefault(t, 0L);
          allotments.put(other, new long[] {before, before});
        }
      }
      change = allotments.get(k);
    }
    change[1] = type.get().isGauge() ? Math.max(change[1], e.quantity())
        : UsageOverflowException.addExact(change[1], e.quantity(), "usage of " + type.get());
  }

  private static Map<CreditType, Long> used(Connection c, WalletId wallet, YearMonth month) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT credit_type, used FROM usage_allotments"
        + " WHERE organization = ? AND workspace = ? AND usage_month = ?")) {
      ps.setString(1, wallet.organization());
      ps.setString(2, wallet.workspace());
      ps.setInt(3, monthKey(month));
      Map<CreditType, Long> used = new EnumMap<>(CreditType.class);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          used.put(CreditType.valueOf(rs.getString(1)), rs.getLong(2));
        }
      }
      return used;
    }
  }

  private static void saveAllotments(Connection c, Map<AllotmentKey, long[]> allotments) throws SQLException {
    // The wallet's lock serializes its allotments too, so a row an update did not find may be
    // inserted. Rows read only to learn a month's other types are not written.
    List<Map.Entry<AllotmentKey, long[]>> changed = allotments.entrySet().stream()
        .filter(a -> a.getValue()[0] != a.getValue()[1]).toList();
    if (changed.isEmpty()) {
      return;
    }
    int[] counts;
    try (PreparedStatement ps = c.prepareStatement("UPDATE usage_allotments SET used = ?"
        + " WHERE organization = ? AND workspace = ? AND usage_month = ? AND credit_type = ?")) {
      for (Map.Entry<AllotmentKey, long[]> a : changed) {
        AllotmentKey k = a.getKey();
        ps.setLong(1, a.getValue()[1]);
        ps.setString(2, k.wallet().organization());
        ps.setString(3, k.wallet().workspace());
        ps.setInt(4, monthKey(k.month()));
        ps.setString(5, k.type().name());
        ps.addBatch();
      }
      counts = ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_allotments"
        + " (organization, workspace, usage_month, credit_type, used) VALUES (?, ?, ?, ?, ?)")) {
      int inserts = 0;
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          AllotmentKey k = changed.get(i).getKey();
          ps.setString(1, k.wallet().organization());
          ps.setString(2, k.wallet().workspace());
          ps.setInt(3, monthKey(k.month()));
          ps.setString(4, k.type().name());
          ps.setLong(5, changed.get(i).getValue()[1]);
          ps.addBatch();
          inserts++;
        }
      }
      if (inserts > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void delete(Connection c, Iterable<Key> keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM usage_events WHERE organization = ? AND workspace = ? AND event_id = ?")) {
      int n = 0;
      for (Key k : keys) {
        ps.setString(1, k.organization());
        ps.setString(2, k.workspace());
        ps.setString(3, k.id());
        ps.addBatch();
        n++;
      }
      if (n > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void insertReversals(Connection c, Map<Key, EventId> reversals) throws SQLException {
    if (reversals.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_reversals"
        + " (organization, workspace, original_id, reversal_id) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<Key, EventId> r : reversals.entrySet()) {
        ps.setString(1, r.getKey().organization());
        ps.setString(2, r.getKey().workspace());
        ps.setString(3, r.getKey().id());
        ps.setString(4, r.getValue().value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Saves what a book drained: new grants, changed grants, ledger entries and the wallet's sums. */
  private static void save(Connection c, WalletBook.Changes changes, WalletId id) throws SQLException {
    if (!changes.added().isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_grants (organization, workspace, "
          + GRANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (GrantBalance g : changes.added()) {
          Grant grant = g.grant();
          ps.setString(1, id.organization());
          ps.setString(2, id.workspace());
          ps.setString(3, grant.id());
          ps.setString(4, grant.kind().name());
          ps.setInt(5, grant.priority());
          ps.setLong(6, grant.amount().micros());
          ps.setLong(7, EventRows.toNanos(grant.effectiveAt()));
          if (grant.expiresAt().isPresent()) {
            ps.setLong(8, EventRows.toNanos(grant.expiresAt().get()));
          } else {
            ps.setNull(8, Types.BIGINT);
          }
          ps.setString(9, g.state().name());
          ps.setLong(10, g.remaining().micros());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!changes.updated().isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE usage_grants SET state = ?, remaining = ?"
          + " WHERE organization = ? AND workspace = ? AND grant_id = ?")) {
        for (GrantBalance g : changes.updated()) {
          ps.setString(1, g.state().name());
          ps.setLong(2, g.remaining().micros());
          ps.setString(3, id.organization());
          ps.setString(4, id.workspace());
          ps.setString(5, g.grant().id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!changes.entries().isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_ledger (organization, workspace, sequence,"
          + " kind, entry_at, amount, balance, grant_id, reference, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (LedgerEntry e : changes.entries()) {
          ps.setString(1, id.organization());
          ps.setString(2, id.workspace());
          ps.setLong(3, e.sequence());
          ps.setString(4, e.kind().name());
          ps.setLong(5, EventRows.toNanos(e.at()));
          ps.setLong(6, e.amount().micros());
          ps.setLong(7, e.balance().micros());
          ps.setString(8, e.grantId().orElse(null));
          ps.setString(9, e.reference().map(EventId::value).orElse(null));
          ps.setInt(10, e.events());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    WalletTotals t = changes.totals();
    try (PreparedStatement ps = c.prepareStatement("UPDATE usage_wallets SET balance = ?, overdraft = ?, granted = ?,"
        + " turnover = ?, last_sequence = ? WHERE organization = ? AND workspace = ?")) {
      ps.setLong(1, t.balance());
      ps.setLong(2, t.overdraft());
      ps.setLong(3, t.granted());
      ps.setLong(4, t.turnover());
      ps.setLong(5, t.lastSequence());
      ps.setString(6, id.organization());
      ps.setString(7, id.workspace());
      ps.executeUpdate();
    }
  }

  private static int monthKey(YearMonth month) {
    return month.getYear() * 100 + month.getMonthValue();
  }
}
