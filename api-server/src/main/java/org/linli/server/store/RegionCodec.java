package org.linli.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.region.RegionGeometry;
import org.linli.geo.region.RegionIndex;
import org.linli.server.json.Json;
import org.locationtech.jts.geom.Geometry;

/**
 * The stored format of a region and its boundary (a document of the {@code regions} map and table),
 * apart from the contract's JSON: field names in this one place, versioned ({@code v}); {@link
 * #decode} reads every version so far (version 0, before the codec, had the same fields without
 * {@code v}) and refuses a newer one. Stateless.
 */
public final class RegionCodec {
  /** The version {@link #encode} writes. */
  public static final int VERSION = 1;

  private RegionCodec() {}

  /** The store document of {@code r} and its {@code boundary}, in format {@link #VERSION}. */
  public static String encode(Region r, Geometry boundary) {
    ObjectNode o = Json.object().put("v", VERSION).put("id", r.id());
    o.put("adcode", r.adcode())
        .put("name", r.name())
        .put("level", r.level().code())
        .put("parentId", r.parentId())
        .put("population", r.population())
        .put("repaired", r.repaired());
    o.set("geometry", Json.parse(RegionGeometry.write(boundary)));
    return Json.write(o);
  }

  /** A stored region and its boundary (trusted: checked when imported), in any format so far. */
  public static RegionIndex.Bounded decode(String json) {
    JsonNode o = Json.parse(json);
    int version = o.path("v").asInt(0);
    StoredFormats.requireReadable(version, VERSION, "region " + o.path("id").asText());
    Region r =
        new Region(
            o.get("id").asText(),
            text(o, "adcode"),
            o.get("name").asText(),
            RegionLevel.parse(o.get("level").asText()).orElseThrow(),
            text(o, "parentId"),
            o.hasNonNull("population") ? o.get("population").asLong() : null,
            text(o, "repaired"));
    return new RegionIndex.Bounded(r, RegionGeometry.readTrusted(Json.write(o.get("geometry"))));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
