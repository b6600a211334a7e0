package dev.usage.report;

import dev.usage.UsageOverflowException;
import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.report.CreditUsageReport.CallLogEntry;
import dev.usage.report.CreditUsageReport.CallLogPage;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.EventFilter;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.LedgerEntry;
import dev.usage.wallet.WalletId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds one page of a tenant's call log: the range's {@code calls} and {@code missed_calls}
 * events from the store and the wallet's grants and refunds from the ledger, interleaved newest
 * first, a call before a grant at the same instant.
 *
 * <p>A page costs a fixed number of store queries, whatever its size: one aggregate counts the
 * calls, a paged scan reads the newest calls up to the end of the page, and one more scan,
 * filtered on the call ids of the page, gives each call's credits. The ledger reads its entries
 * page by page.
 */
final class CallLogPager {

  private CallLogPager() {}

  /**
   * Returns page {@code page} of the call log of {@code tenant} over {@code range}.
   *
   * @param focus the calls listed; grants are listed only when it narrows nothing
   * @param page the page number, from 1
   * @param pageSize the entries per page, 1 to {@value CreditUsageReport#MAX_CALL_LOG_PAGE_SIZE}
   */
  static CallLogPage page(UsageStore store, Ledger ledger, TenantId tenant, UsageRange range,
      CreditUsageReport.Focus focus, int page, int pageSize) {
    EventFilter calls = focus.filter().withMetrics(CreditUsageReport.CONVERSATIONS);
    long callCount = store.aggregate(AggregateQuery.builder(tenant, range).filter(calls).build()).stream()
        .mapToLong(AggregateRow::count).sum();
    List<CallLogEntry> grants = focus.isAll() ? grants(ledger, tenant, range) : List.of();
    long total = UsageOverflowException.addExact(callCount, grants.size(), "call log entries");
    long from = (long) (page - 1) * pageSize;
    if (from >= total) {
      return new CallLogPage(page, pageSize, total, List.of());
    }
    int need = (int) Math.min(from + pageSize, total);
    List<PricedEvent> newest = ReportSupport.newest(store, tenant, range, calls, (int) Math.min(need, callCount));
    // The page's items, each a call (PricedEvent) or a grant (CallLogEntry), newest first.
    List<Object> items = new ArrayList<>(pageSize);
    int c = 0;
    int g = 0;
    for (int i = 0; i < need; i++) {
      boolean callsLeft = c < newest.size();
      boolean grantsLeft = g < grants.size();
      if (!callsLeft && !grantsLeft) {
        break; // the store lost events since the count; show what is there
      }
      boolean takeCall = callsLeft
          && (!grantsLeft || !newest.get(c).event().occurredAt().isBefore(grants.get(g).dateTime()));
      Object item = takeCall ? newest.get(c++) : grants.get(g++);
      if (i >= from) {
        items.add(item);
      }
    }
    List<PricedEvent> pageCalls = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof PricedEvent e) {
        pageCalls.add(e);
      }
    }
    CallTotals totals = CallTotals.of(store, tenant, range, pageCalls);
    List<CallLogEntry> entries = new ArrayList<>(items.size());
    for (Object item : items) {
      entries.add(item instanceof PricedEvent e ? call(e, totals) : (CallLogEntry) item);
    }
    return new CallLogPage(page, pageSize, total, entries);
  }

  /** Returns the grants and refunds that took effect in the range, newest first. */
  private static List<CallLogEntry> grants(Ledger ledger, TenantId tenant, UsageRange range) {
    Optional<WalletId> wallet = ledger.walletOf(tenant);
    if (wallet.isEmpty()) {
      return List.of();
    }
    return ledger.credited(tenant, range.startInstant(), range.endInstant()).stream().map(e -> {
      String id = e.grantId().orElseThrow();
      String kind = e.kind() == LedgerEntry.Kind.REFUND ? "refund"
          : ledger.findGrant(wallet.get(), id).map(g -> g.kind().name().toLowerCase(Locale.ROOT)).orElse("grant");
      return new CallLogEntry(e.at(), Optional.empty(), Credits.zero(), e.creditsAdded(), kind + " " + id);
    }).toList();
  }

  /**
   * Returns a call's entry: the credits of all events carrying its call id, or for an event
   * without a call id, or a reversal, its own credits.
   */
  private static CallLogEntry call(PricedEvent priced, CallTotals totals) {
    UsageEvent e = priced.event();
    Optional<String> callId = e.dimensions().get(DimensionKey.CALL_ID);
    Credits used = callId.isPresent() && !e.isReversal() ? totals.credits(callId.get()) : priced.credits();
    return new CallLogEntry(e.occurredAt(), callId, used, Credits.zero(), remarks(e));
  }

  private static String remarks(UsageEvent e) {
    if (e.isReversal()) {
      return "reversal of " + e.reverses().orElseThrow();
    }
    StringBuilder s = new StringBuilder();
    if (e.metric().key().equals(Metrics.MISSED_CALLS.key())) {
      s.append("missed ");
    }
    e.dimensions().get(DimensionKey.DIRECTION).ifPresent(d -> s.append(d).append(' '));
    e.dimensions().get(DimensionKey.CHANNEL).ifPresent(c -> s.append(c).append(' '));
    return s.append("call").toString();
  }
}
