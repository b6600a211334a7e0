package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.UsageOverflowException;
import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Grants and debits whose running totals leave the range of micro-credits. */
class CreditWalletOverflowTest {

  static final Instant T = Instant.parse("2026-04-01T00:00:00Z");
  static final Credits MAX = Credits.ofMicros(Long.MAX_VALUE);

  static CreditWallet wallet(LimitMode mode) {
    return CreditWallet.builder(TenantId.of("acme", "main")).clock(Clock.fixed(T.plusSeconds(10), ZoneOffset.UTC))
        .mode(mode).build();
  }

  @ParameterizedTest
  @EnumSource(LimitMode.class)
  void grant_pastTheLargestBalance_throwsAndRecordsNothing(LimitMode mode) {
    CreditWallet w = wallet(mode);
    w.grant(Grant.of("g1", GrantKind.PLAN_GRANT, MAX, T));

    assertThatThrownBy(() -> w.grant(Grant.of("g2", GrantKind.TOP_UP, MAX, T)))
        .isInstanceOf(UsageOverflowException.class).hasMessageContaining("9223372036854775807");
    assertThat(w.available()).isEqualTo(MAX);
    assertThat(w.grants()).hasSize(1);
  }

  @org.junit.jupiter.api.Test
  void softDebit_overdraftPastTheSmallestBalance_throwsAndRecordsNothing() {
    CreditWallet w = wallet(LimitMode.SOFT);
    w.debit(EventId.of("d1"), MAX, T);

    assertThatThrownBy(() -> w.debit(EventId.of("d2"), MAX, T)).isInstanceOf(UsageOverflowException.class);
    assertThat(w.overdraft()).isEqualTo(MAX);
    assertThat(w.findDebit(EventId.of("d2"))).isEmpty();
  }
}
