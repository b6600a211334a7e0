package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.LateEventDecision.Outcome;
import dev.usage.metric.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class LateEventPolicyTest {

  private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");
  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
  private static final TenantId TENANT = TenantId.of("org-1", "ws-1");

  private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);

  private static UsageEvent eventAt(Instant at) {
    return UsageEvent.builder(EventId.of("call-1/voice_minutes"), TENANT, Metrics.VOICE_MINUTES)
        .at(at).quantity(61).build();
  }

  private LateEventPolicy policy(ClosedPeriodAction action) {
    return LateEventPolicy.builder().clock(clock).onClosedPeriod(action).build();
  }

  @Test
  void builder_defaults() {
    LateEventPolicy policy = LateEventPolicy.builder().build();

    assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(35));
    assertThat(policy.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.onClosedPeriod()).isEqualTo(ClosedPeriodAction.REJECT);
    assertThat(policy).hasToString(
        "LateEventPolicy{maxAge=35 days, maxFutureSkew=5 minutes, onClosedPeriod=REJECT, clock=SystemClock[Z]}");
  }

  @Test
  void decide_recentEventOpenPeriod_accepted() {
    UsageEvent event = eventAt(NOW.minus(Duration.ofHours(2)));

    LateEventDecision decision = policy(ClosedPeriodAction.REJECT).decide(event, Optional.of(APRIL));

    assertThat(decision.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(decision.isAccepted()).isTrue();
    assertThat(decision.event()).contains(event);
    assertThat(decision.reason()).isEqualTo("event call-1/voice_minutes at 2026-04-10T10:00:00Z accepted: "
        + "not before 2026-03-06T12:00:00Z, not before closed-through 2026-04-01T00:00:00Z"
        + " (now 2026-04-10T12:00:00Z)");
  }

  @Test
  void decide_noClosedPeriod_acceptsAnyRecentEvent() {
    UsageEvent event = eventAt(MARCH.plus(Duration.ofDays(10)));

    assertThat(policy(ClosedPeriodAction.REJECT).decide(event, Optional.empty()).outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_olderThanMaxAge_rejectedNamingLimitAndInstants() {
    UsageEvent event = eventAt(NOW.minus(Duration.ofDays(35)).minusSeconds(1));

    LateEventDecision decision = policy(ClosedPeriodAction.RESTATE).decide(event, Optional.empty());

    assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED_TOO_OLD);
    assertThat(decision.event()).isEmpty();
    assertThat(decision.reason()).isEqualTo("event call-1/voice_minutes at 2026-03-06T11:59:59Z is older than "
        + "the maximum age of 35 days: events before 2026-03-06T12:00:00Z are rejected (now 2026-04-10T12:00:00Z)");
  }

  @Test
  void decide_exactlyMaxAgeOld_accepted() {
    UsageEvent event = eventAt(NOW.minus(Duration.ofDays(35)));

    assertThat(policy(ClosedPeriodAction.REJECT).decide(event, Optional.empty()).outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_tooOldEvenInClosedPeriod_isTooOldFirst() {
    UsageEvent event = eventAt(MARCH);

    assertThat(policy(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD).decide(event, Optional.of(APRIL)).outcome())
        .isEqualTo(Outcome.REJECTED_TOO_OLD);
  }

  @Test
  void decide_customMaxAge_applies() {
    LateEventPolicy policy = LateEventPolicy.builder().clock(clock).maxAge(Duration.ofDays(7)).build();

    assertThat(policy.decide(eventAt(NOW.minus(Duration.ofDays(8))), Optional.empty()).reason())
        .contains("maximum age of 7 days");
    assertThat(policy.decide(eventAt(NOW.minus(Duration.ofDays(6))), Optional.empty()).outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_beyondFutureSkew_rejected() {
    UsageEvent event = eventAt(NOW.plus(Duration.ofMinutes(5)).plusNanos(1));

    LateEventDecision decision = policy(ClosedPeriodAction.REJECT).decide(event, Optional.empty());

    assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED_IN_FUTURE);
    assertThat(decision.reason()).isEqualTo("event call-1/voice_minutes at 2026-04-10T12:05:00.000000001Z "
        + "is more than 5 minutes after now 2026-04-10T12:00:00Z");
  }

  @Test
  void decide_withinFutureSkew_accepted() {
    UsageEvent event = eventAt(NOW.plus(Duration.ofMinutes(5)));

    assertThat(policy(ClosedPeriodAction.REJECT).decide(event, Optional.empty()).outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_zeroSkew_rejectsAnyFutureInstant() {
    LateEventPolicy policy = LateEventPolicy.builder().clock(clock).maxFutureSkew(Duration.ZERO).build();

    assertThat(policy.decide(eventAt(NOW.plusMillis(1)), Optional.empty()).outcome())
        .isEqualTo(Outcome.REJECTED_IN_FUTURE);
    assertThat(policy.decide(eventAt(NOW), Optional.empty()).outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_closedPeriodReject_rejectedNamingClosedThrough() {
    UsageEvent event = eventAt(APRIL.minusSeconds(1));

    LateEventDecision decision = policy(ClosedPeriodAction.REJECT).decide(event, Optional.of(APRIL));

    assertThat(decision.outcome()).isEqualTo(Outcome.REJECTED_CLOSED_PERIOD);
    assertThat(decision.event()).isEmpty();
    assertThat(decision.reason()).isEqualTo("event call-1/voice_minutes at 2026-03-31T23:59:59Z falls in a "
        + "closed period (periods before 2026-04-01T00:00:00Z are invoiced)");
  }

  @Test
  void decide_atClosedThrough_isInTheOpenPeriod() {
    assertThat(policy(ClosedPeriodAction.REJECT).decide(eventAt(APRIL), Optional.of(APRIL)).outcome())
        .isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void decide_closedPeriodBook_movesToFirstOpenInstantKeepingEverythingElse() {
    UsageEvent event = eventAt(APRIL.minus(Duration.ofDays(3)));

    LateEventDecision decision = policy(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD)
        .decide(event, Optional.of(APRIL));

    assertThat(decision.outcome()).isEqualTo(Outcome.REBOOKED);
    assertThat(decision.event()).contains(event.withOccurredAt(APRIL));
    assertThat(decision.event().orElseThrow().id()).isEqualTo(event.id());
    assertThat(decision.event().orElseThrow().quantity()).isEqualTo(61);
    assertThat(decision.reason()).isEqualTo("event call-1/voice_minutes at 2026-03-29T00:00:00Z falls in a "
        + "closed period (periods before 2026-04-01T00:00:00Z are invoiced): booked at 2026-04-01T00:00:00Z, "
        + "the first instant of the next open period");
  }

  @Test
  void decide_closedPeriodRestate_acceptsAsItIsFlagged() {
    UsageEvent event = eventAt(APRIL.minus(Duration.ofDays(3)));

    LateEventDecision decision = policy(ClosedPeriodAction.RESTATE).decide(event, Optional.of(APRIL));

    assertThat(decision.outcome()).isEqualTo(Outcome.RESTATED);
    assertThat(decision.isAccepted()).isTrue();
    assertThat(decision.event()).contains(event);
    assertThat(decision.reason()).endsWith(": accepted as a restatement of that period");
  }

  @Test
  void decide_oldReversal_hasNoAgeLimit() {
    UsageEvent reversal = eventAt(NOW.minus(Duration.ofDays(400))).reversal(EventId.of("call-1/void"));

    LateEventDecision decision = policy(ClosedPeriodAction.REJECT).decide(reversal, Optional.empty());

    assertThat(decision.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(decision.reason()).startsWith("reversal call-1/void at 2025-03-06T12:00:00Z accepted: "
        + "reversals have no age limit");
  }

  @Test
  void decide_oldReversalInClosedPeriod_followsClosedPeriodAction() {
    UsageEvent reversal = eventAt(NOW.minus(Duration.ofDays(400))).reversal(EventId.of("call-1/void"));

    LateEventDecision decision = policy(ClosedPeriodAction.BOOK_INTO_NEXT_OPEN_PERIOD)
        .decide(reversal, Optional.of(APRIL));

    assertThat(decision.outcome()).isEqualTo(Outcome.REBOOKED);
    assertThat(decision.event().orElseThrow().occurredAt()).isEqualTo(APRIL);
    assertThat(decision.event().orElseThrow().quantity()).isEqualTo(-61);
  }

  @Test
  void decide_readsTheClockEachTime() {
    LateEventPolicy policy = policy(ClosedPeriodAction.REJECT);
    UsageEvent event = eventAt(NOW.minus(Duration.ofDays(30)));

    assertThat(policy.decide(event, Optional.empty()).outcome()).isEqualTo(Outcome.ACCEPTED);
    clock.add(Duration.ofDays(6));
    assertThat(policy.decide(event, Optional.empty()).outcome()).isEqualTo(Outcome.REJECTED_TOO_OLD);
  }

  @Test
  void decide_explicitNow_ignoresTheClock() {
    LateEventPolicy policy = policy(ClosedPeriodAction.REJECT);
    UsageEvent event = eventAt(NOW.minus(Duration.ofDays(30)));

    assertThat(policy.decide(event, Optional.empty(), NOW.plus(Duration.ofDays(6))).outcome())
        .isEqualTo(Outcome.REJECTED_TOO_OLD);
  }

  @Test
  void decide_closedThroughInTheFuture_rejected() {
    Instant closed = NOW.plus(Duration.ofHours(1));

    assertThatThrownBy(() -> policy(ClosedPeriodAction.REJECT).decide(eventAt(NOW), Optional.of(closed)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("closed-through instant 2026-04-10T13:00:00Z is after now 2026-04-10T12:00:00Z plus the "
            + "allowed skew of 5 minutes");
  }

  @Test
  void decide_nullArguments_namedThem() {
    LateEventPolicy policy = policy(ClosedPeriodAction.REJECT);

    assertThatThrownBy(() -> policy.decide(null, Optional.empty()))
        .isInstanceOf(NullPointerException.class).hasMessage("event");
    assertThatThrownBy(() -> policy.decide(eventAt(NOW), null))
        .isInstanceOf(NullPointerException.class).hasMessage("closedThrough");
    assertThatThrownBy(() -> policy.decide(eventAt(NOW), Optional.empty(), null))
        .isInstanceOf(NullPointerException.class).hasMessage("now");
  }

  @Test
  void build_nonPositiveMaxAge_rejected() {
    assertThatThrownBy(() -> LateEventPolicy.builder().maxAge(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum age must be positive but was PT0S");
    assertThatThrownBy(() -> LateEventPolicy.builder().maxAge(Duration.ofDays(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum age must be positive but was PT-24H");
  }

  @Test
  void build_negativeSkew_rejected() {
    assertThatThrownBy(() -> LateEventPolicy.builder().maxFutureSkew(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum future skew must not be negative but was PT-1S");
  }

  @Test
  void build_skewNotShorterThanMaxAge_rejected() {
    assertThatThrownBy(() -> LateEventPolicy.builder().maxAge(Duration.ofHours(1))
            .maxFutureSkew(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum future skew PT1H must be shorter than the maximum age PT1H");
  }

  @Test
  void builder_settingTwice_isIllegalState() {
    assertThatThrownBy(() -> LateEventPolicy.builder().maxAge(Duration.ofDays(7)).maxAge(Duration.ofDays(8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximum age was already set to PT168H");
    assertThatThrownBy(() -> LateEventPolicy.builder().onClosedPeriod(ClosedPeriodAction.RESTATE)
            .onClosedPeriod(ClosedPeriodAction.REJECT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("closed-period action was already set to RESTATE");
    assertThatThrownBy(() -> LateEventPolicy.builder().maxFutureSkew(Duration.ZERO).maxFutureSkew(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximum future skew was already set to PT0S");
    assertThatThrownBy(() -> LateEventPolicy.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock was already set to ");
  }

  @Test
  void describe_usesTheLargestWholeUnit() {
    assertThat(LateEventPolicy.describe(Duration.ofDays(1))).isEqualTo("1 day");
    assertThat(LateEventPolicy.describe(Duration.ofHours(36))).isEqualTo("36 hours");
    assertThat(LateEventPolicy.describe(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(LateEventPolicy.describe(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
    assertThat(LateEventPolicy.describe(Duration.ZERO)).isEqualTo("PT0S");
  }
}
