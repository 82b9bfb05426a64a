package org.linli.geo.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.InvalidInputException;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.crs.Crs;

class RegionImportsTest {
  static final Principal ADMIN = new Principal("a", Set.of(Role.ADMIN), null, null);

  /** A store in memory: the regions by id, indexed afresh after every write. */
  static final class MemoryStore implements RegionStore {
    final Map<String, RegionIndex.Bounded> regions = new LinkedHashMap<>();
    RegionIndex index = new RegionIndex(List.of());

    @Override
    public RegionIndex index() {
      return index;
    }

    @Override
    public void putAll(Collection<RegionIndex.Bounded> written) {
      written.forEach(b -> regions.put(b.region().id(), b));
      index = new RegionIndex(regions.values());
    }

    Region region(String id) {
      return regions.get(id).region();
    }
  }

  final MemoryStore store = new MemoryStore();
  final RegionImports imports = new RegionImports(store, Runnable::run);

  /** A square feature from (lon, lat) with side {@code d} degrees. */
  static RegionFeatures.Feature square(
      int index, Map<?, ?> props, double lon, double lat, double d) {
    String ring =
        "[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]"
            .formatted(lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat);
    return new RegionFeatures.Feature(
        index, props, "{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}");
  }

  static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  RegionImports.ImportReport load(RegionLevel level, List<RegionFeatures.Feature> features) {
    return join(
        imports.importRegions(
            () -> features,
            new RegionImports.ImportSpec(level, "name", "code", null, Crs.WGS84),
            ADMIN));
  }

  @Test
  void streetsFindTheirDistrict_andADistrictImportedLaterAdoptsThem() {
    load(
        RegionLevel.STREET,
        List.of(
            square(0, Map.of("name", "园岭街道", "code", "440304001"), 114.00, 22.50, 0.02),
            square(1, Map.of("name", "南园街道", "code", "440304002"), 114.05, 22.50, 0.02)));
    assertThat(store.region("440304001").parentId()).isNull();

    RegionImports.ImportReport r =
        load(
            RegionLevel.DISTRICT,
            List.of(square(0, Map.of("name", "福田区", "code", "440304"), 113.99, 22.49, 0.10)));

    assertThat(r.imported()).isEqualTo(1);
    assertThat(store.region("440304001").parentId()).isEqualTo("440304");
    assertThat(store.region("440304002").parentId()).isEqualTo("440304");
  }

  @Test
  void aFeature_isRejectedWithEveryReason_andTheRestImported() {
    RegionImports.ImportReport r =
        load(
            RegionLevel.DISTRICT,
            List.of(
                square(0, Map.of("name", "罗湖区", "code", "440303"), 114.1, 22.5, 0.05),
                square(1, Map.of("code", "x y"), 114.2, 22.5, 0.05),
                square(2, Map.of("name", "罗湖区", "code", "440303"), 114.3, 22.5, 0.05),
                square(3, Map.of("name", "坏\u0007区", "code", "440399"), 114.4, 22.5, 0.05)));
    assertThat(r.imported()).isEqualTo(1);
    assertThat(r.rejected()).extracting(RegionImports.Rejected::index).containsExactly(1, 2, 3);
    assertThat(r.rejected().get(0).errors())
        .extracting(e -> e.field())
        .containsExactly("properties.name", "properties.code");
    assertThat(r.rejected().get(1).errors().get(0).message()).contains("a second region 440303");
    assertThat(r.rejected().get(2).errors().get(0).message()).contains("U+0007");
  }

  @Test
  void population_matchesByCodeOrByNameWithoutItsSuffix_andReportsTheRest() {
    load(
        RegionLevel.DISTRICT,
        List.of(
            square(0, Map.of("name", "福田区", "code", "440304"), 114.0, 22.5, 0.05),
            square(1, Map.of("name", "光明新区", "code", "440309"), 113.9, 22.7, 0.05)));
    RegionImports.PopulationReport byName =
        join(
            imports.importPopulation(
                "\uFEFFname,population\r\n福田,1553225\n光明区,1095289\n南山区,1795826\n福田区,abc\n",
                new RegionImports.PopulationSpec(RegionLevel.DISTRICT, "name", null, "population"),
                ADMIN));
    assertThat(byName.matched()).isEqualTo(2);
    assertThat(store.region("440304").population()).isEqualTo(1_553_225L);
    assertThat(store.region("440309").population()).isEqualTo(1_095_289L);
    assertThat(byName.unmatched())
        .extracting(RegionImports.Unmatched::line, RegionImports.Unmatched::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, "no district of that name"),
            org.assertj.core.groups.Tuple.tuple(5, "population is not a whole number"));

    join(
        imports.importPopulation(
            "adcode,people\n440304,1600000\n",
            new RegionImports.PopulationSpec(RegionLevel.DISTRICT, "name", "adcode", "people"),
            ADMIN));
    assertThat(store.region("440304").population()).isEqualTo(1_600_000L);
    // A boundary imported again keeps the population it had.
    load(
        RegionLevel.DISTRICT,
        List.of(square(0, Map.of("name", "福田区", "code", "440304"), 114.0, 22.5, 0.06)));
    assertThat(store.region("440304").population()).isEqualTo(1_600_000L);
  }

  @Test
  void onlyAnAdmin_imports_andAMissingColumn_isNamed() {
    Principal staff = new Principal("s", Set.of(Role.STAFF), null, null);
    CompletionStage<?> refused =
        imports.importPopulation(
            "name,population\n",
            new RegionImports.PopulationSpec(RegionLevel.DISTRICT, "name", null, "population"),
            staff);
    assertThat(cause(refused)).isInstanceOf(ForbiddenException.class);
    CompletionStage<?> missing =
        imports.importPopulation(
            "name,people\n",
            new RegionImports.PopulationSpec(RegionLevel.DISTRICT, "name", null, "population"),
            ADMIN);
    assertThat(cause(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("populationColumn");
  }

  static Throwable cause(CompletionStage<?> s) {
    try {
      s.toCompletableFuture().join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
