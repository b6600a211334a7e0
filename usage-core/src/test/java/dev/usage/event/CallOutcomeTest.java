package dev.usage.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallOutcomeTest {

  private static final Instant START = Instant.parse("2026-03-05T10:00:00Z");

  @Test
  void finished_endBeforeStart_namesBoth() {
    Instant end = START.minusSeconds(1);

    assertThatThrownBy(() -> CallOutcome.finished(START, end))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("end 2026-03-05T09:59:59Z is before start 2026-03-05T10:00:00Z");
  }

  @Test
  void finished_nullTimes_namesParameter() {
    assertThatThrownBy(() -> CallOutcome.finished(null, START))
        .isInstanceOf(NullPointerException.class).hasMessage("start");
    assertThatThrownBy(() -> CallOutcome.finished(START, null))
        .isInstanceOf(NullPointerException.class).hasMessage("end");
  }

  @Test
  void elapsedSeconds_roundsAStartedSecondUp() {
    assertThat(((CallOutcome.Finished) CallOutcome.finished(START, START.plusMillis(61_200))).elapsedSeconds())
        .isEqualTo(62);
    assertThat(((CallOutcome.Finished) CallOutcome.finished(START, START.plusNanos(1))).elapsedSeconds())
        .isEqualTo(1);
    assertThat(((CallOutcome.Finished) CallOutcome.finished(START, START.plusSeconds(60))).elapsedSeconds())
        .isEqualTo(60);
    assertThat(((CallOutcome.Finished) CallOutcome.finished(START, START)).elapsedSeconds()).isZero();
  }

  @Test
  void elapsed_isExact() {
    CallOutcome.Finished finished = (CallOutcome.Finished) CallOutcome.finished(START, START.plusMillis(1_500));

    assertThat(finished.elapsed()).isEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void occurredAt_isTheStartOrTheRing() {
    Instant end = START.plusSeconds(90);

    assertThat(CallOutcome.finished(START, end).occurredAt()).isEqualTo(START);
    assertThat(CallOutcome.inProgress(START).occurredAt()).isEqualTo(START);
    assertThat(CallOutcome.missed(START).occurredAt()).isEqualTo(START);
  }

  @Test
  void missedAndInProgress_nullTime_namesParameter() {
    assertThatThrownBy(() -> CallOutcome.missed(null)).isInstanceOf(NullPointerException.class).hasMessage("at");
    assertThatThrownBy(() -> CallOutcome.inProgress(null))
        .isInstanceOf(NullPointerException.class).hasMessage("start");
  }

  @Test
  void equals_comparesKindAndTimes() {
    assertThat(CallOutcome.finished(START, START.plusSeconds(5))).isEqualTo(CallOutcome.finished(START, START.plusSeconds(5)));
    assertThat(CallOutcome.missed(START)).isNotEqualTo(CallOutcome.inProgress(START));
  }
}
