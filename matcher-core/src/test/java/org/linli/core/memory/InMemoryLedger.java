package org.linli.core.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.linli.core.error.ConflictException;
import org.linli.core.feedback.Feedback;
import org.linli.core.feedback.HashChain;
import org.linli.core.feedback.Ledger;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.RatingTally;

/** {@link Ledger} in a list, chained as the database's is. For tests. */
public final class InMemoryLedger implements Ledger {
  private final List<HashChain.Link> links = new ArrayList<>();
  private final Clock clock;

  public InMemoryLedger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized HashChain.Link append(Draft d) {
    Feedback.validate(d.rating(), d.dimensions(), d.comment());
    if (links.stream().anyMatch(l -> l.entry().caseId().equals(d.caseId()))) {
      throw new ConflictException("case " + d.caseId() + " already has feedback");
    }
    long seq = links.size() + 1L;
    Feedback f =
        new Feedback(
            seq,
            "f-" + seq,
            d.caseId(),
            d.providerId(),
            d.agencyId(),
            d.rating(),
            d.dimensions(),
            d.comment(),
            Feedback.timestamp(clock.instant()));
    String prev = links.isEmpty() ? HashChain.GENESIS : links.get(links.size() - 1).hash();
    HashChain.Link l = new HashChain.Link(f, prev, HashChain.hash(prev, f));
    links.add(l);
    return l;
  }

  @Override
  public synchronized List<HashChain.Link> about(String providerId, long beforeSeq, int limit) {
    List<HashChain.Link> out = new ArrayList<>();
    for (int i = links.size() - 1; i >= 0 && out.size() < limit; i--) {
      Feedback f = links.get(i).entry();
      if (f.seq() < beforeSeq
          && (providerId.equals(f.providerId()) || providerId.equals(f.agencyId()))) {
        out.add(links.get(i));
      }
    }
    return out;
  }

  @Override
  public synchronized RatingTally tally(String providerId) {
    return tallies().getOrDefault(providerId, RatingTally.NONE);
  }

  @Override
  public synchronized Map<String, RatingTally> tallies() {
    Map<String, List<Feedback>> by = new HashMap<>();
    for (HashChain.Link l : links) {
      Feedback f = l.entry();
      by.computeIfAbsent(f.providerId(), k -> new ArrayList<>()).add(f);
      if (f.agencyId() != null && !f.agencyId().equals(f.providerId())) {
        by.computeIfAbsent(f.agencyId(), k -> new ArrayList<>()).add(f);
      }
    }
    Map<String, RatingTally> out = new HashMap<>();
    by.forEach(
        (id, fs) -> {
          Map<Dimension, Long> sums = new EnumMap<>(Dimension.class);
          long overall = 0;
          for (Feedback f : fs) {
            overall += f.rating();
            f.dimensions().forEach((d, v) -> sums.merge(d, (long) v, Long::sum));
          }
          out.put(id, new RatingTally(fs.size(), overall, sums));
        });
    return out;
  }

  @Override
  public synchronized HashChain.Verdict verify() {
    return HashChain.verify(new ArrayList<>(links).iterator());
  }

  @Override
  public void export(Consumer<HashChain.Link> sink) {
    List<HashChain.Link> copy;
    synchronized (this) {
      copy = new ArrayList<>(links);
    }
    copy.forEach(sink);
  }

  @Override
  public void exportAfter(long seq, Consumer<HashChain.Link> sink) {
    List<HashChain.Link> copy;
    synchronized (this) {
      copy = new ArrayList<>(links);
    }
    copy.stream().filter(l -> l.entry().seq() > seq).forEach(sink);
  }
}
