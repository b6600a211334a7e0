package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page's serialized DOM, read the few ways the browser tests need: an element's text by {@code
 * data-field}, a tag's attributes, a figure's chart marks, a table body's rows. The pages mark
 * what they fill with data attributes, so that plain patterns find it.
 *
 * <p>This class is immutable and thread-safe.
 */
record Dom(String html) {

  /** Returns the text of the first element with {@code data-field="field"} inside this markup. */
  String text(String field) {
    Matcher m = Pattern.compile("<[^>]*data-field=\"" + field + "\"[^>]*>([^<]*)<").matcher(html);
    assertThat(m.find()).as("element with data-field=%s", field).isTrue();
    return unescape(m.group(1));
  }

  /** Returns the start tag of the element whose start tag contains {@code marker}. */
  String tag(String marker) {
    int at = html.indexOf(marker);
    assertThat(at).as(marker).isNotNegative();
    return html.substring(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
  }

  /** Returns an attribute of the element whose start tag contains {@code marker}, or "" if it has none. */
  String attribute(String marker, String name) {
    return attr(tag(marker), name);
  }

  /** Returns the markup from the tag containing {@code marker} to the next {@code </end>}. */
  Dom section(String marker, String end) {
    int start = html.indexOf(marker);
    assertThat(start).as(marker).isNotNegative();
    int stop = html.indexOf("</" + end + ">", start);
    assertThat(stop).as("</%s> after %s", end, marker).isNotNegative();
    return new Dom(html.substring(html.lastIndexOf('<', start), stop));
  }

  /** Returns the markup of the chart {@code data-chart="name"}. */
  Dom chart(String name) {
    return section("data-chart=\"" + name + "\"", "figure");
  }

  /** Returns each mark's {@code data-day}, {@code data-value} and {@code data-series}, in document order. */
  List<String[]> marks(String element) {
    List<String[]> marks = new ArrayList<>();
    Matcher m = Pattern.compile("<" + element + "\\b[^>]*>").matcher(html);
    while (m.find()) {
      String tag = m.group();
      marks.add(new String[] {attr(tag, "data-day"), attr(tag, "data-value"), attr(tag, "data-series")});
    }
    return marks;
  }

  /** Returns the text of each cell of each {@code data-row} row of the table body {@code id="id"}. */
  List<List<String>> rows(String id) {
    Dom body = section("id=\"" + id + "\"", "tbody");
    List<List<String>> rows = new ArrayList<>();
    Matcher row = Pattern.compile("<tr [^>]*data-row=[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body.html);
    while (row.find()) {
      List<String> cells = new ArrayList<>();
      Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
      while (cell.find()) {
        cells.add(unescape(cell.group(1).replaceAll("<[^>]*>", "")));
      }
      rows.add(cells);
    }
    return rows;
  }

  /** Returns the value as the pages write it: half up to {@code decimals} places, with thousands separators. */
  static String number(JsonNode value, int decimals) {
    BigDecimal d = value.decimalValue().setScale(decimals, RoundingMode.HALF_UP);
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }

  /** Returns the value with the places it has, trailing zeros dropped, with thousands separators. */
  static String exact(JsonNode value) {
    BigDecimal d = value.decimalValue().stripTrailingZeros();
    return number(value, Math.max(0, d.scale()));
  }

  /** Returns an ISO instant as the pages write it, {@code YYYY-MM-DD HH:MM:SS}; "–" for null. */
  static String instant(JsonNode value) {
    String s = value.asText();
    return value.isNull() ? "–" : s.substring(0, 10) + " " + s.substring(11, 19);
  }

  /** Returns text as the pages write it: "–" for null. */
  static String orDash(JsonNode value) {
    return value.isNull() || value.isMissingNode() ? "–" : value.asText();
  }

  /** Returns money as the pages write it, {@code 12.34 USD}; "–" for null. */
  static String money(JsonNode value) {
    return value.isNull() ? "–" : number(value.path("amount"), 2) + " " + value.path("currency").asText();
  }

  boolean contains(String text) {
    return html.contains(text);
  }

  static String attr(String tag, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
    return m.find() ? unescape(m.group(1)) : "";
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", "\u00a0")
        .replace("&amp;", "&");
  }
}
