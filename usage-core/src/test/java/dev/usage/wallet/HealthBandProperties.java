package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.TenantId;
import dev.usage.metric.Metrics;
import dev.usage.plan.CreditType;
import dev.usage.plan.Plan;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class HealthBandProperties {

  @Provide
  Arbitrary<Thresholds> thresholds() {
    return Arbitraries.integers().between(1, 99)
        .flatMap(w -> Arbitraries.integers().between(w + 1, 100).map(c -> Thresholds.of(w, c)));
  }

  @Property
  void band_isMonotonicInUsage(
      @ForAll("thresholds") Thresholds t,
      @ForAll long a,
      @ForAll long b,
      @ForAll @LongRange(min = 0) long limit) {
    long less = Math.min(a, b);
    long more = Math.max(a, b);

    assertThat(t.band(less, limit)).isLessThanOrEqualTo(t.band(more, limit));
  }

  @Property
  void band_isExactAtEachThreshold(@ForAll("thresholds") Thresholds t, @ForAll @IntRange(min = 1, max = 1_000_000) int unit) {
    // A limit of 100 × unit puts each threshold on a whole number: one below it is the band under.
    long limit = 100L * unit;
    long warningAt = (long) t.warningPercent() * unit;
    long criticalAt = (long) t.criticalPercent() * unit;

    assertThat(t.band(warningAt - 1, limit)).isEqualTo(HealthBand.OK);
    assertThat(t.band(warningAt, limit)).isEqualTo(HealthBand.WARNING);
    assertThat(t.band(criticalAt - 1, limit)).isEqualTo(HealthBand.WARNING);
    assertThat(t.band(criticalAt, limit)).isEqualTo(HealthBand.CRITICAL);
  }

  @Property(tries = 200)
  void allotmentBand_neverFallsAsFlowUsageGrows(
      @ForAll("thresholds") Thresholds t,
      @ForAll @LongRange(min = 0, max = 10_000) long allottedMinutes,
      @ForAll @Size(max = 30) List<@LongRange(min = 0, max = 100_000) Long> seconds) {
    Plan plan = Plan.builder("p").metric(Metrics.VOICE_MINUTES).allot(CreditType.VOICE_MINUTES, allottedMinutes).build();
    CreditWallet w = CreditWallet.builder(TenantId.of("acme", "main")).plan(plan).thresholds(t).build();
    HealthBand before = w.allotment(CreditType.VOICE_MINUTES).orElseThrow().band();
    for (long s : seconds) {
      w.recordUsage(CreditType.VOICE_MINUTES, s);
      AllotmentUsage usage = w.allotment(CreditType.VOICE_MINUTES).orElseThrow();

      assertThat(usage.band()).isGreaterThanOrEqualTo(before).isEqualTo(t.band(usage.used(), allottedMinutes * 60));
      before = usage.band();
    }
  }
}
