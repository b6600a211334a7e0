package dev.usage.tck;

import static dev.usage.tck.UsageStoreAssert.scanAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.usage.UsageOverflowException;
import dev.usage.event.Channel;
import dev.usage.event.DimensionKey;
import dev.usage.event.Dimensions;
import dev.usage.event.Direction;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.event.UsageEvent;
import dev.usage.metric.Metric;
import dev.usage.metric.Metrics;
import dev.usage.pricing.CreditCalculator;
import dev.usage.pricing.CreditMultiplier;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.pricing.PricingTrace;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.AppendResult;
import dev.usage.spi.Conflict;
import dev.usage.spi.EventFilter;
import dev.usage.spi.EventPage;
import dev.usage.spi.GroupKey;
import dev.usage.spi.ScanCursor;
import dev.usage.spi.ScanQuery;
import dev.usage.spi.StoreCapability;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executable contract of {@link UsageStore}: every store, in memory or in a database, must
 * pass these tests. An adapter's test is a subclass that says how to make a fresh, empty store:
 *
 * <pre>{@code
 * class MyUsageStoreContractTest extends UsageStoreContractKit {
 *   @Override
 *   protected UsageStore newStore() {
 *     return new MyUsageStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own store from {@link #newStore()}, closed afterwards when it is {@link
 * AutoCloseable}. Every group but one checks the contract of every store; the group {@code
 * MixedTenantBatches} runs only for a store that declares {@link
 * StoreCapability#MIXED_TENANT_BATCHES} and is skipped, with that reason, for others. Like the
 * engine, the kit appends each tenant's events as a batch of their own elsewhere. Its events are
 * priced without a calculator, with credits in micro-credits equal to the quantity unless a test
 * says otherwise, so that sums of credits are easy to predict.
 *
 * <p>This class is not thread-safe; JUnit runs each test on its own instance.
 */
public abstract class UsageStoreContractKit {

  /** The tenant most tests record for. */
  protected static final TenantId ACME = TenantId.of("acme", "main");
  /** Another tenant, whose events {@link #ACME} must never see. */
  protected static final TenantId GLOBEX = TenantId.of("globex", "main");
  /** 2026-05-01T00:00:00Z. */
  protected static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  /** 2026-06-01T00:00:00Z. */
  protected static final Instant JUNE_1 = Instant.parse("2026-06-01T00:00:00Z");

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final int THREADS = 4;
  /**
   * How long a concurrency test may run before it counts as hung: far above the second or two it
   * takes, because a database store on a loaded build machine is slow, not wrong.
   */
  private static final int HANG_SECONDS = 60;

  /** The store under test, fresh for each test. */
  protected UsageStore store;

  /**
   * Returns a new, empty store; called once per test.
   *
   * @return the store under test
   */
  protected abstract UsageStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * Returns an event of {@link #ACME} without dimensions, priced at one micro-credit per unit.
   *
   * @param id the event id
   * @param metric the metric
   * @param quantity the quantity, zero or more
   * @param at when it occurred
   * @return the priced event
   */
  protected static PricedEvent event(String id, Metric metric, long quantity, Instant at) {
    return event(id, ACME, metric, quantity, at, Dimensions.none());
  }

  /**
   * Returns an event priced at one micro-credit per unit, its billable quantity its quantity.
   *
   * @param id the event id
   * @param tenant whose event
   * @param metric the metric
   * @param quantity the quantity, zero or more
   * @param at when it occurred
   * @param dimensions its dimensions
   * @return the priced event
   */
  protected static PricedEvent event(
      String id, TenantId tenant, Metric metric, long quantity, Instant at, Dimensions dimensions) {
    UsageEvent e = UsageEvent.builder(EventId.of(id), tenant, metric).at(at).quantity(quantity)
        .dimensions(dimensions).build();
    return priced(e, Credits.ofMicros(quantity), quantity);
  }

  /**
   * Returns an event with the given price.
   *
   * @param event the event
   * @param credits its credits
   * @param billableQuantity its billable quantity
   * @return the priced event
   */
  protected static PricedEvent priced(UsageEvent event, Credits credits, long billableQuantity) {
    PricingTrace trace = new PricingTrace("contract-kit", Optional.empty(), event.metric().key(),
        CreditMultiplier.ONE, Optional.empty(), Optional.empty(), Optional.empty(), CreditCalculator.ROUNDING);
    return new PricedEvent(event, credits, billableQuantity, trace);
  }

  /**
   * Returns the reversal of a priced event, refunding exactly what it charged.
   *
   * @param original the event to reverse
   * @param id the reversal's id
   * @return the priced reversal
   */
  protected static PricedEvent reversal(PricedEvent original, String id) {
    return new PricedEvent(original.event().reversal(EventId.of(id)), original.credits().negated(),
        -original.billableQuantity(), original.trace());
  }

  /**
   * Records events as the engine sends them: one batch per tenant, in the order each tenant first
   * appears. Events of one tenant are one batch.
   *
   * @param events the events
   * @return what the store did, added up over the batches
   */
  protected AppendResult append(PricedEvent... events) {
    return appendByTenant(List.of(events));
  }

  /**
   * Records a list of events as {@link #append(PricedEvent...)} does.
   *
   * @param events the events
   * @return what the store did, added up over the batches
   */
  protected AppendResult appendByTenant(List<PricedEvent> events) {
    Map<TenantId, List<PricedEvent>> byTenant = new LinkedHashMap<>();
    events.forEach(e -> byTenant.computeIfAbsent(e.event().tenant(), t -> new ArrayList<>()).add(e));
    AppendResult result = AppendResult.empty();
    for (List<PricedEvent> batch : byTenant.values()) {
      result = result.plus(store.append(batch));
    }
    return result;
  }

  /**
   * Returns the rows of a query of {@link #ACME}'s May.
   *
   * @param query completes the query's builder
   * @return the store's rows
   */
  protected List<AggregateRow> mayRows(UnaryOperator<AggregateQuery.Builder> query) {
    return store.aggregate(query.apply(AggregateQuery.builder(ACME, MAY_1, JUNE_1)).build());
  }

  /**
   * Returns the one ungrouped row of a tenant's events.
   *
   * @param tenant whose events
   * @param from the first instant, inclusive
   * @param to the instant after the last, exclusive
   * @return the row, or null when no event matches
   */
  protected AggregateRow total(TenantId tenant, Instant from, Instant to) {
    List<AggregateRow> rows = store.aggregate(AggregateQuery.builder(tenant, from, to).build());
    assertThat(rows).hasSizeLessThanOrEqualTo(1);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static Instant may(int day, String time) {
    return Instant.parse(String.format("2026-05-%02dT%sZ", day, time));
  }

  private static List<EventId> ids(List<PricedEvent> events) {
    return events.stream().map(e -> e.event().id()).toList();
  }

  @Nested
  @DisplayName("Recording")
  class Recording {

    @Test
    @DisplayName("an event recorded twice is counted once")
    void append_sameEventTwice() {
      PricedEvent call = event("call-1", Metrics.VOICE_MINUTES, 90, may(4, "10:00:00"));

      AppendResult first = append(call);
      AppendResult second = append(call);

      assertThat(first).isEqualTo(new AppendResult(1, List.of(), List.of()));
      assertThat(second).isEqualTo(new AppendResult(0, List.of(call.event().id()), List.of()));
      AggregateRow row = total(ACME, MAY_1, JUNE_1);
      assertThat(row.count()).isEqualTo(1);
      assertThat(row.sum()).isEqualTo(90);
    }

    @Test
    @DisplayName("a duplicate append changes nothing")
    void append_duplicateBatchChangesNothing() {
      List<PricedEvent> batch = List.of(
          event("a", Metrics.CALLS, 1, may(2, "08:00:00")),
          event("b", Metrics.VOICE_MINUTES, 61, may(2, "08:01:00")),
          event("c", Metrics.SMS_OUTBOUND, 3, may(3, "09:00:00")));
      store.append(batch);
      List<AggregateRow> before = mayRows(q -> q.groupBy(GroupKey.DAY, GroupKey.METRIC));
      List<PricedEvent> scannedBefore = scanAll(store, ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 2));

      AppendResult again = store.append(batch);

      assertThat(again.appended()).isZero();
      assertThat(again.duplicates()).containsExactlyInAnyOrderElementsOf(ids(batch));
      assertThat(again.conflicts()).isEmpty();
      assertThat(mayRows(q -> q.groupBy(GroupKey.DAY, GroupKey.METRIC))).isEqualTo(before);
      assertThat(scanAll(store, ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 2)))
          .isEqualTo(scannedBefore);
    }

    @Test
    @DisplayName("the same id with different content is a conflict and the original stands")
    void append_conflictKeepsOriginal() {
      PricedEvent original = event("msg-1", Metrics.SMS_OUTBOUND, 2, may(5, "12:00:00"));
      PricedEvent changed = event("msg-1", Metrics.SMS_OUTBOUND, 3, may(5, "12:00:00"));
      append(original);

      AppendResult result = append(changed);

      assertThat(result.appended()).isZero();
      assertThat(result.duplicates()).isEmpty();
      assertThat(result.isClean()).isFalse();
      assertThat(result.conflicts()).singleElement().satisfies(c -> {
        assertThat(c.tenant()).isEqualTo(ACME);
        assertThat(c.id()).isEqualTo(EventId.of("msg-1"));
        assertThat(c.reason()).isNotBlank();
      });
      assertThat(total(ACME, MAY_1, JUNE_1).sum()).isEqualTo(2);
      assertThat(store.scan(ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 10)).events())
          .containsExactly(original);
    }

    @Test
    @DisplayName("the same id in two tenants is two events")
    void append_sameIdInTwoTenants() {
      PricedEvent acme = event("call-7", ACME, Metrics.CALLS, 1, may(6, "10:00:00"), Dimensions.none());
      PricedEvent globex = event("call-7", GLOBEX, Metrics.CALLS, 1, may(6, "10:00:00"), Dimensions.none());

      AppendResult result = append(acme, globex);

      assertThat(result.appended()).isEqualTo(2);
      assertThat(result.duplicates()).isEmpty();
      assertThat(result.conflicts()).isEmpty();
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(1);
      assertThat(total(GLOBEX, MAY_1, JUNE_1).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a batch that repeats an event counts it once")
    void append_batchWithInternalDuplicate() {
      PricedEvent a = event("a", Metrics.CALLS, 1, may(7, "10:00:00"));
      PricedEvent b = event("b", Metrics.CALLS, 1, may(7, "10:05:00"));

      AppendResult result = append(a, b, a);

      assertThat(result).isEqualTo(new AppendResult(2, List.of(a.event().id()), List.of()));
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a batch that repeats an id with different content keeps the first")
    void append_batchWithInternalConflict() {
      PricedEvent first = event("a", Metrics.VOICE_MINUTES, 60, may(7, "10:00:00"));
      PricedEvent second = event("a", Metrics.VOICE_MINUTES, 45, may(7, "10:00:00"));

      AppendResult result = append(first, second);

      assertThat(result.appended()).isEqualTo(1);
      assertThat(result.conflicts()).extracting(Conflict::id).containsExactly(EventId.of("a"));
      assertThat(total(ACME, MAY_1, JUNE_1).sum()).isEqualTo(60);
    }

    @Test
    @DisplayName("an empty batch records nothing")
    void append_emptyBatch() {
      assertThat(store.append(List.of())).isEqualTo(AppendResult.empty());
      assertThat(total(ACME, MAY_1, JUNE_1)).isNull();
    }

    @Test
    @DisplayName("a reversal nets its event to zero")
    void append_reversalNetsToZero() {
      UsageEvent call = UsageEvent.builder(EventId.of("call-9"), ACME, Metrics.VOICE_MINUTES)
          .at(may(8, "10:00:00")).quantity(61).build();
      PricedEvent charged = priced(call, Credits.of(2), 120);

      append(charged, reversal(charged, "call-9/reversal"));

      AggregateRow row = total(ACME, MAY_1, JUNE_1);
      assertThat(row.count()).isEqualTo(2);
      assertThat(row.reversals()).isEqualTo(1);
      assertThat(row.netCount()).isZero();
      assertThat(row.sum()).isZero();
      assertThat(row.billableSum()).isZero();
      assertThat(row.credits()).isEqualTo(Credits.zero());
      UsageStoreAssert.assertThat(store).hasCredits(ACME, MAY_1, JUNE_1, Credits.zero());
      assertThat(row.max()).isEqualTo(61);
    }

    @Test
    @DisplayName("reversals are counted per group, in day and metric totals as in any breakdown")
    void aggregate_reversalsCountedPerGroup() {
      Dimensions first = Dimensions.builder().set(DimensionKey.PHONE_NUMBER, "+15550001").build();
      Dimensions second = Dimensions.builder().set(DimensionKey.PHONE_NUMBER, "+15550002").build();
      PricedEvent sent = event("sms-1", ACME, Metrics.SMS_OUTBOUND, 2, may(9, "10:00:00"), first);
      PricedEvent kept = event("sms-2", ACME, Metrics.SMS_OUTBOUND, 1, may(9, "11:00:00"), first);
      PricedEvent other = event("sms-3", ACME, Metrics.SMS_OUTBOUND, 3, may(9, "12:00:00"), second);
      PricedEvent nextDay = event("sms-4", ACME, Metrics.SMS_OUTBOUND, 1, may(10, "12:00:00"), second);
      append(sent, kept, other, nextDay);
      append(reversal(sent, "sms-1/reversal"), reversal(nextDay, "sms-4/reversal"));

      List<AggregateRow> byDay = mayRows(q -> q.groupBy(GroupKey.DAY, GroupKey.METRIC));
      assertThat(byDay).extracting(AggregateRow::count, AggregateRow::reversals, AggregateRow::netCount)
          .containsExactly(Tuple.tuple(4L, 1L, 2L),
              Tuple.tuple(2L, 1L, 0L));
      List<AggregateRow> byPhone = mayRows(q -> q.groupBy(GroupKey.PHONE_NUMBER));
      assertThat(byPhone).extracting(AggregateRow::count, AggregateRow::reversals, AggregateRow::netCount)
          .containsExactly(Tuple.tuple(3L, 1L, 1L),
              Tuple.tuple(3L, 1L, 1L));
      // A range that holds only the reversal's day part: the 10th alone.
      List<AggregateRow> tenth = store.aggregate(AggregateQuery.builder(ACME, may(10, "00:00:00"), may(11, "00:00:00"))
          .build());
      assertThat(tenth).singleElement().satisfies(r -> assertThat(r.netCount()).isZero());
    }

    @Test
    @DisplayName("very large quantities sum exactly")
    void aggregate_largeQuantitiesExact() {
      append(event("a", Metrics.PROMPT_TOKENS, Long.MAX_VALUE / 2, may(9, "10:00:00")),
          event("b", Metrics.PROMPT_TOKENS, Long.MAX_VALUE / 2 + 1, may(9, "11:00:00")));

      AggregateRow row = total(ACME, MAY_1, JUNE_1);

      assertThat(row.sum()).isEqualTo(Long.MAX_VALUE);
      assertThat(row.billableSum()).isEqualTo(Long.MAX_VALUE);
      assertThat(row.credits()).isEqualTo(Credits.ofMicros(Long.MAX_VALUE));
    }

    @Test
    @DisplayName("a sum past Long.MAX_VALUE throws UsageOverflowException")
    void aggregate_quantityOverflow() {
      append(event("a", Metrics.PROMPT_TOKENS, Long.MAX_VALUE, may(9, "10:00:00")),
          event("b", Metrics.PROMPT_TOKENS, 1, may(9, "11:00:00")));

      assertThatThrownBy(() -> total(ACME, MAY_1, JUNE_1)).isInstanceOf(UsageOverflowException.class);
    }

    @Test
    @DisplayName("a total back in range counts, though a partial sum passed Long.MAX_VALUE on the way")
    void aggregate_totalDecidesOverflow() {
      PricedEvent one = event("one", Metrics.PROMPT_TOKENS, 1, may(9, "11:00:00"));
      append(event("huge", Metrics.PROMPT_TOKENS, Long.MAX_VALUE, may(9, "10:00:00")), one);
      append(reversal(one, "one/reversal"));

      AggregateRow row = total(ACME, MAY_1, JUNE_1);

      assertThat(row.sum()).isEqualTo(Long.MAX_VALUE);
      assertThat(row.count()).isEqualTo(3);
    }

    @Test
    @DisplayName("credits past Long.MAX_VALUE micro-credits throw UsageOverflowException")
    void aggregate_creditsOverflow() {
      UsageEvent a = UsageEvent.builder(EventId.of("a"), ACME, Metrics.CALLS).at(may(9, "10:00:00")).quantity(1).build();
      UsageEvent b = UsageEvent.builder(EventId.of("b"), ACME, Metrics.CALLS).at(may(9, "10:00:01")).quantity(1).build();
      append(priced(a, Credits.ofMicros(Long.MAX_VALUE - 1), 1), priced(b, Credits.ofMicros(2), 1));

      assertThatThrownBy(() -> total(ACME, MAY_1, JUNE_1)).isInstanceOf(UsageOverflowException.class);
    }
  }

  @Nested
  @DisplayName("Reversal rules")
  class ReversalRules {

    private final PricedEvent call = priced(UsageEvent.builder(EventId.of("call-1"), ACME, Metrics.VOICE_MINUTES)
        .at(may(9, "10:00:00")).quantity(90).build(), Credits.of(3), 120);

    @Test
    @DisplayName("a reversal of an event that is not stored is a conflict and is not stored")
    void reversal_ofUnknownEvent_conflict() {
      AppendResult result = append(reversal(call, "call-1/reversal"));

      assertThat(result.appended()).isZero();
      assertThat(result.conflicts()).extracting(Conflict::id).containsExactly(EventId.of("call-1/reversal"));
      assertThat(total(ACME, MAY_1, JUNE_1)).isNull();
    }

    @Test
    @DisplayName("an event is reversed once: a second reversal is a conflict, the same one again a duplicate")
    void reversal_twice_secondRefused() {
      append(call);
      PricedEvent first = reversal(call, "call-1/reversal");
      append(first);

      AppendResult again = append(first);
      AppendResult second = append(reversal(call, "call-1/reversal-2"));

      assertThat(again).isEqualTo(new AppendResult(0, List.of(first.event().id()), List.of()));
      assertThat(second.appended()).isZero();
      assertThat(second.conflicts()).extracting(Conflict::id).containsExactly(EventId.of("call-1/reversal-2"));
      AggregateRow row = total(ACME, MAY_1, JUNE_1);
      assertThat(row.count()).isEqualTo(2);
      assertThat(row.credits()).isEqualTo(Credits.zero());
    }

    @Test
    @DisplayName("a reversal that is not the exact negation of the stored event, or reverses a reversal, is a conflict")
    void reversal_notExactOrOfAReversal_conflict() {
      append(call);
      PricedEvent wrongCredits = new PricedEvent(call.event().reversal(EventId.of("r-credits")),
          Credits.of(5).negated(), -call.billableQuantity(), call.trace());
      PricedEvent good = reversal(call, "r-good");
      append(good);

      UsageEvent g = good.event();
      PricedEvent ofReversal = new PricedEvent(new UsageEvent(EventId.of("r-of-r"), ACME, g.occurredAt(), g.metric(),
          g.quantity(), g.dimensions(), Optional.of(g.id())), good.credits(), good.billableQuantity(), good.trace());

      AppendResult result = append(wrongCredits, ofReversal);

      assertThat(result.appended()).isZero();
      assertThat(result.conflicts()).extracting(Conflict::id)
          .containsExactly(EventId.of("r-credits"), EventId.of("r-of-r"));
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a refused reversal's id repeated in its batch gets the same answer, not a place")
    void reversal_refusedThenRepeated_bothConflicts() {
      PricedEvent early = reversal(call, "r-early");

      AppendResult result = append(early, call, early);

      assertThat(result.appended()).isEqualTo(1);
      assertThat(result.conflicts()).extracting(Conflict::id)
          .containsExactly(EventId.of("r-early"), EventId.of("r-early"));
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("Tenancy")
  class Tenancy {

    @BeforeEach
    void recordTwoTenants() {
      Dimensions voice = Dimensions.builder().channel(Channel.VOICE).build();
      append(event("acme-1", ACME, Metrics.CALLS, 1, may(10, "10:00:00"), voice),
          event("globex-1", GLOBEX, Metrics.CALLS, 5, may(10, "10:00:00"), voice),
          event("globex-2", GLOBEX, Metrics.VOICE_MINUTES, 300, may(11, "10:00:00"), voice));
    }

    @Test
    @DisplayName("an aggregate never sees another tenant's events")
    void aggregate_onlyOwnTenant() {
      assertThat(mayRows(q -> q.groupBy(GroupKey.METRIC, GroupKey.CHANNEL)))
          .singleElement()
          .satisfies(row -> {
            assertThat(row.group()).isEqualTo(Map.of(GroupKey.METRIC, "calls", GroupKey.CHANNEL, "voice"));
            assertThat(row.count()).isEqualTo(1);
            assertThat(row.sum()).isEqualTo(1);
          });
    }

    @Test
    @DisplayName("a scan never sees another tenant's events")
    void scan_onlyOwnTenant() {
      assertThat(ids(scanAll(store, ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 1))))
          .containsExactly(EventId.of("acme-1"));
      assertThat(ids(scanAll(store, ScanQuery.firstPage(GLOBEX, MAY_1, JUNE_1, EventFilter.all(), 1))))
          .containsExactly(EventId.of("globex-2"), EventId.of("globex-1"));
    }

    @Test
    @DisplayName("a tenant without events gets no rows and an empty page")
    void query_unknownTenant() {
      UsageStoreAssert.assertThat(store).hasNoEvents(TenantId.of("initech", "main"), MAY_1, JUNE_1);
    }
  }

  @Nested
  @DisplayName("Ranges")
  class Ranges {

    @Test
    @DisplayName("an event at the range's start is included and one at its end is excluded")
    void aggregate_halfOpen() {
      Instant from = may(12, "00:00:00");
      Instant to = may(13, "00:00:00");
      append(event("at-start", Metrics.CALLS, 1, from),
          event("before-end", Metrics.CALLS, 10, to.minusNanos(1)),
          event("at-end", Metrics.CALLS, 100, to),
          event("before-start", Metrics.CALLS, 1000, from.minusNanos(1)));

      assertThat(total(ACME, from, to).sum()).isEqualTo(11);
      assertThat(ids(scanAll(store, ScanQuery.firstPage(ACME, from, to, EventFilter.all(), 10))))
          .containsExactly(EventId.of("before-end"), EventId.of("at-start"));
    }

    @Test
    @DisplayName("a range within a day counts only its part of the day")
    void aggregate_partOfADay() {
      append(event("morning", Metrics.CALLS, 1, may(14, "08:00:00")),
          event("noon", Metrics.CALLS, 10, may(14, "12:00:00")),
          event("evening", Metrics.CALLS, 100, may(14, "20:00:00")));

      assertThat(total(ACME, may(14, "09:00:00"), may(14, "20:00:00")).sum()).isEqualTo(10);
      assertThat(total(ACME, may(14, "12:00:00.000000001"), may(15, "00:00:00")).sum()).isEqualTo(100);
    }

    @Test
    @DisplayName("a range without events gives an empty list")
    void aggregate_emptyRange() {
      append(event("a", Metrics.CALLS, 1, may(15, "10:00:00")));

      assertThat(store.aggregate(AggregateQuery.builder(ACME, may(16, "00:00:00"), JUNE_1).build())).isEmpty();
      assertThat(store.aggregate(AggregateQuery.builder(ACME, may(16, "00:00:00"), JUNE_1)
          .groupBy(GroupKey.DAY, GroupKey.METRIC).build())).isEmpty();
      assertThat(store.scan(ScanQuery.firstPage(ACME, may(16, "00:00:00"), JUNE_1, EventFilter.all(), 10)))
          .isEqualTo(new EventPage(List.of(), Optional.empty()));
    }

    @Test
    @DisplayName("an event at 2026-05-01T05:00Z (22:00 PDT on 30 April) is on 2026-05-01 in UTC")
    void aggregate_utcDay() {
      append(event("late-pacific", Metrics.CALLS, 1, Instant.parse("2026-05-01T05:00:00Z")));

      List<AggregateRow> utc = store.aggregate(AggregateQuery.builder(ACME, UsageRange.parse("2026-04-30", "2026-05-01"))
          .groupBy(GroupKey.DAY).build());
      List<AggregateRow> pacific = store.aggregate(AggregateQuery.builder(ACME,
              UsageRange.parse("2026-04-30", "2026-05-01", ZoneId.of("America/Los_Angeles")))
          .groupBy(GroupKey.DAY).build());

      assertThat(utc).extracting(AggregateRow::day).containsExactly(LocalDate.parse("2026-05-01"));
      assertThat(pacific).extracting(AggregateRow::day).containsExactly(LocalDate.parse("2026-04-30"));
    }

    @Test
    @DisplayName("the 23-hour day 2026-03-08 in America/New_York holds exactly its events")
    void aggregate_springForwardDay() {
      // 2026-03-08 runs from 05:00Z (00:00 EST) to 04:00Z on the 9th (00:00 EDT).
      append(event("last-of-7th", Metrics.CALLS, 1, Instant.parse("2026-03-08T04:59:59.999999999Z")),
          event("first-of-8th", Metrics.CALLS, 10, Instant.parse("2026-03-08T05:00:00Z")),
          event("after-the-gap", Metrics.CALLS, 100, Instant.parse("2026-03-08T07:30:00Z")),
          event("last-of-8th", Metrics.CALLS, 1_000, Instant.parse("2026-03-09T03:59:59Z")),
          event("first-of-9th", Metrics.CALLS, 10_000, Instant.parse("2026-03-09T04:00:00Z")));

      Map<String, Long> byDay = sumsByDay(UsageRange.parse("2026-03-07", "2026-03-09", NEW_YORK));

      assertThat(byDay).containsExactly(
          Map.entry("2026-03-07", 1L), Map.entry("2026-03-08", 1_110L), Map.entry("2026-03-09", 10_000L));
      UsageStoreAssert.assertThat(store)
          .hasTotal(ACME, Metrics.CALLS, UsageRange.parse("2026-03-08", "2026-03-08", NEW_YORK), 1_110)
          .hasCount(ACME, Metrics.CALLS, Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"), 3);
    }

    @Test
    @DisplayName("the 25-hour day 2026-11-01 in America/New_York holds exactly its events")
    void aggregate_fallBackDay() {
      // 2026-11-01 runs from 04:00Z (00:00 EDT) to 05:00Z on the 2nd (00:00 EST); 01:00-02:00 repeats.
      append(event("first-of-1st", Metrics.CALLS, 1, Instant.parse("2026-11-01T04:00:00Z")),
          event("first-0130", Metrics.CALLS, 10, Instant.parse("2026-11-01T05:30:00Z")),
          event("second-0130", Metrics.CALLS, 100, Instant.parse("2026-11-01T06:30:00Z")),
          event("last-of-1st", Metrics.CALLS, 1_000, Instant.parse("2026-11-02T04:59:59Z")),
          event("first-of-2nd", Metrics.CALLS, 10_000, Instant.parse("2026-11-02T05:00:00Z")),
          event("last-of-31st", Metrics.CALLS, 100_000, Instant.parse("2026-11-01T03:59:59Z")));

      Map<String, Long> byDay = sumsByDay(UsageRange.parse("2026-10-31", "2026-11-02", NEW_YORK));

      assertThat(byDay).containsExactly(
          Map.entry("2026-10-31", 100_000L), Map.entry("2026-11-01", 1_111L), Map.entry("2026-11-02", 10_000L));
    }

    private Map<String, Long> sumsByDay(UsageRange range) {
      Map<String, Long> byDay = new LinkedHashMap<>();
      for (AggregateRow row : store.aggregate(AggregateQuery.builder(ACME, range).groupBy(GroupKey.DAY).build())) {
        byDay.put(row.get(GroupKey.DAY).orElseThrow(), row.sum());
      }
      return byDay;
    }
  }

  @Nested
  @DisplayName("Breakdowns")
  class Breakdowns {

    private final PricedEvent first = event("e1", ACME, Metrics.CALLS, 1, may(20, "09:00:00"), full(0));
    private final PricedEvent second = event("e2", ACME, Metrics.SMS_OUTBOUND, 10, may(21, "09:00:00"), full(1));
    private final PricedEvent third = event("e3", ACME, Metrics.CALLS, 100, may(20, "10:00:00"), full(0));

    @ParameterizedTest(name = "{0}")
    @EnumSource(GroupKey.class)
    @DisplayName("every group key groups on its own, rows in ascending order of its value")
    void aggregate_eachGroupKey(GroupKey key) {
      store.append(List.of(first, second, third));

      List<AggregateRow> rows = mayRows(q -> q.groupBy(key));

      Map<String, Long> expected = new TreeMap<>();
      for (PricedEvent e : List.of(first, second, third)) {
        expected.merge(valueOf(key, e), e.event().quantity(), Long::sum);
      }
      assertThat(rows).extracting(r -> r.get(key).orElseThrow()).containsExactlyElementsOf(expected.keySet());
      assertThat(rows).extracting(AggregateRow::sum).containsExactlyElementsOf(expected.values());
      assertThat(rows).allSatisfy(r -> assertThat(r.group().keySet()).containsExactly(key));
    }

    @Test
    @DisplayName("grouping by several keys sorts by the first, then the next")
    void aggregate_combinations() {
      Dimensions voiceIn = Dimensions.builder().channel(Channel.VOICE).direction(Direction.INBOUND).build();
      Dimensions voiceOut = Dimensions.builder().channel(Channel.VOICE).direction(Direction.OUTBOUND).build();
      Dimensions smsOut = Dimensions.builder().channel(Channel.SMS).direction(Direction.OUTBOUND).build();
      append(event("a", ACME, Metrics.CALLS, 1, may(2, "10:00:00"), voiceIn),
          event("b", ACME, Metrics.CALLS, 1, may(2, "11:00:00"), voiceIn),
          event("c", ACME, Metrics.CALLS, 1, may(3, "10:00:00"), voiceOut),
          event("d", ACME, Metrics.SMS_OUTBOUND, 2, may(2, "10:00:00"), smsOut));

      assertThat(mayRows(q -> q.groupBy(GroupKey.CHANNEL, GroupKey.DIRECTION)))
          .extracting(r -> r.get(GroupKey.CHANNEL).orElseThrow() + "/" + r.get(GroupKey.DIRECTION).orElseThrow()
              + "=" + r.count())
          .containsExactly("sms/outbound=1", "voice/inbound=2", "voice/outbound=1");
      assertThat(mayRows(q -> q.groupBy(GroupKey.DAY, GroupKey.METRIC)))
          .extracting(r -> r.day() + "/" + r.metric() + "=" + r.sum())
          .containsExactly("2026-05-02/calls=2", "2026-05-02/sms_outbound=2", "2026-05-03/calls=1");
      assertThat(mayRows(q -> q.groupBy(GroupKey.METRIC, GroupKey.DAY)))
          .extracting(r -> r.metric() + "/" + r.day() + "=" + r.sum())
          .containsExactly("calls/2026-05-02=2", "calls/2026-05-03=1", "sms_outbound/2026-05-02=2");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DimensionKey.class)
    @DisplayName("every dimension filters, and an event without the dimension never matches")
    void aggregate_eachFilterKey(DimensionKey key) {
      Dimensions none = Dimensions.none();
      append(event("with-a", ACME, Metrics.CALLS, 1, may(22, "10:00:00"), Dimensions.builder().set(key, sample(key, 0)).build()),
          event("with-b", ACME, Metrics.CALLS, 10, may(22, "11:00:00"), Dimensions.builder().set(key, sample(key, 1)).build()),
          event("without", ACME, Metrics.CALLS, 100, may(22, "12:00:00"), none));

      assertThat(mayRows(q -> q.where(key, sample(key, 0)))).extracting(AggregateRow::sum).containsExactly(1L);
      assertThat(mayRows(q -> q.where(key, sample(key, 0), sample(key, 1)))).extracting(AggregateRow::sum).containsExactly(11L);
      assertThat(mayRows(q -> q.where(key, "never-recorded"))).isEmpty();
      assertThat(ids(store.scan(ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all().with(key, sample(key, 1)), 10))
          .events())).containsExactly(EventId.of("with-b"));
    }

    @Test
    @DisplayName("a metric filter keeps only those metrics, and combines with dimension filters")
    void aggregate_metricFilter() {
      store.append(List.of(first, second, third));

      assertThat(mayRows(q -> q.metrics(Metrics.CALLS))).extracting(AggregateRow::sum).containsExactly(101L);
      assertThat(mayRows(q -> q.metrics(Metrics.CALLS, Metrics.SMS_OUTBOUND))).extracting(AggregateRow::sum)
          .containsExactly(111L);
      assertThat(mayRows(q -> q.metrics(Metrics.VOICE_MINUTES))).isEmpty();
      assertThat(mayRows(q -> q.metrics(Metrics.CALLS).where(DimensionKey.CHANNEL, "sms"))).isEmpty();
      assertThat(mayRows(q -> q.metrics(Metrics.SMS_OUTBOUND).where(DimensionKey.CHANNEL, "sms")))
          .extracting(AggregateRow::sum).containsExactly(10L);
    }

    @Test
    @DisplayName("absent dimension values group as absent and sort first")
    void aggregate_absentFirst() {
      append(event("ann", ACME, Metrics.CALLS, 1, may(23, "10:00:00"), Dimensions.builder().member("ann").build()),
          event("nobody", ACME, Metrics.CALLS, 10, may(23, "11:00:00"), Dimensions.none()),
          event("bob", ACME, Metrics.CALLS, 100, may(23, "12:00:00"), Dimensions.builder().member("bob").build()),
          event("nobody-2", ACME, Metrics.CALLS, 1000, may(23, "13:00:00"), Dimensions.none()));

      List<AggregateRow> rows = mayRows(q -> q.groupBy(GroupKey.MEMBER));

      assertThat(rows).extracting(r -> r.get(GroupKey.MEMBER)).containsExactly(
          Optional.empty(), Optional.of("ann"), Optional.of("bob"));
      assertThat(rows).extracting(AggregateRow::sum).containsExactly(1010L, 1L, 100L);
      assertThat(rows.get(0).group()).isEmpty();
    }

    @Test
    @DisplayName("a row carries the count, sum, max, billable sum and credits of its events")
    void aggregate_statistics() {
      append(priced(usage("early", 30, may(24, "09:00:00")), Credits.of(1), 60),
          priced(usage("middle", 90, may(24, "10:00:00")), Credits.of(2), 120),
          priced(usage("late", 60, may(24, "11:00:00")), Credits.parse("1.5"), 60));

      AggregateRow row = total(ACME, MAY_1, JUNE_1);

      assertThat(row.count()).isEqualTo(3);
      assertThat(row.reversals()).isZero();
      assertThat(row.sum()).isEqualTo(180);
      assertThat(row.billableSum()).isEqualTo(240);
      assertThat(row.max()).isEqualTo(90);
      assertThat(row.credits()).isEqualTo(Credits.parse("4.5"));
    }

    private UsageEvent usage(String id, long quantity, Instant at) {
      return UsageEvent.builder(EventId.of(id), ACME, Metrics.VOICE_MINUTES).at(at).quantity(quantity).build();
    }

    private static Dimensions full(int variant) {
      Dimensions.Builder b = Dimensions.builder();
      for (DimensionKey k : DimensionKey.values()) {
        b.set(k, sample(k, variant));
      }
      return b.build();
    }

    private static String valueOf(GroupKey key, PricedEvent e) {
      return switch (key) {
        case DAY -> LocalDate.ofInstant(e.event().occurredAt(), ZoneOffset.UTC).toString();
        case METRIC -> e.event().metric().key();
        default -> e.event().dimensions().valueOrNull(key.dimension().orElseThrow());
      };
    }

    /** Returns a valid value of a dimension: variant 0 sorts after variant 1. */
    private static String sample(DimensionKey key, int variant) {
      return switch (key) {
        case CHANNEL -> List.of("voice", "sms").get(variant);
        case DIRECTION -> List.of("outbound", "inbound").get(variant);
        case MODEL_TYPE -> List.of("realtime", "chat").get(variant);
        case PHONE_NUMBER -> List.of("+14155550100", "+14155550199").get(variant);
        default -> List.of("b-" + key.key(), "a-" + key.key()).get(variant);
      };
    }
  }

  @Nested
  @DisplayName("Paging")
  class Paging {

    @Test
    @DisplayName("pages of 10 list every event once, newest first, ties on time broken by id")
    void scan_pagesNewestFirst() {
      List<PricedEvent> events = new ArrayList<>();
      for (int i = 0; i < 37; i++) {
        // Every third event shares its instant with the one before; ids do not follow time.
        Instant at = MAY_1.plus(Duration.ofMinutes(97L * (i - i / 3))).plusNanos((i - i / 3) % 5);
        events.add(event(String.format("e%02d", (i * 7) % 37), Metrics.CALLS, 1, at));
      }
      store.append(events.subList(0, 20));
      store.append(events.subList(20, 37));
      List<EventId> expected = events.stream()
          .sorted(Comparator.comparing((PricedEvent e) -> e.event().occurredAt())
              .thenComparing((a, b) -> ScanCursor.compareIds(a.event().id(), b.event().id())).reversed())
          .map(e -> e.event().id()).toList();

      ScanQuery first = ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 10);

      UsageStoreAssert.assertThat(store).scans(first, expected);
      EventPage page1 = store.scan(first);
      EventPage page4 = store.scan(first.after(store.scan(first.after(store.scan(first.after(
          page1.nextCursor().orElseThrow())).nextCursor().orElseThrow())).nextCursor().orElseThrow()));
      assertThat(page1.events()).hasSize(10);
      assertThat(page4.events()).hasSize(7);
      assertThat(page4.nextCursor()).isEmpty();
    }

    @Test
    @DisplayName("events at one instant come in descending id order across pages")
    void scan_sameInstant() {
      Instant noon = may(15, "12:00:00");
      List<PricedEvent> events = IntStream.range(0, 12)
          .mapToObj(i -> event(String.format("id-%02d", i), Metrics.CALLS, 1, noon)).toList();
      store.append(events);

      List<EventId> expected = IntStream.iterate(11, i -> i >= 0, i -> i - 1)
          .mapToObj(i -> EventId.of(String.format("id-%02d", i))).toList();
      UsageStoreAssert.assertThat(store).scans(ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 10), expected);
    }

    @Test
    @DisplayName("ids compare in code-point order, as a binary SQL collation does")
    void scan_codePointOrder() {
      Instant noon = may(15, "12:00:00");
      // U+FFFF sorts after the surrogates of U+1F600 in UTF-16, but before U+1F600 in code points.
      append(event("x\uFFFF", Metrics.CALLS, 1, noon), event("x\uD83D\uDE00", Metrics.CALLS, 1, noon),
          event("x", Metrics.CALLS, 1, noon));

      UsageStoreAssert.assertThat(store).scans(ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 1),
          List.of(EventId.of("x\uD83D\uDE00"), EventId.of("x\uFFFF"), EventId.of("x")));
    }

    @Test
    @DisplayName("a scan lists only the range's events that pass its filter")
    void scan_rangeAndFilter() {
      Dimensions sms = Dimensions.builder().channel(Channel.SMS).build();
      Dimensions voice = Dimensions.builder().channel(Channel.VOICE).build();
      append(event("in-sms", ACME, Metrics.SMS_OUTBOUND, 1, may(3, "10:00:00"), sms),
          event("in-voice", ACME, Metrics.CALLS, 1, may(3, "11:00:00"), voice),
          event("late-sms", ACME, Metrics.SMS_OUTBOUND, 1, may(4, "10:00:00"), sms),
          event("early-sms", ACME, Metrics.SMS_OUTBOUND, 1, may(2, "23:59:59"), sms));

      ScanQuery query = ScanQuery.firstPage(ACME, may(3, "00:00:00"), may(4, "00:00:00"),
          EventFilter.all().with(DimensionKey.CHANNEL, "sms"), 10);

      UsageStoreAssert.assertThat(store).scans(query, List.of(EventId.of("in-sms")));
      UsageStoreAssert.assertThat(store).scans(ScanQuery.firstPage(ACME, MAY_1, JUNE_1,
          EventFilter.all().withMetrics(Metrics.CALLS), 10), List.of(EventId.of("in-voice")));
    }

    @Test
    @DisplayName("a page after a cursor ignores events recorded since that are newer than the cursor")
    void scan_keysetStable() {
      for (int i = 0; i < 4; i++) {
        append(event("old-" + i, Metrics.CALLS, 1, may(10 + i, "10:00:00")));
      }
      ScanQuery first = ScanQuery.firstPage(ACME, MAY_1, JUNE_1, EventFilter.all(), 2);
      EventPage page1 = store.scan(first);

      append(event("newest", Metrics.CALLS, 1, may(20, "10:00:00")),
          event("oldest", Metrics.CALLS, 1, may(2, "10:00:00")));
      EventPage page2 = store.scan(first.after(page1.nextCursor().orElseThrow()));

      assertThat(ids(page1.events())).containsExactly(EventId.of("old-3"), EventId.of("old-2"));
      assertThat(ids(page2.events())).containsExactly(EventId.of("old-1"), EventId.of("old-0"));
      assertThat(ids(store.scan(first.after(page2.nextCursor().orElseThrow())).events()))
          .containsExactly(EventId.of("oldest"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "Zm9v", "", "%%%", "MTIzCjQ1Ngo="})
    @DisplayName("a cursor made from garbage text is rejected with IllegalArgumentException")
    void scan_garbageCursor(String cursor) {
      append(event("a", Metrics.CALLS, 1, may(3, "10:00:00")));

      assertThatThrownBy(() -> store.scan(new ScanQuery(ACME, MAY_1, JUNE_1, EventFilter.all(), 10, Optional.of(cursor))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("Concurrency")
  class Concurrency {

    @Test
    @Timeout(value = HANG_SECONDS, unit = TimeUnit.SECONDS)
    @DisplayName("threads appending overlapping batches record each event exactly once")
    void append_concurrentOverlappingBatches() throws Exception {
      int unique = 400;
      List<PricedEvent> pool = IntStream.range(0, unique)
          .mapToObj(i -> event("e" + i, i % 2 == 0 ? ACME : GLOBEX, Metrics.CALLS, i, MAY_1.plusSeconds(i * 60L),
              Dimensions.none()))
          .toList();
      // Thread t appends events [100 t, 100 t + 200) mod 400, so every event is appended by two threads.
      List<List<PricedEvent>> work = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int start = 100 * t;
        work.add(IntStream.range(start, start + 200).mapToObj(i -> pool.get(i % unique)).toList());
      }

      List<AppendResult> results = runConcurrently(t -> {
        List<AppendResult> mine = new ArrayList<>();
        List<PricedEvent> events = work.get(t);
        for (int i = 0; i < events.size(); i += 20) {
          mine.add(appendByTenant(events.subList(i, i + 20)));
        }
        return mine;
      });

      assertThat(results.stream().mapToInt(AppendResult::appended).sum()).isEqualTo(unique);
      assertThat(results.stream().mapToInt(r -> r.duplicates().size()).sum()).isEqualTo(THREADS * 200 - unique);
      assertThat(results).allSatisfy(r -> assertThat(r.conflicts()).isEmpty());
      long acmeSum = pool.stream().filter(e -> e.event().tenant().equals(ACME)).mapToLong(e -> e.event().quantity()).sum();
      UsageStoreAssert.assertThat(store)
          .hasCount(ACME, Metrics.CALLS, MAY_1, JUNE_1, unique / 2)
          .hasTotal(ACME, Metrics.CALLS, MAY_1, JUNE_1, acmeSum)
          .hasCount(GLOBEX, Metrics.CALLS, MAY_1, JUNE_1, unique / 2);
    }

    @Test
    @Timeout(value = HANG_SECONDS, unit = TimeUnit.SECONDS)
    @DisplayName("readers see a batch whole or not at all")
    void append_batchVisibleAtOnce() throws Exception {
      int batches = 100;
      AtomicBoolean done = new AtomicBoolean();
      List<Long> torn = runConcurrently(t -> {
        List<Long> seen = new ArrayList<>();
        if (t == 0) {
          for (int b = 0; b < batches; b++) {
            List<PricedEvent> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              batch.add(event("a" + b + "-" + i, Metrics.CALLS, 1, MAY_1.plusSeconds(b * 10L + i)));
            }
            store.append(batch);
          }
          done.set(true);
        } else {
          while (!done.get()) {
            long n = count(ACME);
            if (n % 5 != 0) {
              seen.add(n);
            }
          }
        }
        return seen;
      });

      assertThat(torn).as("counts seen between a batch's first and last event").isEmpty();
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(batches * 5L);
    }
  }

  @Nested
  @DisplayName("Mixed-tenant batches (StoreCapability.MIXED_TENANT_BATCHES)")
  class MixedTenantBatches {

    @BeforeEach
    void requireCapability() {
      assumeTrue(store.capabilities().contains(StoreCapability.MIXED_TENANT_BATCHES),
          "the store does not declare MIXED_TENANT_BATCHES");
    }

    @Test
    @DisplayName("one batch records each tenant's events, the same id in two tenants being two events")
    void append_twoTenantsInOneBatch() {
      PricedEvent acme = event("call-7", ACME, Metrics.CALLS, 1, may(6, "10:00:00"), Dimensions.none());
      PricedEvent globex = event("call-7", GLOBEX, Metrics.CALLS, 3, may(6, "10:00:00"), Dimensions.none());

      AppendResult result = store.append(List.of(acme, globex, globex));

      assertThat(result.appended()).isEqualTo(2);
      assertThat(result.duplicates()).containsExactly(EventId.of("call-7"));
      assertThat(total(ACME, MAY_1, JUNE_1).sum()).isEqualTo(1);
      assertThat(total(GLOBEX, MAY_1, JUNE_1).sum()).isEqualTo(3);
    }

    @Test
    @Timeout(value = HANG_SECONDS, unit = TimeUnit.SECONDS)
    @DisplayName("readers see a batch across tenants whole or not at all")
    void append_batchVisibleAtOnce() throws Exception {
      int batches = 100;
      AtomicBoolean done = new AtomicBoolean();
      List<String> torn = runConcurrently(t -> {
        List<String> seen = new ArrayList<>();
        if (t == 0) {
          for (int b = 0; b < batches; b++) {
            List<PricedEvent> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
              Instant at = MAY_1.plusSeconds(b * 10L + i);
              batch.add(event("a" + b + "-" + i, ACME, Metrics.CALLS, 1, at, Dimensions.none()));
              batch.add(event("g" + b + "-" + i, GLOBEX, Metrics.CALLS, 1, at, Dimensions.none()));
            }
            store.append(batch);
          }
          done.set(true);
        } else {
          // Whichever tenant a reader reads second can only be ahead of the first; both move in
          // steps of five. Readers take both orders, so tenant-by-tenant visibility shows either way.
          TenantId firstRead = t % 2 == 0 ? ACME : GLOBEX;
          TenantId secondRead = t % 2 == 0 ? GLOBEX : ACME;
          while (!done.get()) {
            long a = count(firstRead);
            long b = count(secondRead);
            if (a % 5 != 0 || b % 5 != 0 || b < a) {
              seen.add(firstRead + " " + a + " then " + secondRead + " " + b);
            }
          }
        }
        return seen;
      });

      assertThat(torn).isEmpty();
      assertThat(total(ACME, MAY_1, JUNE_1).count()).isEqualTo(batches * 5L);
    }
  }

  private long count(TenantId tenant) {
    AggregateRow row = total(tenant, MAY_1, JUNE_1);
    return row == null ? 0 : row.count();
  }

  private <T> List<T> runConcurrently(ThreadWork<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return work.run(thread);
        }));
      }
      start.countDown();
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        all.addAll(f.get(HANG_SECONDS, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** What one thread of a concurrency test does. */
  @FunctionalInterface
  private interface ThreadWork<T> {
    List<T> run(int thread) throws Exception;
  }
}
