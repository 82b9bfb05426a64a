package org.linli.server.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.util.List;
import java.util.function.Function;
import org.linli.core.coverage.CoverageQueries.Desert;
import org.linli.core.coverage.CoverageQueries.HexFigures;
import org.linli.core.coverage.CoverageQueries.RegionFigures;
import org.linli.core.coverage.Figures;
import org.linli.core.provider.ProviderKind;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.coverage.H3;

/** The contract's JSON of coverage answers: GeoJSON feature collections and the desert ranking. */
public final class CoverageJson {
  private CoverageJson() {}

  /** The regions as a FeatureCollection, each with its {@code boundary} (GeoJSON geometry text). */
  public static ObjectNode regions(List<RegionFigures> regions, Function<Region, String> boundary) {
    ObjectNode fc = Json.object().put("type", "FeatureCollection");
    ArrayNode features = fc.putArray("features");
    for (RegionFigures f : regions) {
      ObjectNode feature = features.addObject().put("type", "Feature");
      feature.set("geometry", Json.parse(boundary.apply(f.figures().region())));
      feature.set("properties", properties(f));
    }
    return fc;
  }

  /** A base map: each region's outline, its name and where the name goes. */
  public static ObjectNode base(List<org.linli.server.coverage.CoverageService.BaseRegion> base) {
    ObjectNode fc = Json.object().put("type", "FeatureCollection");
    ArrayNode features = fc.putArray("features");
    for (var b : base) {
      ObjectNode feature = features.addObject().put("type", "Feature");
      feature.set("geometry", Json.parse(b.boundary()));
      ObjectNode p = feature.putObject("properties");
      p.put("name", b.region().name())
          .put("level", b.region().level().name().toLowerCase(java.util.Locale.ROOT));
      if (b.region().adcode() != null) {
        p.put("adcode", b.region().adcode());
      }
      p.putObject("label").put("lat", round(b.label().lat())).put("lon", round(b.label().lon()));
    }
    return fc;
  }

  /** The cells as a FeatureCollection of hexagons (coordinates to 6 decimals, ring closed). */
  public static ObjectNode hexes(List<HexFigures> hexes) {
    H3Core h3 = H3.get();
    ObjectNode fc = Json.object().put("type", "FeatureCollection");
    ArrayNode features = fc.putArray("features");
    for (HexFigures h : hexes) {
      ObjectNode feature = features.addObject().put("type", "Feature");
      ObjectNode geometry = feature.putObject("geometry").put("type", "Polygon");
      ArrayNode ring = geometry.putArray("coordinates").addArray();
      List<LatLng> boundary = h3.cellToBoundary(h.cell());
      for (LatLng v : boundary) {
        ring.addArray().add(round(v.lng)).add(round(v.lat));
      }
      ring.addArray().add(round(boundary.get(0).lng)).add(round(boundary.get(0).lat));
      ObjectNode p =
          feature
              .putObject("properties")
              .put("h3", h3.h3ToString(h.cell()))
              .put("supply", h.supply())
              .put("spareCapacity", h.spare());
      p.put("demand", h.demand());
      p.put("gap", h.gap());
    }
    return fc;
  }

  /** The desert ranking of {@code level} for {@code skill} (null: all). */
  public static ObjectNode deserts(RegionLevel level, Skill skill, List<Desert> deserts) {
    ObjectNode out =
        Json.object().put("level", level.code()).put("skill", skill == null ? null : skill.code());
    ArrayNode list = out.putArray("deserts");
    for (Desert d : deserts) {
      ObjectNode o = list.addObject().put("rank", d.rank());
      o.setAll(properties(d.region()));
      o.put("uncoveredPopulation", d.uncoveredPopulation());
    }
    return out;
  }

  private static ObjectNode properties(RegionFigures shown) {
    Figures f = shown.figures();
    Region r = f.region();
    ObjectNode p = Json.object().put("id", r.id());
    p.put("adcode", r.adcode());
    p.put("name", r.name()).put("level", r.level().code()).put("parentId", r.parentId());
    ObjectNode kinds = p.putObject("providers");
    for (ProviderKind k : ProviderKind.values()) {
      kinds.put(k.name(), f.providers().get(k));
    }
    p.put("capacity", f.capacity()).put("spareCapacity", f.spareCapacity());
    p.put("needs", shown.needs());
    p.put("unmetNeeds", shown.unmetNeeds());
    p.put("coveredAreaRatio", f.coveredAreaRatio());
    p.put("population", r.population());
    p.put("workersPer10k", shown.workersPer10k());
    p.put("avgRating", f.avgRating());
    return p;
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
