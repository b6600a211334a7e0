package dev.usage.metric;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class MetricProperties {

  @Property
  void custom_namespacedKeyIsAlwaysCustomAndCatalogued(@ForAll("parts") String namespace, @ForAll("parts") String name) {
    Metric metric = Metric.custom(namespace + ":" + name, Unit.CUSTOM, Aggregation.SUM);

    assertThat(metric.isCustom()).isTrue();
    assertThat(MetricCatalog.builtIn().with(metric).get(metric.key())).isEqualTo(metric);
  }

  @Property
  void toDecimal_unscaledValueAndScaleRoundTrip(@ForAll long unscaled, @ForAll @IntRange(min = 0, max = 9) int scale) {
    Metric metric = Metric.custom("acme:x", Unit.CUSTOM, Aggregation.SUM, scale, "");

    assertThat(metric.toDecimal(unscaled).unscaledValue().longValueExact()).isEqualTo(unscaled);
    assertThat(metric.toDecimal(unscaled).scale()).isEqualTo(scale);
  }

  @Provide
  Arbitrary<String> parts() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars('0', '9', '_', '.', '-').ofMaxLength(31)
        .map(s -> "k" + s);
  }
}
