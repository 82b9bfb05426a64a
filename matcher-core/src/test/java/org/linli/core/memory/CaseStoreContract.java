package org.linli.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linli.core.memory.Stages.failure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseCommand;
import org.linli.core.cases.CaseEvent;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.CaseStore;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.taxonomy.Skill;

/**
 * What every {@link CaseStore} must do, run against each implementation (in memory here; the
 * Hazelcast map written through to the database in api-server). Each test uses case ids of its own.
 */
public abstract class CaseStoreContract {
  protected static final CaseRules RULES = new CaseRules(Duration.ofMinutes(15));

  /**
   * A day ahead of the real clock, whole seconds: a live server's offer timer (which moves on
   * offers lapsed by the real clock) never touches the cases these tests open.
   */
  protected static final Instant T0 =
      Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  protected static final Principal RESIDENT =
      new Principal("r1", Set.of(Role.RESIDENT), null, null);
  protected static final Principal WORKER_P1 = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  protected static final Principal WORKER_P2 = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");
  protected static final Principal STAFF = new Principal("s1", Set.of(Role.STAFF), null, null);

  /** The store under test, empty of the ids the tests use, with {@link #RULES}. */
  protected abstract CaseStore store();

  /** A prefix that keeps one run's ids apart from another's (a shared database). */
  protected String prefix() {
    return "";
  }

  protected static Need need(boolean sensitive) {
    MatchRequest m =
        new MatchRequest(
            new GeoPoint(22.5431, 114.0579),
            Set.of(Skill.ELDER_CARE),
            "陪同就医",
            Set.of(),
            List.of(),
            5_000,
            10,
            SortOrder.SCORE,
            false);
    return new Need(m, "陪同老人去医院复诊\n周三上午", Need.Urgency.URGENT, "13812345678", sensitive);
  }

  protected ReferralCase open(String id, Instant at) {
    return RULES.open(
        prefix() + id,
        "r1",
        need(true),
        List.of(
            new Candidate("p1", "a1", 0.9, 120.5),
            new Candidate("p2", "a2", 0.8, 300),
            new Candidate("p3", null, 0.5, 900)),
        at,
        List.of("990000", "990101"));
  }

  private static CaseCommand cmd(CaseCommand.Op op, Principal p, Instant at, String expected) {
    return new CaseCommand(op, p, at, expected);
  }

  @Test
  void insert_thenFind_answersTheSameCase_andAnUnknownIdNothing() {
    CaseStore store = store();
    ReferralCase c = open("k1", T0);
    store.insert(c);
    assertThat(store.find(c.id()).toCompletableFuture().join()).contains(c);
    assertThat(store.find(prefix() + "nope").toCompletableFuture().join()).isEmpty();
    assertThat(store.getAll(List.of(c.id(), prefix() + "nope"))).containsOnlyKeys(c.id());
  }

  @Test
  void apply_storesTheNextVersion_andAnswersBeforeAndAfter() {
    CaseStore store = store();
    ReferralCase c = open("k2", T0);
    store.insert(c);
    CaseStore.Change ch =
        store
            .apply(c.id(), cmd(CaseCommand.Op.DECLINE, WORKER_P1, T0.plusSeconds(5), null))
            .toCompletableFuture()
            .join();
    assertThat(ch.before()).isEqualTo(c);
    assertThat(ch.after().offered().providerId()).isEqualTo("p2");
    assertThat(ch.changed()).isTrue();
    assertThat(store.find(c.id()).toCompletableFuture().join()).contains(ch.after());
    ReferralCase accepted =
        store
            .apply(c.id(), cmd(CaseCommand.Op.ACCEPT, WORKER_P2, T0.plusSeconds(9), "p2"))
            .toCompletableFuture()
            .join()
            .after();
    assertThat(accepted.status()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(store.getAll(List.of(c.id())).get(c.id())).isEqualTo(accepted);
  }

  @Test
  void aRefusal_failsWithTheRulesException_andStoresNothing() {
    CaseStore store = store();
    ReferralCase c = open("k3", T0);
    store.insert(c);
    assertThat(failure(store.apply(c.id(), cmd(CaseCommand.Op.ACCEPT, WORKER_P2, T0, "p2"))))
        .isInstanceOf(
            NotFoundException.class); // p2 is not offered it yet: it does not see the case
    assertThat(failure(store.apply(c.id(), cmd(CaseCommand.Op.COMPLETE, STAFF, T0, null))))
        .isInstanceOf(ConflictException.class);
    assertThat(failure(store.apply(c.id(), cmd(CaseCommand.Op.CANCEL, STAFF, T0, null))))
        .isInstanceOf(ForbiddenException.class);
    assertThat(failure(store.apply(c.id(), cmd(CaseCommand.Op.ACCEPT, WORKER_P1, T0, "p9"))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("another provider");
    assertThat(store.find(c.id()).toCompletableFuture().join()).contains(c);
  }

  @Test
  void concerning_findsTheResidentsCases_andThoseWithACandidateOfTheProviderOrAgency() {
    CaseStore store = store();
    ReferralCase c = open("n1", T0);
    store.insert(c);
    assertThat(store.concerning(RESIDENT)).extracting(ReferralCase::id).contains(c.id());
    assertThat(store.concerning(WORKER_P2)).extracting(ReferralCase::id).contains(c.id());
    Principal agency3 = new Principal("ag3", Set.of(Role.AGENCY), "a2", null);
    assertThat(store.concerning(agency3)).extracting(ReferralCase::id).contains(c.id());
    Principal stranger = new Principal("w9", Set.of(Role.WORKER), "a9", "p9");
    assertThat(store.concerning(stranger)).extracting(ReferralCase::id).doesNotContain(c.id());
    Principal workerWithoutRole = new Principal("x", Set.of(Role.RESIDENT), "a1", "p1");
    assertThat(store.concerning(workerWithoutRole))
        .extracting(ReferralCase::id)
        .doesNotContain(c.id());
  }

  @Test
  void anUnknownCase_isNotFound_exceptForTheOfferTimer() {
    CaseStore store = store();
    assertThat(
            failure(
                store.apply(prefix() + "ghost", cmd(CaseCommand.Op.DECLINE, WORKER_P1, T0, null))))
        .isInstanceOf(NotFoundException.class);
    assertThat(
            store
                .apply(
                    prefix() + "ghost", cmd(CaseCommand.Op.EXPIRE, Principal.ANONYMOUS, T0, null))
                .toCompletableFuture()
                .join())
        .isNull();
  }

  @Test
  void ofManyConcurrentAcceptances_exactlyOneWins() throws Exception {
    CaseStore store = store();
    ReferralCase c = open("k4", T0);
    store.insert(c);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Throwable>> tries = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        tries.add(
            pool.submit(
                () ->
                    failure(
                        store.apply(
                            c.id(),
                            cmd(CaseCommand.Op.ACCEPT, WORKER_P1, T0.plusSeconds(1), "p1")))));
      }
      int won = 0;
      for (Future<Throwable> t : tries) {
        Throwable e = t.get();
        if (e == null) {
          won++;
        } else {
          assertThat(e).isInstanceOf(ConflictException.class);
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    ReferralCase stored = store.find(c.id()).toCompletableFuture().join().orElseThrow();
    assertThat(stored.history()).hasSize(2);
  }

  @Test
  void queries_findOfferedOrAssignedCases_lapsedOffers_andAcceptedOnes() {
    CaseStore store = store();
    ReferralCase offered = open("q1", T0);
    ReferralCase later = open("q2", T0.plusSeconds(600));
    store.insert(offered);
    store.insert(later);
    ReferralCase accepted =
        store
            .apply(later.id(), cmd(CaseCommand.Op.ACCEPT, WORKER_P1, T0.plusSeconds(601), "p1"))
            .toCompletableFuture()
            .join()
            .after();
    assertThat(ids(store.offeredOrAssigned("a1", null, null)))
        .contains(offered.id(), accepted.id());
    assertThat(ids(store.offeredOrAssigned(null, "p1", CaseStatus.ACCEPTED)))
        .contains(accepted.id())
        .doesNotContain(offered.id());
    assertThat(ids(store.offeredOrAssigned("a1", "p1", CaseStatus.OFFERED)))
        .contains(offered.id())
        .doesNotContain(accepted.id());
    assertThat(ids(store.offeredOrAssigned("a2", null, null)))
        .doesNotContain(offered.id(), accepted.id());
    assertThat(ids(store.offeredOrAssigned(null, "p2", null)))
        .doesNotContain(offered.id(), accepted.id());

    assertThat(store.lapsedOffers(T0.plus(Duration.ofMinutes(15)).minusMillis(1)))
        .doesNotContain(offered.id());
    assertThat(store.lapsedOffers(T0.plus(Duration.ofMinutes(15))))
        .contains(offered.id())
        .doesNotContain(accepted.id());
    assertThat(store.accepted()).contains(accepted.id()).doesNotContain(offered.id());
  }

  @Test
  void escalationsDue_findWatchedOfferedCases_openedByATime_untilTheyEscalate() {
    CaseStore store = store();
    ReferralCase watched = open("e1", T0); // a sensitive need
    store.insert(watched);
    assertThat(store.escalationsDue(T0.minusMillis(1))).doesNotContain(watched.id());
    assertThat(store.escalationsDue(T0)).contains(watched.id());
    ReferralCase escalated =
        store
            .apply(
                watched.id(),
                cmd(
                    CaseCommand.Op.ESCALATE,
                    Principal.ANONYMOUS,
                    T0.plus(Duration.ofMinutes(30)),
                    null))
            .toCompletableFuture()
            .join()
            .after();
    assertThat(escalated.escalatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(escalated.history().get(escalated.history().size() - 1).event())
        .isEqualTo(CaseEvent.ESCALATED);
    assertThat(store.escalationsDue(T0.plusSeconds(3600))).doesNotContain(watched.id());
    assertThat(ids(store.queue(null, true))).contains(watched.id());
    assertThat(ids(store.queue(CaseStatus.OFFERED, false))).contains(watched.id());
    assertThat(ids(store.queue(CaseStatus.ACCEPTED, false))).doesNotContain(watched.id());
    store
        .apply(
            watched.id(),
            cmd(
                CaseCommand.Op.CANCEL,
                new Principal("r1", Set.of(Role.RESIDENT), null, null),
                T0.plus(Duration.ofMinutes(31)),
                null))
        .toCompletableFuture()
        .join();
    assertThat(ids(store.queue(null, true)))
        .as("cancelled: no longer waiting")
        .doesNotContain(watched.id());
  }

  private static List<String> ids(List<ReferralCase> cases) {
    return cases.stream().map(ReferralCase::id).toList();
  }
}
