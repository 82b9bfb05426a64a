package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.linli.core.cases.CaseRulesTest.AGENCY_A2;
import static org.linli.core.cases.CaseRulesTest.AGENCY_A9;
import static org.linli.core.cases.CaseRulesTest.RESIDENT;
import static org.linli.core.cases.CaseRulesTest.RULES;
import static org.linli.core.cases.CaseRulesTest.STAFF;
import static org.linli.core.cases.CaseRulesTest.T0;
import static org.linli.core.cases.CaseRulesTest.WORKER_P1;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.NotFoundException;

/** Case notes and reassignment within an agency, as the rules define them. */
class CaseNotesAndMovesTest {
  static final Principal WORKER_P2 = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");
  static final Principal WORKER_P4 = new Principal("w4", Set.of(Role.WORKER), "a2", "p4");

  /** Declined by p1, accepted by agency a2 for p2. */
  static ReferralCase acceptedByP2() {
    ReferralCase c = RULES.decline(CaseRulesTest.open(), WORKER_P1, T0.plusSeconds(10));
    return RULES.accept(c, AGENCY_A2, T0.plusSeconds(20));
  }

  @Test
  void notes_byTheAssignedProviderOrStaff_seenByThemOnly() {
    ReferralCase c = acceptedByP2();
    ReferralCase noted =
        RULES.note(c, WORKER_P2, T0.plusSeconds(30), StepDetail.note("已电话联系，周三上门"));
    Transition t = noted.history().get(noted.history().size() - 1);
    assertThat(t.event()).isEqualTo(CaseEvent.NOTED);
    assertThat(t.from()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(t.to()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(t.actor()).isEqualTo("w2");
    assertThat(t.providerId()).isEqualTo("p2");
    assertThat(noted.status()).isEqualTo(c.status());
    assertThat(noted.assigned()).isEqualTo(c.assigned());

    assertThat(RULES.note(noted, STAFF, T0.plusSeconds(40), StepDetail.note("已核实")).history())
        .hasSize(noted.history().size() + 1);
    assertThatThrownBy(() -> RULES.note(c, RESIDENT, T0, StepDetail.note("x")))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> RULES.note(c, WORKER_P1, T0, StepDetail.note("x")))
        .as("the provider that declined no longer sees the case")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> StepDetail.note("  ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> StepDetail.note("很".repeat(StepDetail.MAX_NOTE + 1)))
        .isInstanceOf(InvalidInputException.class);

    assertThat(CaseAccess.concerns(RESIDENT, noted, t)).as("not the resident's").isFalse();
    assertThat(CaseAccess.concerns(AGENCY_A2, noted, t)).isTrue();
    assertThat(CaseAccess.concerns(STAFF, noted, t)).isTrue();
  }

  @Test
  void reassign_byTheAgency_toAnotherOfItsProviders() {
    ReferralCase c = acceptedByP2();
    Candidate p4 = Candidate.moved("p4", "a2");
    ReferralCase moved =
        RULES.reassign(c, AGENCY_A2, T0.plusSeconds(60), p4, "p2", StepDetail.reassignment("轮岗"));
    assertThat(moved.status()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(moved.assigned()).isEqualTo(p4);
    assertThat(CaseRules.movesCapacity(c, moved)).isTrue();
    assertThat(CaseRules.freesCapacity(c, moved)).isFalse();
    assertThat(CaseRules.reservesCapacity(c, moved)).isFalse();
    Transition t = moved.history().get(moved.history().size() - 1);
    assertThat(t.event()).isEqualTo(CaseEvent.REASSIGNED);
    assertThat(t.providerId()).isEqualTo("p4");
    assertThat(t.actor()).isEqualTo("ag2");
    // The provider it moved to is not a candidate, yet speaks for the case now.
    assertThat(CaseAccess.canSee(WORKER_P4, moved)).isTrue();
    assertThat(CaseAccess.seesPhone(WORKER_P4, moved)).isTrue();
    assertThat(CaseAccess.concerns(WORKER_P4, moved, t)).isTrue();
    assertThat(CaseAccess.seesPhone(WORKER_P2, moved)).isFalse();
    // p4's worker may complete it.
    assertThat(
            RULES
                .complete(
                    moved,
                    WORKER_P4,
                    T0.plusSeconds(90),
                    StepDetail.completion("GOT_HELP", null, 30))
                .status())
        .isEqualTo(CaseStatus.COMPLETED);
  }

  @Test
  void reassign_refusals() {
    ReferralCase c = acceptedByP2();
    Candidate p4 = Candidate.moved("p4", "a2");
    assertThatThrownBy(() -> RULES.reassign(c, WORKER_P2, T0, p4, null, null))
        .as("a worker does not move cases")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> RULES.reassign(c, AGENCY_A9, T0, p4, null, null))
        .as("another agency does not even see it")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () -> RULES.reassign(c, AGENCY_A2, T0, Candidate.moved("p9", "a9"), null, null))
        .as("only to the agency's own providers")
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () -> RULES.reassign(c, AGENCY_A2, T0, Candidate.moved("p2", "a2"), null, null))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> RULES.reassign(c, AGENCY_A2, T0, p4, "p1", null))
        .as("moved meanwhile")
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("reload");
    ReferralCase offered = CaseRulesTest.open();
    assertThatThrownBy(
            () ->
                RULES.reassign(
                    offered,
                    new Principal("ag1", Set.of(Role.AGENCY), "a1", null),
                    T0,
                    Candidate.moved("p5", "a1"),
                    null,
                    null))
        .as("only an accepted case moves")
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aCaseOpenedByStaffOrAReferral_namesWhoOpenedIt_andWhereItCameFrom() {
    ReferralCase c =
        RULES.open(
            "c9",
            "r1",
            CaseRulesTest.need(false),
            CaseRulesTest.CANDIDATES,
            T0,
            List.of(),
            "s1",
            "c1");
    assertThat(c.history().get(0).actor()).isEqualTo("s1");
    assertThat(c.referredFrom()).isEqualTo("c1");
    ReferralCase declined = RULES.decline(c, WORKER_P1, T0.plusSeconds(5));
    assertThat(declined.history().get(2).actor())
        .as("later offers are the system's")
        .isEqualTo(CaseRules.SYSTEM);
    assertThat(declined.referredFrom()).isEqualTo("c1");
  }
}
