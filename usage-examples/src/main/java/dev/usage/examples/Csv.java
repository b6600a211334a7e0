package dev.usage.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes CSV as RFC 4180 says: fields separated by commas, records ended by CRLF, and a field
 * quoted, its quotes doubled, when it holds a comma, a quote, a CR or an LF.
 *
 * <p>Text fields are also made safe to open in a spreadsheet (OWASP "CSV injection"): a text that
 * starts with {@code = + - @}, a tab or a CR would be read as a formula, so it is written with a
 * leading {@code '}. Numbers the caller formats itself are written with {@link #number}, which
 * skips that guard so that a negative amount stays a number.
 *
 * <p>This class is not thread-safe.
 */
final class Csv {

  private final Writer out;
  private boolean firstField = true;

  Csv(Writer out) {
    this.out = out;
  }

  /** Writes a record of text fields. */
  Csv row(List<String> fields) {
    fields.forEach(this::text);
    return end();
  }

  /** Writes a text field, guarded against formula injection and quoted as needed. */
  Csv text(String value) {
    return field(escape(guard(value == null ? "" : value)));
  }

  /** Writes a number formatted by the caller, quoted only as RFC 4180 needs. */
  Csv number(String value) {
    return field(escape(value));
  }

  /** Ends the current record. */
  Csv end() {
    write("\r\n");
    firstField = true;
    return this;
  }

  /** Returns {@code value} with a leading {@code '} when a spreadsheet would read it as a formula. */
  static String guard(String value) {
    if (value.isEmpty()) {
      return value;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
  }

  /** Returns {@code value} quoted when RFC 4180 requires it. */
  static String escape(String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private Csv field(String escaped) {
    if (!firstField) {
      write(",");
    }
    write(escaped);
    firstField = false;
    return this;
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
