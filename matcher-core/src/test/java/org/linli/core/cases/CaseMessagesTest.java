package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.accounts.Message;
import org.linli.core.accounts.Phone;

class CaseMessagesTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  static final CaseRules RULES = new CaseRules(Duration.ofMinutes(15));
  static final Principal WORKER_P1 = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  static final Principal WORKER_P2 = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");

  /** p1 has a worker with a phone; p2 has none, but its agency a2 has a duty phone. */
  static final class Fixed implements CaseMessages.Directory {
    final Map<String, Phone> residents = Map.of("r1", new Phone("13700000001"));

    @Override
    public Optional<Phone> residentPhone(String residentId) {
      return Optional.ofNullable(residents.get(residentId));
    }

    @Override
    public List<Phone> providerContacts(String providerId, String agencyId) {
      if (providerId.equals("p1")) {
        return List.of(new Phone("13900000001"));
      }
      return "a2".equals(agencyId)
          ? List.of(new Phone("13900000002"), new Phone("13900000003"))
          : List.of();
    }

    @Override
    public Optional<String> providerName(String providerId) {
      return providerId.equals("p2") ? Optional.of("福田长者服务中心") : Optional.empty();
    }

    /** Staff of district 440304 on duty there; none elsewhere. */
    @Override
    public List<Phone> dutyStaff(List<String> regionIds) {
      return regionIds.contains("440304") ? List.of(new Phone("13600000304")) : List.of();
    }
  }

  final Fixed directory = new Fixed();

  static ReferralCase open(String contactPhone, Need.Urgency urgency) {
    Need base = CaseRulesTest.need(false);
    Need need = new Need(base.match(), base.description(), urgency, contactPhone, false);
    return RULES.open(
        "c1",
        "r1",
        need,
        List.of(new Candidate("p1", "a1", 0.9, 100), new Candidate("p2", "a2", 0.8, 200)),
        T0,
        List.of());
  }

  List<Message> last(ReferralCase c) {
    return CaseMessages.of(c, CaseMessages.lastStep(c), directory);
  }

  @Test
  void anOffer_goesToTheWorker_namingNoResidentOrPlace_withTheDeadlineInBeijingTime() {
    ReferralCase c = open("13812345678", Need.Urgency.URGENT);
    List<Message> m = last(c);
    assertThat(m).hasSize(1);
    assertThat(m.get(0).template()).isEqualTo("offer");
    assertThat(m.get(0).to()).isEqualTo("13900000001");
    assertThat(m.get(0).text())
        .startsWith("【邻里】")
        .contains("紧急", "16:15", "c1")
        .doesNotContain("13812345678", "陪同", "22.54");
  }

  @Test
  void aDecline_offersTheNext_toItsAgencysDutyPhones_whenItHasNoWorkerPhone() {
    ReferralCase c = RULES.decline(open(null, Need.Urgency.ROUTINE), WORKER_P1, T0.plusSeconds(60));
    List<Message> m = last(c);
    assertThat(m).extracting(Message::to).containsExactly("13900000002", "13900000003");
    assertThat(m).extracting(Message::template).containsOnly("offer");
    assertThat(m.get(0).messageId()).isNotEqualTo(m.get(1).messageId());
  }

  @Test
  void acceptance_andCompletion_tellTheResident_atTheNumberTheNeedGave() {
    ReferralCase declined =
        RULES.decline(open("138-1234-5678", Need.Urgency.ROUTINE), WORKER_P1, T0.plusSeconds(60));
    ReferralCase accepted = RULES.accept(declined, WORKER_P2, T0.plusSeconds(120));
    Message a = last(accepted).get(0);
    assertThat(a.template()).isEqualTo("accepted");
    assertThat(a.to()).isEqualTo("13812345678");
    assertThat(a.text()).contains("福田长者服务中心", "13900000002");
    assertThat(a.params()).containsEntry("providerName", "福田长者服务中心");
    Message done = last(RULES.complete(accepted, WORKER_P2, T0.plusSeconds(3600))).get(0);
    assertThat(done.template()).isEqualTo("completed");
    assertThat(done.text()).contains("打分");
  }

  @Test
  void aMoveToAColleague_tellsTheResidentWhoHelpsNow_andANoteTellsNobody() {
    ReferralCase accepted =
        RULES.accept(open("13812345678", Need.Urgency.ROUTINE), WORKER_P1, T0.plusSeconds(60));
    Principal agencyA1 = new Principal("ag1", Set.of(Role.AGENCY), "a1", null);
    ReferralCase moved =
        RULES.reassign(
            accepted, agencyA1, T0.plusSeconds(120), Candidate.moved("p2", "a1"), "p1", null);
    List<Message> m = last(moved);
    assertThat(m).extracting(Message::template).containsExactly("reassigned");
    assertThat(m.get(0).to()).isEqualTo("13812345678");
    assertThat(m.get(0).text()).startsWith("【邻里】您的求助改由福田长者服务中心跟进");
    ReferralCase noted = RULES.note(moved, agencyA1, T0.plusSeconds(180), StepDetail.note("已上门"));
    assertThat(last(noted)).isEmpty();
  }

  @Test
  void unmatched_tellsTheResident_atTheirAccountsPhone_whenTheNeedGaveALandline() {
    ReferralCase none =
        RULES.open(
            "c2",
            "r1",
            new Need(
                CaseRulesTest.need(false).match(),
                "",
                Need.Urgency.ROUTINE,
                "0755-8888 1234",
                false),
            List.of(),
            T0,
            List.of());
    Message m = last(none).get(0);
    assertThat(m.template()).isEqualTo("unmatched");
    assertThat(m.to()).isEqualTo("13700000001");
  }

  @Test
  void anUnmatchedNeed_escalates_toTheRegionsDutyStaff_namingNoResident() {
    ReferralCase none =
        RULES.open(
            "c3", "r1", CaseRulesTest.need(false), List.of(), T0, List.of("440300", "440304"));
    List<Message> m = last(none);
    assertThat(m).extracting(Message::template).containsExactly("unmatched", "escalated");
    Message staff = m.get(1);
    assertThat(staff.to()).isEqualTo("13600000304");
    assertThat(staff.text()).contains("c3", "暂无服务者接单").doesNotContain("13812345678", "陪同");
  }

  @Test
  void anUrgentNeedNotTakenInTime_tellsTheResidentToo() {
    ReferralCase c = open("13812345678", Need.Urgency.URGENT);
    ReferralCase escalated = RULES.escalate(c, T0.plus(RULES.escalateAfter()));
    List<Message> m = last(escalated);
    assertThat(m).extracting(Message::to).containsExactly("13812345678");
    assertThat(m.get(0).template()).isEqualTo("escalated");
    assertThat(RULES.escalate(c, T0.plus(RULES.escalateAfter()).minusSeconds(1))).isSameAs(c);
  }

  @Test
  void ids_areStable_forTheSameTransition_andDifferForAnother() {
    ReferralCase c = open(null, Need.Urgency.ROUTINE);
    assertThat(last(c)).isEqualTo(last(c));
    List<String> ids = new ArrayList<>();
    ReferralCase now = c;
    ids.add(last(now).get(0).messageId());
    now = RULES.decline(now, WORKER_P1, T0.plusSeconds(60));
    ids.add(last(now).get(0).messageId());
    now = RULES.accept(now, WORKER_P2, T0.plusSeconds(120));
    ids.add(last(now).get(0).messageId());
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("m-[0-9a-f]{32}"));
    assertThat(CaseMessages.of(now, 0, directory))
        .as("every transition's messages, as before")
        .extracting(Message::messageId)
        .contains(ids.toArray(String[]::new));
  }
}
