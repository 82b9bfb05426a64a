package org.linli.server.regions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.UnavailableException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.crs.Crs;
import org.linli.geo.region.RegionFeatures;
import org.linli.geo.region.RegionGeometry;
import org.linli.geo.region.RegionIndex;
import org.linli.server.json.Json;
import org.linli.server.json.RegionJson;
import org.linli.server.util.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrative regions: imported from GeoJSON (ADMIN) into the cluster's regions map, which
 * writes them through to the durable store; looked up through a {@link RegionIndex} that every
 * member rebuilds from the map when it changes. Parents are found by overlap with the next coarser
 * level; importing a coarser level re-parents the finer one. Population comes from a CSV import.
 * Thread-safe.
 */
public final class RegionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegionService.class);
  private static final String[] NAME_SUFFIXES = {"新区", "街道", "区", "县", "市", "镇", "乡"};

  private final WorkerExecutor workers;
  private final ScheduledExecutorService rebuilder = Daemons.scheduler("linli-region-index");
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private final Object importLock = new Object();
  private volatile IMap<String, HazelcastJsonValue> map;
  private volatile RegionIndex index = new RegionIndex(List.of());
  private volatile long version;

  public RegionService(WorkerExecutor workers) {
    this.workers = workers;
  }

  /**
   * Serves from the loaded regions map: builds the index now and again (debounced) whenever the map
   * changes.
   */
  public void attach(IMap<String, HazelcastJsonValue> loaded) {
    this.map = loaded;
    loaded.addEntryListener(new Changes(), false);
    rebuild();
  }

  /** The current index (empty until attached). */
  public RegionIndex index() {
    return index;
  }

  /** Increases whenever the index is rebuilt, so that derived data (coverage) knows to follow. */
  public long version() {
    return version;
  }

  /** Builds the index from the map; serialised, so the last build to finish read the map last. */
  private synchronized void rebuild() {
    IMap<String, HazelcastJsonValue> m = map;
    List<RegionIndex.Bounded> all = new ArrayList<>();
    m.values().forEach(v -> all.add(RegionJson.fromStore(v.getValue())));
    index = new RegionIndex(all);
    version++;
    LOG.info("Region index built: {} regions", all.size());
  }

  private void scheduleRebuild() {
    if (rebuildPending.compareAndSet(false, true)) {
      rebuilder.schedule(
          () -> {
            rebuildPending.set(false);
            try {
              rebuild();
            } catch (RuntimeException e) {
              LOG.warn("Rebuilding the region index failed: {}", e.toString());
            }
          },
          100,
          TimeUnit.MILLISECONDS);
    }
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      throw new UnavailableException("loading", "Linli is still loading regions; retry shortly.");
    }
    return m;
  }

  /** The chain of regions containing {@code p} ({@link RegionIndex#lookup}). */
  public List<RegionIndex.Hit> lookup(GeoPoint p) {
    return index.lookup(p);
  }

  /** What an import should do. */
  public record ImportSpec(
      RegionLevel level,
      String nameProperty,
      String codeProperty,
      RegionLevel parentLevel,
      Crs crs) {}

  /**
   * Imports the features of a GeoJSON FeatureCollection as regions of one level, durably, and
   * answers the report {@code {"imported", "repaired", "rejected"}}. ADMIN only. Runs on a worker.
   */
  public Future<ObjectNode> importRegions(
      java.nio.file.Path featureCollection, ImportSpec spec, Principal caller) {
    Access.requireRegionAdmin(caller);
    IMap<String, HazelcastJsonValue> m = map();
    return workers.executeBlocking(
        () -> {
          synchronized (importLock) {
            return doImport(m, org.linli.server.json.GeoJsonFeatures.read(featureCollection), spec);
          }
        },
        false);
  }

  private ObjectNode doImport(
      IMap<String, HazelcastJsonValue> m, List<RegionFeatures.Feature> features, ImportSpec spec) {
    RegionIndex current = index;
    ObjectNode report = Json.object();
    ArrayNode rejected = Json.MAPPER.createArrayNode();
    ArrayNode repaired = Json.MAPPER.createArrayNode();
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
      String textProblem = name == null ? null : org.linli.server.json.JsonInput.textProblem(name);
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
        ObjectNode r = rejected.addObject().put("index", f.index());
        ArrayNode list = r.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
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
        repaired.addObject().put("index", f.index()).put("id", id).put("note", g.repaired());
      }
    }
    // Parents among the coarser level; the finer level's parents among this one (as it will be).
    Map<String, HazelcastJsonValue> writes = new HashMap<>();
    RegionLevel parentLevel =
        spec.parentLevel() != null ? spec.parentLevel() : spec.level().parent();
    Map<String, String> parents =
        parentLevel == null
            ? Map.of()
            : RegionIndex.parentsByOverlap(accepted.values(), bounded(current, parentLevel));
    for (RegionIndex.Bounded b : accepted.values()) {
      Region r = b.region().withParent(parents.get(b.region().id()));
      writes.put(r.id(), new HazelcastJsonValue(RegionJson.toStore(r, b.geometry())));
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
              new HazelcastJsonValue(
                  RegionJson.toStore(c.region().withParent(parent), c.geometry())));
        }
      }
    }
    m.putAll(writes); // written through to the store before it returns
    rebuild();
    report.put("imported", accepted.size());
    report.set("repaired", repaired);
    report.set("rejected", rejected);
    LOG.info(
        "Imported {} regions of level {} ({} repaired, {} rejected)",
        accepted.size(),
        spec.level().code(),
        repaired.size(),
        rejected.size());
    return report;
  }

  private static List<RegionIndex.Bounded> bounded(RegionIndex index, RegionLevel level) {
    return index.regions(level).stream()
        .map(r -> new RegionIndex.Bounded(r, index.geometry(r.id())))
        .toList();
  }

  /** Which CSV columns hold what, for a population import. */
  public record PopulationSpec(
      RegionLevel level, String nameColumn, String codeColumn, String populationColumn) {}

  /**
   * Sets the population of regions of one level from a CSV file with a header line: matched by code
   * when a code column is named, else by name (equal, or equal without a suffix such as 区, 新区, 街道,
   * 县). Answers {@code {"matched", "unmatched": [{"line", "name", "reason"}]}}. ADMIN only. Runs on
   * a worker.
   */
  public Future<ObjectNode> importPopulation(String csv, PopulationSpec spec, Principal caller) {
    Access.requireRegionAdmin(caller);
    IMap<String, HazelcastJsonValue> m = map();
    return workers.executeBlocking(
        () -> {
          synchronized (importLock) {
            return doPopulation(m, csv, spec);
          }
        },
        false);
  }

  private ObjectNode doPopulation(
      IMap<String, HazelcastJsonValue> m, String csv, PopulationSpec spec) {
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
    RegionIndex current = index;
    List<Region> regions = current.regions(spec.level());
    ObjectNode report = Json.object();
    ArrayNode unmatched = Json.MAPPER.createArrayNode();
    int matched = 0;
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
        unmatched
            .addObject()
            .put("line", i + 1)
            .put("name", name)
            .put("reason", "population is not a whole number");
        continue;
      }
      List<Region> hits =
          regions.stream()
              .filter(
                  r -> code != null ? code.equals(r.adcode()) : bare(r.name()).equals(bare(name)))
              .toList();
      if (hits.size() != 1) {
        unmatched
            .addObject()
            .put("line", i + 1)
            .put("name", code != null ? code : name)
            .put(
                "reason",
                hits.isEmpty()
                    ? "no " + spec.level().code() + " of that " + (code != null ? "code" : "name")
                    : hits.size() + " regions match");
        continue;
      }
      Region r = hits.get(0).withPopulation(people);
      m.put(r.id(), new HazelcastJsonValue(RegionJson.toStore(r, current.geometry(r.id()))));
      matched++;
    }
    rebuild();
    report.put("matched", matched);
    report.set("unmatched", unmatched);
    return report;
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

  private final class Changes
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue>,
          EntryRemovedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }
  }

  @Override
  public void close() {
    rebuilder.shutdownNow();
  }
}
