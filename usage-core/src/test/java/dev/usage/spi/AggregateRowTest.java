package dev.usage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.pricing.Credits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateRowTest {

  private static AggregateRow row(long count, long reversals) {
    return new AggregateRow(Map.of(), count, reversals, 0, 0, 0, Credits.zero());
  }

  @Test
  void netCount_takesEachReversalAndItsOriginalOut() {
    assertThat(row(5, 0).netCount()).isEqualTo(5);
    assertThat(row(5, 2).netCount()).isEqualTo(1);
    assertThat(row(2, 1).netCount()).isZero();
    // an original outside the range leaves its reversal alone in it
    assertThat(row(1, 1).netCount()).isEqualTo(-1);
    assertThat(row(Long.MAX_VALUE, Long.MAX_VALUE).netCount()).isEqualTo(-Long.MAX_VALUE);
  }

  @Test
  void reversalsOutsideZeroToCount_rejectedWithBoth() {
    assertThatThrownBy(() -> row(2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an aggregate row's reversals must be between 0 and its count 2 but were 3");
    assertThatThrownBy(() -> row(2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but were -1");
  }
}
