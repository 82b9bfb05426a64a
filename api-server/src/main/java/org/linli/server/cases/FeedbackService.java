package org.linli.server.cases;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.CaseAccess;
import org.linli.core.cases.CaseStatus;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.feedback.HashChain;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.RatingTally;
import org.linli.server.cluster.RatingSet;
import org.linli.server.json.FeedbackJson;
import org.linli.server.store.FeedbackLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.linli.server.util.Daemons;

/**
 * Residents' feedback on completed cases: checked against the case, appended to the {@link FeedbackLedger} (the
 * commit is the acknowledgement), then the provider's and its agency's ratings are set from the ledger's tallies,
 * which moves them in matching within milliseconds. The ledger is the truth for ratings: a reconciler sets every
 * provider's rating from it at start and every ten minutes (after an import replaced a provider, say). Ledger
 * verification and export are for STAFF and ADMIN. Thread-safe.
 */
public final class FeedbackService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackService.class);

  private final CaseService cases;
  private final FeedbackLedger ledger;
  private final WorkerExecutor workers;
  private final BayesianPrior prior;
  private final ScheduledExecutorService timer = Daemons.scheduler("linli-rating-reconciler");
  private volatile IMap<String, HazelcastJsonValue> providers;

  public FeedbackService(CaseService cases, FeedbackLedger ledger, WorkerExecutor workers, BayesianPrior prior) {
    this.cases = cases;
    this.ledger = ledger;
    this.workers = workers;
    this.prior = prior;
  }

  /** Starts serving on the loaded providers map; sets every rating from the ledger now, then every 10 minutes. */
  public void attach(IMap<String, HazelcastJsonValue> loadedProviders) {
    this.providers = loadedProviders;
    reconcile(true);
    timer.scheduleWithFixedDelay(() -> reconcile(false), 10, 10, TimeUnit.MINUTES);
  }

  /**
   * Records the resident's feedback on a completed case, once.
   *
   * @return a failed future with 401/403/404/409 problems as the rules say, or the appended entry
   */
  public Future<HashChain.Link> post(String caseId, Principal caller, FeedbackJson.Input input, Context context) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("feedback needs the case's RESIDENT's bearer token");
    }
    return cases.get(caseId, caller, context).compose(c -> {
      if (!CaseAccess.isResident(caller, c)) {
        throw new ForbiddenException("only the case's resident may rate it");
      }
      if (c.status() != CaseStatus.COMPLETED) {
        throw new ConflictException("the case is " + c.status() + "; only a COMPLETED case can be rated");
      }
      FeedbackLedger.Draft draft = new FeedbackLedger.Draft(c.id(), c.assigned().providerId(),
          c.assigned().agencyId(), input.rating(), input.dimensions(), input.comment());
      return workers.executeBlocking(() -> {
        HashChain.Link appended = ledger.append(draft);
        try {
          refresh(draft.providerId());
          if (draft.agencyId() != null && !draft.agencyId().equals(draft.providerId())) {
            refresh(draft.agencyId());
          }
        } catch (RuntimeException e) { // the feedback is committed; the reconciler sets the rating later
          LOG.warn("Rating of {} not updated after feedback {} (the reconciler will): {}", draft.providerId(),
              appended.entry().feedbackId(), e.toString());
        }
        return appended;
      }, false);
    });
  }

  /** Sets {@code providerId}'s rating from the ledger, unless a newer tally got there first. */
  private void refresh(String providerId) {
    IMap<String, HazelcastJsonValue> m = providers;
    if (m != null) {
      m.executeOnKey(providerId, new RatingSet(ledger.tally(providerId).rate(prior), false));
    }
  }

  /** Feedback about {@code providerId} (with its workers' for an agency), newest first, before {@code beforeSeq}. */
  public Future<List<HashChain.Link>> about(String providerId, long beforeSeq, int limit) {
    return workers.executeBlocking(() -> ledger.about(providerId, beforeSeq, limit), false);
  }

  /** Checks the whole ledger from the durable store. STAFF and ADMIN. */
  public Future<HashChain.Verdict> verify(Principal caller) {
    requireAuditor(caller, "verify");
    return workers.executeBlocking(ledger::verify, false);
  }

  /** Streams every entry in order to {@code sink} on a worker (which may block for back-pressure). */
  public Future<Void> export(Principal caller, Consumer<HashChain.Link> sink) {
    requireAuditor(caller, "export");
    return workers.executeBlocking(() -> {
      ledger.export(sink);
      return null;
    }, true);
  }

  private static void requireAuditor(Principal caller, String what) {
    if (caller.isAnonymous()) {
      throw new UnauthenticatedException("the ledger needs a STAFF or ADMIN bearer token");
    }
    if (!caller.has(Role.STAFF) && !caller.has(Role.ADMIN)) {
      throw new ForbiddenException("only STAFF and ADMIN may " + what + " the feedback ledger");
    }
  }

  /**
   * Sets every rated provider's rating from the ledger's tallies. {@code force} also lowers ratings that claim
   * more ratings than the ledger holds (only safe while no feedback is being posted: at start). Answers how many
   * providers changed. Blocking.
   */
  public int reconcile(boolean force) {
    try {
      IMap<String, HazelcastJsonValue> m = providers;
      Map<String, RatingTally> tallies = ledger.tallies();
      int changed = 0;
      for (Map.Entry<String, RatingTally> e : tallies.entrySet()) { // a deleted provider's is ignored
        if (m.executeOnKey(e.getKey(), new RatingSet(e.getValue().rate(prior), force))) {
          changed++;
        }
      }
      if (changed > 0) {
        LOG.info("Set {} providers' ratings from the feedback ledger", changed);
      }
      return changed;
    } catch (RuntimeException e) {
      LOG.warn("Setting ratings from the feedback ledger failed (retried in 10 minutes): {}", e.toString());
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
