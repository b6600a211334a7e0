package dev.usage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmsAnalysisTest {

  @Test
  void new_copiesLists() {
    List<String> segments = new ArrayList<>(List.of("hi"));

    SmsAnalysis analysis = new SmsAnalysis(SmsEncoding.GSM_7, 2, 2, segments, List.of(2));
    segments.add("there");

    assertThat(analysis.segments()).containsExactly("hi");
    assertThatThrownBy(() -> analysis.segments().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void new_nullEncoding_throwsNamingIt() {
    assertThatThrownBy(() -> new SmsAnalysis(null, 0, 0, List.of(""), List.of(0)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("encoding");
  }

  @Test
  void new_noSegments_throws() {
    assertThatThrownBy(() -> new SmsAnalysis(SmsEncoding.GSM_7, 0, 0, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segments [] are empty; empty text is one empty segment");
  }

  @Test
  void new_negativeCharacterCount_throws() {
    assertThatThrownBy(() -> new SmsAnalysis(SmsEncoding.GSM_7, -1, 0, List.of(""), List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("character count -1 is negative");
  }

  @Test
  void new_listsOfDifferentSizes_throws() {
    assertThatThrownBy(
            () -> new SmsAnalysis(SmsEncoding.GSM_7, 2, 2, List.of("a", "b"), List.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("units per segment has 1 entries but there are 2 segments");
  }

  @Test
  void new_multipartSegmentOverLimit_throws() {
    assertThatThrownBy(
            () -> new SmsAnalysis(SmsEncoding.UCS_2, 70, 70, List.of("a", "b"), List.of(68, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "segment 0 holds 68 units, outside 0 to 67 for its encoding and segment count");
  }

  @Test
  void new_unitCountNotSum_throws() {
    assertThatThrownBy(() -> new SmsAnalysis(SmsEncoding.GSM_7, 2, 3, List.of("ab"), List.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unit count 3 is not the sum of units per segment 2");
  }

  @Test
  void segmentCount_isSegmentsSize() {
    SmsAnalysis analysis =
        new SmsAnalysis(SmsEncoding.GSM_7, 161, 161, List.of("a", "b"), List.of(153, 8));

    assertThat(analysis.segmentCount()).isEqualTo(2);
  }
}
