package dev.usage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks {@link SmsSegments} against vectors produced with a public segment calculator. */
class SmsVectorsTest {

  private static final String VECTORS = "/vectors/sms-public.json";

  @TestFactory
  Stream<DynamicTest> analyze_matchesPublicCalculator() throws IOException {
    return cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.path("name").asText(), () -> check(c)));
  }

  @Test
  void vectors_areAllRead() throws IOException {
    assertThat(cases()).hasSize(24);
  }

  private static void check(JsonNode vector) {
    String text = vector.path("text").asText();
    List<Integer> segmentUnits = new ArrayList<>();
    vector.path("segment_units").forEach(n -> segmentUnits.add(n.asInt()));

    SmsAnalysis analysis = SmsSegments.analyze(text);

    assertThat(label(analysis.encoding())).isEqualTo(vector.path("encoding").asText());
    assertThat(analysis.segmentCount()).isEqualTo(vector.path("segments").asInt());
    assertThat(analysis.unitCount()).isEqualTo(vector.path("units").asInt());
    assertThat(analysis.unitsPerSegment()).isEqualTo(segmentUnits);
    assertThat(String.join("", analysis.segments())).isEqualTo(text);
    assertThat(SmsSegments.segmentCount(text)).isEqualTo(analysis.segmentCount());
  }

  private static String label(SmsEncoding encoding) {
    return switch (encoding) {
      case GSM_7 -> "GSM-7";
      case UCS_2 -> "UCS-2";
    };
  }

  private static List<JsonNode> cases() throws IOException {
    try (InputStream in = SmsVectorsTest.class.getResourceAsStream(VECTORS)) {
      assertThat(in).as("classpath resource %s", VECTORS).isNotNull();
      List<JsonNode> cases = new ArrayList<>();
      new ObjectMapper().readTree(in).path("cases").forEach(cases::add);
      return cases;
    }
  }
}
