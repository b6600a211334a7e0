package dev.usage.store;

import dev.usage.spi.UsageStore;
import dev.usage.tck.UsageStoreContractKit;

class InMemoryUsageStoreContractTest extends UsageStoreContractKit {

  @Override
  protected UsageStore newStore() {
    return new InMemoryUsageStore();
  }
}
