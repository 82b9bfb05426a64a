package org.linli.core.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.linli.core.memory.Stages.failure;
import static org.linli.core.memory.Stages.join;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.CaseFlow;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.memory.InMemoryCaseStore;
import org.linli.core.memory.InMemoryLedger;
import org.linli.core.memory.InMemoryProviderStore;
import org.linli.core.memory.ScriptedIndex;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Dimension;
import org.linli.core.taxonomy.Skill;

/** Feedback over in-memory ports: who may rate, once, and how ratings follow the ledger. */
class FeedbackFlowTest {
  static final Principal RESIDENT = new Principal("r1", Set.of(Role.RESIDENT), null, null);
  static final Principal OTHER = new Principal("r2", Set.of(Role.RESIDENT), null, null);
  static final Principal WORKER = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  static final Principal STAFF = new Principal("s1", Set.of(Role.STAFF), null, null);
  static final FeedbackFlow.Input FOUR =
      new FeedbackFlow.Input(
          4,
          Map.of(
              Dimension.TIMELINESS,
              4,
              Dimension.PROFESSIONALISM,
              5,
              Dimension.ATTITUDE,
              4,
              Dimension.OUTCOME,
              3),
          "准时，很耐心");

  final Clock clock = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  final CaseRules rules = new CaseRules(Duration.ofMinutes(15));
  final InMemoryCaseStore cases = new InMemoryCaseStore(rules);
  final InMemoryProviderStore providers =
      new InMemoryProviderStore().put("p1", "a1", 2).put("a1", null, 5);
  final InMemoryLedger ledger = new InMemoryLedger(clock);
  final CaseFlow caseFlow =
      new CaseFlow(
          new ScriptedIndex().answer("p1"),
          cases,
          providers,
          (c, w, x) -> {},
          rules,
          clock,
          Runnable::run,
          CaseFlow::randomId,
          org.linli.core.region.RegionLocator.NONE);
  final FeedbackFlow flow =
      new FeedbackFlow(caseFlow, ledger, providers, BayesianPrior.DEFAULT, Runnable::run);

  ReferralCase caseAt(boolean complete) {
    MatchRequest m =
        new MatchRequest(
            new GeoPoint(22.54, 114.05),
            Set.of(Skill.ELDER_CARE),
            null,
            Set.of(),
            List.of(),
            5_000,
            10,
            SortOrder.SCORE,
            false);
    ReferralCase c =
        join(caseFlow.create(new Need(m, "买菜", Need.Urgency.ROUTINE, null, false), RESIDENT));
    join(caseFlow.accept(c.id(), WORKER));
    return complete
        ? join(
            caseFlow.complete(
                c.id(), WORKER, org.linli.core.cases.StepDetail.completion("GOT_HELP", null, null)))
        : c;
  }

  @Test
  void theResidentRatesACompletedCaseOnce_andTheProviderAndAgencyRatingsFollow() {
    ReferralCase c = caseAt(true);
    HashChain.Link l = join(flow.post(c.id(), RESIDENT, FOUR));
    assertThat(l.entry().providerId()).isEqualTo("p1");
    assertThat(l.entry().agencyId()).isEqualTo("a1");
    assertThat(providers.stored("p1").rating().count()).isEqualTo(1);
    assertThat(providers.stored("p1").rating().average()).isEqualTo(4.0);
    assertThat(providers.stored("a1").rating().count()).isEqualTo(1);
    assertThat(failure(flow.post(c.id(), RESIDENT, FOUR))).isInstanceOf(ConflictException.class);
    assertThat(join(flow.about("p1", Long.MAX_VALUE, 10))).hasSize(1);
  }

  @Test
  void onlyTheResidentOfACompletedCase_mayRateIt() {
    ReferralCase open = caseAt(false);
    assertThat(failure(flow.post(open.id(), RESIDENT, FOUR))).isInstanceOf(ConflictException.class);
    ReferralCase done = caseAt(true);
    assertThat(failure(flow.post(done.id(), OTHER, FOUR))).isInstanceOf(NotFoundException.class);
    assertThat(failure(flow.post(done.id(), WORKER, FOUR))).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> flow.post(done.id(), Principal.ANONYMOUS, FOUR))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(ledger.tallies()).isEmpty();
  }

  @Test
  void reconcile_setsRatingsFromTheLedger_andForceLowersInflatedOnes() {
    ReferralCase c = caseAt(true);
    join(flow.post(c.id(), RESIDENT, FOUR));
    providers.rate(
        "p1", new org.linli.core.rating.Rating(5.0, 9, 4.5), true); // an import claimed more
    assertThat(flow.reconcile(false)).isZero();
    assertThat(flow.reconcile(true)).isEqualTo(1);
    assertThat(providers.stored("p1").rating().count()).isEqualTo(1);
  }

  @Test
  void theLedger_isForStaffToVerifyAndExport() {
    join(flow.post(caseAt(true).id(), RESIDENT, FOUR));
    assertThat(join(flow.verify(STAFF)).valid()).isTrue();
    List<HashChain.Link> out = new ArrayList<>();
    join(flow.export(STAFF, out::add, Runnable::run));
    assertThat(out).hasSize(1);
    assertThatThrownBy(() -> flow.verify(RESIDENT)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> flow.export(Principal.ANONYMOUS, out::add, Runnable::run))
        .isInstanceOf(UnauthenticatedException.class);
  }
}
