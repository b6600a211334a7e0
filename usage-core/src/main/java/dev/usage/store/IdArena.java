package dev.usage.store;

import java.util.Arrays;

/**
 * One tenant's event ids as bytes, each addressed by an {@code int} offset that never changes:
 * what the id index and the day chunks' id columns point to instead of {@link
 * dev.usage.event.EventId} objects.
 *
 * <p>An entry holds the row the id was recorded at (the chunk's creation ordinal and the row, as
 * variable-length integers), a header and the id's characters: one byte each when all are below
 * 128, which event ids almost always are, else two bytes each (UTF-16, so that any Java string,
 * even one with a lone surrogate, comes back equal). An id of the form {@code fact/metric-key},
 * as {@link dev.usage.event.UsageFacts} derives them, stores only the fact part and the metric's
 * dictionary id. An id that ends in a run of lowercase hexadecimal digits (a provider's request id,
 * a hashed fact number: {@code call_9e3779b97f4a7c15}) stores the code of the text before the
 * run, in a per-arena dictionary of such prefixes, and the run two digits a byte: 13 bytes
 * instead of 21 for that id. A {@code String} and an {@code EventId} cost about 60 bytes more
 * than the plain form for a 30-character id.
 *
 * <p>Bytes sit in pages of {@value #PAGE_SIZE} bytes (the first page starts small and grows, for
 * tenants with few events); an entry never crosses a page, so an offset is a page number and a
 * position, and a full page is never copied.
 *
 * <p>This class is not thread-safe; its tenant's lock guards it.
 */
final class IdArena {

  private static final int PAGE_BITS = 15;
  static final int PAGE_SIZE = 1 << PAGE_BITS;
  /** Flag bits of the header, below the character count. */
  private static final int WIDE = 1;
  private static final int METRIC_SUFFIX = 2;
  /** The entry is a prefix code and a run of hexadecimal digits, the count less one in the header. */
  private static final int HEX = 4;
  private static final int FLAGS = 3;
  /** The shortest run of hexadecimal digits worth packing. */
  private static final int MIN_HEX = 4;
  /**
   * The most distinct prefixes an arena keeps: ids whose text before the digits is unique (a
   * date, a user name) would otherwise fill the dictionary with one string per id.
   */
  private static final int MAX_PREFIXES = 1_024;
  private static final String HEX_DIGITS = "0123456789abcdef";
  private static final int RECENT_PREFIXES = 8;
  /** The value of each ASCII character as a lower-case hexadecimal digit, or -1. */
  private static final byte[] HEX_VALUE = new byte[128];

  static {
    Arrays.fill(HEX_VALUE, (byte) -1);
    for (int i = 0; i < 16; i++) {
      HEX_VALUE[HEX_DIGITS.charAt(i)] = (byte) i;
    }
  }
  /** The largest entry: two 5-byte ints, a header, a metric id and 200 UTF-16 characters. */
  private static final int MAX_ENTRY = 5 + 5 + 5 + 5 + 2 * 256;

  private final StringDictionary metrics;
  /** The texts before the hexadecimal runs of ids, by code. */
  private final StringDictionary prefixes = new StringDictionary();
  /** The codes of the last few prefixes used, tried before cutting and hashing the text. */
  private final int[] recentPrefixes = new int[RECENT_PREFIXES];
  private int nextRecentPrefix;
  private byte[][] pages = new byte[4][];
  private int page;
  private int position;

  /**
   * Creates an empty arena.
   *
   * @param metrics the tenant's metric dictionary, whose ids suffixes refer to
   */
  IdArena(StringDictionary metrics) {
    this.metrics = metrics;
    pages[0] = new byte[256];
  }

  /**
   * Stores an id recorded at a row and returns its offset.
   *
   * @param id the id, at most 256 characters
   * @param metricId the dictionary id of the row's metric: an id ending in "/" and its key stores
   *     that id instead; 0 for none
   * @param chunk the chunk's creation ordinal
   * @param row the row in the chunk
   * @return the offset
   * @throws IllegalStateException if the tenant's ids outgrow 2 GB
   */
  int add(String id, int metricId, int chunk, int row) {
    int length = id.length();
    if (metricId != 0) {
      String key = metrics.value(metricId);
      int cut = length - key.length() - 1;
      if (cut > 0 && id.charAt(cut) == '/' && id.endsWith(key)) {
        length = cut;
      } else {
        metricId = 0;
      }
    }
    int digits = 0;
    while (digits < length && isHexDigit(id.charAt(length - 1 - digits))) {
      digits++;
    }
    int prefix = 0;
    if (digits >= MIN_HEX) {
      prefix = recentPrefix(id, length - digits);
      if (prefix == 0) {
        String text = id.substring(0, length - digits);
        prefix = prefixes.find(text);
        if (prefix == 0 && prefixes.size() < MAX_PREFIXES) {
          prefix = prefixes.intern(text);
        }
        if (prefix != 0) {
          recentPrefixes[nextRecentPrefix] = prefix;
          nextRecentPrefix = (nextRecentPrefix + 1) % RECENT_PREFIXES;
        }
      }
    }
    int offset = reserve(MAX_ENTRY);
    byte[] b = pages[page];
    int p = position;
    p = writeVarint(b, p, chunk);
    p = writeVarint(b, p, row);
    int suffixFlag = metricId != 0 ? METRIC_SUFFIX : 0;
    if (prefix != 0) {
      p = writeVarint(b, p, (digits - 1) << FLAGS | HEX | suffixFlag);
      if (metricId != 0) {
        p = writeVarint(b, p, metricId);
      }
      p = writeVarint(b, p, prefix);
      int i = length - digits;
      for (; i + 1 < length; i += 2) {
        b[p++] = (byte) (hexValue(id.charAt(i)) << 4 | hexValue(id.charAt(i + 1)));
      }
      if (i < length) {
        b[p++] = (byte) (hexValue(id.charAt(i)) << 4);
      }
      position = p;
      return offset;
    }
    boolean wide = false;
    for (int i = 0; i < length; i++) {
      if (id.charAt(i) >= 0x80) {
        wide = true;
        break;
      }
    }
    p = writeVarint(b, p, length << FLAGS | (wide ? WIDE : 0) | suffixFlag);
    if (metricId != 0) {
      p = writeVarint(b, p, metricId);
    }
    if (wide) {
      for (int i = 0; i < length; i++) {
        char c = id.charAt(i);
        b[p++] = (byte) (c >>> 8);
        b[p++] = (byte) c;
      }
    } else {
      for (int i = 0; i < length; i++) {
        b[p++] = (byte) id.charAt(i);
      }
    }
    position = p;
    return offset;
  }

  /**
   * Stores a string that no row points back to, such as the id a reversal reverses.
   *
   * @param text at most 256 characters
   * @return the offset
   */
  int addText(String text) {
    return add(text, 0, 0, 0);
  }

  /** Returns the chunk ordinal recorded with the entry at {@code offset}. */
  int chunk(int offset) {
    return readVarint(pages[offset >>> PAGE_BITS], offset & (PAGE_SIZE - 1));
  }

  /** Returns the row recorded with the entry at {@code offset}. */
  int row(int offset) {
    byte[] b = pages[offset >>> PAGE_BITS];
    return readVarint(b, skipVarint(b, offset & (PAGE_SIZE - 1)));
  }

  /** Returns the string stored at {@code offset}. */
  String text(int offset) {
    return text(offset, true);
  }

  /**
   * Returns the string stored at {@code offset} without the {@code "/metric-key"} ending that
   * {@link #add} stored as a metric id: the fact part of a derived id, or the whole id.
   */
  String factText(int offset) {
    return text(offset, false);
  }

  private String text(int offset, boolean withSuffix) {
    byte[] b = pages[offset >>> PAGE_BITS];
    int p = skipVarint(b, skipVarint(b, offset & (PAGE_SIZE - 1)));
    int header = readVarint(b, p);
    p = skipVarint(b, p);
    String suffix = "";
    if ((header & METRIC_SUFFIX) != 0) {
      if (withSuffix) {
        suffix = "/" + metrics.value(readVarint(b, p));
      }
      p = skipVarint(b, p);
    }
    if ((header & HEX) != 0) {
      int digits = (header >>> FLAGS) + 1;
      String prefix = prefixes.value(readVarint(b, p));
      p = skipVarint(b, p);
      char[] chars = new char[digits];
      for (int i = 0; i < digits; i++) {
        int nibble = (i & 1) == 0 ? (b[p] & 0xFF) >>> 4 : b[p++] & 0x0F;
        chars[i] = HEX_DIGITS.charAt(nibble);
      }
      return prefix.concat(new String(chars)).concat(suffix);
    }
    int length = header >>> FLAGS;
    char[] chars = new char[length];
    if ((header & WIDE) != 0) {
      for (int i = 0; i < length; i++, p += 2) {
        chars[i] = (char) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
      }
    } else {
      for (int i = 0; i < length; i++) {
        chars[i] = (char) b[p++];
      }
    }
    return new String(chars).concat(suffix);
  }

  /** Returns whether the string stored at {@code offset} equals {@code s}, without decoding it. */
  boolean matches(int offset, String s) {
    byte[] b = pages[offset >>> PAGE_BITS];
    int p = skipVarint(b, skipVarint(b, offset & (PAGE_SIZE - 1)));
    int header = readVarint(b, p);
    p = skipVarint(b, p);
    if ((header & HEX) != 0) {
      return matchesHex(b, p, header, s);
    }
    int length = header >>> FLAGS;
    if ((header & METRIC_SUFFIX) != 0) {
      String key = metrics.value(readVarint(b, p));
      p = skipVarint(b, p);
      if (s.length() != length + 1 + key.length() || s.charAt(length) != '/' || !s.endsWith(key)) {
        return false;
      }
    } else if (s.length() != length) {
      return false;
    }
    if ((header & WIDE) != 0) {
      for (int i = 0; i < length; i++, p += 2) {
        if (s.charAt(i) != (char) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF))) {
          return false;
        }
      }
    } else {
      for (int i = 0; i < length; i++) {
        if (s.charAt(i) != (char) b[p++]) {
          return false;
        }
      }
    }
    return true;
  }

  /** Compares a packed entry, whose header was read and whose metric id is at {@code p}, with {@code s}. */
  private boolean matchesHex(byte[] b, int p, int header, String s) {
    int digits = (header >>> FLAGS) + 1;
    int length = s.length();
    if ((header & METRIC_SUFFIX) != 0) {
      String key = metrics.value(readVarint(b, p));
      p = skipVarint(b, p);
      length -= 1 + key.length();
      if (length < digits || s.charAt(length) != '/' || !s.endsWith(key)) {
        return false;
      }
    }
    String prefix = prefixes.value(readVarint(b, p));
    p = skipVarint(b, p);
    if (length != prefix.length() + digits || !s.startsWith(prefix)) {
      return false;
    }
    for (int i = 0, c = prefix.length(); i < digits; i++, c++) {
      int nibble = (i & 1) == 0 ? (b[p] & 0xFF) >>> 4 : b[p++] & 0x0F;
      if (s.charAt(c) != HEX_DIGITS.charAt(nibble)) {
        return false;
      }
    }
    return true;
  }

  /** Returns the code of a recent prefix that is the first {@code length} characters of {@code id}, or 0. */
  private int recentPrefix(String id, int length) {
    for (int code : recentPrefixes) {
      if (code != 0) {
        String prefix = prefixes.value(code);
        if (prefix.length() == length && id.startsWith(prefix)) {
          return code;
        }
      }
    }
    return 0;
  }

  private static boolean isHexDigit(char c) {
    return c < 128 && HEX_VALUE[c] >= 0;
  }

  private static int hexValue(char c) {
    return HEX_VALUE[c];
  }

  /** Returns the bytes the entries take, for memory accounting in tests. */
  long size() {
    return (long) page * PAGE_SIZE + position;
  }

  /** Returns the bytes the arena holds, for memory accounting in tests. */
  long capacity() {
    long bytes = 0;
    for (int i = 0; i <= page; i++) {
      bytes += pages[i].length;
    }
    return bytes;
  }

  /** Makes room for {@code bytes} at {@link #position} and returns the offset of that position. */
  private int reserve(int bytes) {
    byte[] current = pages[page];
    if (position + bytes > current.length) {
      if (page == 0 && current.length < PAGE_SIZE) {
        // The first page doubles, so that a tenant with a few events keeps a few hundred bytes.
        pages[0] = Arrays.copyOf(current, Math.min(PAGE_SIZE, Math.max(current.length * 2, position + bytes)));
      } else {
        // A page's tail that cannot hold the largest entry is left unused: at most 2 % of it.
        if (page + 1 == 1 << (31 - PAGE_BITS)) {
          throw new IllegalStateException("the event ids of one tenant exceed 2 GB");
        }
        page++;
        if (page == pages.length) {
          pages = Arrays.copyOf(pages, pages.length * 2);
        }
        pages[page] = new byte[PAGE_SIZE];
        position = 0;
      }
    }
    return page << PAGE_BITS | position;
  }

  private static int writeVarint(byte[] b, int p, int value) {
    while ((value & ~0x7F) != 0) {
      b[p++] = (byte) (value & 0x7F | 0x80);
      value >>>= 7;
    }
    b[p++] = (byte) value;
    return p;
  }

  private static int readVarint(byte[] b, int p) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[p++];
      value |= (x & 0x7F) << shift;
      if (x >= 0) {
        return value;
      }
    }
  }

  private static int skipVarint(byte[] b, int p) {
    while (b[p++] < 0) {
      // continuation bit set
    }
    return p;
  }
}
