package org.linli.core.memory;

import org.linli.core.cases.CaseStore;

class InMemoryCaseStoreTest extends CaseStoreContract {
  @Override
  protected CaseStore store() {
    return new InMemoryCaseStore(RULES);
  }
}
