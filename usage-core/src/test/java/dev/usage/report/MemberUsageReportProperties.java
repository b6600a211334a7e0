package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.RANDOM_DAYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.DimensionKey;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.AggregateQuery;
import dev.usage.spi.AggregateRow;
import dev.usage.spi.UsageStore;
import dev.usage.store.InMemoryUsageStore;
import dev.usage.time.UsageRange;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MemberUsageReportProperties {

  static final LocalDate START = LocalDate.of(2026, 4, 1);

  @Provide
  Arbitrary<List<PricedEvent>> events() {
    return BillableFixtures.randomEvents();
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return BillableFixtures.zones();
  }

  static UsageRange days(int from, int to, ZoneId zone) {
    return UsageRange.of(START.plusDays(from), START.plusDays(to), zone);
  }

  static UsageStore store(List<PricedEvent> events) {
    InMemoryUsageStore store = new InMemoryUsageStore();
    store.append(events);
    return store;
  }

  @Property(tries = 100)
  void dailyPointsSumToTotals(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone) {
    MemberUsageReport report = MemberUsageReport.compute(store(events), ACME, "m1", days(0, RANDOM_DAYS - 1, zone));

    assertThat(report.daily()).hasSize(RANDOM_DAYS);
    assertThat(report.daily().stream().mapToLong(MemberUsageReport.Day::chats).sum()).isEqualTo(report.totalChats());
    assertThat(report.daily().stream().mapToLong(MemberUsageReport.Day::messages).sum())
        .isEqualTo(report.totalMessages());
    assertThat(Credits.sum(report.daily().stream().map(MemberUsageReport.Day::credits).toList()))
        .isEqualTo(report.totalCredits());
  }

  @Property(tries = 100)
  void mergeOverRandomSplitEqualsWhole(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone,
      @ForAll @IntRange(min = 1, max = RANDOM_DAYS - 1) int split) {
    UsageStore store = store(events);

    MemberUsageReport first = MemberUsageReport.compute(store, ACME, "m1", days(0, split - 1, zone));
    MemberUsageReport second = MemberUsageReport.compute(store, ACME, "m1", days(split, RANDOM_DAYS - 1, zone));

    assertThat(first.merge(second))
        .isEqualTo(MemberUsageReport.compute(store, ACME, "m1", days(0, RANDOM_DAYS - 1, zone)));
  }

  @Property(tries = 100)
  void noOtherTenantsData(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone) {
    List<PricedEvent> acmeOnly = events.stream().filter(e -> e.event().tenant().equals(ACME)).toList();
    UsageRange range = days(0, RANDOM_DAYS - 1, zone);

    assertThat(MemberUsageReport.compute(store(events), ACME, "m1", range))
        .isEqualTo(MemberUsageReport.compute(store(acmeOnly), ACME, "m1", range));
  }

  @Property(tries = 100)
  void membersAndUnattributedWorkAddUpToTheWorkspace(@ForAll("events") List<PricedEvent> events) {
    UsageStore store = store(events);
    UsageRange range = days(0, RANDOM_DAYS - 1, java.time.ZoneOffset.UTC);
    Credits unattributed = Credits.sum(events.stream()
        .filter(e -> e.event().tenant().equals(ACME) && e.event().dimensions().get(DimensionKey.MEMBER).isEmpty())
        .map(PricedEvent::credits).toList());

    Credits members = MemberUsageReport.compute(store, ACME, "m1", range).totalCredits()
        .plus(MemberUsageReport.compute(store, ACME, "m2", range).totalCredits());

    Credits workspace = store.aggregate(AggregateQuery.builder(ACME, range).build()).stream()
        .map(AggregateRow::credits).reduce(Credits.zero(), Credits::plus);
    assertThat(members.plus(unattributed)).isEqualTo(workspace);
  }
}
