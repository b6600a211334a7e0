package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.usage.event.DimensionKey;
import org.junit.jupiter.api.Test;

class RowShapesTest {

  private static final int CHANNEL = DimensionKey.CHANNEL.ordinal();
  private static final int MODEL = DimensionKey.MODEL.ordinal();
  private static final int CALL_ID = DimensionKey.CALL_ID.ordinal();

  private static int[] ids(int channel, int model, int callId) {
    int[] ids = new int[DimensionKey.values().length];
    ids[CHANNEL] = channel;
    ids[MODEL] = model;
    ids[CALL_ID] = callId;
    return ids;
  }

  @Test
  void intern_sameKeyGivesSameCodeAfterGrowing() {
    RowShapes shapes = new RowShapes();
    int[][] codes = new int[40][50];
    for (int round = 0; round < 2; round++) {
      for (int t = 0; t < 40; t++) {
        // The call id is no part of a shape: tuples that differ only in it are one tuple.
        int tuple = shapes.tuple(ids(t % 5, t / 5, round * 1_000 + t));
        for (int k = 0; k < 50; k++) {
          int flags = k % 7 == 0 ? RowShapes.FACT_CALL_ID | 1 << CALL_ID : 0;
          int code = shapes.intern(1 + k % 12, k / 12, tuple, flags);
          if (round == 0) {
            codes[t][k] = code;
          } else {
            assertThat(code).isEqualTo(codes[t][k]);
          }
        }
      }
    }

    assertThat(shapes.size()).isEqualTo(40 * 50);
    for (int t = 0; t < 40; t++) {
      for (int k = 0; k < 50; k++) {
        int c = codes[t][k];
        assertThat(shapes.metric[c]).isEqualTo(1 + k % 12);
        assertThat(shapes.shared[c]).isEqualTo(k / 12);
        assertThat(shapes.dimension(CHANNEL)[c]).isEqualTo(t % 5);
        assertThat(shapes.dimension(MODEL)[c]).isEqualTo(t / 5);
        assertThat(shapes.mask[c] & RowShapes.FACT_CALL_ID).isEqualTo(k % 7 == 0 ? RowShapes.FACT_CALL_ID : 0);
        assertThat(shapes.mask[c] & 1 << MODEL).isEqualTo(t / 5 == 0 ? 0 : 1 << MODEL);
      }
    }
    assertThat(shapes.dimension(CALL_ID)).isNull();
  }
}
