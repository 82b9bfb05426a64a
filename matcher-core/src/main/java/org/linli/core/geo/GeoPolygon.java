package org.linli.core.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.core.error.Problems;

/**
 * A polygon or multipolygon in WGS84 degrees with GeoJSON semantics: edges are straight lines in
 * (lon, lat), the first ring of each part is its shell and the others are holes. Only the
 * structural rules are checked here (closed rings of at least four finite, in-range positions, at
 * most {@link #MAX_VERTICES} vertices in all); topological validity (self-intersection, bow-ties)
 * is checked with JTS at the edge, in {@code geo-data}.
 *
 * <p>Immutable and thread-safe. Containment uses the even-odd rule per part, so a point on a hole
 * is outside.
 */
public final class GeoPolygon {
  /** The most vertices one service area may have, summed over all rings. */
  public static final int MAX_VERTICES = 10_000;

  /**
   * [part][ring][2 * i] = lon, [2 * i + 1] = lat: the coordinates as given, for equality and
   * export.
   */
  private final double[][][] parts;

  /**
   * All rings' coordinates in one array (lon, lat pairs), so containment reads contiguous memory.
   */
  private final double[] flat;

  /**
   * Start (in {@code flat}) of each ring, plus the end; and the first ring index of each part, plus
   * the end.
   */
  private final int[] ringStarts;

  private final int[] partStarts;
  private final double minLat;
  private final double maxLat;
  private final double minLon;
  private final double maxLon;

  private GeoPolygon(double[][][] parts) {
    this.parts = parts;
    int rings = 0;
    int values = 0;
    for (double[][] part : parts) {
      rings += part.length;
      for (double[] ring : part) {
        values += ring.length;
      }
    }
    this.flat = new double[values];
    this.ringStarts = new int[rings + 1];
    this.partStarts = new int[parts.length + 1];
    int r = 0;
    int v = 0;
    for (int p = 0; p < parts.length; p++) {
      partStarts[p] = r;
      for (double[] ring : parts[p]) {
        ringStarts[r++] = v;
        System.arraycopy(ring, 0, flat, v, ring.length);
        v += ring.length;
      }
    }
    ringStarts[rings] = v;
    partStarts[parts.length] = rings;
    double a = Double.POSITIVE_INFINITY;
    double b = Double.NEGATIVE_INFINITY;
    double c = Double.POSITIVE_INFINITY;
    double d = Double.NEGATIVE_INFINITY;
    for (double[][] part : parts) {
      double[] shell = part[0];
      for (int i = 0; i < shell.length; i += 2) {
        c = Math.min(c, shell[i]);
        d = Math.max(d, shell[i]);
        a = Math.min(a, shell[i + 1]);
        b = Math.max(b, shell[i + 1]);
      }
    }
    this.minLat = a;
    this.maxLat = b;
    this.minLon = c;
    this.maxLon = d;
  }

  /**
   * Builds a polygon set from GeoJSON-ordered coordinates: {@code parts[p][r][v] = {lon, lat}}.
   *
   * @throws org.linli.core.error.InvalidInputException naming {@code coordinates[p][r]...} for each
   *     problem
   */
  public static GeoPolygon of(List<List<List<double[]>>> parts) {
    Problems problems = new Problems();
    if (parts == null || parts.isEmpty()) {
      problems.add("coordinates", "a polygon needs at least one ring");
      problems.throwIfAny();
    }
    int vertices = 0;
    double[][][] packed = new double[parts.size()][][];
    for (int p = 0; p < parts.size(); p++) {
      List<List<double[]>> rings = parts.get(p);
      String partPath = parts.size() == 1 ? "coordinates" : "coordinates[" + p + "]";
      if (rings == null || rings.isEmpty()) {
        problems.add(partPath, "a polygon needs a shell ring");
        continue;
      }
      packed[p] = new double[rings.size()][];
      for (int r = 0; r < rings.size(); r++) {
        List<double[]> ring = rings.get(r);
        String ringPath = partPath + "[" + r + "]";
        if (ring == null || ring.size() < 4) {
          problems.add(
              ringPath,
              "a ring needs at least 4 positions (first = last), got "
                  + (ring == null ? 0 : ring.size()));
          continue;
        }
        vertices += ring.size();
        double[] flat = new double[ring.size() * 2];
        for (int v = 0; v < ring.size(); v++) {
          double[] pos = ring.get(v);
          String posPath = ringPath + "[" + v + "]";
          if (pos == null || pos.length < 2) {
            problems.add(posPath, "a position needs [lon, lat]");
            continue;
          }
          double lon = pos[0];
          double lat = pos[1];
          if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            problems.add(posPath, "longitude " + lon + " outside [-180, 180]");
          }
          if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            problems.add(posPath, "latitude " + lat + " outside [-90, 90]");
          }
          flat[2 * v] = lon;
          flat[2 * v + 1] = lat;
        }
        if (problems.isEmpty()
            && (flat[0] != flat[flat.length - 2] || flat[1] != flat[flat.length - 1])) {
          problems.add(
              ringPath,
              "ring is not closed: first position "
                  + Arrays.toString(ring.get(0))
                  + " differs from last "
                  + Arrays.toString(ring.get(ring.size() - 1)));
        }
        packed[p][r] = flat;
      }
    }
    if (vertices > MAX_VERTICES) {
      problems.add(
          "coordinates",
          "polygon has " + vertices + " vertices, more than the limit of " + MAX_VERTICES);
    }
    problems.throwIfAny();
    return new GeoPolygon(packed);
  }

  /** Whether {@code p} lies inside (even-odd rule; boundary points may fall either way). */
  public boolean contains(double lat, double lon) {
    if (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon) {
      return false;
    }
    for (int p = 0; p + 1 < partStarts.length; p++) {
      boolean inside = false;
      for (int r = partStarts[p]; r < partStarts[p + 1]; r++) {
        if (crossesOddTimes(flat, ringStarts[r], ringStarts[r + 1], lat, lon)) {
          inside = !inside;
        }
      }
      if (inside) {
        return true;
      }
    }
    return false;
  }

  /** Even-odd ray crossing over the ring stored in {@code flat[from, to)}. */
  private static boolean crossesOddTimes(double[] flat, int from, int to, double lat, double lon) {
    boolean odd = false;
    for (int i = from, j = to - 2; i < to; j = i, i += 2) {
      double xi = flat[i];
      double yi = flat[i + 1];
      double xj = flat[j];
      double yj = flat[j + 1];
      if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
        odd = !odd;
      }
    }
    return odd;
  }

  /**
   * Length of {@link #pack}'s output: {@code [parts, (rings, (values, lon, lat, …)…)…]}, one
   * sequential record that {@link #containsPacked} walks without following any pointer.
   */
  public int packedLength() {
    int n = 1;
    for (double[][] part : parts) {
      n += 1;
      for (double[] ring : part) {
        n += 1 + ring.length;
      }
    }
    return n;
  }

  /** Writes the packed form into {@code dest} at {@code offset}; returns the offset after it. */
  public int pack(double[] dest, int offset) {
    int o = offset;
    dest[o++] = parts.length;
    for (double[][] part : parts) {
      dest[o++] = part.length;
      for (double[] ring : part) {
        dest[o++] = ring.length;
        System.arraycopy(ring, 0, dest, o, ring.length);
        o += ring.length;
      }
    }
    return o;
  }

  /**
   * {@link #contains} over a packed polygon at {@code offset} in {@code data} (no bounding-box
   * test).
   */
  public static boolean containsPacked(double[] data, int offset, double lat, double lon) {
    int o = offset;
    int partCount = (int) data[o++];
    boolean found = false;
    for (int p = 0; p < partCount; p++) {
      int ringCount = (int) data[o++];
      boolean inside = false;
      for (int r = 0; r < ringCount; r++) {
        int values = (int) data[o++];
        if (crossesOddTimes(data, o, o + values, lat, lon)) {
          inside = !inside;
        }
        o += values;
      }
      found |= inside;
    }
    return found;
  }

  /**
   * A proven upper bound, in metres, on the distance from ({@code lat}, {@code lon}) to any point
   * of this polygon.
   *
   * <p>Proof: great-circle distance from a point has no local maximum but at its antipode, so over
   * a region without the antipode it peaks on the boundary; each edge (straight in lat/lon) lies in
   * the lat/lon box of its end points; and over a lat/lon box the distance peaks at a corner, being
   * monotonic along parallels (in the longitude difference, as long as no box reaches the antipodal
   * meridian) and unimodal along meridians. So the largest corner distance over all edges' boxes
   * bounds it. When the polygon's longitudes reach the antipodal meridian (which also holds the
   * antipode), half the globe is returned.
   */
  public double outerRadiusMeters(double lat, double lon) {
    double antiLon = lon > 0 ? lon - 180 : lon + 180;
    if (antiLon >= minLon && antiLon <= maxLon) {
      return Math.PI * GreatCircle.EARTH_RADIUS_METERS;
    }
    double max = 0;
    for (int r = 0; r + 1 < ringStarts.length; r++) {
      int from = ringStarts[r];
      int to = ringStarts[r + 1];
      for (int i = from, j = to - 2; i < to; j = i, i += 2) {
        double lonA = flat[j];
        double latA = flat[j + 1];
        double lonB = flat[i];
        double latB = flat[i + 1];
        // The two corners of the edge's box that are not its end points (those are corners too).
        max = Math.max(max, GreatCircle.distanceMeters(lat, lon, latA, lonA));
        max = Math.max(max, GreatCircle.distanceMeters(lat, lon, latA, lonB));
        max = Math.max(max, GreatCircle.distanceMeters(lat, lon, latB, lonA));
      }
    }
    return Math.min(Math.PI * GreatCircle.EARTH_RADIUS_METERS, max * (1 + 1e-9) + 1.0);
  }

  /**
   * A radius, in metres, of a great-circle disk around ({@code lat}, {@code lon}) whose every point
   * this polygon {@link #contains}: 0 when the point is outside, or too near a pole or the
   * antimeridian to bound simply.
   *
   * <p>Proof of the bound: a point within angle θ of the centre lies within θ of its latitude, and
   * by the haversine formula within {@code 2 asin(sin(θ/2) / sqrt(cos φ · cos φmax))} of its
   * longitude, where φmax is the largest |latitude| within θ. That lat/lon rectangle is tested
   * against every edge of every ring (edges are straight in lat/lon, as {@link #contains} treats
   * them): if none touches it and the centre is inside, the whole rectangle, hence the disk, is
   * inside. The largest such θ is found by bisection, keeping only proven values, and shrunk by a
   * millionth.
   */
  public double innerRadiusMeters(double lat, double lon) {
    if (Math.abs(lat) > 80 || !contains(lat, lon)) {
      return 0;
    }
    double lo = 0;
    double hi = Math.toRadians(Math.max(maxLat - minLat, maxLon - minLon)) + 1e-9;
    if (disksInside(lat, lon, hi)) {
      return 0; // cannot happen for a bounded polygon; refuse rather than trust it
    }
    for (int i = 0; i < 40; i++) {
      double mid = (lo + hi) / 2;
      if (disksInside(lat, lon, mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo * (1 - 1e-6) * GreatCircle.EARTH_RADIUS_METERS;
  }

  /**
   * Whether the lat/lon rectangle bounding the disk of angle {@code theta} around the point meets
   * no edge.
   */
  private boolean disksInside(double lat, double lon, double theta) {
    double dLat = Math.toDegrees(theta) * (1 + 1e-9) + 1e-12;
    double south = lat - dLat;
    double north = lat + dLat;
    if (south < -85 || north > 85) {
      return false;
    }
    double cosMax = Math.cos(Math.toRadians(Math.max(Math.abs(south), Math.abs(north))));
    double s = Math.sin(theta / 2) / Math.sqrt(Math.cos(Math.toRadians(lat)) * cosMax);
    if (s >= 1) {
      return false;
    }
    double dLon = Math.toDegrees(2 * Math.asin(s)) * (1 + 1e-9) + 1e-12;
    double west = lon - dLon;
    double east = lon + dLon;
    if (west < -180 || east > 180) {
      return false;
    }
    for (int r = 0; r + 1 < ringStarts.length; r++) {
      int from = ringStarts[r];
      int to = ringStarts[r + 1];
      for (int i = from, j = to - 2; i < to; j = i, i += 2) {
        if (segmentMeetsBox(flat[j], flat[j + 1], flat[i], flat[i + 1], west, east, south, north)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Liang-Barsky: whether the segment (x0, y0)-(x1, y1) meets the closed box. */
  private static boolean segmentMeetsBox(
      double x0,
      double y0,
      double x1,
      double y1,
      double xMin,
      double xMax,
      double yMin,
      double yMax) {
    double t0 = 0;
    double t1 = 1;
    double dx = x1 - x0;
    double dy = y1 - y0;
    double[] p = {-dx, dx, -dy, dy};
    double[] q = {x0 - xMin, xMax - x0, y0 - yMin, yMax - y0};
    for (int k = 0; k < 4; k++) {
      if (p[k] == 0) {
        if (q[k] < 0) {
          return false;
        }
      } else {
        double t = q[k] / p[k];
        if (p[k] < 0) {
          if (t > t1) {
            return false;
          }
          t0 = Math.max(t0, t);
        } else {
          if (t < t0) {
            return false;
          }
          t1 = Math.min(t1, t);
        }
      }
    }
    return true;
  }

  /** Total vertex count over all rings. */
  public int vertexCount() {
    int n = 0;
    for (double[][] part : parts) {
      for (double[] ring : part) {
        n += ring.length / 2;
      }
    }
    return n;
  }

  /** Southern-most latitude of any shell vertex. */
  public double minLat() {
    return minLat;
  }

  /** Northern-most latitude of any shell vertex. */
  public double maxLat() {
    return maxLat;
  }

  /** Western-most longitude of any shell vertex. */
  public double minLon() {
    return minLon;
  }

  /** Eastern-most longitude of any shell vertex. */
  public double maxLon() {
    return maxLon;
  }

  /** GeoJSON-ordered copy of the coordinates: {@code [part][ring][vertex] = {lon, lat}}. */
  public List<List<List<double[]>>> coordinates() {
    List<List<List<double[]>>> out = new ArrayList<>(parts.length);
    for (double[][] part : parts) {
      List<List<double[]>> rings = new ArrayList<>(part.length);
      for (double[] ring : part) {
        List<double[]> positions = new ArrayList<>(ring.length / 2);
        for (int i = 0; i < ring.length; i += 2) {
          positions.add(new double[] {ring[i], ring[i + 1]});
        }
        rings.add(positions);
      }
      out.add(rings);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeoPolygon other && Arrays.deepEquals(parts, other.parts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parts);
  }

  @Override
  public String toString() {
    return "GeoPolygon[parts=" + parts.length + ", vertices=" + vertexCount() + "]";
  }
}
