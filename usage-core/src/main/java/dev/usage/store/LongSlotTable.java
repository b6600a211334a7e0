package dev.usage.store;

import java.util.Arrays;

/**
 * Maps group keys, each one or more {@code long} words, to dense slot numbers 0, 1, 2, ... in
 * order of first appearance: the index of a group's accumulators.
 *
 * <p>Open addressing with linear probing over a flat {@code long[]} of keys, so that finding a
 * group allocates nothing. Most queries have one-word keys and use {@link #slot(long)}; keys that
 * need more words (the product of the group keys' dictionary sizes exceeds a {@code long}) use
 * {@link #slot(long[])}.
 *
 * <p>This class is not thread-safe; each query has its own.
 */
final class LongSlotTable {

  private final int width;
  private long[] keys;
  /** slot + 1 per table position; 0 marks an empty position. */
  private int[] slots;
  private int size;

  LongSlotTable(int width) {
    this.width = width;
    this.keys = new long[64 * width];
    this.slots = new int[64];
  }

  /** Returns the number of slots handed out. */
  int size() {
    return size;
  }

  /** Returns the slot of a one-word key, handing out the next slot if the key is new. */
  int slot(long key) {
    int mask = slots.length - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == 0) {
        return insert(i, key, null);
      }
      if (keys[i] == key) {
        return s - 1;
      }
    }
  }

  /** Returns the slot of a key of {@code width} words, handing out the next slot if it is new. */
  int slot(long[] key) {
    int mask = slots.length - 1;
    long h = 0;
    for (long k : key) {
      h = h * 31 + k;
    }
    for (int i = hash(h) & mask; ; i = (i + 1) & mask) {
      int s = slots[i];
      if (s == 0) {
        return insert(i, 0, key);
      }
      if (Arrays.equals(keys, i * width, i * width + width, key, 0, width)) {
        return s - 1;
      }
    }
  }

  /** Copies the key of every slot into {@code out}, {@code width} words per slot. */
  long[] keysBySlot() {
    long[] out = new long[size * width];
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] != 0) {
        System.arraycopy(keys, i * width, out, (slots[i] - 1) * width, width);
      }
    }
    return out;
  }

  private int insert(int i, long key, long[] wide) {
    int slot = size++;
    slots[i] = slot + 1;
    if (wide == null) {
      keys[i] = key;
    } else {
      System.arraycopy(wide, 0, keys, i * width, width);
    }
    if (size * 2 > slots.length) {
      grow();
    }
    return slot;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldSlots = slots;
    keys = new long[oldKeys.length * 2];
    slots = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    long[] scratch = new long[width];
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] == 0) {
        continue;
      }
      System.arraycopy(oldKeys, j * width, scratch, 0, width);
      long h = scratch[0];
      if (width > 1) {
        h = 0;
        for (long k : scratch) {
          h = h * 31 + k;
        }
      }
      int i = hash(h) & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = oldSlots[j];
      System.arraycopy(scratch, 0, keys, i * width, width);
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
