package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdIndexTest {

  private final IdArena arena = new IdArena(new StringDictionary());
  private final IdIndex index = new IdIndex(arena);

  /** Records an id as the index's caller does, at a made-up row, and returns its offset. */
  private int record(String id, int row) {
    int slot = index.find(id);
    assertThat(slot).as("free slot for %s", id).isNegative();
    int offset = arena.add(id, 0, 0, row);
    index.insert(slot, id, offset);
    return offset;
  }

  @Test
  void find_idsHashingToZeroAndOne() {
    // Hash 0 marks a free slot, so an id hashing to 0 is stored as 1: both must stay apart.
    assertThat("id-2680558-da".hashCode()).isZero();
    assertThat("id-2680558-db".hashCode()).isOne();
    int zero = record("id-2680558-da", 0);
    int one = record("id-2680558-db", 1);

    assertThat(index.find("id-2680558-da")).isEqualTo(zero);
    assertThat(index.find("id-2680558-db")).isEqualTo(one);
    assertThat(arena.row(index.find("id-2680558-db"))).isOne();
  }

  @Test
  void find_findsEveryIdAfterGrowing() {
    int[] offsets = new int[10_000];
    for (int i = 0; i < 10_000; i++) {
      offsets[i] = record("e" + i, i);
    }

    assertThat(index.size()).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i++) {
      int offset = index.find("e" + i);
      assertThat(offset).isEqualTo(offsets[i]);
      assertThat(arena.row(offset)).isEqualTo(i);
      assertThat(arena.text(offset)).isEqualTo("e" + i);
    }
    assertThat(index.find("e10000")).isNegative();
  }
}
