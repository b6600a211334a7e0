package dev.usage.jdbc;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes and reads the custom dimensions column: a JSON object of strings, keys sorted.
 *
 * <p>JSON rather than a child table keeps an event one row, so that scans and duplicate checks
 * read one row per event; custom dimensions are never grouped or filtered by in SQL. The codec is
 * hand-written because the library depends on nothing but {@code usage-core}; it reads any JSON
 * object of strings, including PostgreSQL's {@code jsonb} output, should a deployment convert the
 * column.
 */
final class CustomDimensionsJson {

  private CustomDimensionsJson() {}

  /** Returns the JSON text of {@code values}, or {@code null} when there are none. */
  static String write(SortedMap<String, String> values) {
    if (values.isEmpty()) {
      return null;
    }
    StringBuilder s = new StringBuilder(values.size() * 32).append('{');
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (s.length() > 1) {
        s.append(',');
      }
      string(s, e.getKey()).append(':');
      string(s, e.getValue());
    }
    return s.append('}').toString();
  }

  /**
   * Reads JSON text written by {@link #write}.
   *
   * @throws IllegalArgumentException if the text is not a JSON object of strings
   */
  static SortedMap<String, String> read(String json) {
    SortedMap<String, String> values = new TreeMap<>();
    if (json == null) {
      return values;
    }
    Reader r = new Reader(json);
    r.expect('{');
    if (!r.consume('}')) {
      do {
        String key = r.string();
        r.expect(':');
        values.put(key, r.string());
      } while (r.consume(','));
      r.expect('}');
    }
    r.end();
    return values;
  }

  private static StringBuilder string(StringBuilder s, String value) {
    s.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        default -> {
          if (c < 0x20) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"');
  }

  private static final class Reader {
    private final String text;
    private int pos;

    Reader(String text) {
      this.text = text;
    }

    void expect(char c) {
      if (!consume(c)) {
        throw malformed("expected '" + c + "'");
      }
    }

    boolean consume(char c) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void end() {
      skipSpace();
      if (pos != text.length()) {
        throw malformed("unexpected text after the object");
      }
    }

    String string() {
      expect('"');
      StringBuilder s = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '"') {
          return s.toString();
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        if (pos >= text.length()) {
          break;
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> s.append(e);
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw malformed("truncated \\u escape");
            }
            try {
              s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw malformed("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw malformed("bad escape \\" + e);
        }
      }
      throw malformed("unterminated string");
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException malformed(String why) {
      return new IllegalArgumentException("malformed custom dimensions JSON at offset " + pos + ": " + why);
    }
  }
}
