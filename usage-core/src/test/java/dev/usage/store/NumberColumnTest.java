package dev.usage.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumberColumnTest {

  @Test
  void set_valueBeyondIntWidensAndKeepsEarlierValues() {
    NumberColumn column = new NumberColumn(4);
    column.set(0, Integer.MIN_VALUE);
    column.set(1, Integer.MAX_VALUE);
    assertThat(column.isWide()).isFalse();

    column.set(2, Integer.MAX_VALUE + 1L);
    column.set(3, Long.MIN_VALUE);

    assertThat(column.isWide()).isTrue();
    assertThat(new long[] {column.get(0), column.get(1), column.get(2), column.get(3)})
        .containsExactly(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MIN_VALUE);
  }

  @Test
  void resize_keepsValuesInEitherWidth() {
    NumberColumn narrow = new NumberColumn(2);
    narrow.set(1, -7);
    narrow.resize(5);
    NumberColumn wide = new NumberColumn(2);
    wide.set(1, 1L << 40);
    wide.resize(5);

    assertThat(narrow.capacity()).isEqualTo(5);
    assertThat(narrow.get(1)).isEqualTo(-7);
    assertThat(wide.capacity()).isEqualTo(5);
    assertThat(wide.get(1)).isEqualTo(1L << 40);
  }

  @Test
  void longs_narrowFillsScratchWideGivesItself() {
    NumberColumn column = new NumberColumn(3);
    column.set(0, 5);
    column.set(2, -1);
    long[] scratch = new long[3];

    assertThat(column.longs(scratch, 3)).isSameAs(scratch).containsExactly(5, 0, -1);

    column.set(1, Long.MAX_VALUE);
    assertThat(column.longs(scratch, 3)).isNotSameAs(scratch).startsWith(5, Long.MAX_VALUE, -1);
  }

  @Test
  void ints_givenWhileNarrowNullOnceWide() {
    NumberColumn column = new NumberColumn(2);
    column.set(0, 3);
    assertThat(column.ints()).containsExactly(3, 0);

    column.set(1, -(1L << 33));
    assertThat(column.ints()).isNull();
  }
}
