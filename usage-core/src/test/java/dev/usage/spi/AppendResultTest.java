package dev.usage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.EventId;
import dev.usage.event.TenantId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendResultTest {

  @Test
  void ofAppended_aroundTheSharedCounts() {
    for (int n : new int[] {0, 1, 255, 256, 257, Integer.MAX_VALUE}) {
      assertThat(AppendResult.ofAppended(n)).isEqualTo(new AppendResult(n, List.of(), List.of()));
    }
  }

  @Test
  void ofAppended_zeroIsEmpty() {
    assertThat(AppendResult.ofAppended(0)).isEqualTo(AppendResult.empty());
  }

  @Test
  void ofAppended_negative() {
    assertThatThrownBy(() -> AppendResult.ofAppended(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("appended count must not be negative but was -1");
  }

  @Test
  void plus_ofAppendedWithRejections() {
    Conflict conflict = new Conflict(TenantId.of("acme", "main"), EventId.of("b"), "differs");
    AppendResult rejected = new AppendResult(1, List.of(EventId.of("a")), List.of(conflict));

    assertThat(AppendResult.ofAppended(3).plus(rejected))
        .isEqualTo(new AppendResult(4, List.of(EventId.of("a")), List.of(conflict)));
  }
}
