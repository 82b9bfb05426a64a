package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.linli.core.cases.CaseCommand;
import org.linli.core.cases.CaseStore;
import org.linli.core.cases.ReferralCase;
import org.linli.core.memory.CaseStoreContract;
import org.linli.core.memory.ProviderStoreContract;
import org.linli.core.provider.ProviderStore;
import org.linli.server.cluster.HazelcastCaseStore;
import org.linli.server.cluster.HazelcastProviderStore;
import org.linli.server.store.CaseCodec;

/**
 * The port contract tests of matcher-core, run against the Hazelcast implementations on a real
 * member whose maps write through to the database (embedded H2, or PostgreSQL in the build's second
 * pass): the same tests the in-memory ports pass.
 */
class HazelcastPortsApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Nested
  class Cases extends CaseStoreContract {
    private final String prefix = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @Override
    protected CaseStore store() {
      return new HazelcastCaseStore(RULES).attach(s.server.cluster().cases());
    }

    @Override
    protected String prefix() {
      return prefix;
    }

    @Test
    void aChange_isInTheDatabase_beforeItCompletes() {
      CaseStore store = store();
      ReferralCase c = open("durable", T0);
      store.insert(c);
      ReferralCase after =
          store
              .apply(
                  c.id(),
                  new CaseCommand(CaseCommand.Op.DECLINE, WORKER_P1, T0.plusSeconds(3), null))
              .toCompletableFuture()
              .join()
              .after();
      com.hazelcast.core.HazelcastJsonValue stored =
          s.server.caseDocuments().loadAll(java.util.List.of(c.id())).get(c.id());
      assertThat(stored).isNotNull();
      assertThat(CaseCodec.decode(stored.getValue())).isEqualTo(after);
    }
  }

  @Nested
  class Providers extends ProviderStoreContract {
    @Override
    protected ProviderStore store() {
      return new HazelcastProviderStore().attach(s.server.cluster().providers());
    }

    @Override
    protected void provider(String id, String agencyId, int capacity, int activeCases) {
      String doc =
          Documents.worker(id, 22.60, 113.90)
              .replace(
                  "\"agencyId\": \"a7\"",
                  agencyId == null ? "\"agencyId\": null" : "\"agencyId\": \"" + agencyId + "\"")
              .replace(
                  "\"capacity\": 12, \"activeCases\": 3",
                  "\"capacity\": " + capacity + ", \"activeCases\": " + activeCases);
      assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
    }
  }
}
