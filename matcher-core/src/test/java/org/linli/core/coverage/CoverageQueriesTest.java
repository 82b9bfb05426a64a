package org.linli.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.linli.core.memory.Stages.failure;
import static org.linli.core.memory.Stages.join;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.core.provider.ProviderKind;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;

class CoverageQueriesTest {
  static final Principal STAFF = new Principal("s", Set.of(Role.STAFF), null, null);
  static final Principal ADMIN = new Principal("a", Set.of(Role.ADMIN), null, null);
  static final Box BOX = new Box(22.4, 113.8, 22.8, 114.4);

  /** A source answering fixed figures and hexes, recording the box it was asked for. */
  static final class Fixed implements CoverageSource {
    List<Figures> figures = List.of();
    List<Hex> hexes = List.of();
    Optional<Box> extent = Optional.empty();
    RuntimeException failure;
    Box asked;

    @Override
    public List<Figures> figures(RegionLevel level, Skill skill) {
      return figures;
    }

    @Override
    public List<Hex> hexes(int resolution, Skill skill, Box box, long deadlineNanos) {
      asked = box;
      if (failure != null) {
        throw failure;
      }
      return hexes;
    }

    @Override
    public Optional<Box> extent() {
      return extent;
    }

    /** Every street lies in district {@code d-<first letter>}, in city {@code 440300}. */
    @Override
    public List<String> lineage(String regionId) {
      return List.of(regionId, "d-" + regionId.charAt(0), "440300");
    }

    /** Cell 1 lies in street {@code a}, cell 2 in {@code b}, others nowhere. */
    @Override
    public List<String> regionsAt(long cell) {
      return cell == 1 ? lineage("a") : cell == 2 ? lineage("b") : List.of();
    }
  }

  static Figures figures(
      String id, Long population, int workers, int needs, int unmet, double covered) {
    Map<ProviderKind, Integer> kinds = new EnumMap<>(ProviderKind.class);
    for (ProviderKind k : ProviderKind.values()) {
      kinds.put(k, k == ProviderKind.WORKER ? workers : 0);
    }
    Region r = new Region(id, null, id, RegionLevel.STREET, "d", population, null);
    return new Figures(r, kinds, 10, 4, needs, unmet, null, covered);
  }

  @Test
  void onlyStaffAndAdmin_mayRead() {
    Fixed source = new Fixed();
    CoverageQueries q = new CoverageQueries(source, Runnable::run);
    assertThat(failure(q.regions(RegionLevel.STREET, null, Principal.ANONYMOUS)))
        .isInstanceOf(UnauthenticatedException.class);
    for (Role role : List.of(Role.RESIDENT, Role.WORKER, Role.AGENCY)) {
      assertThat(
              failure(
                  q.deserts(
                      RegionLevel.STREET, null, 5, new Principal("x", Set.of(role), "a", "p"))))
          .as(role.name())
          .isInstanceOf(ForbiddenException.class);
    }
    assertThat(join(q.regions(RegionLevel.STREET, null, ADMIN))).isEmpty();
  }

  @Test
  void staffWithARegionScope_seeOnlyItsRegions_andTheCellsInThem_anAdminSeesAll() {
    Fixed source = new Fixed();
    source.figures =
        List.of(
            figures("a", 1_000L, 1, 0, 0, 0.5),
            figures("ab", 1_000L, 1, 0, 0, 0.5),
            figures("b", 1_000L, 1, 0, 0, 0.5));
    source.hexes = List.of(new Hex(1, 1, 1, 0, 0), new Hex(2, 1, 1, 0, 0), new Hex(3, 1, 1, 0, 0));
    CoverageQueries q = new CoverageQueries(source, Runnable::run);
    Principal districtA =
        new Principal("s", Set.of(Role.STAFF), null, null, List.of("d-a", "999999"));
    Principal streetB = new Principal("s", Set.of(Role.STAFF), null, null, List.of("b"));
    Principal scopedAdmin =
        new Principal("s", Set.of(Role.STAFF, Role.ADMIN), null, null, List.of("b"));
    assertThat(join(q.regions(RegionLevel.STREET, null, districtA)))
        .extracting(f -> f.figures().region().id())
        .containsExactly("a", "ab");
    assertThat(join(q.deserts(RegionLevel.STREET, null, 10, streetB)))
        .extracting(d -> d.region().figures().region().id())
        .containsExactly("b");
    assertThat(join(q.hexes(7, null, BOX, districtA)))
        .extracting(CoverageQueries.HexFigures::cell)
        .containsExactly(1L);
    assertThat(join(q.hexes(7, null, BOX, scopedAdmin))).hasSize(3);
    assertThat(join(q.regions(RegionLevel.STREET, null, STAFF))).hasSize(3);
  }

  @Test
  void countsOfResidents_belowFive_areWithheld_andWorkersPer10kNeedsAPopulation() {
    Fixed source = new Fixed();
    source.figures =
        List.of(
            figures("a", 20_000L, 3, 4, 4, 0.5),
            figures("b", 0L, 3, 5, 5, 0.5),
            figures("c", null, 3, 12, 0, 0.5));
    List<CoverageQueries.RegionFigures> shown =
        join(new CoverageQueries(source, Runnable::run).regions(RegionLevel.STREET, null, STAFF));
    assertThat(shown).extracting(CoverageQueries.RegionFigures::needs).containsExactly(null, 5, 12);
    assertThat(shown)
        .extracting(CoverageQueries.RegionFigures::unmetNeeds)
        .containsExactly(null, 5, null);
    assertThat(shown)
        .extracting(CoverageQueries.RegionFigures::workersPer10k)
        .containsExactly(1.5, null, null);
  }

  @Test
  void deserts_rankByShownUnmetNeeds_thenUncoveredResidents_thenUncoveredShare_thenId() {
    Fixed source = new Fixed();
    source.figures =
        List.of(
            figures("quiet", 1_000L, 0, 0, 4, 0.0), // 4 unmet count as 0: the order hides them
            figures("unmet", 10L, 0, 9, 9, 1.0),
            figures("crowded", 100_000L, 0, 0, 0, 0.9), // 10 000 residents uncovered
            figures("empty", 5_000L, 0, 0, 0, 0.0), // 5 000
            figures("nobody", null, 0, 0, 0, 0.2),
            figures("nobody2", null, 0, 0, 0, 0.1));
    List<CoverageQueries.Desert> d =
        join(
            new CoverageQueries(source, Runnable::run).deserts(RegionLevel.STREET, null, 5, STAFF));
    assertThat(d)
        .extracting(x -> x.region().figures().region().id())
        .containsExactly("unmet", "crowded", "empty", "quiet", "nobody2");
    assertThat(d).extracting(CoverageQueries.Desert::rank).containsExactly(1, 2, 3, 4, 5);
    assertThat(d)
        .extracting(CoverageQueries.Desert::uncoveredPopulation)
        .containsExactly(0L, 10_000L, 5_000L, 1_000L, null);
  }

  @Test
  void hexes_withholdDemandAndGapBelowFive_andDefaultToTheRegionsExtent() {
    Fixed source = new Fixed();
    source.hexes =
        List.of(new Hex(1L, 2, 3, 4, 1), new Hex(2L, 0, 0, 7, 7), new Hex(3L, 1, 9, 6, 0));
    CoverageQueries q = new CoverageQueries(source, Runnable::run);
    assertThat(failure(q.hexes(8, null, null, STAFF)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give a bbox");
    source.extent = Optional.of(BOX);
    List<CoverageQueries.HexFigures> shown = join(q.hexes(8, Skill.ELDER_CARE, null, STAFF));
    assertThat(source.asked).isEqualTo(BOX);
    assertThat(shown).extracting(CoverageQueries.HexFigures::demand).containsExactly(null, 7, 6);
    assertThat(shown).extracting(CoverageQueries.HexFigures::gap).containsExactly(null, 7, null);
  }

  @Test
  void hexes_tooManyCells_is400_andAComputationPastItsBudget_is503() {
    Fixed source = new Fixed();
    CoverageQueries q = new CoverageQueries(source, Runnable::run);
    source.failure = new CoverageSource.TooManyCells("about 90000 cells");
    assertThat(failure(q.hexes(9, null, BOX, STAFF)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("90000");
    source.failure = new CoverageSource.TimedOut();
    assertThat(failure(q.hexes(9, null, BOX, STAFF)))
        .isInstanceOfSatisfying(
            UnavailableException.class, e -> assertThat(e.code()).isEqualTo("hexes-timeout"));
  }

  @Test
  void aBox_mustRunWestToEastAndSouthToNorth_withinTheGlobe() {
    assertThatThrownBy(() -> new Box(22.8, 113.8, 22.4, 114.4))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new Box(22.4, 114.4, 22.8, 113.8))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new Box(-91, 0, 0, 1)).isInstanceOf(InvalidInputException.class);
  }
}
