package org.linli.core.coverage;

import java.util.List;
import java.util.Optional;
import org.linli.core.Nullable;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;

/**
 * Where coverage figures come from: a model kept up to date with every provider and need (in
 * api-server, the coverage model each member keeps). Blocking; thread-safe.
 */
public interface CoverageSource {
  /** The figures of every region of {@code level} for {@code skill} (null: all skills). */
  List<Figures> figures(RegionLevel level, @Nullable Skill skill);

  /**
   * The H3 cells of {@code resolution} whose centres lie in {@code box}, with supply and demand for
   * {@code skill} (null: any), in cell order.
   *
   * @param deadlineNanos the {@link System#nanoTime} after which the computation gives up
   * @throws TooManyCells when the box holds more cells than one answer may
   * @throws TimedOut when the deadline passes first
   */
  List<Hex> hexes(int resolution, @Nullable Skill skill, Box box, long deadlineNanos);

  /** The box around every loaded region, or empty when none is loaded. */
  Optional<Box> extent();

  /**
   * The ids and adcodes of region {@code regionId} and of every region above it: what a STAFF
   * region scope is matched against.
   */
  List<String> lineage(String regionId);

  /** The ids and adcodes of the loaded regions holding the centre of H3 cell {@code cell}. */
  List<String> regionsAt(long cell);

  /** A box with more cells than one answer may hold; the message says how many and what to do. */
  final class TooManyCells extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooManyCells(String message) {
      super(message);
    }
  }

  /** A hex computation that passed its deadline. */
  final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TimedOut() {
      super(
          "the hex layer for that box took too long to compute; ask for a smaller box or a coarser resolution");
    }
  }
}
