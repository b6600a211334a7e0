package dev.usage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  private final StringWriter out = new StringWriter();
  private final Csv csv = new Csv(out);

  @Test
  void row_quotesOnlyWhatRfc4180Requires() {
    csv.row(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "Zoë 😀", ""));

    assertThat(out.toString())
        .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",Zoë 😀,\r\n");
  }

  @Test
  void text_startingAsAFormula_getsALeadingQuote() {
    csv.text("=1+2").text("+14155550100").text("-5").text("@SUM(A1)").text("\tx").text("a=b").end();

    assertThat(out.toString()).isEqualTo("'=1+2,'+14155550100,'-5,'@SUM(A1),'\tx,a=b\r\n");
  }

  @Test
  void text_formulaWithQuotesAndCommas_isGuardedThenQuoted() {
    csv.text("=HYPERLINK(\"http://x\",\"y\")").end();

    assertThat(out.toString()).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
  }

  @Test
  void number_keepsItsSign() {
    csv.number("-2.500000").number("0").text(null).end();

    assertThat(out.toString()).isEqualTo("-2.500000,0,\r\n");
  }
}
