package org.linli.core.feedback;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.RatingTally;

/**
 * The feedback ledger (port): an append-only hash chain of residents' ratings, one per case, that
 * is the truth for providers' ratings. Every method blocks (call it from a worker).
 * Implementations: in memory (tests) and the database (api-server).
 */
public interface Ledger {
  /**
   * Appends {@code d} as the next entry and commits it.
   *
   * @throws org.linli.core.error.InvalidInputException when the rating is not valid
   * @throws org.linli.core.error.ConflictException when the case already has feedback
   * @throws org.linli.core.error.UnavailableException when the store cannot be written
   */
  HashChain.Link append(Draft d);

  /** Feedback about {@code providerId} (and, for an agency, about its providers), newest first. */
  List<HashChain.Link> about(String providerId, long beforeSeq, int limit);

  /** The tally of {@code providerId}'s ratings (an agency's: of all its providers'). */
  RatingTally tally(String providerId);

  /** Every rated provider's and agency's tally. */
  Map<String, RatingTally> tallies();

  /** Checks the whole chain. */
  HashChain.Verdict verify();

  /** Hands every entry in order to {@code sink}. */
  void export(Consumer<HashChain.Link> sink);

  /** Hands every entry after position {@code seq} in order to {@code sink}. */
  void exportAfter(long seq, Consumer<HashChain.Link> sink);

  /** A rating as the resident gives it; the ledger adds the position, id, time and hashes. */
  record Draft(
      String caseId,
      String providerId,
      String agencyId,
      int rating,
      Map<Dimension, Integer> dimensions,
      String comment) {}
}
