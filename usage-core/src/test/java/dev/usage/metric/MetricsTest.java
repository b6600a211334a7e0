package dev.usage.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void builtIn_keysAreDistinct() {
    assertThat(Metrics.builtIn()).extracting(Metric::key).doesNotHaveDuplicates();
  }

  @Test
  void builtIn_listsEveryConstant() throws IllegalAccessException {
    List<Object> constants = new java.util.ArrayList<>();
    for (Field f : Metrics.class.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers()) && f.getType() == Metric.class) {
        constants.add(f.get(null));
      }
    }

    assertThat(Metrics.builtIn()).containsExactlyInAnyOrderElementsOf(
        constants.stream().map(Metric.class::cast).toList());
  }

  @Test
  void builtIn_wholeUnitsAndTimeInSeconds() {
    assertThat(Metrics.builtIn()).allSatisfy(m -> {
      assertThat(m.scale()).isZero();
      assertThat(m.description()).isNotBlank();
      if (m.key().endsWith("_minutes") || m.key().endsWith("_seconds")) {
        assertThat(m.unit()).isEqualTo(Unit.SECONDS);
      }
    });
  }

  @Test
  void builtIn_countsAreCountedAndGaugesTakeTheMax() {
    assertThat(Metrics.builtIn()).allSatisfy(m -> {
      if (m.unit() == Unit.COUNT) {
        assertThat(m.aggregation()).isEqualTo(Aggregation.COUNT);
      }
      if (m.unit() == Unit.ITEMS) {
        assertThat(m.aggregation()).isEqualTo(Aggregation.MAX);
      }
    });
    assertThat(Arrays.asList(Metrics.PHONE_NUMBERS, Metrics.CONCURRENT_CALLS, Metrics.HUMAN_AGENT_SEATS))
        .extracting(Metric::aggregation).containsOnly(Aggregation.MAX);
  }

  @Test
  void builtIn_keysAreStable() {
    // Stores persist these keys; renaming one orphans stored usage.
    assertThat(Metrics.builtIn()).extracting(Metric::key).containsExactly(
        "voice_minutes", "chat_minutes", "calls", "missed_calls", "calls_in_progress", "inbound_minutes",
        "ai_dial_attempts", "ai_connected_minutes_standard", "ai_connected_minutes_premium",
        "human_dial_attempts", "human_connected_minutes", "sms_outbound", "sms_inbound", "sms_characters",
        "ai_sms_replies", "voicemail_drops", "ringless_voicemail", "ai_text_queries", "human_messages", "ai_messages",
        "prompt_tokens", "completion_tokens", "cached_tokens", "audio_input_tokens", "audio_output_tokens",
        "stt_seconds", "tts_characters", "workflow_runs_success", "workflow_runs_failed", "phone_numbers",
        "concurrent_calls", "human_agent_seats");
  }
}
