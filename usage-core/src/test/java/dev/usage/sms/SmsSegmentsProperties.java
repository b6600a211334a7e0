package dev.usage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;

class SmsSegmentsProperties {

  /**
   * Sizes spread evenly up to three segments' worth, since jqwik's default favours short lists
   * and would rarely reach a segment boundary.
   */
  private static final RandomDistribution UNIFORM = RandomDistribution.uniform();

  // ceilDiv stands in for Guava's IntMath.divide(x, d, CEILING) over the lengths it is given.
  @Property(tries = 5000)
  void ceilDiv_isTheExactQuotientRoundedUp(
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int dividend, @ForAll @Positive int divisor) {
    int expected = new BigDecimal(dividend).divide(new BigDecimal(divisor), 0, RoundingMode.CEILING).intValueExact();

    assertThat(SmsSegments.ceilDiv(dividend, divisor)).isEqualTo(expected);
  }

  @Property
  void segments_concatenateToText(@ForAll("smsTexts") String text) {
    assertThat(String.join("", SmsSegments.analyze(text).segments())).isEqualTo(text);
  }

  @Property
  void segments_fitTheirLimitAndHoldTheUnitsReported(@ForAll("smsTexts") String text) {
    SmsAnalysis analysis = SmsSegments.analyze(text);
    int limit =
        analysis.segmentCount() == 1
            ? analysis.encoding().singleSegmentLimit()
            : analysis.encoding().multipartSegmentLimit();

    for (int k = 0; k < analysis.segmentCount(); k++) {
      String segment = analysis.segments().get(k);
      int units = ReferenceSegmenter.units(segment, analysis.encoding());
      assertThat(analysis.unitsPerSegment().get(k)).isEqualTo(units).isLessThanOrEqualTo(limit);
    }
  }

  @Property
  void segmentCount_isTheFewestPossible(@ForAll("smsTexts") String text) {
    int fewest = ReferenceSegmenter.minimumSegments(text);

    assertThat(SmsSegments.analyze(text).segmentCount()).isEqualTo(fewest);
    assertThat(SmsSegments.segmentCount(text)).isEqualTo(fewest);
  }

  @Property
  void encodingAndUnits_matchReference(@ForAll("smsTexts") String text) {
    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.encoding()).isEqualTo(ReferenceSegmenter.encoding(text));
    assertThat(analysis.unitCount()).isEqualTo(ReferenceSegmenter.units(text));
    assertThat(analysis.characterCount()).isEqualTo(text.codePointCount(0, text.length()));
  }

  @Property
  void unitCount_isSumOfUnitsPerSegment(@ForAll("smsTexts") String text) {
    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.unitsPerSegment().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(analysis.unitCount());
  }

  @Property
  void segments_neverSplitASurrogatePair(@ForAll("smsTexts") String text) {
    List<String> segments = SmsSegments.analyze(text).segments();

    for (int k = 1; k < segments.size(); k++) {
      String before = segments.get(k - 1);
      String after = segments.get(k);
      boolean splitsPair =
          Character.isHighSurrogate(before.charAt(before.length() - 1))
              && Character.isLowSurrogate(after.charAt(0));
      assertThat(splitsPair).as("pair split between segments %s and %s", k - 1, k).isFalse();
    }
  }

  @Property
  void basicOnlyText_costsOneSeptetPerCharacter(@ForAll("basicTexts") String text) {
    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(analysis.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(analysis.unitCount()).isEqualTo(text.length());
    assertThat(analysis.characterCount()).isEqualTo(text.length());
  }

  @Property
  void anyCharSequence_isAnalyzedAsItsString(@ForAll("smsTexts") String text) {
    assertThat(SmsSegments.analyze(new StringBuilder(text))).isEqualTo(SmsSegments.analyze(text));
  }

  /**
   * Texts around the segment limits: all-basic, GSM with escapes, UCS-2 with pairs and unpaired
   * surrogates, and any code units at all, including controls, U+001B and noncharacters.
   */
  @Provide
  Arbitrary<String> smsTexts() {
    Arbitrary<String> basic = Arbitraries.of(basicCharacters()).map(String::valueOf);
    Arbitrary<String> extension =
        Arbitraries.of(ReferenceSegmenter.EXTENSION.chars().boxed().collect(Collectors.toList()))
            .map(Character::toString);
    Arbitrary<String> bmp = Arbitraries.chars().range('\u0080', '\uD7FF').map(String::valueOf);
    Arbitrary<String> supplementary =
        Arbitraries.integers()
            .between(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT)
            .map(Character::toString);
    Arbitrary<String> loneSurrogate =
        Arbitraries.chars()
            .range(Character.MIN_SURROGATE, Character.MAX_SURROGATE)
            .map(String::valueOf);
    Arbitrary<String> anyUnit = Arbitraries.chars().all().map(String::valueOf);

    Arbitrary<String> gsm =
        concatenations(Arbitraries.frequencyOf(Tuple.of(5, basic), Tuple.of(1, extension)), 480);
    Arbitrary<String> ucs2 =
        concatenations(
            Arbitraries.frequencyOf(
                Tuple.of(4, basic),
                Tuple.of(1, extension),
                Tuple.of(3, bmp),
                Tuple.of(3, supplementary),
                Tuple.of(1, loneSurrogate)),
            250);
    Arbitrary<String> any = concatenations(anyUnit, 250);
    return Arbitraries.oneOf(gsm, ucs2, any, Arbitraries.strings().all().ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> basicTexts() {
    return concatenations(Arbitraries.of(basicCharacters()).map(String::valueOf), 500);
  }

  private static List<Character> basicCharacters() {
    return List.copyOf(ReferenceSegmenter.BASIC);
  }

  private static Arbitrary<String> concatenations(Arbitrary<String> pieces, int maxPieces) {
    return pieces
        .list()
        .ofMaxSize(maxPieces)
        .withSizeDistribution(UNIFORM)
        .map(parts -> String.join("", parts));
  }
}
