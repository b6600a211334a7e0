package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.pricing.Credits;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantTest {

  static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  @Test
  void of_defaultsToPriorityZeroAndNoExpiry() {
    Grant g = Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(5), T0);

    assertThat(g.priority()).isZero();
    assertThat(g.expiresAt()).isEqualTo(Optional.empty());
  }

  @Test
  void isUsableAt_fromEffectiveInclusiveToExpiryExclusive() {
    Instant end = T0.plusSeconds(60);
    Grant g = Grant.of("g", GrantKind.PROMOTION, Credits.of(5), T0).withExpiry(end);

    assertThat(g.isUsableAt(T0.minusNanos(1))).isFalse();
    assertThat(g.isUsableAt(T0)).isTrue();
    assertThat(g.isUsableAt(end.minusNanos(1))).isTrue();
    assertThat(g.isUsableAt(end)).isFalse();
  }

  @Test
  void withExpiry_notAfterEffective_isRefused() {
    Grant g = Grant.of("g", GrantKind.PROMOTION, Credits.of(5), T0);

    assertThatThrownBy(() -> g.withExpiry(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiry 2026-05-01T00:00:00Z of grant g must be after its effective time 2026-05-01T00:00:00Z");
  }

  @Test
  void of_amountNotAboveZero_isRefused() {
    assertThatThrownBy(() -> Grant.of("g", GrantKind.TOP_UP, Credits.zero(), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("amount of grant g must be above zero but was 0");
  }

  @Test
  void of_malformedId_isRefused() {
    assertThatThrownBy(() -> Grant.of("", GrantKind.TOP_UP, Credits.of(1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grant id must be 1 to 300 characters without control characters but was ''");
  }

  @Test
  void drawOrder_priorityThenExpiryThenEffectiveThenId() {
    Grant never = Grant.of("a", GrantKind.TOP_UP, Credits.of(1), T0);
    Grant soon = Grant.of("z", GrantKind.TOP_UP, Credits.of(1), T0).withExpiry(T0.plusSeconds(10));
    Grant urgentButLowPriority = soon.withPriority(1);
    Grant olderNever = Grant.of("b", GrantKind.TOP_UP, Credits.of(1), T0.minusSeconds(1));

    assertThat(java.util.stream.Stream.of(urgentButLowPriority, never, olderNever, soon).sorted(Grant.DRAW_ORDER))
        .containsExactly(soon, olderNever, never, urgentButLowPriority);
  }
}
