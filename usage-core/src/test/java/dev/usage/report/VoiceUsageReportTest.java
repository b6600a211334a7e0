package dev.usage.report;

import static dev.usage.report.ReportFixture.elementFieldNames;
import static dev.usage.report.ReportFixture.fieldNames;
import static dev.usage.report.ReportFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.usage.time.UsageRange;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VoiceUsageReportTest {

  static final UsageRange MAY = UsageRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31));
  static final LocalDate MAY_2 = LocalDate.of(2026, 5, 2);
  static final LocalDate MAY_3 = LocalDate.of(2026, 5, 3);

  final ReportFixture fixture = new ReportFixture();

  static Instant at(String text) {
    return Instant.parse(text);
  }

  void speech() {
    fixture.stt(at("2026-05-02T10:00:00Z"), "deepgram", "nova-2", 30);
    fixture.stt(at("2026-05-02T11:00:00Z"), "deepgram", "nova-2", 45);
    fixture.stt(at("2026-05-03T11:00:00Z"), "deepgram", "nova-2", 5);
    fixture.stt(at("2026-05-03T12:00:00Z"), "azure", "whisper", 60);
    fixture.tts(at("2026-05-02T10:00:00Z"), "elevenlabs", "eleven_turbo_v2", 120);
    fixture.tts(at("2026-05-03T10:00:00Z"), "elevenlabs", "eleven_turbo_v2", 80);
    fixture.tts(at("2026-05-03T10:00:00Z"), "openai", "tts-1", 50);
  }

  @Test
  @DisplayName("totals, per-model sums and daily rows of speech to text and text to speech")
  void compute_totalsByProviderAndRows() {
    speech();

    VoiceUsageReport report = fixture.voiceReport(MAY);

    assertThat(report.totalSttDurationSeconds()).isEqualTo(140);
    assertThat(report.totalSttMessages()).isEqualTo(4);
    assertThat(report.totalTtsCharacters()).isEqualTo(250);
    assertThat(report.totalTtsMessages()).isEqualTo(3);
    assertThat(report.sttByProvider()).containsExactly(
        new VoiceUsageReport.SttTotal("azure", "whisper", 60, 1),
        new VoiceUsageReport.SttTotal("deepgram", "nova-2", 80, 3));
    assertThat(report.ttsByProvider()).containsExactly(
        new VoiceUsageReport.TtsTotal("elevenlabs", "eleven_turbo_v2", 200, 2),
        new VoiceUsageReport.TtsTotal("openai", "tts-1", 50, 1));
    assertThat(report.sttRows()).containsExactly(
        new VoiceUsageReport.SttRow(MAY_2, "deepgram", "nova-2", 75, 2),
        new VoiceUsageReport.SttRow(MAY_3, "azure", "whisper", 60, 1),
        new VoiceUsageReport.SttRow(MAY_3, "deepgram", "nova-2", 5, 1));
    assertThat(report.ttsRows()).containsExactly(
        new VoiceUsageReport.TtsRow(MAY_2, "elevenlabs", "eleven_turbo_v2", 120, 1),
        new VoiceUsageReport.TtsRow(MAY_3, "elevenlabs", "eleven_turbo_v2", 80, 1),
        new VoiceUsageReport.TtsRow(MAY_3, "openai", "tts-1", 50, 1));
  }

  @Test
  @DisplayName("a reversed transcription or synthesis counts zero messages, zero seconds and characters")
  void compute_reversedSpeechCountsZero() {
    fixture.stt(at("2026-05-02T10:00:00Z"), "deepgram", "nova-2", 30);
    fixture.reverse(fixture.stt(at("2026-05-02T11:00:00Z"), "deepgram", "nova-2", 45));
    fixture.reverse(fixture.tts(at("2026-05-02T10:00:00Z"), "openai", "tts-1", 50));

    VoiceUsageReport report = fixture.voiceReport(MAY);

    assertThat(report.sttRows()).containsExactly(new VoiceUsageReport.SttRow(MAY_2, "deepgram", "nova-2", 30, 1));
    assertThat(report.totalTtsMessages()).isZero();
    assertThat(report.totalTtsCharacters()).isZero();
  }

  @Test
  @DisplayName("merging adjacent reports equals the report of the union")
  void merge_equalsUnion() {
    speech();
    UsageRange first = UsageRange.of(LocalDate.of(2026, 5, 1), MAY_2);
    UsageRange rest = UsageRange.of(MAY_3, LocalDate.of(2026, 5, 31));

    assertThat(fixture.voiceReport(first).merge(fixture.voiceReport(rest))).isEqualTo(fixture.voiceReport(MAY));
  }

  @Test
  @DisplayName("the default range is every UTC day of the current month")
  void defaultRange_thisMonth() {
    Clock clock = Clock.fixed(at("2026-05-01T00:00:00Z"), ZoneOffset.UTC);

    assertThat(VoiceUsageReport.defaultRange(clock)).isEqualTo(MAY);
  }

  @Test
  @DisplayName("a plain ObjectMapper writes exactly the documented field names")
  void json_fieldNames() {
    speech();

    JsonNode node = json(fixture.voiceReport(MAY));

    assertThat(fieldNames(node)).containsExactly("totalSttDurationSeconds", "totalSttMessages",
        "totalTtsCharacters", "totalTtsMessages", "sttByProvider", "ttsByProvider", "sttRows", "ttsRows");
    assertThat(elementFieldNames(node.get("sttByProvider")))
        .isEqualTo(Set.of(List.of("provider", "model", "durationSeconds", "messages")));
    assertThat(elementFieldNames(node.get("ttsByProvider")))
        .isEqualTo(Set.of(List.of("provider", "model", "characters", "messages")));
    assertThat(elementFieldNames(node.get("sttRows")))
        .isEqualTo(Set.of(List.of("date", "provider", "model", "durationSeconds", "messages")));
    assertThat(elementFieldNames(node.get("ttsRows")))
        .isEqualTo(Set.of(List.of("date", "provider", "model", "characters", "messages")));
    assertThat(node.get("sttRows").get(0).get("date").asText()).isEqualTo("2026-05-02");
  }
}
