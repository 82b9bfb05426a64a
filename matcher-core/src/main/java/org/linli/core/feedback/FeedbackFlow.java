package org.linli.core.feedback;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseFlow;
import org.linli.core.provider.ProviderStore;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.RatingTally;

/**
 * Residents' feedback on completed cases: checked against the case, appended to the {@link Ledger}
 * (the commit is the acknowledgement), then the provider's and its agency's ratings are set from
 * the ledger's tallies, which moves them in matching. The ledger is the truth for ratings: {@link
 * #reconcile} sets every provider's rating from it (at start, and now and then, after an import
 * replaced a provider, say). Verification and export are for STAFF and ADMIN. Blocking work runs on
 * {@code blocking}. Thread-safe.
 */
public final class FeedbackFlow {
  private static final System.Logger LOG = System.getLogger(FeedbackFlow.class.getName());

  private final CaseFlow cases;
  private final Ledger ledger;
  private final ProviderStore providers;
  private final BayesianPrior prior;
  private final Executor blocking;
  private final org.linli.core.ledger.LedgerProofs proofs;

  /** The ledger's public check: its head, and proofs of inclusion and consistency. */
  public org.linli.core.ledger.LedgerProofs proofs() {
    return proofs;
  }

  public FeedbackFlow(
      CaseFlow cases,
      Ledger ledger,
      ProviderStore providers,
      BayesianPrior prior,
      Executor blocking) {
    this.cases = cases;
    this.ledger = ledger;
    this.proofs = new org.linli.core.ledger.LedgerProofs(ledger);
    this.providers = providers;
    this.prior = prior;
    this.blocking = blocking;
  }

  /** What a resident posts. */
  public record Input(int rating, Map<Dimension, Integer> dimensions, String comment) {}

  /**
   * Records the resident's feedback on a completed case, once.
   *
   * @return the appended entry, or a failure with the 401/403/404/409 refusal the rules give
   */
  public CompletionStage<HashChain.Link> post(String caseId, Principal caller, Input input) {
    Access.requireSignedIn(caller, "feedback needs the case's RESIDENT's bearer token");
    return cases
        .get(caseId, caller)
        .thenApplyAsync(
            c -> {
              Access.requireMayRate(caller, c);
              Candidate assigned =
                  java.util.Objects.requireNonNull(c.assigned(), "a rated case's provider");
              Ledger.Draft draft =
                  new Ledger.Draft(
                      c.id(),
                      assigned.providerId(),
                      assigned.agencyId(),
                      input.rating(),
                      input.dimensions(),
                      input.comment());
              HashChain.Link appended = ledger.append(draft);
              try {
                refresh(draft.providerId());
                if (draft.agencyId() != null && !draft.agencyId().equals(draft.providerId())) {
                  refresh(draft.agencyId());
                }
              } catch (RuntimeException e) {
                // The feedback is committed; reconciling sets the rating later.
                LOG.log(
                    Level.WARNING,
                    "Rating of {0} not updated after feedback {1} (reconciling will): {2}",
                    draft.providerId(),
                    appended.entry().feedbackId(),
                    e.toString());
              }
              return appended;
            },
            blocking);
  }

  /** Sets {@code providerId}'s rating from the ledger, unless a newer tally got there first. */
  private void refresh(String providerId) {
    providers.rate(providerId, ledger.tally(providerId).rate(prior), false);
  }

  /**
   * Feedback about {@code providerId} (with its workers' for an agency), newest first, before
   * {@code beforeSeq}.
   */
  public CompletionStage<List<HashChain.Link>> about(String providerId, long beforeSeq, int limit) {
    return CompletableFuture.supplyAsync(
        () -> ledger.about(providerId, beforeSeq, limit), blocking);
  }

  /** Checks the whole ledger from the durable store. STAFF and ADMIN. */
  public CompletionStage<HashChain.Verdict> verify(Principal caller) {
    Access.requireLedgerAuditor(caller, "verify");
    return CompletableFuture.supplyAsync(ledger::verify, blocking);
  }

  /**
   * Streams every entry in order to {@code sink} on {@code streaming} (which may block for
   * back-pressure).
   */
  public CompletionStage<Void> export(
      Principal caller, Consumer<HashChain.Link> sink, Executor streaming) {
    Access.requireLedgerExporter(caller);
    return CompletableFuture.runAsync(() -> ledger.export(sink), streaming);
  }

  /**
   * Sets every rated provider's rating from the ledger's tallies. {@code force} also lowers ratings
   * that claim more ratings than the ledger holds (only safe while no feedback is being posted: at
   * start). Answers how many providers changed. Blocking.
   */
  public int reconcile(boolean force) {
    Map<String, RatingTally> tallies = ledger.tallies();
    int changed = 0;
    for (Map.Entry<String, RatingTally> e : tallies.entrySet()) { // a deleted provider's is ignored
      if (providers.rate(e.getKey(), e.getValue().rate(prior), force)) {
        changed++;
      }
    }
    return changed;
  }
}
