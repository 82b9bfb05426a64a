package org.linli.core.memory;

import org.linli.core.accounts.UserStore;

class InMemoryUserStoreTest extends UserStoreContract {
  private final InMemoryUserStore store = new InMemoryUserStore();

  @Override
  protected UserStore store() {
    return store;
  }
}
