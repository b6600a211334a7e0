package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.APRIL;
import static dev.usage.report.BillableFixtures.ai;
import static dev.usage.report.BillableFixtures.call;
import static dev.usage.report.CreditUsageReportTest.APRIL_ALL;
import static dev.usage.report.CreditUsageReportTest.dims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.report.CreditUsageReport.CallLogEntry;
import dev.usage.report.CreditUsageReport.CallLogPage;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.EventPage;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CallLogPagerTest {

  /** Counts the queries a store answers. */
  static final class CountingStore implements UsageStore {
    private final UsageStore delegate;
    int aggregates;
    int scans;

    CountingStore(UsageStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public AppendResult append(List<PricedEvent> events) {
      return delegate.append(events);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
      aggregates++;
      return delegate.aggregate(query);
    }

    @Override
    public EventPage scan(ScanQuery query) {
      scans++;
      return delegate.scan(query);
    }
  }

  /** 30 voice calls an hour apart from 1 April 01:00, each with an AI message carrying its call id. */
  static InMemoryUsageStore calls() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    for (int i = 0; i < 30; i++) {
      String id = String.format("c%02d", i);
      store.append(call(ACME, id, APRIL.plusSeconds(3_600L * (i + 1)), Channel.VOICE, 30, Dimensions.none()));
      store.append(ai(ACME, "a" + i, APRIL.plusSeconds(3_600L * (i + 1) + 10), dims(null, null, id)));
    }
    return store;
  }

  @Test
  @DisplayName("a page costs one aggregate and two scans, however many calls it shows")
  void page_fixedQueries() {
    CountingStore store = new CountingStore(calls());

    CallLogPage page = CallLogPager.page(store, CreditUsageReportTest.ledger(), ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 2, 20);

    assertThat(page.entries()).hasSize(12); // 30 calls and 2 grants: 20 on page 1
    assertThat(store.aggregates).isEqualTo(1);
    assertThat(store.scans).isEqualTo(2);
  }

  @Test
  @DisplayName("each call's credits are those of all events carrying its call id, as one aggregate per call gave")
  void page_creditsByCallId() {
    InMemoryUsageStore store = calls();

    CallLogPage page = CallLogPager.page(store, CreditUsageReportTest.ledger(), ACME, APRIL_ALL, CreditUsageReport.Focus.all(), 1, 10);

    for (CallLogEntry e : page.entries()) {
      if (e.callId().isPresent()) {
        Credits expected = store.aggregate(AggregateQuery.builder(ACME, APRIL_ALL)
                .where(DimensionKey.CALL_ID, e.callId().get()).build())
            .stream().map(AggregateRow::credits).reduce(Credits.zero(), Credits::plus);
        assertThat(e.creditsUsed()).as(e.callId().get()).isEqualTo(expected);
        assertThat(e.creditsUsed()).isGreaterThan(Credits.zero());
      }
    }
  }
}
