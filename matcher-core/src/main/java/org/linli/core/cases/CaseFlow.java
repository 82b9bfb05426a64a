package org.linli.core.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.linli.core.Nullable;
import org.linli.core.access.Access;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;
import org.linli.core.intake.NeedIntake;
import org.linli.core.match.Match;
import org.linli.core.match.ProviderIndex;
import org.linli.core.provider.ProviderStore;
import org.linli.core.region.RegionLocator;

/**
 * The use cases of a referral: a resident's need becomes a case offered to the best candidate, and
 * the case moves through {@link CaseRules} one atomic {@link CaseCommand} at a time ({@link
 * CaseStore#apply}), so one acceptance wins. Capacity is reserved on the provider before an
 * acceptance is tried and freed if it loses, so {@code activeCases} never passes {@code capacity};
 * completing or cancelling an accepted case frees it. Lapsed offers move on when {@link #expireDue}
 * runs. Blocking work (matching, queries, the read audit) runs on {@code blocking}; everything else
 * composes the stores' non-blocking answers. Thread-safe.
 */
public final class CaseFlow {
  /** Lists of cases: newest first, ties by id. */
  private static final Comparator<ReferralCase> NEWEST_FIRST =
      Comparator.comparing(ReferralCase::createdAt).reversed().thenComparing(ReferralCase::id);

  private final ProviderIndex index;
  private final CaseStore cases;
  private final ProviderStore providers;
  private final CaseReads reads;
  private final CaseRules rules;
  private final Clock clock;
  private final Executor blocking;
  private final Supplier<String> newId;
  private final RegionLocator regions;
  private final NeedIntake intake;

  /** As the full constructor, with no need classifier: needs are opened as posted. */
  public CaseFlow(
      ProviderIndex index,
      CaseStore cases,
      ProviderStore providers,
      CaseReads reads,
      CaseRules rules,
      Clock clock,
      Executor blocking,
      Supplier<String> newId,
      RegionLocator regions) {
    this(index, cases, providers, reads, rules, clock, blocking, newId, regions, NeedIntake.none());
  }

  /**
   * @param blocking runs the blocking steps (a worker pool, never an event loop)
   * @param newId a fresh case id per call
   * @param regions where needs lie (a case keeps its regions, for STAFF region scopes)
   * @param intake what a need's text adds to it (an inferred skill, a sensitive mark)
   */
  public CaseFlow(
      ProviderIndex index,
      CaseStore cases,
      ProviderStore providers,
      CaseReads reads,
      CaseRules rules,
      Clock clock,
      Executor blocking,
      Supplier<String> newId,
      RegionLocator regions,
      NeedIntake intake) {
    this.regions = regions;
    this.intake = intake;
    this.index = index;
    this.cases = cases;
    this.providers = providers;
    this.reads = reads;
    this.rules = rules;
    this.clock = clock;
    this.blocking = blocking;
    this.newId = newId;
  }

  /** Case ids as Linli makes them: {@code c-} and 20 random hex digits. */
  public static String randomId() {
    return "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  public CaseRules rules() {
    return rules;
  }

  /**
   * A resident's need: read by the intake rules (a skill from its text, a sensitive mark), matched
   * now, offered to the best candidate (or UNMATCHED), stored.
   */
  public CompletionStage<ReferralCase> create(Need posted, Principal resident) {
    Access.requireMayPostNeed(resident);
    if (!resident.has(Role.RESIDENT)) {
      throw new org.linli.core.error.InvalidInputException(
          "onBehalfOf",
          "staff post a need on behalf of a resident: give onBehalfOf with the person's name"
              + " (and phone, when they have one)");
    }
    return CompletableFuture.supplyAsync(
        () ->
            open(
                intake.need(posted), resident.requireSubject(), CaseRules.SYSTEM, null, null, null),
        blocking);
  }

  /**
   * A need posted by STAFF for a resident who cannot use the service ({@code need}'s {@code
   * onBehalfOf} names them): the case is the resident's ({@code residentId}: their account when
   * they have a phone, so they can follow it), its first step names the staff member. A STAFF with
   * a region scope may post only inside it.
   */
  public CompletionStage<ReferralCase> createOnBehalf(
      Need posted, Principal staff, String residentId) {
    try {
      if (!staff.has(Role.STAFF)) {
        throw new ForbiddenException("only STAFF post needs on behalf of a resident");
      }
      if (posted.onBehalfOf() == null) {
        throw new org.linli.core.error.InvalidInputException(
            "onBehalfOf", "onBehalfOf is required: the name of the person the need is for");
      }
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          if (!staff.scopeCovers(regions.regionsAt(posted.match().location()))) {
            throw new ForbiddenException(
                "the need lies outside your regions; ask staff of its region to post it");
          }
          return open(intake.need(posted), residentId, staff.requireSubject(), null, null, null);
        },
        blocking);
  }

  /**
   * Matches {@code need} (leaving out {@code exclude}, when given), opens the case (or offers it to
   * {@code only}, when given) and stores it. Blocking.
   */
  private ReferralCase open(
      Need need,
      String residentId,
      String opener,
      @Nullable String referredFrom,
      @Nullable Candidate only,
      @Nullable String exclude) {
    List<Candidate> candidates = new ArrayList<>();
    if (only != null) {
      candidates.add(only);
    } else {
      List<Match> matches = index.match(need.match()).matches();
      Set<String> ids = new LinkedHashSet<>();
      matches.forEach(x -> ids.add(x.providerId()));
      Map<String, ProviderStore.Owner> owners = providers.owners(ids);
      for (Match x : matches) {
        ProviderStore.Owner owner = owners.get(x.providerId());
        if (owner != null // deleted since it was indexed: not a candidate
            && !x.providerId().equals(exclude)) {
          candidates.add(
              new Candidate(x.providerId(), owner.agencyId(), x.score(), x.distanceMeters()));
        }
      }
    }
    ReferralCase c =
        rules.open(
            newId.get(),
            residentId,
            need,
            candidates,
            clock.instant(),
            regions.regionsAt(need.match().location()),
            opener,
            referredFrom);
    cases.insert(c);
    return c;
  }

  /**
   * The case if {@code viewer} may see it; else the same {@link NotFoundException} as for an
   * unknown id.
   */
  public CompletionStage<ReferralCase> get(String id, Principal viewer) {
    return cases
        .find(id)
        .thenApply(
            found ->
                found
                    .filter(c -> CaseAccess.canSee(viewer, c))
                    .orElseThrow(() -> new NotFoundException("case " + id)));
  }

  /** As {@link #get}, and a STAFF read is recorded durably first ({@code what} says which view). */
  public CompletionStage<ReferralCase> read(String id, Principal viewer, String what) {
    return get(id, viewer)
        .thenCompose(
            c ->
                !viewer.has(Role.STAFF)
                    ? CompletableFuture.completedFuture(c)
                    : CompletableFuture.supplyAsync(
                        () -> {
                          reads.record(c.id(), viewer.requireSubject(), what);
                          return c;
                        },
                        blocking));
  }

  /**
   * The inbox: cases offered to or assigned to the caller's provider (WORKER) or its agency's
   * providers (AGENCY), newest first, at most {@code limit}; optionally one provider's and one
   * status's only.
   */
  public CompletionStage<List<ReferralCase>> inbox(
      Principal caller, @Nullable String providerId, @Nullable CaseStatus status, int limit) {
    Access.Inbox scope = Access.inbox(caller, providerId);
    return CompletableFuture.supplyAsync(
        () ->
            cases
                .offeredOrAssigned(
                    scope.agencyId(), providerId != null ? providerId : scope.providerId(), status)
                .stream()
                .filter(
                    c ->
                        CaseAccess.canSee(
                            caller, c)) // the query's view, checked by the rules themselves
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList(),
        blocking);
  }

  /**
   * What a staff queue asks for: a status, or the escalated cases still waiting ({@code
   * escalated}); optionally only those whose need lay in region {@code region} and those opened at
   * least {@code olderThan} ago.
   */
  public record QueueQuery(
      @Nullable CaseStatus status,
      boolean escalated,
      @Nullable String region,
      @Nullable java.time.Duration olderThan) {}

  /**
   * A staff queue: STAFF (inside their region scope) and ADMIN; the oldest first, at most {@code
   * limit}.
   */
  public CompletionStage<List<ReferralCase>> queue(Principal caller, QueueQuery q, int limit) {
    try {
      Access.requireQueueReader(caller);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          Instant cutoff = q.olderThan() == null ? null : clock.instant().minus(q.olderThan());
          return cases.queue(q.status(), q.escalated()).stream()
              .filter(c -> CaseAccess.canSee(caller, c))
              .filter(c -> q.region() == null || c.regionIds().contains(q.region()))
              .filter(c -> cutoff == null || !c.createdAt().isAfter(cutoff))
              .sorted(NEWEST_FIRST.reversed())
              .limit(limit)
              .toList();
        },
        blocking);
  }

  /** A resident's own cases, newest first, at most {@code limit}. RESIDENT only. */
  public CompletionStage<List<ReferralCase>> mine(Principal caller, int limit) {
    if (caller.isAnonymous()) {
      return CompletableFuture.failedFuture(
          new org.linli.core.error.UnauthenticatedException("my cases need a resident's token"));
    }
    if (!caller.has(Role.RESIDENT)) {
      return CompletableFuture.failedFuture(
          new org.linli.core.error.ForbiddenException(
              "my cases are a RESIDENT's; providers find theirs in the inbox"));
    }
    Principal residentOnly =
        new Principal(caller.requireSubject(), java.util.Set.of(Role.RESIDENT), null, null);
    return CompletableFuture.supplyAsync(
        () ->
            cases.concerning(residentOnly).stream()
                .filter(c -> CaseAccess.isResident(caller, c))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList(),
        blocking);
  }

  /**
   * The offered provider accepts: a unit of capacity is reserved first under this attempt's token,
   * and freed again if the acceptance loses. (A member that dies between the two steps leaves a
   * hold that {@link CapacityReconciliation} settles against the case.)
   */
  public CompletionStage<ReferralCase> accept(String id, Principal caller) {
    return get(id, caller)
        .thenCompose(
            c -> {
              if (c.offered() == null) {
                throw new ConflictException("cannot accept a case that is " + c.status());
              }
              if (!CaseAccess.actsFor(caller, c.offered())) {
                throw new ForbiddenException(
                    "only the offered provider (its worker or agency) may accept");
              }
              String providerId = c.offered().providerId();
              String attempt = UUID.randomUUID().toString();
              return providers
                  .reserve(providerId, ReservationChange.reserve(id, attempt, clock.millis()))
                  .thenCompose(
                      reserved -> {
                        if (!reserved) {
                          throw new ConflictException(
                              "provider " + providerId + " has no spare capacity");
                        }
                        return change(id, CaseCommand.Op.ACCEPT, caller, providerId)
                            .handle(
                                (after, lost) ->
                                    lost == null
                                        ? CompletableFuture.completedFuture(after)
                                        : providers
                                            .reserve(
                                                providerId, ReservationChange.free(id, attempt))
                                            .<ReferralCase>handle(
                                                (freed, e) -> {
                                                  throw propagate(lost);
                                                }))
                            .thenCompose(x -> x);
                      });
            });
  }

  public CompletionStage<ReferralCase> decline(String id, Principal caller) {
    return decline(id, caller, null);
  }

  /** A decline, with its reason and note when given ({@link StepDetail#decline}). */
  public CompletionStage<ReferralCase> decline(
      String id, Principal caller, @Nullable StepDetail reason) {
    return change(id, CaseCommand.Op.DECLINE, caller, null, reason);
  }

  /**
   * A completion, with its outcome (required: {@link StepDetail#completion} checks it), note and
   * minutes of service.
   */
  public CompletionStage<ReferralCase> complete(String id, Principal caller, StepDetail outcome) {
    return change(id, CaseCommand.Op.COMPLETE, caller, null, outcome);
  }

  public CompletionStage<ReferralCase> cancel(String id, Principal caller) {
    return change(id, CaseCommand.Op.CANCEL, caller, null);
  }

  /** A note on the case ({@link CaseRules#note}): the assigned provider or staff. */
  public CompletionStage<ReferralCase> note(String id, Principal caller, StepDetail note) {
    return change(id, CaseCommand.Op.NOTE, caller, null, note);
  }

  /** The case's notes, oldest first, for those who may read them ({@link CaseAccess}). */
  public CompletionStage<List<Transition>> notes(String id, Principal caller) {
    return get(id, caller)
        .thenApply(
            c -> {
              if (!(CaseAccess.staffSees(caller, c)
                  || caller.has(Role.ADMIN)
                  || CaseAccess.actsFor(caller, c.assigned()))) {
                throw new ForbiddenException(
                    "a case's notes are for its assigned provider (worker or agency) and staff");
              }
              return c.history().stream()
                  .filter(t -> t.event() == CaseEvent.NOTED)
                  .filter(t -> CaseAccess.seesStepNote(caller, c, t))
                  .toList();
            });
  }

  /**
   * The assigned provider's agency moves the accepted case to another of its providers: a unit of
   * the new provider's capacity is reserved first (409 when it has none), the case moves if it is
   * still where the caller saw it, and the old provider's unit is freed; the reservation is given
   * back if the move loses. Capacity moves exactly once.
   */
  public CompletionStage<ReferralCase> reassign(
      String id, Principal caller, String providerId, @Nullable StepDetail note) {
    return get(id, caller)
        .thenCompose(
            c -> {
              Candidate from = c.assigned();
              if (c.status() != CaseStatus.ACCEPTED || from == null) {
                throw new ConflictException("cannot reassign a case that is " + c.status());
              }
              return CompletableFuture.supplyAsync(
                      () -> providers.owners(List.of(providerId)).get(providerId), blocking)
                  .thenCompose(
                      owner -> {
                        if (owner == null) {
                          throw new NotFoundException("provider " + providerId);
                        }
                        Candidate to = Candidate.moved(providerId, owner.agencyId());
                        // The rules, before any capacity is touched.
                        rules.reassign(c, caller, clock.instant(), to, null, note);
                        String attempt = UUID.randomUUID().toString();
                        return providers
                            .reserve(
                                providerId, ReservationChange.reserve(id, attempt, clock.millis()))
                            .thenCompose(
                                reserved -> {
                                  if (!reserved) {
                                    throw new ConflictException(
                                        "provider " + providerId + " has no spare capacity");
                                  }
                                  return moveOrGiveBack(id, caller, from, to, note, attempt);
                                });
                      });
            });
  }

  private CompletionStage<ReferralCase> moveOrGiveBack(
      String id,
      Principal caller,
      Candidate from,
      Candidate to,
      @Nullable StepDetail note,
      String attempt) {
    return cases
        .apply(
            id,
            new CaseCommand(
                CaseCommand.Op.REASSIGN, caller, clock.instant(), from.providerId(), note, to))
        .handle(
            (ch, lost) ->
                lost == null
                    ? providers
                        .reserve(from.providerId(), ReservationChange.free(id, null))
                        .thenApply(freed -> ch.after())
                    : providers
                        .reserve(to.providerId(), ReservationChange.free(id, attempt))
                        .<ReferralCase>handle(
                            (freed, e) -> {
                              throw propagate(lost);
                            }))
        .thenCompose(x -> x);
  }

  /**
   * The assigned provider refers the resident onward: the case completes as {@code
   * REFERRED_ELSEWHERE} (with the note), then a linked case ({@code referredFrom}) opens for the
   * same resident: offered to {@code providerId} when given, else matched on {@code skills} (the
   * old case's when empty) without the referring provider.
   */
  public CompletionStage<ReferralCase> refer(
      String id,
      Principal caller,
      @Nullable String providerId,
      Set<org.linli.core.taxonomy.Skill> skills,
      @Nullable String note) {
    StepDetail outcome;
    try {
      outcome = StepDetail.completion("REFERRED_ELSEWHERE", note, null);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return get(id, caller)
        .thenCompose(
            c -> {
              Candidate from = c.assigned();
              if (c.status() != CaseStatus.ACCEPTED || from == null) {
                throw new ConflictException(
                    "only an ACCEPTED case can be referred onward; this one is " + c.status());
              }
              if (!CaseAccess.actsFor(caller, from)) {
                throw new ForbiddenException(
                    "only the assigned provider (its worker or agency) may refer the case onward");
              }
              // Everything the linked case needs is settled before the case completes.
              Need before = c.need();
              Need onward =
                  new Need(
                      skills.isEmpty() ? before.match() : before.match().withSkills(skills),
                      before.description(),
                      before.urgency(),
                      before.contactPhone(),
                      before.sensitive(),
                      Set.of(),
                      before.onBehalfOf());
              return CompletableFuture.supplyAsync(
                      () -> {
                        if (providerId == null) {
                          return null;
                        }
                        ProviderStore.Owner owner =
                            providers.owners(List.of(providerId)).get(providerId);
                        if (owner == null) {
                          throw new NotFoundException("provider " + providerId);
                        }
                        if (providerId.equals(from.providerId())) {
                          throw new ConflictException(
                              "a case is referred to another provider, not back to its own");
                        }
                        return Candidate.moved(providerId, owner.agencyId());
                      },
                      blocking)
                  .thenCompose(
                      only ->
                          change(id, CaseCommand.Op.COMPLETE, caller, null, outcome)
                              .thenApplyAsync(
                                  done ->
                                      open(
                                          onward,
                                          c.residentId(),
                                          caller.requireSubject(),
                                          c.id(),
                                          only,
                                          from.providerId()),
                                  blocking));
            });
  }

  /**
   * Moves on every OFFERED case this member is responsible for whose offer has lapsed. Blocking
   * (the offer timer calls it). Answers how many cases moved.
   */
  public int expireDue() {
    int moved = 0;
    for (String id : cases.lapsedOffers(clock.instant())) {
      // The command re-checks the expiry on the stored case: a case accepted since the query stays
      // accepted.
      CaseStore.Change ch =
          cases
              .apply(
                  id,
                  new CaseCommand(
                      CaseCommand.Op.EXPIRE, Principal.ANONYMOUS, clock.instant(), null))
              .toCompletableFuture()
              .join();
      if (ch != null && ch.changed()) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * Escalates every URGENT or sensitive case this member is responsible for that has waited {@link
   * CaseRules#escalateAfter()} without an acceptance. Blocking (a timer calls it). Answers how
   * many.
   */
  public int escalateDue() {
    int escalated = 0;
    Instant now = clock.instant();
    for (String id : cases.escalationsDue(now.minus(rules.escalateAfter()))) {
      CaseStore.Change ch =
          cases
              .apply(id, new CaseCommand(CaseCommand.Op.ESCALATE, Principal.ANONYMOUS, now, null))
              .toCompletableFuture()
              .join();
      if (ch != null && ch.changed()) {
        escalated++;
      }
    }
    return escalated;
  }

  /**
   * Applies one change; frees the assigned provider's capacity when the change ends an accepted
   * case.
   */
  private CompletionStage<ReferralCase> change(
      String id, CaseCommand.Op op, Principal caller, @Nullable String expectedProvider) {
    return change(id, op, caller, expectedProvider, null);
  }

  private CompletionStage<ReferralCase> change(
      String id,
      CaseCommand.Op op,
      Principal caller,
      @Nullable String expectedProvider,
      @Nullable StepDetail detail) {
    return cases
        .apply(id, new CaseCommand(op, caller, clock.instant(), expectedProvider, detail))
        .thenCompose(
            ch -> {
              if (CaseRules.freesCapacity(ch.before(), ch.after())) {
                return providers
                    .reserve(
                        java.util.Objects.requireNonNull(
                                ch.before().assigned(), "an accepted case's provider")
                            .providerId(),
                        ReservationChange.free(id, null))
                    .thenApply(freed -> ch.after());
              }
              return CompletableFuture.completedFuture(ch.after());
            });
  }

  /** {@code e} as thrown from a stage's function: unchecked as it is, anything else wrapped. */
  static RuntimeException propagate(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof RuntimeException r ? r : new CompletionException(t);
  }
}
