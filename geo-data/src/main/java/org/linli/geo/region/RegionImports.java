package org.linli.geo.region;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.text.Texts;
import org.linli.geo.crs.Crs;

/**
 * The imports of regions (ADMIN only), over a {@link RegionStore}: boundaries from GeoJSON
 * features, one level at a time, and population from a CSV file. A feature is accepted or rejected
 * with what is wrong with it; a geometry is repaired where it can be (and the repair reported).
 * Parents are found by overlap with the next coarser level, and importing a level re-parents the
 * finer one. Imports run one at a time, on {@code blocking}. Thread-safe.
 */
public final class RegionImports {
  private static final String[] NAME_SUFFIXES = {"新区", "街道", "区", "县", "市", "镇", "乡"};

  /** What a boundary import should do. */
  public record ImportSpec(
      RegionLevel level,
      String nameProperty,
      String codeProperty,
      RegionLevel parentLevel,
      Crs crs) {}

  /** A feature whose geometry was repaired, and how. */
  public record Repaired(int index, String id, String note) {}

  /** A feature that was not imported, and why. */
  public record Rejected(int index, List<FieldError> errors) {}

  /** What a boundary import did. */
  public record ImportReport(int imported, List<Repaired> repaired, List<Rejected> rejected) {}

  /** Which CSV columns hold what, for a population import. */
  public record PopulationSpec(
      RegionLevel level, String nameColumn, String codeColumn, String populationColumn) {}

  /** A CSV line that set no population, and why. */
  public record Unmatched(int line, String name, String reason) {}

  /** What a population import did. */
  public record PopulationReport(int matched, List<Unmatched> unmatched) {}

  private final RegionStore store;
  private final Executor blocking;
  private final Object importLock = new Object();

  public RegionImports(RegionStore store, Executor blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  /**
   * Imports {@code features} (read on the worker: they may come from a large file) as regions of
   * one level, durably.
   */
  public CompletionStage<ImportReport> importRegions(
      Supplier<List<RegionFeatures.Feature>> features, ImportSpec spec, Principal caller) {
    return admin(caller, () -> importNow(features.get(), spec));
  }

  /**
   * Sets the population of regions of one level from a CSV file with a header line: matched by code
   * when a code column is named, else by name (equal, or equal without a suffix such as 区, 新区, 街道,
   * 县).
   */
  public CompletionStage<PopulationReport> importPopulation(
      String csv, PopulationSpec spec, Principal caller) {
    return admin(caller, () -> populationNow(csv, spec));
  }

  private <T> CompletionStage<T> admin(Principal caller, Supplier<T> work) {
    try {
      Access.requireRegionAdmin(caller);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          synchronized (importLock) {
            return work.get();
          }
        },
        blocking);
  }

  private ImportReport importNow(List<RegionFeatures.Feature> features, ImportSpec spec) {
    RegionIndex current = store.index();
    List<Rejected> rejected = new ArrayList<>();
    List<Repaired> repaired = new ArrayList<>();
    Map<String, RegionIndex.Bounded> accepted = new LinkedHashMap<>();
    for (RegionFeatures.Feature f : features) {
      List<FieldError> errors = new ArrayList<>();
      Object nameValue = f.properties().get(spec.nameProperty());
      String name = nameValue == null ? null : String.valueOf(nameValue).trim();
      if (name == null || name.isEmpty() || name.length() > 100) {
        errors.add(
            new FieldError(
                "properties." + spec.nameProperty(),
                "the name property \""
                    + spec.nameProperty()
                    + "\" is missing, empty or longer than 100 characters"));
      }
      String textProblem = name == null ? null : Texts.problem(name);
      if (textProblem != null) {
        errors.add(new FieldError("properties." + spec.nameProperty(), "the name " + textProblem));
      }
      String code = null;
      if (spec.codeProperty() != null) {
        Object codeValue = f.properties().get(spec.codeProperty());
        code = codeValue == null ? null : String.valueOf(codeValue).trim();
        if (code == null || !code.matches("[0-9A-Za-z]{1,32}")) {
          errors.add(
              new FieldError(
                  "properties." + spec.codeProperty(),
                  "the code property \""
                      + spec.codeProperty()
                      + "\" is missing or not 1..32 letters and digits"));
        }
      }
      RegionGeometry.Checked g = null;
      try {
        g = RegionGeometry.read(f.geometryJson(), spec.crs());
      } catch (InvalidInputException e) {
        errors.addAll(e.errors());
      }
      String id = name == null ? null : Region.idOf(code, spec.level(), name);
      if (errors.isEmpty() && accepted.containsKey(id)) {
        errors.add(
            new FieldError(
                "properties." + spec.nameProperty(), "a second region " + id + " in this file"));
      }
      if (!errors.isEmpty()) {
        rejected.add(new Rejected(f.index(), List.copyOf(errors)));
        continue;
      }
      Region old = current.region(id);
      Region region =
          new Region(
              id,
              code,
              name,
              spec.level(),
              null,
              old == null ? null : old.population(),
              g.repaired());
      accepted.put(id, new RegionIndex.Bounded(region, g.geometry()));
      if (g.repaired() != null) {
        repaired.add(new Repaired(f.index(), id, g.repaired()));
      }
    }
    // Parents among the coarser level; the finer level's parents among this one (as it will be).
    Map<String, RegionIndex.Bounded> writes = new LinkedHashMap<>();
    RegionLevel parentLevel =
        spec.parentLevel() != null ? spec.parentLevel() : spec.level().parent();
    Map<String, String> parents =
        parentLevel == null
            ? Map.of()
            : RegionIndex.parentsByOverlap(accepted.values(), bounded(current, parentLevel));
    for (RegionIndex.Bounded b : accepted.values()) {
      Region r = b.region().withParent(parents.get(b.region().id()));
      writes.put(r.id(), new RegionIndex.Bounded(r, b.geometry()));
    }
    RegionLevel finer =
        spec.level().ordinal() + 1 < RegionLevel.values().length
            ? RegionLevel.values()[spec.level().ordinal() + 1]
            : null;
    if (finer != null && !accepted.isEmpty()) {
      Map<String, RegionIndex.Bounded> sameLevel = new LinkedHashMap<>();
      bounded(current, spec.level()).forEach(b -> sameLevel.put(b.region().id(), b));
      sameLevel.putAll(accepted);
      List<RegionIndex.Bounded> children = bounded(current, finer);
      Map<String, String> reparented = RegionIndex.parentsByOverlap(children, sameLevel.values());
      for (RegionIndex.Bounded c : children) {
        String parent = reparented.get(c.region().id());
        if (parent != null && !parent.equals(c.region().parentId())) {
          writes.put(
              c.region().id(),
              new RegionIndex.Bounded(c.region().withParent(parent), c.geometry()));
        }
      }
    }
    store.putAll(writes.values());
    return new ImportReport(accepted.size(), List.copyOf(repaired), List.copyOf(rejected));
  }

  private static List<RegionIndex.Bounded> bounded(RegionIndex index, RegionLevel level) {
    return index.regions(level).stream()
        .map(r -> new RegionIndex.Bounded(r, index.geometry(r.id())))
        .toList();
  }

  private PopulationReport populationNow(String csv, PopulationSpec spec) {
    String[] lines = csv.replace("\r", "").replace("\uFEFF", "").split("\n");
    List<String> header = List.of(lines[0].split(",", -1)).stream().map(String::trim).toList();
    int nameAt = header.indexOf(spec.nameColumn());
    int codeAt = spec.codeColumn() == null ? -1 : header.indexOf(spec.codeColumn());
    int popAt = header.indexOf(spec.populationColumn());
    List<FieldError> missing = new ArrayList<>();
    if (nameAt < 0 && codeAt < 0) {
      missing.add(
          new FieldError("nameColumn", "no column \"" + spec.nameColumn() + "\" in " + header));
    }
    if (spec.codeColumn() != null && codeAt < 0) {
      missing.add(
          new FieldError("codeColumn", "no column \"" + spec.codeColumn() + "\" in " + header));
    }
    if (popAt < 0) {
      missing.add(
          new FieldError(
              "populationColumn", "no column \"" + spec.populationColumn() + "\" in " + header));
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(missing);
    }
    RegionIndex current = store.index();
    List<Region> regions = current.regions(spec.level());
    List<Unmatched> unmatched = new ArrayList<>();
    List<RegionIndex.Bounded> writes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split(",", -1);
      String name = nameAt >= 0 && nameAt < f.length ? f[nameAt].trim() : null;
      String code = codeAt >= 0 && codeAt < f.length ? f[codeAt].trim() : null;
      Long people = null;
      try {
        people = popAt < f.length ? Long.parseLong(f[popAt].trim()) : null;
      } catch (NumberFormatException e) {
        // reported below
      }
      if (people == null || people < 0) {
        unmatched.add(new Unmatched(i + 1, name, "population is not a whole number"));
        continue;
      }
      List<Region> hits =
          regions.stream()
              .filter(
                  r -> code != null ? code.equals(r.adcode()) : bare(r.name()).equals(bare(name)))
              .toList();
      if (hits.size() != 1) {
        unmatched.add(
            new Unmatched(
                i + 1,
                code != null ? code : name,
                hits.isEmpty()
                    ? "no " + spec.level().code() + " of that " + (code != null ? "code" : "name")
                    : hits.size() + " regions match"));
        continue;
      }
      Region r = hits.get(0).withPopulation(people);
      writes.add(new RegionIndex.Bounded(r, current.geometry(r.id())));
    }
    store.putAll(writes);
    return new PopulationReport(writes.size(), List.copyOf(unmatched));
  }

  /** {@code name} without its administrative suffix, for matching names across sources. */
  static String bare(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (String suffix : NAME_SUFFIXES) {
      if (n.length() > suffix.length() && n.endsWith(suffix)) {
        return n.substring(0, n.length() - suffix.length());
      }
    }
    return n;
  }
}
