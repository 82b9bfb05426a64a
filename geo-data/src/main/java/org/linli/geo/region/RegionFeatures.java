package org.linli.geo.region;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;
import org.json.simple.parser.ParseException;
import org.linli.core.error.InvalidInputException;

/**
 * The features of a GeoJSON FeatureCollection, each with its position, properties and geometry (as
 * GeoJSON text for {@link RegionGeometry}). Parsed with json-simple, which JTS's GeoJSON reader
 * brings. Stateless.
 */
public final class RegionFeatures {
  /**
   * One feature: its index in the collection, its properties (possibly empty) and its geometry's
   * GeoJSON.
   */
  public record Feature(int index, Map<?, ?> properties, String geometryJson) {}

  private RegionFeatures() {}

  /**
   * The features of {@code json}.
   *
   * @throws InvalidInputException when it is not a GeoJSON FeatureCollection
   */
  public static List<Feature> read(String json) {
    Object root;
    try {
      root = new JSONParser().parse(json);
    } catch (ParseException e) {
      throw new InvalidInputException("", "not JSON: " + e);
    }
    if (!(root instanceof JSONObject o)
        || !"FeatureCollection".equals(o.get("type"))
        || !(o.get("features") instanceof JSONArray features)) {
      throw new InvalidInputException(
          "", "the body must be a GeoJSON FeatureCollection with a features array");
    }
    List<Feature> out = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      Object f = features.get(i);
      Map<?, ?> properties = Map.of();
      String geometry = null;
      if (f instanceof JSONObject feature) {
        if (feature.get("properties") instanceof JSONObject p) {
          properties = p;
        }
        if (feature.get("geometry") instanceof JSONObject g) {
          geometry = g.toJSONString();
        }
      }
      out.add(new Feature(i, properties, geometry));
    }
    return out;
  }
}
