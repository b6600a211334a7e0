package dev.usage.report;

import dev.usage.event.DimensionKey;
import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.EventFilter;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The credits and seconds of a few calls, by call id, over a range: what a call log page or the
 * recent activity shows beside each call. One scan filtered on the calls' ids, as no group key is
 * a call id: a page's calls carry few events each, and a store answers one filtered query far
 * sooner than one aggregate per call.
 *
 * <p>This class is immutable once built and not shared.
 */
final class CallTotals {

  private final Map<String, Credits> credits;
  private final Map<String, Long> seconds;

  private CallTotals(Map<String, Credits> credits, Map<String, Long> seconds) {
    this.credits = credits;
    this.seconds = seconds;
  }

  /**
   * Reads the totals of the call ids that {@code calls} carry, reversals left out (a reversal
   * shows its own credits).
   */
  static CallTotals of(UsageStore store, TenantId tenant, UsageRange range, List<PricedEvent> calls) {
    TreeSet<String> ids = new TreeSet<>();
    for (PricedEvent p : calls) {
      if (!p.event().isReversal()) {
        p.event().dimensions().get(DimensionKey.CALL_ID).ifPresent(ids::add);
      }
    }
    Map<String, Credits> credits = new HashMap<>();
    Map<String, Long> seconds = new HashMap<>();
    if (!ids.isEmpty()) {
      for (PricedEvent e : ReportSupport.newest(store, tenant, range, EventFilter.all().with(DimensionKey.CALL_ID, ids),
          Integer.MAX_VALUE)) {
        String id = e.event().dimensions().get(DimensionKey.CALL_ID).orElseThrow();
        credits.merge(id, e.credits(), Credits::plus);
        String metric = e.event().metric().key();
        if (metric.equals(Metrics.VOICE_MINUTES.key()) || metric.equals(Metrics.CHAT_MINUTES.key())) {
          seconds.merge(id, e.event().quantity(), ReportSupport::add);
        }
      }
    }
    return new CallTotals(credits, seconds);
  }

  /** Returns the credits of a call's events, zero for a call id not read. */
  Credits credits(String callId) {
    return credits.getOrDefault(callId, Credits.zero());
  }

  /** Returns the seconds of a call, zero for a call id not read. */
  long seconds(String callId) {
    return seconds.getOrDefault(callId, 0L);
  }
}
