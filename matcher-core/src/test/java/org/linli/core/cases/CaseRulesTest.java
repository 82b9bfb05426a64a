package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.taxonomy.Skill;

class CaseRulesTest {
  static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  static final CaseRules RULES = new CaseRules(Duration.ofMinutes(15));
  static final Principal RESIDENT = new Principal("r1", Set.of(Role.RESIDENT), null, null);
  static final Principal OTHER_RESIDENT = new Principal("r2", Set.of(Role.RESIDENT), null, null);
  static final Principal WORKER_P1 = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  static final Principal AGENCY_A2 = new Principal("ag2", Set.of(Role.AGENCY), "a2", null);
  static final Principal AGENCY_A9 = new Principal("ag9", Set.of(Role.AGENCY), "a9", null);
  static final Principal STAFF = new Principal("s1", Set.of(Role.STAFF), null, null);
  static final List<Candidate> CANDIDATES =
      List.of(
          new Candidate("p1", "a1", 0.9, 100),
          new Candidate("p2", "a2", 0.8, 300),
          new Candidate("p3", null, 0.5, 900));

  static Need need(boolean sensitive) {
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
    return new Need(m, "陪同老人去医院复诊", Need.Urgency.ROUTINE, "13812345678", sensitive);
  }

  static ReferralCase open() {
    return RULES.open("c1", "r1", need(false), CANDIDATES, T0, List.of());
  }

  @Test
  void open_offersTheFirstCandidate_orIsUnmatchedWithoutAny() {
    ReferralCase c = open();
    assertThat(c.status()).isEqualTo(CaseStatus.OFFERED);
    assertThat(c.offered().providerId()).isEqualTo("p1");
    assertThat(c.offerExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(c.history()).extracting(Transition::event).containsExactly(CaseEvent.OFFERED);
    ReferralCase none = RULES.open("c2", "r1", need(false), List.of(), T0, List.of());
    assertThat(none.status()).isEqualTo(CaseStatus.UNMATCHED);
    assertThat(none.history())
        .extracting(Transition::event)
        .containsExactly(CaseEvent.UNMATCHED, CaseEvent.ESCALATED);
  }

  @Test
  void fullLoop_declineMovesOn_theAgencyOfTheNextAccepts_theProviderCompletes() {
    ReferralCase c = RULES.decline(open(), WORKER_P1, T0.plusSeconds(60));
    assertThat(c.offered().providerId()).isEqualTo("p2");
    assertThat(c.offerExpiresAt()).isEqualTo(T0.plusSeconds(60).plus(Duration.ofMinutes(15)));
    ReferralCase accepted = RULES.accept(c, AGENCY_A2, T0.plusSeconds(120));
    assertThat(accepted.status()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(accepted.assigned().providerId()).isEqualTo("p2");
    assertThat(CaseRules.reservesCapacity(c, accepted)).isTrue();
    ReferralCase done = RULES.complete(accepted, AGENCY_A2, T0.plusSeconds(3600));
    assertThat(done.status()).isEqualTo(CaseStatus.COMPLETED);
    assertThat(CaseRules.freesCapacity(accepted, done)).isTrue();
    assertThat(done.history())
        .extracting(Transition::event)
        .containsExactly(
            CaseEvent.OFFERED,
            CaseEvent.DECLINED,
            CaseEvent.OFFERED,
            CaseEvent.ACCEPTED,
            CaseEvent.COMPLETED);
    assertThat(done.history())
        .extracting(Transition::actor)
        .containsExactly("system", "w1", "system", "ag2", "ag2");
  }

  @Test
  void expire_movesOnOnlyOnceTheOfferLapsed_andEndsUnmatched() {
    ReferralCase c = open();
    assertThat(RULES.expire(c, T0.plus(Duration.ofMinutes(15)).minusNanos(1))).isSameAs(c);
    c = RULES.expire(c, T0.plus(Duration.ofMinutes(15)));
    assertThat(c.offered().providerId()).isEqualTo("p2");
    c = RULES.expire(c, T0.plus(Duration.ofMinutes(30)));
    c = RULES.expire(c, T0.plus(Duration.ofMinutes(45)));
    assertThat(c.status()).isEqualTo(CaseStatus.UNMATCHED);
    assertThat(c.offerExpiresAt()).isNull();
    assertThat(RULES.expire(c, T0.plus(Duration.ofDays(1)))).isSameAs(c);
  }

  @Test
  void accept_afterTheOfferLapsed_isAConflict_evenBeforeTheTimerRan() {
    assertThatThrownBy(() -> RULES.accept(open(), WORKER_P1, T0.plus(Duration.ofMinutes(15))))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void secondAcceptance_andIllegalTransitions_areConflicts() {
    ReferralCase accepted = RULES.accept(open(), WORKER_P1, T0.plusSeconds(5));
    assertThatThrownBy(() -> RULES.accept(accepted, WORKER_P1, T0.plusSeconds(6)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> RULES.decline(accepted, WORKER_P1, T0.plusSeconds(6)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> RULES.complete(open(), WORKER_P1, T0.plusSeconds(6)))
        .isInstanceOf(ConflictException.class);
    ReferralCase done = RULES.complete(accepted, WORKER_P1, T0.plusSeconds(7));
    assertThatThrownBy(() -> RULES.cancel(done, RESIDENT, T0.plusSeconds(8)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void cancel_byTheResident_freesCapacityOnlyIfAccepted() {
    ReferralCase offered = open();
    ReferralCase cancelledOffer = RULES.cancel(offered, RESIDENT, T0.plusSeconds(1));
    assertThat(cancelledOffer.status()).isEqualTo(CaseStatus.CANCELLED);
    assertThat(CaseRules.freesCapacity(offered, cancelledOffer)).isFalse();
    ReferralCase accepted = RULES.accept(open(), WORKER_P1, T0.plusSeconds(1));
    ReferralCase cancelled = RULES.cancel(accepted, RESIDENT, T0.plusSeconds(2));
    assertThat(CaseRules.freesCapacity(accepted, cancelled)).isTrue();
    assertThat(cancelled.assigned().providerId()).isEqualTo("p1");
  }

  @Test
  void whoMayActAndSee_eachRoleAgainstOwnOthersAndForeignCases() {
    ReferralCase c = open(); // offered to p1 (worker w1, agency a1)
    // Parties who cannot see it get the same NotFound as for an unknown id.
    for (Principal stranger : List.of(OTHER_RESIDENT, AGENCY_A2, AGENCY_A9, Principal.ANONYMOUS)) {
      assertThat(CaseAccess.canSee(stranger, c)).as(stranger.subject()).isFalse();
      assertThatThrownBy(() -> RULES.accept(c, stranger, T0)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> RULES.cancel(c, stranger, T0)).isInstanceOf(NotFoundException.class);
    }
    // Parties who see it but may not do that are forbidden.
    assertThatThrownBy(() -> RULES.accept(c, RESIDENT, T0)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> RULES.accept(c, STAFF, T0)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> RULES.cancel(c, WORKER_P1, T0)).isInstanceOf(ForbiddenException.class);
    assertThat(CaseAccess.canSee(STAFF, c)).isTrue();
    assertThat(CaseAccess.canSee(RESIDENT, c)).isTrue();
    assertThat(CaseAccess.canSee(WORKER_P1, c)).isTrue();
    // After a decline the first provider no longer sees it; the next one does.
    ReferralCase moved = RULES.decline(c, WORKER_P1, T0.plusSeconds(1));
    assertThat(CaseAccess.canSee(WORKER_P1, moved)).isFalse();
    assertThat(CaseAccess.canSee(AGENCY_A2, moved)).isTrue();
  }

  @Test
  void phoneAndLocation_areShownOnlyToThoseWhoNeedThem() {
    assertThat(CaseAccess.maskPhone("13812345678")).isEqualTo("138****5678");
    assertThat(CaseAccess.maskPhone("+86 138-1234-5678")).isEqualTo("861****5678");
    ReferralCase sensitive = RULES.open("c3", "r1", need(true), CANDIDATES, T0, List.of());
    assertThat(CaseAccess.seesPhone(WORKER_P1, sensitive)).isFalse();
    assertThat(CaseAccess.seesExactLocation(WORKER_P1, sensitive)).isFalse();
    assertThat(CaseAccess.seesExactLocation(RESIDENT, sensitive)).isTrue();
    assertThat(CaseAccess.seesExactLocation(STAFF, sensitive)).isTrue();
    ReferralCase accepted = RULES.accept(sensitive, WORKER_P1, T0.plusSeconds(1));
    assertThat(CaseAccess.seesPhone(WORKER_P1, accepted)).isTrue();
    assertThat(CaseAccess.seesExactLocation(WORKER_P1, accepted)).isTrue();
    assertThat(CaseAccess.seesPhone(STAFF, accepted)).isFalse();
    assertThat(
            CaseAccess.seesPhone(WORKER_P1, RULES.complete(accepted, WORKER_P1, T0.plusSeconds(2))))
        .isFalse();
    assertThat(CaseAccess.seesExactLocation(WORKER_P1, open())).as("not sensitive").isTrue();
  }

  @Test
  void coarsen_movesAPointLessThanAKilometre_andHidesItWithinItsCell() {
    GeoPoint exact = new GeoPoint(22.54317, 114.05791);
    GeoPoint coarse = CaseAccess.coarsen(exact);
    assertThat(coarse).isEqualTo(CaseAccess.coarsen(new GeoPoint(22.5401, 114.0599)));
    assertThat(
            org.linli.core.geo.GreatCircle.distanceMeters(
                exact.lat(), exact.lon(), coarse.lat(), coarse.lon()))
        .isLessThan(800);
    assertThat(coarse.lat()).isEqualTo(22.545, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void anUrgentNeed_isOfferedForTheUrgentTimeout_andEscalatesOnce_whenNotTakenInTime() {
    CaseRules rules =
        new CaseRules(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(30));
    Need routine = need(false);
    Need urgent =
        new Need(routine.match(), routine.description(), Need.Urgency.URGENT, null, false);
    ReferralCase c = rules.open("u1", "r1", urgent, CANDIDATES, T0, List.of());
    assertThat(c.offerExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(rules.open("u2", "r1", routine, CANDIDATES, T0, List.of()).offerExpiresAt())
        .isEqualTo(T0.plus(Duration.ofMinutes(15)));
    ReferralCase moved = rules.expire(c, T0.plus(Duration.ofMinutes(5)));
    assertThat(moved.offerExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));

    assertThat(rules.escalate(moved, T0.plus(Duration.ofMinutes(30)).minusMillis(1)))
        .isSameAs(moved);
    ReferralCase escalated = rules.escalate(moved, T0.plus(Duration.ofMinutes(30)));
    assertThat(escalated.escalatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(escalated.status()).isEqualTo(CaseStatus.OFFERED);
    assertThat(escalated.offered()).isEqualTo(moved.offered());
    Transition t = escalated.history().get(escalated.history().size() - 1);
    assertThat(t.event()).isEqualTo(CaseEvent.ESCALATED);
    assertThat(t.from()).isEqualTo(CaseStatus.OFFERED);
    assertThat(rules.escalate(escalated, T0.plus(Duration.ofHours(2)))).isSameAs(escalated);

    ReferralCase routineCase = rules.open("u3", "r1", routine, CANDIDATES, T0, List.of());
    assertThat(rules.escalate(routineCase, T0.plus(Duration.ofHours(2))))
        .as("a routine need waits its turn")
        .isSameAs(routineCase);
    ReferralCase accepted = rules.accept(c, WORKER_P1, T0.plusSeconds(10));
    assertThat(rules.escalate(accepted, T0.plus(Duration.ofHours(2)))).isSameAs(accepted);
  }

  @Test
  void anUnmatchedCase_escalatesAtOnce_whetherAtOpeningOrWhenTheLastCandidateDeclines() {
    ReferralCase none = RULES.open("n1", "r1", need(false), List.of(), T0, List.of());
    assertThat(none.status()).isEqualTo(CaseStatus.UNMATCHED);
    assertThat(none.escalatedAt()).isEqualTo(T0);
    assertThat(none.history())
        .extracting(Transition::event)
        .containsExactly(CaseEvent.UNMATCHED, CaseEvent.ESCALATED);
    ReferralCase one = RULES.open("n2", "r1", need(false), CANDIDATES.subList(0, 1), T0, List.of());
    ReferralCase declined = RULES.decline(one, WORKER_P1, T0.plusSeconds(60));
    assertThat(declined.status()).isEqualTo(CaseStatus.UNMATCHED);
    assertThat(declined.escalatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aDeclinesReason_andACompletionsOutcome_areKeptInTheHistory_andCheckedFirst() {
    ReferralCase declined =
        RULES.decline(
            open(), WORKER_P1, T0.plusSeconds(60), StepDetail.decline("NO_CAPACITY", "本周排满"));
    Transition d = declined.history().get(1);
    assertThat(d.event()).isEqualTo(CaseEvent.DECLINED);
    assertThat(d.detail()).isEqualTo(new StepDetail("NO_CAPACITY", "本周排满", null));
    ReferralCase accepted = RULES.accept(declined, AGENCY_A2, T0.plusSeconds(120));
    ReferralCase done =
        RULES.complete(
            accepted,
            AGENCY_A2,
            T0.plusSeconds(3600),
            StepDetail.completion("PARTLY_HELPED", "陪同复诊一次", 90));
    assertThat(done.history().get(done.history().size() - 1).detail().serviceMinutes())
        .isEqualTo(90);
    for (Runnable bad :
        List.<Runnable>of(
            () -> StepDetail.completion(null, null, null),
            () -> StepDetail.completion("FIXED", null, null),
            () -> StepDetail.completion("GOT_HELP", "x".repeat(2_001), null),
            () -> StepDetail.completion("GOT_HELP", null, -1),
            () -> StepDetail.decline("BUSY", null))) {
      assertThatThrownBy(bad::run).isInstanceOf(org.linli.core.error.InvalidInputException.class);
    }
  }
}
