package dev.usage.report;

import static dev.usage.report.BillableFixtures.ACME;
import static dev.usage.report.BillableFixtures.APRIL;
import static dev.usage.report.BillableFixtures.CLOCK;
import static dev.usage.report.BillableFixtures.RANDOM_DAYS;
import static dev.usage.report.MemberUsageReportProperties.days;
import static dev.usage.report.MemberUsageReportProperties.store;
import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.TenantAccounts;
import dev.usage.plan.CreditType;
import dev.usage.pricing.Credits;
import dev.usage.pricing.PricedEvent;
import dev.usage.spi.UsageStore;
import dev.usage.time.UsageRange;
import dev.usage.wallet.Ledger;
import dev.usage.wallet.Grant;
import dev.usage.wallet.GrantKind;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CreditUsageReportProperties {

  @Provide
  Arbitrary<List<PricedEvent>> events() {
    return BillableFixtures.randomEvents();
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return BillableFixtures.zones();
  }

  /** Hours after 1 April 00:00 UTC at which grants take effect, some before and after the days. */
  @Provide
  Arbitrary<List<Integer>> grantHours() {
    return Arbitraries.integers().between(-24, 24 * RANDOM_DAYS + 24).list().ofMaxSize(4);
  }

  static Ledger accounts(List<Integer> grantHours) {
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; i < grantHours.size(); i++) {
      grants.add(Grant.of("g" + i, i % 2 == 0 ? GrantKind.PLAN_GRANT : GrantKind.TOP_UP, Credits.of(10 + i),
          APRIL.plusSeconds(3_600L * grantHours.get(i))));
    }
    return BillableFixtures.ledger(ACME, Optional.of(CreditUsageReportTest.PLAN), grants,
        Map.of(CreditType.VOICE_MINUTES, 60L * grantHours.size()));
  }

  static CreditUsageReport compute(UsageStore store, Ledger accounts, UsageRange range) {
    return CreditUsageReport.compute(store, accounts, ACME, range, CreditUsageReport.Focus.all(), 1, 3, 3);
  }

  @Property(tries = 100)
  void dailyPointsSumToTotals(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone,
      @ForAll("grantHours") List<Integer> grants) {
    CreditUsageReport report = compute(store(events), accounts(grants), days(0, RANDOM_DAYS - 1, zone));

    assertThat(report.dailyCredits()).hasSize(RANDOM_DAYS);
    assertThat(Credits.sum(report.dailyCredits().stream().map(CreditUsageReport.Day::credits).toList()))
        .isEqualTo(report.creditsUsed());
    long conversations = report.channelShares().stream().mapToLong(CreditUsageReport.ChannelShare::conversations).sum();
    for (CreditUsageReport.ChannelShare s : report.channelShares()) {
      BigDecimal exact = BigDecimal.valueOf(s.conversations() * 100.0 / conversations);
      assertThat(s.percent().subtract(exact).abs()).isLessThanOrEqualTo(new BigDecimal("0.05"));
    }
    assertThat(report.topAssistants()).hasSizeLessThanOrEqualTo(5)
        .isSortedAccordingTo((a, b) -> Long.compare(b.volume(), a.volume()));
  }

  @Property(tries = 100)
  void mergeOverRandomSplitEqualsWhole(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone,
      @ForAll @IntRange(min = 1, max = RANDOM_DAYS - 1) int split, @ForAll("grantHours") List<Integer> grants) {
    UsageStore store = store(events);
    Ledger accounts = accounts(grants);

    CreditUsageReport first = compute(store, accounts, days(0, split - 1, zone));
    CreditUsageReport second = compute(store, accounts, days(split, RANDOM_DAYS - 1, zone));

    assertThat(first.merge(second)).isEqualTo(compute(store, accounts, days(0, RANDOM_DAYS - 1, zone)));
  }

  @Property(tries = 100)
  void noOtherTenantsData(@ForAll("events") List<PricedEvent> events, @ForAll("zones") ZoneId zone,
      @ForAll("grantHours") List<Integer> grants) {
    List<PricedEvent> acmeOnly = events.stream().filter(e -> e.event().tenant().equals(ACME)).toList();
    UsageRange range = days(0, RANDOM_DAYS - 1, zone);
    Ledger accounts = accounts(grants);

    assertThat(compute(store(events), accounts, range)).isEqualTo(compute(store(acmeOnly), accounts, range));
  }
}
