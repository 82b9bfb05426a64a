package org.linli.server.http;

import io.vertx.ext.web.RoutingContext;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.geo.crs.Crs;

/** Typed, validated query parameters; problems name the parameter. */
final class Query {
  private Query() {}

  /** The point given by {@code lat} and {@code lon}. */
  static GeoPoint point(RoutingContext ctx) {
    Problems problems = new Problems();
    Double lat = number(ctx, "lat", problems);
    Double lon = number(ctx, "lon", problems);
    problems.throwIfAny();
    GeoPoint p = problems.attempt("", () -> new GeoPoint(lat, lon));
    problems.throwIfAny();
    return p;
  }

  /** A coordinate system parameter; WGS84 when absent. */
  static Crs crs(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return Crs.WGS84;
    }
    Problems problems = new Problems();
    Crs crs = Crs.parse(v).orElse(null);
    if (crs == null) {
      problems.add(name, Crs.unknown(name, v));
    }
    problems.throwIfAny();
    return crs;
  }

  /**
   * An administrative level parameter: {@code fallback} when absent; a 400 when absent without a
   * fallback.
   */
  static org.linli.core.region.RegionLevel level(
      RoutingContext ctx, String name, org.linli.core.region.RegionLevel fallback) {
    return level(ctx, name, fallback, fallback == null);
  }

  /**
   * As above; {@code required} says whether absence is a 400 (else {@code fallback}, possibly
   * null).
   */
  static org.linli.core.region.RegionLevel level(
      RoutingContext ctx,
      String name,
      org.linli.core.region.RegionLevel fallback,
      boolean required) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      if (required) {
        throw new org.linli.core.error.InvalidInputException(
            name, name + " is required: city, district or street");
      }
      return fallback;
    }
    return org.linli.core.region.RegionLevel.parse(v)
        .orElseThrow(
            () ->
                new org.linli.core.error.InvalidInputException(
                    name, name + " \"" + v + "\" is not city, district or street"));
  }

  /** A skill code parameter, or null when absent; an unknown code is a 400. */
  static org.linli.core.taxonomy.Skill skill(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    for (org.linli.core.taxonomy.Skill s : org.linli.core.taxonomy.Skill.values()) {
      if (s.code().equals(v.trim())) {
        return s;
      }
    }
    throw new org.linli.core.error.InvalidInputException(
        name, name + " \"" + v + "\" is not a skill code of" + " /api/v1/taxonomy");
  }

  /** A {@code minLon,minLat,maxLon,maxLat} box, or null when absent. */
  static org.linli.core.coverage.Box bbox(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    String[] parts = v.split(",");
    try {
      if (parts.length == 4) {
        double minLon = Double.parseDouble(parts[0].trim());
        double minLat = Double.parseDouble(parts[1].trim());
        double maxLon = Double.parseDouble(parts[2].trim());
        double maxLat = Double.parseDouble(parts[3].trim());
        if (minLon < maxLon
            && minLat < maxLat
            && minLon >= -180
            && maxLon <= 180
            && minLat >= -90
            && maxLat <= 90) {
          return new org.linli.core.coverage.Box(minLat, minLon, maxLat, maxLon);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new org.linli.core.error.InvalidInputException(
        name,
        name + " \"" + v + "\" is not minLon,minLat,maxLon,maxLat" + " with min < max, in degrees");
  }

  /** A required text parameter, at most 100 characters. */
  static String required(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank() || v.length() > 100) {
      throw new org.linli.core.error.InvalidInputException(
          name, name + " is required (1..100 characters)");
    }
    return v.trim();
  }

  /** A text parameter, or {@code fallback} when absent. */
  static String text(RoutingContext ctx, String name, String fallback) {
    String v = ctx.queryParams().get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static Double number(RoutingContext ctx, String name, Problems problems) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      problems.add(name, name + " is required");
      return null;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      problems.add(name, name + " \"" + v + "\" is not a number");
      return null;
    }
  }

  /** Whole-number query parameter {@code name} in [min, max], or {@code fallback} when absent. */
  static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new org.linli.core.error.InvalidInputException(
        name, name + " \"" + raw + "\" is not a whole number in [" + min + ", " + max + "]");
  }
}
