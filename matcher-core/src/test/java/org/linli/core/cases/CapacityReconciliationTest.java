package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.memory.InMemoryCaseStore;
import org.linli.core.memory.InMemoryProviderStore;

/** Capacity holds settled against the cases and adopted again, over in-memory ports. */
class CapacityReconciliationTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  final CaseRules rules = new CaseRules(Duration.ofMinutes(15));
  final InMemoryCaseStore cases = new InMemoryCaseStore(rules);
  final InMemoryProviderStore providers = new InMemoryProviderStore().put("p1", "a1", 3);
  final CapacityReconciliation reconciliation =
      new CapacityReconciliation(
          cases, providers, java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));

  ReferralCase offered(String id) {
    ReferralCase c =
        rules.open(
            id,
            "r1",
            CaseRulesTest.need(false),
            List.of(new Candidate("p1", "a1", 1, 10)),
            T0,
            List.of());
    cases.insert(c);
    return c;
  }

  void accept(String id) {
    cases
        .apply(
            id,
            new CaseCommand(
                CaseCommand.Op.ACCEPT,
                new Principal("w1", Set.of(Role.WORKER), "a1", "p1"),
                T0.plusSeconds(1),
                "p1"))
        .toCompletableFuture()
        .join();
  }

  boolean reserve(String caseId, String token, long at) {
    return providers
        .reserve("p1", ReservationChange.reserve(caseId, token, at))
        .toCompletableFuture()
        .join();
  }

  @Test
  void aHoldWhoseCaseWasNeverAccepted_isGivenBack_onceOlderThanTheCutoff() {
    offered("c1");
    reserve("c1", "t1", 1_000); // the member died before the acceptance
    assertThat(reconciliation.settleStale(999)).isZero();
    assertThat(reconciliation.settleStale(1_000)).isEqualTo(1);
    assertThat(providers.reservations("p1")).isEqualTo(new Reservations(0, List.of()));
  }

  @Test
  void anAcceptedCase_keepsOneHold_andADeletedCaseNone() {
    offered("c1");
    reserve("c1", "t1", 1_000);
    reserve("c1", "t2", 1_100); // a duplicate hold of the same case
    accept("c1");
    reserve("gone", "t3", 1_200); // a case that no longer exists
    assertThat(reconciliation.settleStale(2_000)).isEqualTo(2);
    assertThat(providers.reservations("p1").holds())
        .extracting(Reservations.Hold::token)
        .containsExactly("t1");
    assertThat(providers.reservations("p1").activeCases()).isEqualTo(1);
  }

  @Test
  void anAcceptedCaseWithoutAHold_isAdopted_once() {
    offered("c1");
    accept("c1"); // accepted while the provider was replaced by an import: no hold
    offered("c2");
    assertThat(reconciliation.adoptAccepted()).isEqualTo(1);
    assertThat(providers.reservations("p1").holds())
        .extracting(Reservations.Hold::caseId)
        .containsExactly("c1");
    assertThat(reconciliation.adoptAccepted()).isZero();
    providers.remove("p1");
    assertThat(reconciliation.adoptAccepted()).isZero();
  }
}
