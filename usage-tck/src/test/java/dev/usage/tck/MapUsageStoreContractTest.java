package dev.usage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.usage.event.Dimensions;
import dev.usage.metric.Metrics;
import dev.usage.spi.StoreCapability;
import dev.usage.spi.UsageStore;
import dev.usage.tck.example.MapUsageStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store of the README's "Write your own store" section passes the contract kit as written. */
class MapUsageStoreContractTest extends UsageStoreContractKit {

  @Override
  protected UsageStore newStore() {
    return new MapUsageStore();
  }

  @Test
  void declaresNoCapability() {
    assertThat(store.capabilities()).doesNotContain(StoreCapability.values());
  }

  @Test
  void refusesAMixedTenantBatch_namingBothTenants() {
    assertThatThrownBy(() -> store.append(List.of(
            event("a", ACME, Metrics.CALLS, 1, MAY_1, Dimensions.none()),
            event("b", GLOBEX, Metrics.CALLS, 1, MAY_1, Dimensions.none()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ACME.toString())
        .hasMessageContaining(GLOBEX.toString());
  }
}
