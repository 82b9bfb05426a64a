package org.linli.core.match;

import java.util.List;

/**
 * The answer to a {@link MatchRequest}.
 *
 * @param matches the best eligible providers in the requested order, at most {@code limit}
 * @param total how many providers are eligible, exact up to {@link #TOTAL_CAP}
 * @param totalCapped true when more than {@link #TOTAL_CAP} are eligible and {@code total} is the
 *     cap
 */
public record MatchResult(List<Match> matches, int total, boolean totalCapped) {
  /** Counting stops here: {@code total} is exact below it. */
  public static final int TOTAL_CAP = 10_000;

  public MatchResult {
    matches = List.copyOf(matches);
  }
}
