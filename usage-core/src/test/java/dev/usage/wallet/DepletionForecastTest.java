package dev.usage.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import dev.usage.pricing.Credits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class DepletionForecastTest {

  static final Instant T0 = Instant.parse("2026-05-01T09:30:00Z");

  final MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
  final CreditWallet wallet = CreditWallet.builder(TenantId.of("acme", "main")).clock(clock).build();

  /** Grants {@code granted} credits at T0, then debits {@code perDay} at the end of each of {@code days} days. */
  void burn(long granted, long perDay, int days) {
    wallet.grant(Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(granted), T0));
    for (int day = 1; day <= days; day++) {
      clock.setInstant(T0.plus(Duration.ofDays(day)));
      wallet.debit(EventId.of("d" + day), Credits.of(perDay));
    }
  }

  @Test
  void of_700LeftAt100PerDay_depletesIn7Days() {
    burn(1_400, 100, 7);

    DepletionForecast f = DepletionForecast.of(wallet, clock);

    assertThat(f.balance()).isEqualTo(Credits.of(700));
    assertThat(f.averageDailyBurn()).isEqualTo(Credits.of(100));
    assertThat(f.daysLeft()).contains(7L);
    assertThat(f.depletionDate()).contains(LocalDate.parse("2026-05-15"));
  }

  @Test
  void of_partDayLeft_roundsUpToAWholeDay() {
    burn(1_350, 100, 7);

    DepletionForecast f = DepletionForecast.of(wallet, clock);

    assertThat(f.balance()).isEqualTo(Credits.of(650));
    assertThat(f.daysLeft()).contains(7L);
  }

  @Test
  void of_noBurn_hasNoDate() {
    wallet.grant(Grant.of("g", GrantKind.PLAN_GRANT, Credits.of(100), T0));

    DepletionForecast f = DepletionForecast.of(wallet, clock);

    assertThat(f).isEqualTo(new DepletionForecast(Credits.zero(), Credits.of(100), Optional.empty(), Optional.empty()));
  }

  @Test
  void of_nothingLeft_depletesToday() {
    DepletionForecast f = DepletionForecast.of(wallet, clock);

    assertThat(f.depletionDate()).contains(LocalDate.parse("2026-05-01"));
    assertThat(f.daysLeft()).contains(0L);
  }

  @Test
  void of_onlyDebitsInsideTheWindowBurn() {
    burn(1_000, 100, 3); // debits at T0+1d, +2d, +3d
    clock.setInstant(T0.plus(Duration.ofDays(8))); // window (T0+1d, T0+8d]: the first debit is out

    DepletionForecast f = DepletionForecast.of(wallet, clock);

    assertThat(f.averageDailyBurn()).isEqualTo(Credits.parse("28.571428"));
    assertThat(f.daysLeft()).contains(25L); // 700 × 7 / 200 = 24.5
  }

  @Test
  void of_customWindow() {
    burn(1_000, 100, 3);

    DepletionForecast f = DepletionForecast.of(wallet, clock, Duration.ofDays(2));

    assertThat(f.averageDailyBurn()).isEqualTo(Credits.of(100));
    assertThat(f.daysLeft()).contains(7L);
  }

  @Test
  void of_entriesAndAFixedClock_isAPureFunction() {
    burn(1_400, 100, 7);
    List<LedgerEntry> entries = wallet.entries();
    Clock fixed = Clock.fixed(T0.plus(Duration.ofDays(7)), ZoneOffset.UTC);
    clock.add(Duration.ofDays(30));

    assertThat(DepletionForecast.of(entries, fixed, Duration.ofDays(7)).daysLeft()).contains(7L);
  }

  @Test
  void of_windowNotWholeDays_isRefused() {
    assertThatThrownBy(() -> DepletionForecast.of(List.of(), clock, Duration.ofHours(36)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("forecast window must be a positive whole number of days but was PT36H");
    assertThatThrownBy(() -> DepletionForecast.of(List.of(), clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was PT0S");
  }
}
