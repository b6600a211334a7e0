package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.LateEventDecision.Outcome;
import dev.usage.metric.Metrics;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LateEventDecisionTest {

  private static final UsageEvent EVENT = UsageEvent.builder(EventId.of("e-1"), TenantId.of("o", "w"), Metrics.CALLS)
      .at(Instant.EPOCH).quantity(1).build();

  @Test
  void new_rejectionWithEvent_refused() {
    assertThatThrownBy(() -> new LateEventDecision(Outcome.REJECTED_TOO_OLD, Optional.of(EVENT), "old"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a decision with outcome REJECTED_TOO_OLD must not carry an event");
  }

  @Test
  void new_acceptanceWithoutEvent_refused() {
    assertThatThrownBy(() -> new LateEventDecision(Outcome.REBOOKED, Optional.empty(), "moved"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a decision with outcome REBOOKED must carry an event");
  }

  @Test
  void new_emptyReason_refused() {
    assertThatThrownBy(() -> new LateEventDecision(Outcome.ACCEPTED, Optional.of(EVENT), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason of a decision with outcome ACCEPTED must not be empty");
  }

  @Test
  void isAccepted_byOutcome() {
    assertThat(Outcome.ACCEPTED.isAccepted()).isTrue();
    assertThat(Outcome.REBOOKED.isAccepted()).isTrue();
    assertThat(Outcome.RESTATED.isAccepted()).isTrue();
    assertThat(Outcome.REJECTED_TOO_OLD.isAccepted()).isFalse();
    assertThat(Outcome.REJECTED_IN_FUTURE.isAccepted()).isFalse();
    assertThat(Outcome.REJECTED_CLOSED_PERIOD.isAccepted()).isFalse();
  }
}
