package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.memory.InMemoryCaseStore;

class CaseNotificationsTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  static final Principal RESIDENT = new Principal("r1", Set.of(Role.RESIDENT), null, null);
  static final Principal OTHER_RESIDENT = new Principal("r2", Set.of(Role.RESIDENT), null, null);
  static final Principal WORKER_P1 = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  static final Principal WORKER_P2 = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");
  static final Principal AGENCY_A2 = new Principal("ag2", Set.of(Role.AGENCY), "a2", null);

  final CaseRules rules = new CaseRules(Duration.ofMinutes(15));
  final InMemoryCaseStore store = new InMemoryCaseStore(rules);
  final CaseNotifications notifications = new CaseNotifications(store);

  /** Records what it is told. */
  record Recorder(Principal principal, List<CaseUpdate> got) implements CaseNotifier {
    Recorder(Principal principal) {
      this(principal, new CopyOnWriteArrayList<>());
    }

    @Override
    public void deliver(CaseUpdate update) {
      got.add(update);
    }

    List<String> events() {
      return got.stream().map(u -> u.transition().event().name()).toList();
    }
  }

  ReferralCase open(String id) {
    return rules.open(
        id,
        "r1",
        CaseRulesTest.need(false),
        List.of(new Candidate("p1", "a1", 0.9, 100), new Candidate("p2", "a2", 0.8, 200)),
        T0,
        List.of());
  }

  @Test
  void eachTransition_goesOnlyToThePartiesItConcerns() {
    Recorder resident = new Recorder(RESIDENT);
    Recorder other = new Recorder(OTHER_RESIDENT);
    Recorder p1 = new Recorder(WORKER_P1);
    Recorder p2 = new Recorder(WORKER_P2);
    Recorder a2 = new Recorder(AGENCY_A2);
    List.of(resident, other, p1, p2, a2).forEach(notifications::subscribe);

    ReferralCase c = open("c1");
    store.insert(c);
    notifications.changed(0, c);
    ReferralCase declined = rules.decline(c, WORKER_P1, T0.plusSeconds(10));
    notifications.changed(c.history().size(), declined);

    assertThat(resident.events()).containsExactly("OFFERED", "DECLINED", "OFFERED");
    assertThat(other.got()).isEmpty();
    assertThat(p1.events()).containsExactly("OFFERED", "DECLINED");
    assertThat(p2.events()).containsExactly("OFFERED");
    assertThat(a2.events()).containsExactly("OFFERED");
    assertThat(p2.got().get(0).transition().providerId()).isEqualTo("p2");

    notifications.unsubscribe(p2);
    ReferralCase accepted = rules.accept(declined, WORKER_P2, T0.plusSeconds(20));
    notifications.changed(declined.history().size(), accepted);
    assertThat(p2.got()).hasSize(1);
    assertThat(a2.events()).containsExactly("OFFERED", "ACCEPTED");
  }

  @Test
  void replay_tellsWhatCameAfterTheLastIdSeen_oldestFirst() {
    ReferralCase c = open("c2");
    ReferralCase declined = rules.decline(c, WORKER_P1, T0.plusSeconds(10));
    store.insert(declined);
    ReferralCase same = open("c3"); // offered at the same instant as c2: ordered by id after it
    store.insert(same);
    Recorder resident = new Recorder(RESIDENT);
    notifications.subscribe(resident);
    String firstSeen = CaseUpdate.of(declined, 0).id();

    notifications.replay(resident, firstSeen);

    assertThat(resident.got())
        .extracting(CaseUpdate::id)
        .containsExactly(
            CaseUpdate.of(same, 0).id(),
            CaseUpdate.of(declined, 1).id(),
            CaseUpdate.of(declined, 2).id());
    Recorder worker = new Recorder(WORKER_P1);
    notifications.replay(worker, "0");
    assertThat(worker.got())
        .extracting(CaseUpdate::caseId)
        .containsExactlyInAnyOrder("c2", "c2", "c3");
  }

  @Test
  void anUpdateId_ordersByTimeThenId_andToleratesAnyLastId() {
    ReferralCase c = open("c4");
    CaseUpdate u = CaseUpdate.of(c, 0);
    assertThat(u.id()).isEqualTo(T0.toEpochMilli() + "-c4-0");
    assertThat(u.isAfter((T0.toEpochMilli() - 1) + "-zz-9")).isTrue();
    assertThat(u.isAfter(T0.toEpochMilli() + "-c3-0")).isTrue();
    assertThat(u.isAfter(T0.toEpochMilli() + "-c4-0")).isFalse();
    assertThat(u.isAfter((T0.toEpochMilli() + 1) + "-a-0")).isFalse();
    assertThat(u.isAfter("not an id")).isTrue();
  }
}
