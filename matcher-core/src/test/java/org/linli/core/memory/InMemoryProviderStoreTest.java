package org.linli.core.memory;

import org.linli.core.provider.ProviderStore;

class InMemoryProviderStoreTest extends ProviderStoreContract {
  private final InMemoryProviderStore store = new InMemoryProviderStore();

  @Override
  protected ProviderStore store() {
    return store;
  }

  @Override
  protected void provider(String id, String agencyId, int capacity, int activeCases) {
    store.imported(id, agencyId, capacity, activeCases);
  }
}
