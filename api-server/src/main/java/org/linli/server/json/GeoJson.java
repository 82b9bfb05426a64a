package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.geo.area.ServiceAreas;
import org.linli.geo.crs.Crs;

/**
 * Points ({@code {"lat", "lon"}}) and GeoJSON polygons, read with full error paths and written
 * back.
 */
public final class GeoJson {
  private GeoJson() {}

  /** The {@code crs} field of a request (WGS84 when absent), or null with a problem recorded. */
  public static Crs crs(JsonInput in) {
    String name = in.string("crs", false);
    if (name == null) {
      return Crs.WGS84;
    }
    Crs crs = Crs.parse(name).orElse(null);
    if (crs == null) {
      in.problems().add(in.path("crs"), Crs.unknown("crs", name));
    }
    return crs;
  }

  /**
   * A point object at {@code field}, converted from {@code crs} to WGS84; null when absent or
   * invalid.
   */
  public static GeoPoint point(JsonInput parent, String field, boolean required, Crs crs) {
    JsonInput p = parent.object(field, required);
    if (p == null) {
      return null;
    }
    p.rejectUnknown(java.util.Set.of("lat", "lon"));
    Double lat = p.number("lat", true);
    Double lon = p.number("lon", true);
    if (lat == null || lon == null) {
      return null;
    }
    GeoPoint point = parent.problems().attempt(parent.path(field), () -> new GeoPoint(lat, lon));
    return point == null || crs == null ? point : crs.toWgs84(point);
  }

  /**
   * A GeoJSON Polygon or MultiPolygon at {@code field}, converted to WGS84 and checked for validity
   * with JTS; null when absent or invalid.
   */
  public static GeoPolygon polygon(JsonInput parent, String field, Crs crs) {
    JsonInput g = parent.object(field, false);
    if (g == null) {
      return null;
    }
    Problems problems = parent.problems();
    String type = g.string("type", true);
    JsonNode coordinates = g.raw("coordinates");
    String path = g.path("coordinates");
    if (type == null) {
      return null;
    }
    List<List<List<double[]>>> parts = new ArrayList<>();
    int before = problems.errors().size();
    switch (type) {
      case "Polygon" -> parts.add(rings(coordinates, path, problems, crs));
      case "MultiPolygon" -> {
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
          problems.add(path, "a MultiPolygon needs an array of polygons");
        } else {
          for (int i = 0; i < coordinates.size(); i++) {
            parts.add(rings(coordinates.get(i), path + "[" + i + "]", problems, crs));
          }
        }
      }
      default ->
          problems.add(g.path("type"), "type \"" + type + "\" is not Polygon or MultiPolygon");
    }
    if (problems.errors().size() > before) {
      return null;
    }
    GeoPolygon polygon = problems.attempt(parent.path(field), () -> GeoPolygon.of(parts));
    if (polygon == null) {
      return null;
    }
    return problems.attempt("", () -> ServiceAreas.requireValid(polygon));
  }

  private static List<List<double[]>> rings(
      JsonNode node, String path, Problems problems, Crs crs) {
    List<List<double[]>> rings = new ArrayList<>();
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add(path, "a Polygon needs an array of linear rings");
      return rings;
    }
    for (int r = 0; r < node.size(); r++) {
      JsonNode ring = node.get(r);
      String ringPath = path + "[" + r + "]";
      if (!ring.isArray()) {
        problems.add(ringPath, "a linear ring must be an array of positions");
        continue;
      }
      if (ring.size() > GeoPolygon.MAX_VERTICES + 1) {
        problems.add(
            ringPath,
            "ring has "
                + ring.size()
                + " positions, more than the limit of "
                + GeoPolygon.MAX_VERTICES);
        continue;
      }
      List<double[]> positions = new ArrayList<>(ring.size());
      for (int v = 0; v < ring.size(); v++) {
        JsonNode pos = ring.get(v);
        if (!pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
          problems.add(ringPath + "[" + v + "]", "a position must be [lon, lat] numbers");
          continue;
        }
        double lon = pos.get(0).doubleValue();
        double lat = pos.get(1).doubleValue();
        if (crs != Crs.WGS84
            && Double.isFinite(lat)
            && Double.isFinite(lon)
            && Math.abs(lat) <= 90
            && Math.abs(lon) <= 180) {
          GeoPoint w = crs.toWgs84(new GeoPoint(lat, lon));
          lat = w.lat();
          lon = w.lon();
        }
        positions.add(new double[] {lon, lat});
      }
      rings.add(positions);
    }
    return rings;
  }

  public static ObjectNode write(GeoPoint p) {
    ObjectNode o = Json.object();
    o.put("lat", p.lat());
    o.put("lon", p.lon());
    return o;
  }

  public static ObjectNode write(GeoPolygon polygon) {
    ObjectNode o = Json.object();
    List<List<List<double[]>>> parts = polygon.coordinates();
    o.put("type", parts.size() == 1 ? "Polygon" : "MultiPolygon");
    ArrayNode coordinates = o.putArray("coordinates");
    for (List<List<double[]>> part : parts) {
      ArrayNode rings = parts.size() == 1 ? coordinates : coordinates.addArray();
      for (List<double[]> ring : part) {
        ArrayNode positions = rings.addArray();
        for (double[] pos : ring) {
          positions.addArray().add(pos[0]).add(pos[1]);
        }
      }
    }
    return o;
  }
}
