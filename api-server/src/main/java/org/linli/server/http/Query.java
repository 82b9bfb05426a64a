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
    problems.require(crs != null, name, name + " \"" + v + "\" is not one of WGS84, GCJ02, BD09");
    problems.throwIfAny();
    return crs;
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
    throw new org.linli.core.error.InvalidInputException(name, name + " \"" + raw + "\" is not a whole number in ["
        + min + ", " + max + "]");
  }
}
