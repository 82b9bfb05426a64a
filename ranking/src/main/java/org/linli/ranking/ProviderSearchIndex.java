package org.linli.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.linli.core.match.AgencyStandings;
import org.linli.core.match.Eligibility;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.ProviderIndex;
import org.linli.core.match.ScoreBlend;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Rating;
import org.linli.core.taxonomy.Skill;

/**
 * The in-memory provider index behind {@link ProviderIndex}: a sparse lat/lon grid per skill (and
 * one for all providers) for exact geographic candidate generation, and Lucene BM25 over
 * incrementally kept term statistics for text fit.
 *
 * <p>How a match runs: the grid of the rarest requested skill is chosen; only cells that can hold a
 * point within the radius are visited, nearest first by a proven lower bound; each entry is checked
 * against every eligibility rule with unit-vector dot products (exact haversine inside a tiny band
 * at the limits, so answers equal {@link org.linli.core.match.Eligibility#bruteForce}); a bounded
 * top-k keeps the best by distance or by blended score, and cells whose score bound cannot beat the
 * k-th are counted without scoring.
 *
 * <p>Thread-safety: {@link #match} runs lock-free on any number of threads. Writes are serialised
 * by a lock; each write builds new immutable buckets and swaps them in, so a match sees every cell
 * either before or after a write (a provider moving between cells during a match may be counted
 * twice in {@code total}, never listed twice).
 */
public final class ProviderSearchIndex implements ProviderIndex {
  private static final Skill[] SKILLS = Skill.values();

  /** Batches at least this large are analysed on the common fork-join pool. */
  private static final int PARALLEL_ANALYSIS = 2_000;

  /** Writes that add to at least this many cells (over all grids) build the grids in parallel. */
  private static final int PARALLEL_CELLS = 1_000;

  private final BayesianPrior prior;

  /** The prior's rating, which every provider without ratings shares. */
  private final Rating unrated;

  private final ScoreBlend blend;
  private final TextStatistics text;
  private final Grid all = new Grid();
  private final Map<Skill, Grid> bySkill = new EnumMap<>(Skill.class);
  private final Map<Skill, AtomicLong> skillCounts = new EnumMap<>(Skill.class);
  private final Map<String, Indexed> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> languageBits = new ConcurrentHashMap<>();
  private final NameTable names = new NameTable(byId::values);

  /**
   * The agencies' standings, read when a provider is entered: a REVOKED agency's providers get no
   * entry, and each entry keeps whether its agency is verified. A change of standing is applied by
   * entering that agency's providers again.
   */
  private volatile AgencyStandings agencies = AgencyStandings.NONE;

  /** Serialises writes (a {@link BulkLoad} holds it from start to close). */
  private final ReentrantLock writeLock = new ReentrantLock();

  /** An index with the default rating prior and score weights. */
  public ProviderSearchIndex() {
    this(BayesianPrior.DEFAULT, ScoreBlend.DEFAULT);
  }

  /**
   * @param prior the rating assumed for providers without ratings
   * @param blend the score weights
   */
  public ProviderSearchIndex(BayesianPrior prior, ScoreBlend blend) {
    this.prior = prior;
    this.unrated = prior.rescore(null);
    this.blend = blend;
    this.text = new TextStatistics(new TextAnalysis());
    for (Skill s : Skill.values()) {
      bySkill.put(s, new Grid());
      skillCounts.put(s, new AtomicLong());
    }
  }

  /**
   * Uses {@code standings} for the providers entered from now on (enter an agency's providers again
   * after its standing changes).
   */
  public void useAgencies(AgencyStandings standings) {
    this.agencies = standings;
  }

  @Override
  public void upsert(Provider provider) {
    upsertAll(List.of(provider));
  }

  @Override
  public void remove(String providerId) {
    removeAll(List.of(providerId));
  }

  /**
   * Adds or replaces many providers in one batch (each touched cell is rebuilt once). Text
   * analysis, the costly part, runs before the write lock is taken, in parallel for large batches.
   */
  public void upsertAll(Collection<Provider> providers) {
    List<Provider> batch = lastPerId(providers);
    List<TextDoc> analysed = analyse(batch);
    writeLock.lock();
    try {
      Batch changes = new Batch();
      enter(changes, batch, analysed);
      changes.apply();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Starts a bulk load, for more providers than one batch should hold (a whole store at start):
   * parts are analysed and entered as they are {@link BulkLoad#add added}, but grid cells are built
   * once, when the load is closed, instead of once per part. Until then matches see the cells as
   * they were (though {@link #size} and the text statistics count the parts as they are entered),
   * and other writes wait. The load belongs to the calling thread.
   *
   * <p>The load is a two-stage pipeline: while a part is analysed on the calling thread (and the
   * common pool), the part before it is entered on the load's own thread, in order; at close the
   * grids' cells are built in parallel, one grid per task (each grid has one writer).
   */
  public BulkLoad bulkLoad() {
    return new BulkLoad();
  }

  /** A bulk load in progress; see {@link #bulkLoad}. Close it to make the providers visible. */
  public final class BulkLoad implements AutoCloseable {
    private final Batch changes = new Batch();

    /** Enters the analysed parts in order; only it touches {@link #changes} until close. */
    private final ExecutorService entering =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "linli-index-load");
              t.setDaemon(true);
              return t;
            });

    /** The part being entered, or null. */
    private Future<?> inFlight;

    private boolean closed;

    private BulkLoad() {
      writeLock.lock();
    }

    /**
     * Adds or replaces these providers (a later part may replace a provider of an earlier one).
     * Returns once the part is analysed and the part before it entered; a failure to enter a part
     * is thrown by the next call.
     */
    public void add(Collection<Provider> providers) {
      if (closed) {
        throw new IllegalStateException("the bulk load is closed");
      }
      List<Provider> batch = lastPerId(providers);
      List<TextDoc> analysed = analyse(batch);
      awaitEntered();
      inFlight = entering.submit(() -> enter(changes, batch, analysed));
    }

    private void awaitEntered() {
      Future<?> f = inFlight;
      inFlight = null;
      if (f == null) {
        return;
      }
      // Waits out an interrupt (entering a part takes well under a second) and keeps it for the
      // caller: the
      // batch must not be applied while the part is still being entered into it.
      boolean interrupted = false;
      try {
        while (true) {
          try {
            f.get();
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /**
     * Builds the touched cells and lets other writes in; what was added before a failure is kept.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      RuntimeException failure = null;
      try {
        try {
          awaitEntered();
        } catch (RuntimeException e) {
          failure = e;
        }
        changes.apply();
      } finally {
        entering.shutdown();
        writeLock.unlock();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static List<Provider> lastPerId(Collection<Provider> providers) {
    Map<String, Provider> latest = new LinkedHashMap<>();
    for (Provider p : providers) {
      latest.put(p.id(), p);
    }
    return new ArrayList<>(latest.values());
  }

  private List<TextDoc> analyse(List<Provider> batch) {
    return (batch.size() >= PARALLEL_ANALYSIS ? batch.parallelStream() : batch.stream())
        .map(text::document)
        .toList();
  }

  /**
   * Counts the documents and gathers the entries' cell changes into {@code changes}. Writer only.
   */
  private void enter(Batch changes, List<Provider> providers, List<TextDoc> analysed) {
    for (int i = 0; i < providers.size(); i++) {
      Provider p = providers.get(i);
      changes.unindex(byId.get(p.id()));
      TextDoc doc = analysed.get(i);
      text.add(doc);
      if (Eligibility.isMatchable(p) && agencies.mayServe(p.agencyId())) {
        Entry entry =
            new Entry(
                p,
                doc,
                languageMask(p.languages(), true),
                ratingOf(p),
                agencies.verified(p.agencyId()));
        changes.index(entry);
        byId.put(p.id(), entry);
      } else {
        byId.put(p.id(), doc);
      }
    }
    names.changed();
  }

  /** Removes many providers in one batch; unknown ids are ignored. */
  public void removeAll(Collection<String> providerIds) {
    writeLock.lock();
    try {
      Batch batch = new Batch();
      for (String id : providerIds) {
        Indexed old = byId.remove(id);
        batch.unindex(old);
      }
      names.changed();
      batch.apply();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public MatchResult match(MatchRequest request) {
    Skill rarest = null;
    for (Skill s : request.skills()) {
      if (rarest == null || skillCounts.get(s).get() < skillCounts.get(rarest).get()) {
        rarest = s;
      }
    }
    Grid grid = rarest == null ? all : bySkill.get(rarest);
    TextQuery textQuery =
        request.text().isBlank() ? TextQuery.EMPTY : text.query(request.text(), byId.size());
    return new MatchRun(
            request,
            grid,
            textQuery,
            blend.forRequest(!request.text().isBlank()),
            languageMask(request.languages(), false))
        .run();
  }

  @Override
  public int size() {
    return byId.size();
  }

  @Override
  public boolean contains(String providerId) {
    return byId.containsKey(providerId);
  }

  /**
   * The text scorer a match would use for {@code needText}; for tests that check scores
   * independently.
   */
  TextQuery textQuery(String needText) {
    return text.query(needText, byId.size());
  }

  /** The analysed text of a stored provider, or null; for tests. */
  TextDoc textDocOf(String providerId) {
    Indexed i = byId.get(providerId);
    return i == null ? null : i.text();
  }

  @Override
  public List<NameHit> findByName(String query, int limit) {
    String q = query.strip();
    List<String> words = new ArrayList<>();
    text.analysis().forEachTerm(q, w -> words.add(NameTable.lower(w)));
    if (words.isEmpty()) {
      words.add(NameTable.lower(q));
    }
    List<NameTable.Hit> hits = new ArrayList<>(names.find(q, words, limit));
    Indexed byExactId = byId.get(q);
    if (byExactId instanceof Entry e && hits.stream().noneMatch(h -> h.entry() == e)) {
      hits.add(0, new NameTable.Hit(e, 0));
      if (hits.size() > limit) {
        hits.remove(hits.size() - 1);
      }
    }
    List<NameHit> out = new ArrayList<>(hits.size());
    for (NameTable.Hit h : hits) {
      Entry e = h.entry();
      EnumSet<Skill> skills = EnumSet.noneOf(Skill.class);
      for (Skill s : SKILLS) {
        if ((e.skillMask & (1L << s.ordinal())) != 0) {
          skills.add(s);
        }
      }
      out.add(new NameHit(e.id, e.name, e.kind, Skill.canonical(skills), e.rating));
    }
    return out;
  }

  /** Calls {@code action} with the id of every indexed provider. */
  public void forEachId(java.util.function.Consumer<String> action) {
    byId.keySet().forEach(action);
  }

  /** Number of non-empty grid cells over all grids, for metrics. */
  public int cellCount() {
    int n = all.bucketCount();
    for (Grid g : bySkill.values()) {
      n += g.bucketCount();
    }
    return n;
  }

  /**
   * The rating to rank with: the provider's own, scored under this index's prior; else the prior's,
   * one shared instance (most providers have none yet, and a rating is immutable).
   */
  Rating ratingOf(Provider p) {
    Rating r = prior.rescore(p.rating());
    return r.equals(unrated) ? unrated : r;
  }

  @Override
  public BayesianPrior ratingPrior() {
    return prior;
  }

  /**
   * Bits for languages: each language seen gets its own bit, up to 63; later ones share bit 63,
   * which {@link MatchRun} resolves with an exact check. Unknown request languages get no bit
   * (nobody speaks them).
   */
  long languageMask(List<String> languages, boolean assign) {
    long mask = 0;
    for (String lang : languages) {
      Integer bit = languageBits.get(lang);
      if (bit == null && assign) {
        bit =
            languageBits.computeIfAbsent(
                lang, k -> Math.min(MatchRun.OVERFLOW_LANGUAGE_BIT, languageBits.size()));
      }
      if (bit != null) {
        mask |= 1L << bit;
      }
    }
    return mask;
  }

  /** One write's changes, gathered per grid and cell, then applied in one pass. */
  private final class Batch {
    private final Map<Grid, Map<Long, List<Entry>>> removedFrom = new HashMap<>();
    private final Map<Grid, Map<Long, List<Entry>>> added = new HashMap<>();

    /**
     * Entries added by this batch, which a later part of a bulk load may replace before they reach
     * a cell.
     */
    private final Set<Entry> pending =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    void unindex(Indexed old) {
      if (old == null) {
        return;
      }
      text.remove(old.text());
      if (old instanceof Entry e) {
        if (pending.remove(e)) {
          forEachGrid(e, (grid, key) -> added.get(grid).get(key).remove(e));
        } else {
          forEachGrid(e, (grid, key) -> cell(removedFrom, grid, key).add(e));
        }
        forEachSkill(e, s -> skillCounts.get(s).decrementAndGet());
      }
    }

    void index(Entry entry) {
      pending.add(entry);
      forEachGrid(entry, (grid, key) -> cell(added, grid, key).add(entry));
      forEachSkill(entry, s -> skillCounts.get(s).incrementAndGet());
    }

    /**
     * Calls {@code action} with each grid that holds {@code e} (all providers, then each skill's)
     * and its cell.
     */
    private void forEachGrid(Entry e, java.util.function.ObjLongConsumer<Grid> action) {
      long key = Grid.Cell.of(e.lat, e.lon).key();
      action.accept(all, key);
      forEachSkill(e, s -> action.accept(bySkill.get(s), key));
    }

    private static void forEachSkill(Entry e, java.util.function.Consumer<Skill> action) {
      for (long m = e.skillMask; m != 0; m &= m - 1) {
        action.accept(SKILLS[Long.numberOfTrailingZeros(m)]);
      }
    }

    private List<Entry> cell(Map<Grid, Map<Long, List<Entry>>> changes, Grid grid, long key) {
      return changes
          .computeIfAbsent(grid, g -> new HashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>());
    }

    void apply() {
      Set<Grid> grids = new HashSet<>(removedFrom.keySet());
      grids.addAll(added.keySet());
      // Grids are independent (each its own cells and its own single writer here), so large batches
      // build them
      // in parallel; matches see each cell before or after, as with one writer.
      int cells = 0;
      for (Map<Long, List<Entry>> touched : added.values()) {
        cells += touched.size();
      }
      (cells >= PARALLEL_CELLS ? grids.parallelStream() : grids.stream())
          .forEach(
              g -> g.apply(removedFrom.getOrDefault(g, Map.of()), added.getOrDefault(g, Map.of())));
    }
  }
}
