package dev.usage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The shared results of clean batches are values like any other result. */
class AppendResultProperties {

  @Property
  void ofAppendedEqualsTheResultWithEmptyLists(@ForAll @IntRange(min = 0, max = 100_000) int appended) {
    AppendResult expected = new AppendResult(appended, List.of(), List.of());

    assertThat(AppendResult.ofAppended(appended)).isEqualTo(expected).hasSameHashCodeAs(expected)
        .hasToString(expected.toString());
    assertThat(AppendResult.ofAppended(appended).isClean()).isTrue();
  }
}
