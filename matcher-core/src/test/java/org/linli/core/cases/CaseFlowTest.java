package org.linli.core.cases;

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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.core.memory.InMemoryCaseStore;
import org.linli.core.memory.InMemoryProviderStore;
import org.linli.core.memory.ScriptedIndex;

/** The case flows over in-memory ports: what each use case stores, frees and refuses. */
class CaseFlowTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  static final Principal RESIDENT = new Principal("r1", Set.of(Role.RESIDENT), null, null);
  static final Principal WORKER_P1 = new Principal("w1", Set.of(Role.WORKER), "a1", "p1");
  static final Principal WORKER_P2 = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");
  static final Principal AGENCY_A1 = new Principal("ag1", Set.of(Role.AGENCY), "a1", null);
  static final Principal STAFF = new Principal("s1", Set.of(Role.STAFF), null, null);

  final MutableClock clock = new MutableClock(T0);
  final CaseRules rules = new CaseRules(Duration.ofMinutes(15));
  final ScriptedIndex index = new ScriptedIndex();
  final InMemoryCaseStore cases = new InMemoryCaseStore(rules);
  final InMemoryProviderStore providers =
      new InMemoryProviderStore().put("p1", "a1", 1).put("p2", "a2", 2).put("p3", null, 1);
  final List<String> reads = new ArrayList<>();
  final AtomicInteger ids = new AtomicInteger();
  final CaseFlow flow =
      new CaseFlow(
          index,
          cases,
          providers,
          (c, who, what) -> reads.add(c + " " + who + " " + what),
          rules,
          clock,
          Runnable::run,
          () -> "c" + ids.incrementAndGet(),
          org.linli.core.region.RegionLocator.NONE);

  ReferralCase create() {
    return join(flow.create(CaseRulesTest.need(false), RESIDENT));
  }

  @Test
  void create_offersTheBestCandidateThatStillExists_andStoresTheCase() {
    providers.remove("p2"); // deleted since it was indexed
    index.answer("p2", "p1", "p3");
    ReferralCase c = create();
    assertThat(c.status()).isEqualTo(CaseStatus.OFFERED);
    assertThat(c.candidates()).extracting(Candidate::providerId).containsExactly("p1", "p3");
    assertThat(c.candidates()).extracting(Candidate::agencyId).containsExactly("a1", null);
    assertThat(c.residentId()).isEqualTo("r1");
    assertThat(join(cases.find(c.id()))).contains(c);
  }

  @Test
  void create_withoutCandidates_isUnmatched_andOnlyResidentsMayPost() {
    index.answer();
    assertThat(create().status()).isEqualTo(CaseStatus.UNMATCHED);
    assertThatThrownBy(() -> flow.create(CaseRulesTest.need(false), Principal.ANONYMOUS))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> flow.create(CaseRulesTest.need(false), WORKER_P1))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void accept_reservesCapacity_complete_freesIt() {
    index.answer("p1", "p2");
    ReferralCase c = create();
    ReferralCase accepted = join(flow.accept(c.id(), WORKER_P1));
    assertThat(accepted.status()).isEqualTo(CaseStatus.ACCEPTED);
    assertThat(providers.reservations("p1").activeCases()).isEqualTo(1);
    assertThat(providers.reservations("p1").holds())
        .extracting(Reservations.Hold::caseId)
        .containsExactly(c.id());
    ReferralCase done =
        join(flow.complete(c.id(), AGENCY_A1, StepDetail.completion("GOT_HELP", null, 45)));
    assertThat(done.status()).isEqualTo(CaseStatus.COMPLETED);
    assertThat(done.history().get(done.history().size() - 1).detail())
        .isEqualTo(new StepDetail("GOT_HELP", null, 45));
    assertThat(providers.reservations("p1").activeCases()).isZero();
  }

  @Test
  void aProviderAtCapacity_cannotAccept_andAnotherCaseIsUntouched() {
    index.answer("p1");
    ReferralCase first = create();
    ReferralCase second = create();
    join(flow.accept(first.id(), WORKER_P1));
    assertThat(failure(flow.accept(second.id(), WORKER_P1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("no spare capacity");
    assertThat(join(cases.find(second.id())).orElseThrow().status()).isEqualTo(CaseStatus.OFFERED);
    assertThat(providers.reservations("p1").activeCases()).isEqualTo(1);
  }

  @Test
  void aLosingAcceptance_givesBackTheUnitItReserved() {
    index.answer("p1", "p2");
    ReferralCase c = create();
    clock.set(
        T0.plus(Duration.ofMinutes(16))); // lapsed, but the timer has not run: the rules refuse
    assertThat(failure(flow.accept(c.id(), WORKER_P1)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("expired");
    assertThat(providers.reservations("p1").activeCases()).isZero();
    assertThat(providers.reservations("p1").holds()).isEmpty();
  }

  @Test
  void cancel_ofAnAcceptedCase_freesTheUnit_decline_movesOn() {
    index.answer("p1", "p2");
    ReferralCase c = create();
    ReferralCase declined = join(flow.decline(c.id(), WORKER_P1));
    assertThat(declined.offered().providerId()).isEqualTo("p2");
    join(flow.accept(c.id(), WORKER_P2));
    assertThat(providers.reservations("p2").activeCases()).isEqualTo(1);
    assertThat(join(flow.cancel(c.id(), RESIDENT)).status()).isEqualTo(CaseStatus.CANCELLED);
    assertThat(providers.reservations("p2").activeCases()).isZero();
  }

  @Test
  void whoMayNotSeeACase_getsNotFound_asForAnUnknownId() {
    index.answer("p1", "p2");
    ReferralCase c = create();
    assertThat(failure(flow.get(c.id(), WORKER_P2))).isInstanceOf(NotFoundException.class);
    assertThat(failure(flow.accept(c.id(), WORKER_P2))).isInstanceOf(NotFoundException.class);
    assertThat(failure(flow.get("c-none", STAFF))).isInstanceOf(NotFoundException.class);
    assertThat(failure(flow.decline("c-none", WORKER_P1))).isInstanceOf(NotFoundException.class);
    assertThat(providers.reservations("p2").activeCases()).isZero();
  }

  @Test
  void aStaffRead_isRecordedBeforeItIsAnswered_othersAreNot() {
    index.answer("p1");
    ReferralCase c = create();
    join(flow.read(c.id(), RESIDENT, "case"));
    assertThat(reads).isEmpty();
    join(flow.read(c.id(), STAFF, "history"));
    assertThat(reads).containsExactly(c.id() + " s1 history");
  }

  @Test
  void aStaffRead_thatCannotBeRecorded_isRefused() {
    CaseFlow strict =
        new CaseFlow(
            index.answer("p1"),
            cases,
            providers,
            (c, who, what) -> {
              throw new UnavailableException("store-unavailable", "down");
            },
            rules,
            clock,
            Runnable::run,
            () -> "x" + ids.incrementAndGet(),
            org.linli.core.region.RegionLocator.NONE);
    ReferralCase c = join(strict.create(CaseRulesTest.need(false), RESIDENT));
    assertThat(failure(strict.read(c.id(), STAFF, "case")))
        .isInstanceOf(UnavailableException.class);
    assertThat(join(strict.read(c.id(), RESIDENT, "case")).id()).isEqualTo(c.id());
  }

  @Test
  void inbox_listsTheCallersCases_newestFirst_andRefusesOthers() {
    index.answer("p1", "p2");
    ReferralCase older = create();
    clock.set(T0.plusSeconds(60));
    ReferralCase newer = create();
    assertThat(join(flow.inbox(WORKER_P1, null, null, 10)))
        .extracting(ReferralCase::id)
        .containsExactly(newer.id(), older.id());
    assertThat(join(flow.inbox(AGENCY_A1, "p1", CaseStatus.OFFERED, 1)))
        .extracting(ReferralCase::id)
        .containsExactly(newer.id());
    assertThat(join(flow.inbox(WORKER_P2, null, null, 10))).isEmpty();
    assertThatThrownBy(() -> flow.inbox(WORKER_P1, "p2", null, 10))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> flow.inbox(RESIDENT, null, null, 10))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> flow.inbox(Principal.ANONYMOUS, null, null, 10))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void expireDue_movesOnLapsedOffersOnly() {
    index.answer("p1", "p2");
    ReferralCase early = create();
    clock.set(T0.plus(Duration.ofMinutes(10)));
    ReferralCase late = create();
    clock.set(T0.plus(Duration.ofMinutes(15)));
    assertThat(flow.expireDue()).isEqualTo(1);
    assertThat(join(cases.find(early.id())).orElseThrow().offered().providerId()).isEqualTo("p2");
    assertThat(join(cases.find(late.id())).orElseThrow().offered().providerId()).isEqualTo("p1");
    assertThat(flow.expireDue()).isZero();
    clock.set(T0.plus(Duration.ofMinutes(31)));
    assertThat(flow.expireDue()).isEqualTo(2);
    assertThat(join(cases.find(early.id())).orElseThrow().status()).isEqualTo(CaseStatus.UNMATCHED);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
