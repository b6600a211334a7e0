package dev.usage.store;

import dev.usage.spi.LedgerStore;
import dev.usage.tck.LedgerStoreContractKit;

class InMemoryLedgerStoreContractTest extends LedgerStoreContractKit {

  @Override
  protected LedgerStore newStore() {
    return new InMemoryUsageStore();
  }
}
