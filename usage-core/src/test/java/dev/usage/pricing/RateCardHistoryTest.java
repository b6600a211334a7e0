package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.metric.Metrics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateCardHistoryTest {

  static RateCard card(String version, String from) {
    return RateCard.builder(version, Instant.parse(from)).rate(Metrics.SMS_OUTBOUND, Rate.of(1, 1)).build();
  }

  static final RateCard JAN = card("2026-01", "2026-01-01T00:00:00Z");
  static final RateCard FEB = card("2026-02", "2026-02-01T00:00:00Z");
  static final RateCard MAR = card("2026-03", "2026-03-01T00:00:00.5Z");

  @Test
  void cardAt_findsTheLatestCardNotAfterTheInstant() {
    RateCardHistory h = RateCardHistory.of(MAR, JAN, FEB);

    assertThat(h.cards()).containsExactly(JAN, FEB, MAR);
    assertThat(h.cardAt(Instant.parse("2026-01-01T00:00:00Z"))).isSameAs(JAN);
    assertThat(h.cardAt(Instant.parse("2026-01-31T23:59:59.999999999Z"))).isSameAs(JAN);
    assertThat(h.cardAt(Instant.parse("2026-02-01T00:00:00Z"))).isSameAs(FEB);
    // effective-from instants keep their fraction of a second
    assertThat(h.cardAt(Instant.parse("2026-03-01T00:00:00.499999999Z"))).isSameAs(FEB);
    assertThat(h.cardAt(Instant.parse("2026-03-01T00:00:00.5Z"))).isSameAs(MAR);
    assertThat(h.cardAt(Instant.parse("2099-01-01T00:00:00Z"))).isSameAs(MAR);
    assertThat(h.find(Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
    assertThat(h.find(Instant.parse("2026-02-14T00:00:00Z"))).contains(FEB);
  }

  @Test
  void cardAt_beforeTheFirstCardRejectedNamingTheInstant() {
    assertThatThrownBy(() -> RateCardHistory.of(FEB, JAN).cardAt(Instant.parse("2025-12-31T23:59:59Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rate card is in force at 2025-12-31T23:59:59Z: the first, 2026-01, takes effect at "
            + "2026-01-01T00:00:00Z");
  }

  @Test
  void with_returnsANewHistoryAndLeavesThisOne() {
    RateCardHistory h = RateCardHistory.of(JAN);

    RateCardHistory later = h.with(FEB);

    assertThat(h.cards()).containsExactly(JAN);
    assertThat(later.cards()).containsExactly(JAN, FEB);
    assertThat(later).isEqualTo(RateCardHistory.of(FEB, JAN)).hasToString(
        "[2026-01 from 2026-01-01T00:00:00Z, 2026-02 from 2026-02-01T00:00:00Z]");
  }

  @Test
  void of_duplicatesOrNoCardsRejected() {
    assertThatThrownBy(() -> RateCardHistory.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a rate card history needs at least one rate card");
    assertThatThrownBy(() -> RateCardHistory.of(JAN, card("2026-01", "2026-05-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate card version 2026-01 appears twice");
    assertThatThrownBy(() -> RateCardHistory.of(JAN).with(card("2026-01b", "2026-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate cards 2026-01 and 2026-01b both take effect at 2026-01-01T00:00:00Z");
  }
}
