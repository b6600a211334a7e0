package dev.usage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsSegmentsTest {

  private static final String EMOJI = "\uD83D\uDE00"; // U+1F600 grinning face

  static Stream<Character> basicCharacters() {
    return ReferenceSegmenter.BASIC.stream();
  }

  static Stream<Character> extensionCharacters() {
    return ReferenceSegmenter.EXTENSION.chars().mapToObj(c -> (char) c);
  }

  @Test
  void basicTable_has127CharactersBesideTheEscape() {
    assertThat(ReferenceSegmenter.BASIC_COLUMNS).allSatisfy(c -> assertThat(c).hasSize(16));
    assertThat(ReferenceSegmenter.BASIC).hasSize(127).doesNotContain('\u001B');
  }

  @ParameterizedTest
  @MethodSource("basicCharacters")
  void analyze_basicCharacter_costsOneSeptet(char c) {
    SmsAnalysis analysis = SmsSegments.analyze(String.valueOf(c));

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(analysis.unitCount()).isEqualTo(1);
    assertThat(analysis.characterCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("extensionCharacters")
  void analyze_extensionCharacter_costsTwoSeptets(char c) {
    SmsAnalysis analysis = SmsSegments.analyze("a" + c);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(analysis.unitCount()).isEqualTo(3);
    assertThat(analysis.characterCount()).isEqualTo(2);
    assertThat(analysis.unitsPerSegment()).containsExactly(3);
  }

  @Test
  void analyze_everyOtherCodeUnit_isUcs2() {
    List<Character> wronglyGsm = new ArrayList<>();
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      String text = String.valueOf((char) c);
      boolean gsm = ReferenceSegmenter.isGsm(text);
      SmsAnalysis analysis = SmsSegments.analyze(text);
      if ((analysis.encoding() == SmsEncoding.GSM_7) != gsm) {
        wronglyGsm.add((char) c);
      }
    }
    assertThat(wronglyGsm).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ç", // small c cedilla: only the capital is at 0x09
        "È", // capital e grave: only the small one is in the table
        "\u201C", // left double quotation mark
        "\u2019", // right single quotation mark
        "`", // grave accent
        "\u00A0", // no-break space, Unicode's display fallback for a lone escape
        "\u2026", // horizontal ellipsis
        "\u0391", // Greek capital alpha, drawn as Latin A
        "\u001B", // the escape itself is a shift, not a character
        "\t", // horizontal tab
        "\u0000", // null, which some gateways confuse with @ at 0x00
      })
  void analyze_lookAlike_isUcs2(String lookAlike) {
    SmsAnalysis analysis = SmsSegments.analyze("Hi " + lookAlike);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(analysis.unitCount()).isEqualTo(4);
  }

  @Test
  void analyze_extensionCharacterInUcs2Message_costsOneUnit() {
    SmsAnalysis analysis = SmsSegments.analyze("{€}ж");

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(analysis.unitCount()).isEqualTo(4);
  }

  @Test
  void analyze_160BasicCharacters_isOneSegment() {
    SmsAnalysis analysis = SmsSegments.analyze("a".repeat(160));

    assertThat(analysis.segmentCount()).isEqualTo(1);
    assertThat(analysis.unitsPerSegment()).containsExactly(160);
  }

  @Test
  void analyze_161BasicCharacters_isTwoSegmentsOf153And8() {
    String text = "a".repeat(161);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(analysis.segments()).containsExactly("a".repeat(153), "a".repeat(8));
    assertThat(analysis.unitsPerSegment()).containsExactly(153, 8);
    assertThat(analysis.unitCount()).isEqualTo(161);
  }

  @Test
  void analyze_160SeptetsEndingInEscape_isOneSegment() {
    SmsAnalysis analysis = SmsSegments.analyze("a".repeat(158) + "€");

    assertThat(analysis.segmentCount()).isEqualTo(1);
    assertThat(analysis.unitCount()).isEqualTo(160);
    assertThat(analysis.characterCount()).isEqualTo(159);
  }

  @Test
  void analyze_escapeAtSegmentBoundary_movesToNextSegment() {
    String text = "a".repeat(152) + "€" + "b".repeat(10);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.segments()).containsExactly("a".repeat(152), "€" + "b".repeat(10));
    assertThat(analysis.unitsPerSegment()).containsExactly(152, 12);
    assertThat(analysis.unitCount()).isEqualTo(164);
  }

  @Test
  void analyze_escapeEndingExactlyAtLimit_staysInSegment() {
    String text = "a".repeat(151) + "[" + "b".repeat(10);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.segments()).containsExactly("a".repeat(151) + "[", "b".repeat(10));
    assertThat(analysis.unitsPerSegment()).containsExactly(153, 10);
  }

  @Test
  void analyze_onlyExtensionCharacters_fills152SeptetSegments() {
    SmsAnalysis analysis = SmsSegments.analyze("|".repeat(81));

    assertThat(analysis.unitsPerSegment()).containsExactly(152, 10);
    assertThat(analysis.segments()).containsExactly("|".repeat(76), "|".repeat(5));
  }

  @Test
  void analyze_70Ucs2Characters_isOneSegment() {
    SmsAnalysis analysis = SmsSegments.analyze("ж".repeat(70));

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(analysis.unitsPerSegment()).containsExactly(70);
  }

  @Test
  void analyze_71Ucs2Characters_isTwoSegmentsOf67And4() {
    SmsAnalysis analysis = SmsSegments.analyze("ж".repeat(71));

    assertThat(analysis.segments()).containsExactly("ж".repeat(67), "ж".repeat(4));
    assertThat(analysis.unitsPerSegment()).containsExactly(67, 4);
  }

  @Test
  void analyze_surrogatePairAtSegmentBoundary_movesToNextSegment() {
    String text = "ж".repeat(66) + EMOJI + "ж".repeat(5);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.segments()).containsExactly("ж".repeat(66), EMOJI + "ж".repeat(5));
    assertThat(analysis.unitsPerSegment()).containsExactly(66, 7);
    assertThat(analysis.unitCount()).isEqualTo(73);
    assertThat(analysis.characterCount()).isEqualTo(72);
  }

  @Test
  void analyze_unpairedSurrogateAtSegmentBoundary_mayBeCut() {
    String text = "ж".repeat(66) + "\uD83D" + "ж".repeat(5);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.unitsPerSegment()).containsExactly(67, 5);
    assertThat(analysis.characterCount()).isEqualTo(72);
  }

  @Test
  void analyze_emptyText_isOneEmptyGsmSegment() {
    SmsAnalysis analysis = SmsSegments.analyze("");

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(analysis.segments()).containsExactly("");
    assertThat(analysis.unitsPerSegment()).containsExactly(0);
    assertThat(analysis.segmentCount()).isEqualTo(1);
    assertThat(analysis.unitCount()).isZero();
    assertThat(analysis.characterCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD83D", "\uDE00", "a\uD83D", "\uDE00a", "\uDE00\uD83D"})
  void analyze_unpairedSurrogates_areUcs2OfOneUnitEach(String text) {
    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(analysis.unitCount()).isEqualTo(text.length());
    assertThat(analysis.characterCount()).isEqualTo(text.length());
    assertThat(analysis.segments()).containsExactly(text);
  }

  @Test
  void analyze_surrogatePair_isOneCharacterOfTwoUnits() {
    SmsAnalysis analysis = SmsSegments.analyze("a" + EMOJI);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(analysis.unitCount()).isEqualTo(3);
    assertThat(analysis.characterCount()).isEqualTo(2);
  }

  @Test
  void analyze_stringBuilder_matchesString() {
    String text = "a".repeat(152) + "€" + "b".repeat(10);

    SmsAnalysis analysis = SmsSegments.analyze(new StringBuilder(text));

    assertThat(analysis).isEqualTo(SmsSegments.analyze(text));
  }

  @Test
  void analyze_charBuffer_matchesString() {
    String text = "ж".repeat(66) + EMOJI + "ж".repeat(5);

    assertThat(SmsSegments.analyze(CharBuffer.wrap(text)))
        .isEqualTo(SmsSegments.analyze(text));
    assertThat(SmsSegments.analyze(CharBuffer.wrap("short")).segments()).containsExactly("short");
  }

  @Test
  void analyze_singleSegmentString_isNotCopied() {
    String text = "Your code is 123456";

    assertThat(SmsSegments.analyze(text).segments().get(0)).isSameAs(text);
  }

  @Test
  void analyze_null_throwsNamingText() {
    assertThatThrownBy(() -> SmsSegments.analyze(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @Test
  void analyze_moreSeptetsThanAnIntHolds_throws() {
    // 2^30 extension characters need 2^31 septets, one more than an int holds.
    CharSequence braces = new RepeatedChar('{', 1 << 30);

    assertThatThrownBy(() -> SmsSegments.analyze(braces))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "text of 1073741824 characters needs 2147483648 septets, more than the 2147483647"
                + " an SmsAnalysis can count");
  }

  @Test
  void segmentCount_null_throwsNamingText() {
    assertThatThrownBy(() -> SmsSegments.segmentCount(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @ParameterizedTest
  @MethodSource("edgeTexts")
  void segmentCount_matchesAnalyze(String text) {
    assertThat(SmsSegments.segmentCount(text))
        .isEqualTo(SmsSegments.analyze(text).segmentCount());
  }

  static Stream<String> edgeTexts() {
    return Stream.of(
        "",
        "a".repeat(160),
        "a".repeat(161),
        "a".repeat(306),
        "a".repeat(307),
        "a".repeat(158) + "€",
        "a".repeat(152) + "€" + "b".repeat(10),
        "|".repeat(81),
        "ж".repeat(70),
        "ж".repeat(71),
        "ж".repeat(66) + EMOJI + "ж".repeat(5),
        EMOJI.repeat(36),
        "\uD83D".repeat(140));
  }

  @Test
  void analyze_manySegments_areInOrder() {
    String text =
        IntStream.range(0, 1000).mapToObj(i -> (char) ('a' + i % 26)).map(String::valueOf)
            .reduce("", String::concat);

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.segmentCount()).isEqualTo(7);
    assertThat(String.join("", analysis.segments())).isEqualTo(text);
  }

  @Test
  void encoding_limits() {
    assertThat(SmsEncoding.GSM_7.singleSegmentLimit()).isEqualTo(160);
    assertThat(SmsEncoding.GSM_7.multipartSegmentLimit()).isEqualTo(153);
    assertThat(SmsEncoding.UCS_2.singleSegmentLimit()).isEqualTo(70);
    assertThat(SmsEncoding.UCS_2.multipartSegmentLimit()).isEqualTo(67);
  }

  /** A long text that takes no memory, to reach limits no real message does. */
  private record RepeatedChar(char c, int length) implements CharSequence {

    @Override
    public char charAt(int index) {
      return c;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new RepeatedChar(c, end - start);
    }

    @Override
    public String toString() {
      return String.valueOf(c).repeat(length);
    }
  }
}
