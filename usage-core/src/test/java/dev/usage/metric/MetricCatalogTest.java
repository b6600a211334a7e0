package dev.usage.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricCatalogTest {

  private static final Metric TRANSCRIPTS = Metric.custom("acme:transcripts", Unit.COUNT, Aggregation.COUNT);

  @Test
  void builtIn_knowsEveryBuiltInMetricInOrder() {
    assertThat(MetricCatalog.builtIn().all()).containsExactlyElementsOf(Metrics.builtIn());
    assertThat(MetricCatalog.builtIn().get("voice_minutes")).isSameAs(Metrics.VOICE_MINUTES);
  }

  @Test
  void with_newMetric_isFoundAndListedAfterBuiltIns() {
    MetricCatalog catalog = MetricCatalog.builtIn().with(TRANSCRIPTS);

    assertThat(catalog.find("acme:transcripts")).contains(TRANSCRIPTS);
    assertThat(catalog.all()).endsWith(TRANSCRIPTS).hasSize(Metrics.builtIn().size() + 1);
  }

  @Test
  void with_leavesTheOriginalUnchanged() {
    MetricCatalog.builtIn().with(TRANSCRIPTS);

    assertThat(MetricCatalog.builtIn().find("acme:transcripts")).isEmpty();
  }

  @Test
  void with_sameMetricAgain_isANoOp() {
    MetricCatalog catalog = MetricCatalog.builtIn().with(TRANSCRIPTS);

    assertThat(catalog.with(Metric.custom("acme:transcripts", Unit.COUNT, Aggregation.COUNT))).isSameAs(catalog);
    assertThat(catalog.with(Metrics.CALLS)).isSameAs(catalog);
  }

  @Test
  void with_differentMetricUnderKnownKey_rejectedShowingBothDefinitions() {
    MetricCatalog catalog = MetricCatalog.builtIn().with(TRANSCRIPTS);
    Metric clash = Metric.custom("acme:transcripts", Unit.SECONDS, Aggregation.SUM);

    assertThatThrownBy(() -> catalog.with(clash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric key 'acme:transcripts' is already defined as COUNT/COUNT/scale 0 '' and cannot be "
            + "redefined as SECONDS/SUM/scale 0 ''");
  }

  @Test
  void with_builtInKeyRedefined_rejected() {
    Metric clash = new Metric("voice_minutes", Unit.SECONDS, Aggregation.MAX, 0, "peak");

    assertThatThrownBy(() -> MetricCatalog.builtIn().with(clash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'voice_minutes' is already defined as SECONDS/SUM/scale 0");
  }

  @Test
  void get_unknownKey_rejectedNamingIt() {
    assertThatThrownBy(() -> MetricCatalog.builtIn().get("acme:nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown metric 'acme:nope'");
  }

  @Test
  void find_unknownKey_isEmpty() {
    assertThat(MetricCatalog.builtIn().find("nope")).isEmpty();
  }

  @Test
  void nullArguments_namedThem() {
    assertThatThrownBy(() -> MetricCatalog.builtIn().with(null))
        .isInstanceOf(NullPointerException.class).hasMessage("metric");
    assertThatThrownBy(() -> MetricCatalog.builtIn().find(null))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void all_isUnmodifiable() {
    assertThatThrownBy(() -> MetricCatalog.builtIn().all().add(TRANSCRIPTS))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
