package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.region.RegionGeometry;
import org.linli.geo.region.RegionIndex;
import org.locationtech.jts.geom.Geometry;

/** Regions as the store keeps them (boundary included) and as lookups show them. */
public final class RegionJson {
  private RegionJson() {}

  /** The store document of a region and its boundary. */
  public static String toStore(Region r, Geometry boundary) {
    ObjectNode o = describe(r);
    o.put("parentId", r.parentId());
    if (r.population() == null) {
      o.putNull("population");
    } else {
      o.put("population", r.population());
    }
    o.put("repaired", r.repaired());
    o.set("geometry", Json.parse(RegionGeometry.write(boundary)));
    return Json.write(o);
  }

  /** A stored region and its boundary (trusted: checked when imported). */
  public static RegionIndex.Bounded fromStore(String json) {
    JsonNode o = Json.parse(json);
    Region r = region(o);
    return new RegionIndex.Bounded(r, RegionGeometry.readTrusted(Json.write(o.get("geometry"))));
  }

  /** The region of a store document, without parsing its boundary. */
  public static Region region(JsonNode o) {
    return new Region(
        o.get("id").asText(),
        text(o, "adcode"),
        o.get("name").asText(),
        RegionLevel.parse(o.get("level").asText()).orElseThrow(),
        text(o, "parentId"),
        o.hasNonNull("population") ? o.get("population").asLong() : null,
        text(o, "repaired"));
  }

  /** {@code id}, {@code adcode} (when known), {@code name} and {@code level}. */
  public static ObjectNode describe(Region r) {
    ObjectNode o = Json.object().put("id", r.id());
    if (r.adcode() != null) {
      o.put("adcode", r.adcode());
    }
    return o.put("name", r.name()).put("level", r.level().code());
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * The contract's report of a boundary import: {@code imported}, {@code repaired}, {@code
   * rejected}.
   */
  public static ObjectNode report(org.linli.geo.region.RegionImports.ImportReport r) {
    ObjectNode report = Json.object().put("imported", r.imported());
    com.fasterxml.jackson.databind.node.ArrayNode repaired = report.putArray("repaired");
    r.repaired()
        .forEach(
            x ->
                repaired
                    .addObject()
                    .put("index", x.index())
                    .put("id", x.id())
                    .put("note", x.note()));
    com.fasterxml.jackson.databind.node.ArrayNode rejected = report.putArray("rejected");
    for (org.linli.geo.region.RegionImports.Rejected x : r.rejected()) {
      ObjectNode o = rejected.addObject().put("index", x.index());
      com.fasterxml.jackson.databind.node.ArrayNode list = o.putArray("errors");
      x.errors().forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
    }
    return report;
  }

  /** The contract's report of a population import: {@code matched}, {@code unmatched}. */
  public static ObjectNode report(org.linli.geo.region.RegionImports.PopulationReport r) {
    ObjectNode report = Json.object().put("matched", r.matched());
    com.fasterxml.jackson.databind.node.ArrayNode unmatched = report.putArray("unmatched");
    r.unmatched()
        .forEach(
            x ->
                unmatched
                    .addObject()
                    .put("line", x.line())
                    .put("name", x.name())
                    .put("reason", x.reason()));
    return report;
  }
}
