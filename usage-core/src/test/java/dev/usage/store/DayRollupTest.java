package dev.usage.store;

import static dev.usage.store.InMemoryUsageStoreTest.MAY_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DayRollupTest {

  @Test
  void new_roomForExpectedCellsRoundedUpToAPowerOfTwo() {
    assertThat(new DayRollup(0).metric).hasSize(8);
    assertThat(new DayRollup(8).metric).hasSize(8);
    assertThat(new DayRollup(9).metric).hasSize(16);
    assertThat(new DayRollup(100).stats).hasSize(128 * DayRollup.STRIDE);
  }

  @Test
  void add_growsPastItsExpectedCells() {
    DayChunk chunk = new DayChunk(MAY_1.getEpochSecond() / 86_400, 0, DayChunk.MIN_CAPACITY, 3);
    for (int i = 0; i < 300; i++) {
      for (int repeat = 0; repeat <= i % 3; repeat++) {
        chunk.add(i, 0, i, i, i, false);
        chunk.rollup.add(1 + i % 12, 1 + i / 12, 1, false, i, i, i);
      }
    }

    DayRollup rollup = chunk.rollup;
    assertThat(rollup.cells).isEqualTo(300);
    for (int c = 0; c < rollup.cells; c++) {
      int i = (rollup.channel[c] - 1) * 12 + rollup.metric[c] - 1;
      assertThat(rollup.stats[c * DayRollup.STRIDE + DayRollup.COUNT]).isEqualTo(1 + i % 3);
      assertThat(rollup.stats[c * DayRollup.STRIDE + DayRollup.SUM]).isEqualTo((1L + i % 3) * i);
    }
  }
}
