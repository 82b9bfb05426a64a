package org.linli.server.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.core.region.Region;

/**
 * Regions as the contract shows them, and the reports of imports (the stored format is {@link
 * org.linli.server.store.RegionCodec}'s).
 */
public final class RegionJson {
  private RegionJson() {}

  /** {@code id}, {@code adcode} (when known), {@code name} and {@code level}. */
  public static ObjectNode describe(Region r) {
    ObjectNode o = Json.object().put("id", r.id());
    if (r.adcode() != null) {
      o.put("adcode", r.adcode());
    }
    return o.put("name", r.name()).put("level", r.level().code());
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
