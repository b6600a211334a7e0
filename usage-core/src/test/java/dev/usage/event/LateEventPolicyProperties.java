package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.LateEventDecision.Outcome;
import dev.usage.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class LateEventPolicyProperties {

  private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");
  private static final TenantId TENANT = TenantId.of("org-1", "ws-1");

  @Property
  void decide_neverAcceptsAnOrdinaryEventOlderThanMaxAge(
      @ForAll("policies") LateEventPolicy policy,
      @ForAll @LongRange(min = -90 * 86_400, max = 3_600) long offsetSeconds,
      @ForAll("closedThrough") Optional<Instant> closedThrough) {
    UsageEvent event = event(NOW.plusSeconds(offsetSeconds));

    LateEventDecision decision = policy.decide(event, closedThrough, NOW);

    if (event.occurredAt().isBefore(NOW.minus(policy.maxAge()))) {
      assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED_TOO_OLD);
    }
    if (event.occurredAt().isAfter(NOW.plus(policy.maxFutureSkew()))) {
      assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED_IN_FUTURE);
    }
    decision.event().ifPresent(recorded -> {
      assertThat(recorded.occurredAt()).isAfterOrEqualTo(NOW.minus(policy.maxAge()))
          .isBeforeOrEqualTo(NOW.plus(policy.maxFutureSkew()));
      closedThrough.filter(c -> decision.outcome() != Outcome.RESTATED)
          .ifPresent(c -> assertThat(recorded.occurredAt()).isAfterOrEqualTo(c));
      assertThat(recorded.id()).isEqualTo(event.id());
      assertThat(recorded.quantity()).isEqualTo(event.quantity());
    });
  }

  @Property
  void decide_carriesAnEventExactlyWhenAccepted(
      @ForAll("policies") LateEventPolicy policy,
      @ForAll @LongRange(min = -90 * 86_400, max = 3_600) long offsetSeconds,
      @ForAll("closedThrough") Optional<Instant> closedThrough,
      @ForAll boolean reversal) {
    UsageEvent original = event(NOW.plusSeconds(offsetSeconds));
    UsageEvent event = reversal ? original.reversal(EventId.of("e/void")) : original;

    LateEventDecision decision = policy.decide(event, closedThrough, NOW);

    assertThat(decision.event().isPresent()).isEqualTo(decision.isAccepted());
    assertThat(decision.reason()).contains(event.id().value()).contains(event.occurredAt().toString());
    assertThat(policy.decide(event, closedThrough, NOW)).isEqualTo(decision);
  }

  @Property
  void decide_withClockEqualsDecideAtClockInstant(
      @ForAll("policies") LateEventPolicy policy,
      @ForAll @LongRange(min = -90 * 86_400, max = 3_600) long offsetSeconds) {
    LateEventPolicy clocked = LateEventPolicy.builder()
        .clock(java.time.Clock.fixed(NOW, ZoneOffset.UTC))
        .maxAge(policy.maxAge()).maxFutureSkew(policy.maxFutureSkew()).onClosedPeriod(policy.onClosedPeriod())
        .build();
    UsageEvent event = event(NOW.plusSeconds(offsetSeconds));
    Optional<Instant> closed = Optional.of(NOW.minus(Duration.ofDays(10)));

    assertThat(clocked.decide(event, closed)).isEqualTo(policy.decide(event, closed, NOW));
  }

  @Provide
  Arbitrary<LateEventPolicy> policies() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.longs().between(1, 60).map(Duration::ofDays),
            Arbitraries.longs().between(0, 600).map(Duration::ofSeconds),
            Arbitraries.of(ClosedPeriodAction.class))
        .as((age, skew, action) -> LateEventPolicy.builder().maxAge(age).maxFutureSkew(skew).onClosedPeriod(action)
            .build());
  }

  @Provide
  Arbitrary<Optional<Instant>> closedThrough() {
    return Arbitraries.longs().between(0, 120 * 86_400).map(s -> NOW.minusSeconds(s)).optional();
  }

  private static UsageEvent event(Instant at) {
    return UsageEvent.builder(EventId.of("e"), TENANT, Metrics.CHAT_MINUTES).at(at).quantity(42).build();
  }
}
