package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.RANDOM_DAYS;
import static dev.usage.report.MemberUsageReportProperties.days;
import static dev.usage.report.MemberUsageReportProperties.store;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.TenantAccounts;
import dev.usage.metric.Aggregation;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BillableMetricsReportProperties {

  static final TenantAccounts ACCOUNTS = TenantAccounts.of(ACME, BillableMetricsReportTest.PLAN);

  @Provide
  Arbitrary<List<PricedEvent>> events() {
    return BillableFixtures.randomEvents();
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return BillableFixtures.zones();
  }

  static BillableMetricsReport compute(UsageStore store, UsageRange range) {
    return BillableMetricsReport.compute(store, ACCOUNTS,
        BillableFixtures.noWallet(ACME, Optional.of(BillableMetricsReportTest.PLAN)), ACME, range, Optional.of(BillableMetricsReportTest.CENT), 3);
  }

  @Property(tries = 100)
  void dailyPointsSumToTotals(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone) {
    BillableMetricsReport report = compute(store(events), days(0, RANDOM_DAYS - 1, zone));

    Credits total = Credits.zero();
    for (BillableMetricsReport.MetricUsage m : report.metrics()) {
      List<BigDecimal> units = m.daily().stream().map(BillableMetricsReport.Day::units).toList();
      BigDecimal expected = m.metric().aggregation() == Aggregation.MAX
          ? units.stream().reduce(BigDecimal::max).orElseThrow()
          : units.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(m.unitsConsumed()).isEqualByComparingTo(expected);
      assertThat(Credits.sum(m.daily().stream().map(BillableMetricsReport.Day::credits).toList()))
          .isEqualTo(m.credits());
      total = total.plus(m.credits());
    }
    assertThat(report.totalCredits()).isEqualTo(total);
  }

  @Property(tries = 100)
  void mergeOverRandomSplitEqualsWhole(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone,
      @ForAll @IntRange(min = 1, max = RANDOM_DAYS - 1) int split) {
    UsageStore store = store(events);

    BillableMetricsReport first = compute(store, days(0, split - 1, zone));
    BillableMetricsReport second = compute(store, days(split, RANDOM_DAYS - 1, zone));

    assertThat(first.merge(second)).isEqualTo(compute(store, days(0, RANDOM_DAYS - 1, zone)));
  }

  @Property(tries = 100)
  void noOtherTenantsData(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone) {
    List<PricedEvent> acmeOnly = events.stream().filter(e -> e.event().tenant().equals(ACME)).toList();
    UsageRange range = days(0, RANDOM_DAYS - 1, zone);

    assertThat(compute(store(events), range)).isEqualTo(compute(store(acmeOnly), range));
  }
}
