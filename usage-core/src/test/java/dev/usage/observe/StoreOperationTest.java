package dev.usage.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreOperationTest {

  /** What a listener was told, one line per call. */
  private final List<String> told = new ArrayList<>();
  private final UsageListener listener = new UsageListener() {
    @Override
    public void storeOperation(StoreOperation operation, boolean succeeded, int size, long nanos) {
      told.add(operation + " " + succeeded + " " + size + " " + (nanos >= 0));
    }
  };

  @Test
  void timed_returningWork_reportsItsResultSize() {
    List<String> rows = StoreOperation.AGGREGATE.timed(listener, () -> List.of("a", "b", "c"), List::size);

    assertThat(rows).containsExactly("a", "b", "c");
    assertThat(told).containsExactly("AGGREGATE true 3 true");
  }

  @Test
  void timed_throwingWork_reportsAFailureOfSizeZeroAndRethrows() {
    IllegalStateException failure = new IllegalStateException("database down");

    assertThatThrownBy(() -> StoreOperation.SCAN.timed(listener, () -> {
      throw failure;
    }, (List<String> page) -> page.size())).isSameAs(failure);
    assertThat(told).containsExactly("SCAN false 0 true");
  }
}
