package org.linli.core.coverage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.linli.core.Nullable;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.UnavailableException;
import org.linli.core.provider.ProviderKind;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;

/**
 * What STAFF and ADMIN may ask of coverage: the figures of each region, the hex layer of a box and
 * the regions ranked as service deserts. Counts about residents (needs) below {@value
 * #WITHHELD_BELOW} are withheld (null), here and only here, so that no answer can point at
 * individual residents. STAFF with a region scope see only the regions in it and below it, and the
 * cells whose centre lies in them. The figures come from a {@link CoverageSource}, read on {@code
 * blocking}. Thread-safe.
 */
public final class CoverageQueries {
  /**
   * Needs and unmet needs below this count are not shown (they could point at individual
   * residents).
   */
  public static final int WITHHELD_BELOW = 5;

  /** How long a hex computation may run before it gives up: less than a request's 30 s. */
  public static final Duration HEXES_BUDGET = Duration.ofSeconds(25);

  /**
   * A region's figures as shown: needs and unmet needs withheld (null) below {@value
   * #WITHHELD_BELOW}; workers per 10 000 residents when the population is known and not zero.
   */
  public record RegionFigures(
      Figures figures,
      @Nullable Integer needs,
      @Nullable Integer unmetNeeds,
      @Nullable Double workersPer10k) {}

  /** A cell as shown: demand and gap withheld (null) while the demand is below the threshold. */
  public record HexFigures(
      long cell, int supply, long spare, @Nullable Integer demand, @Nullable Integer gap) {}

  /**
   * A region ranked as a service desert: its rank (from 1), figures, and the residents outside
   * every eligible provider's reach (null when the population is unknown).
   */
  public record Desert(int rank, RegionFigures region, @Nullable Long uncoveredPopulation) {}

  private final CoverageSource source;
  private final Executor blocking;

  public CoverageQueries(CoverageSource source, Executor blocking) {
    this.source = source;
    this.blocking = blocking;
  }

  /** The regions of {@code level} with their figures for {@code skill} (null: all). */
  public CompletionStage<List<RegionFigures>> regions(
      RegionLevel level, @Nullable Skill skill, Principal caller) {
    return read(
        caller,
        () ->
            source.figures(level, skill).stream()
                .filter(f -> inScope(caller, f))
                .map(this::shown)
                .toList());
  }

  /**
   * The H3 cells of {@code resolution} in {@code box} (null: around every loaded region) with
   * supply and demand for {@code skill} (null: any). A box of too many cells is refused (400); a
   * computation past {@link #HEXES_BUDGET} gives up (503 {@code hexes-timeout}).
   */
  public CompletionStage<List<HexFigures>> hexes(
      int resolution, @Nullable Skill skill, @Nullable Box box, Principal caller) {
    long deadline = System.nanoTime() + HEXES_BUDGET.toNanos();
    return read(
        caller,
        () -> {
          Box area =
              box != null
                  ? box
                  : source
                      .extent()
                      .orElseThrow(
                          () ->
                              new InvalidInputException(
                                  "bbox", "no regions are loaded: give a bbox"));
          List<Hex> hexes;
          try {
            hexes = source.hexes(resolution, skill, area, deadline);
          } catch (CoverageSource.TooManyCells e) {
            throw new InvalidInputException(
                "bbox", java.util.Objects.requireNonNullElse(e.getMessage(), "too many cells"));
          } catch (CoverageSource.TimedOut e) {
            throw new UnavailableException(
                "hexes-timeout",
                "The hex layer for that box took too long to compute; ask for a smaller box or a"
                    + " coarser resolution, or try again shortly.");
          }
          List<HexFigures> out = new ArrayList<>(hexes.size());
          boolean scoped = scoped(caller);
          for (Hex h : hexes) {
            if (scoped && !caller.scopeCovers(source.regionsAt(h.cell()))) {
              continue;
            }
            boolean shown = h.demand() >= WITHHELD_BELOW;
            out.add(
                new HexFigures(
                    h.cell(),
                    h.supply(),
                    h.spare(),
                    shown ? h.demand() : null,
                    shown ? withheld(h.gap()) : null));
          }
          return out;
        });
  }

  /**
   * The regions of {@code level} ranked as service deserts for {@code skill}, at most {@code
   * limit}: first by unmet needs (counted only from {@value #WITHHELD_BELOW} up, so that the order
   * reveals no withheld count), then by the residents outside every eligible provider's reach
   * (uncovered share × population), then by the uncovered share, then by id.
   */
  public CompletionStage<List<Desert>> deserts(
      RegionLevel level, @Nullable Skill skill, int limit, Principal caller) {
    return read(
        caller,
        () -> {
          List<Figures> ranked = new ArrayList<>(source.figures(level, skill));
          ranked.removeIf(f -> !inScope(caller, f));
          ranked.sort(
              Comparator.<Figures>comparingInt(
                      f -> f.unmetNeeds() < WITHHELD_BELOW ? 0 : f.unmetNeeds())
                  .reversed()
                  .thenComparing(
                      Comparator.comparingDouble(CoverageQueries::uncoveredPopulation).reversed())
                  .thenComparing(Comparator.<Figures>comparingDouble(f -> f.coveredAreaRatio()))
                  .thenComparing(f -> f.region().id()));
          List<Desert> out = new ArrayList<>();
          for (int i = 0; i < ranked.size() && i < limit; i++) {
            Figures f = ranked.get(i);
            out.add(
                new Desert(
                    i + 1,
                    shown(f),
                    f.region().population() == null ? null : Math.round(uncoveredPopulation(f))));
          }
          return out;
        });
  }

  private <T> CompletionStage<T> read(Principal caller, java.util.function.Supplier<T> query) {
    try {
      Access.requireCoverageReader(caller);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return CompletableFuture.supplyAsync(query, blocking);
  }

  /** Whether {@code caller} is STAFF held to a region scope (an ADMIN never is). */
  private static boolean scoped(Principal caller) {
    return !caller.has(Role.ADMIN) && !caller.regionScope().isEmpty();
  }

  /** Whether {@code caller} may see region {@code f}: it or a region above it is in its scope. */
  private boolean inScope(Principal caller, Figures f) {
    return !scoped(caller) || caller.scopeCovers(source.lineage(f.region().id()));
  }

  private RegionFigures shown(Figures f) {
    Long people = f.region().population();
    Double workersPer10k =
        people == null || people <= 0
            ? null
            : f.providers().getOrDefault(ProviderKind.WORKER, 0) * 10_000.0 / people;
    return new RegionFigures(f, withheld(f.needs()), withheld(f.unmetNeeds()), workersPer10k);
  }

  private static @Nullable Integer withheld(int count) {
    return count < WITHHELD_BELOW ? null : count;
  }

  private static double uncoveredPopulation(Figures f) {
    Long people = f.region().population();
    return people == null ? -1 : (1 - f.coveredAreaRatio()) * people;
  }
}
