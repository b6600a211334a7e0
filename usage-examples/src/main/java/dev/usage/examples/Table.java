package dev.usage.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A titled table of text cells, rendered with box-drawing characters for a terminal, as CSV or
 * as JSON objects keyed by column name.
 *
 * <p>This class is not thread-safe.
 */
final class Table {

  private final String title;
  private final List<String> columns;
  private final boolean[] numeric;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * Creates an empty table.
   *
   * @param title the heading
   * @param columns column names; a name ending in {@code >} is right-aligned (a number), the
   *     marker is not shown
   */
  Table(String title, String... columns) {
    this.title = requireNonNull(title, "title");
    this.columns = new ArrayList<>(columns.length);
    this.numeric = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      numeric[i] = columns[i].endsWith(">");
      this.columns.add(numeric[i] ? columns[i].substring(0, columns[i].length() - 1) : columns[i]);
    }
  }

  String title() {
    return title;
  }

  List<List<String>> rows() {
    return rows;
  }

  /** Adds a row; cells are strings or anything whose {@code toString} is the cell. */
  Table row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException("table '" + title + "' has " + columns.size() + " columns but a row has "
          + cells.length + " cells");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object c : cells) {
      row.add(c == null ? "" : c.toString());
    }
    rows.add(row);
    return this;
  }

  /** Writes the title and the table drawn with box-drawing characters. */
  void printBox(PrintWriter out) {
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = width(columns.get(i));
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], width(r.get(i)));
      }
    }
    out.println(title);
    out.println(line('┌', '┬', '┐', widths));
    out.println(cells(columns, widths));
    out.println(line('├', '┼', '┤', widths));
    for (List<String> r : rows) {
      out.println(cells(r, widths));
    }
    if (rows.isEmpty()) {
      out.println(cells(emptyRow(), widths));
    }
    out.println(line('└', '┴', '┘', widths));
    out.println();
  }

  /** Writes the title as a {@code #} line, then the header and rows as CSV. */
  void printCsv(PrintWriter out) {
    out.print("# " + title + "\r\n");
    Csv csv = new Csv(out);
    csv.row(columns);
    for (List<String> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        if (numeric[i]) {
          csv.number(r.get(i).replace(",", ""));
        } else {
          csv.text(r.get(i));
        }
      }
      csv.end();
    }
    out.print("\r\n");
  }

  /** Returns {@code {"title": ..., "rows": [{column: cell, ...}, ...]}}; numbers keep their text. */
  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("title", title);
    ArrayNode array = node.putArray("rows");
    for (List<String> r : rows) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < r.size(); i++) {
        o.put(columns.get(i), numeric[i] ? r.get(i).replace(",", "") : r.get(i));
      }
    }
    return node;
  }

  private List<String> emptyRow() {
    List<String> r = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      r.add(i == 0 ? "(none)" : "");
    }
    return r;
  }

  private String cells(List<String> values, int[] widths) {
    StringBuilder s = new StringBuilder("│");
    for (int i = 0; i < widths.length; i++) {
      String v = values.get(i);
      String pad = " ".repeat(widths[i] - width(v));
      s.append(' ').append(numeric[i] ? pad + v : v + pad).append(" │");
    }
    return s.toString();
  }

  private static String line(char left, char middle, char right, int[] widths) {
    StringBuilder s = new StringBuilder().append(left);
    for (int i = 0; i < widths.length; i++) {
      s.append("─".repeat(widths[i] + 2)).append(i == widths.length - 1 ? right : middle);
    }
    return s.toString();
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
