package dev.usage.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricTest {

  @ParameterizedTest
  @ValueSource(strings = {"calls", "voice_minutes", "a", "x1.y-z", "acme:transcripts", "a-b.c:d_e"})
  void new_wellFormedKey_accepted(String key) {
    assertThat(new Metric(key, Unit.COUNT, Aggregation.COUNT, 0, "").key()).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Calls", "1calls", "_calls", "voice minutes", "a:b:c", ":calls", "acme:", "é",
      "abcdefghijklmnopqrstuvwxyz0123456"})
  void new_malformedKey_rejectedNamingIt(String key) {
    assertThatThrownBy(() -> new Metric(key, Unit.COUNT, Aggregation.COUNT, 0, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric key '" + key + "' must be lowercase letters, digits, '_', '.' or '-', optionally after "
            + "a 'namespace:' prefix, at most 32 characters each");
  }

  @Test
  void new_longestKey_isTwoPartsOf32() {
    String part = "a".repeat(32);

    assertThat(new Metric(part + ":" + part, Unit.COUNT, Aggregation.COUNT, 0, "").key()).hasSize(65);
  }

  @Test
  void new_scaleOutOfRange_rejectedNamingScaleAndKey() {
    assertThatThrownBy(() -> new Metric("acme:x", Unit.CUSTOM, Aggregation.SUM, 10, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric scale must be 0 to 9 but was 10 for acme:x");
    assertThatThrownBy(() -> new Metric("acme:x", Unit.CUSTOM, Aggregation.SUM, -1, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric scale must be 0 to 9 but was -1 for acme:x");
  }

  @Test
  void new_nullPart_namesIt() {
    assertThatThrownBy(() -> new Metric(null, Unit.COUNT, Aggregation.COUNT, 0, ""))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> new Metric("x", null, Aggregation.COUNT, 0, ""))
        .isInstanceOf(NullPointerException.class).hasMessage("unit");
    assertThatThrownBy(() -> new Metric("x", Unit.COUNT, null, 0, ""))
        .isInstanceOf(NullPointerException.class).hasMessage("aggregation");
    assertThatThrownBy(() -> new Metric("x", Unit.COUNT, Aggregation.COUNT, 0, null))
        .isInstanceOf(NullPointerException.class).hasMessage("description");
  }

  @Test
  void custom_namespacedKey_isCustomWithScaleZero() {
    Metric metric = Metric.custom("acme:transcripts", Unit.COUNT, Aggregation.COUNT);

    assertThat(metric.isCustom()).isTrue();
    assertThat(metric.scale()).isZero();
    assertThat(metric.description()).isEmpty();
  }

  @Test
  void custom_withoutNamespace_rejectedSuggestingOne() {
    assertThatThrownBy(() -> Metric.custom("transcripts", Unit.COUNT, Aggregation.COUNT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user-defined metric key 'transcripts' needs a namespace, e.g. 'acme:transcripts'");
  }

  @Test
  void custom_malformedNamespace_rejected() {
    assertThatThrownBy(() -> Metric.custom("Acme:transcripts", Unit.COUNT, Aggregation.COUNT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metric key 'Acme:transcripts' must be lowercase");
  }

  @Test
  void isCustom_falseForBuiltIns() {
    assertThat(Metrics.builtIn()).noneMatch(Metric::isCustom);
  }

  @Test
  void toDecimal_appliesTheScale() {
    Metric gbHours = Metric.custom("acme:storage_gb_hours", Unit.CUSTOM, Aggregation.SUM, 3, "GB-hours");

    assertThat(gbHours.toDecimal(1_234)).isEqualTo(new BigDecimal("1.234"));
    assertThat(Metrics.CALLS.toDecimal(7)).isEqualTo(BigDecimal.valueOf(7));
  }

  @Test
  void toString_isTheKey() {
    assertThat(Metrics.VOICE_MINUTES).hasToString("voice_minutes");
  }
}
