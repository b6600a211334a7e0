package dev.usage.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class CreditsProperties {

  @Property
  void parse_roundTripsToString(@ForAll long micros) {
    Credits c = Credits.ofMicros(micros);

    assertThat(Credits.parse(c.toString())).isEqualTo(c);
    assertThat(Credits.of(c.toBigDecimal())).isEqualTo(c);
  }
}
