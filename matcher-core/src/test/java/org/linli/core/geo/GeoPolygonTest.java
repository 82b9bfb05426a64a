package org.linli.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linli.core.error.InvalidInputException;

class GeoPolygonTest {
  static List<double[]> ring(double... lonLat) {
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < lonLat.length; i += 2) {
      ring.add(new double[] {lonLat[i], lonLat[i + 1]});
    }
    return ring;
  }

  static final List<double[]> SQUARE =
      ring(114.0, 22.5, 114.1, 22.5, 114.1, 22.6, 114.0, 22.6, 114.0, 22.5);
  static final List<double[]> HOLE =
      ring(114.04, 22.54, 114.06, 22.54, 114.06, 22.56, 114.04, 22.56, 114.04, 22.54);

  @Test
  void contains_pointInsideShell_isTrue() {
    assertThat(GeoPolygon.of(List.of(List.of(SQUARE))).contains(22.52, 114.02)).isTrue();
  }

  @Test
  void contains_pointInHole_isFalse() {
    GeoPolygon withHole = GeoPolygon.of(List.of(List.of(SQUARE, HOLE)));
    assertThat(withHole.contains(22.55, 114.05)).isFalse();
    assertThat(withHole.contains(22.52, 114.02)).isTrue();
  }

  @Test
  void contains_secondPartOfMultiPolygon_isTrue() {
    List<double[]> far = ring(115.0, 23.0, 115.1, 23.0, 115.1, 23.1, 115.0, 23.0);
    GeoPolygon multi = GeoPolygon.of(List.of(List.of(SQUARE), List.of(far)));
    assertThat(multi.contains(23.02, 115.06)).isTrue();
    assertThat(multi.contains(22.9, 115.05)).isFalse();
  }

  @Test
  void of_unclosedRing_namesTheRing() {
    List<double[]> open = ring(114.0, 22.5, 114.1, 22.5, 114.1, 22.6, 114.0, 22.6);
    List<double[]> unclosed = new ArrayList<>(open);
    unclosed.add(new double[] {114.0, 22.61});
    assertThatThrownBy(() -> GeoPolygon.of(List.of(List.of(unclosed))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.errors()).extracting("field").containsExactly("coordinates[0]");
              assertThat(e.errors().get(0).message()).contains("not closed");
            });
  }

  @Test
  void of_tooFewPositions_isRejected() {
    assertThatThrownBy(
            () -> GeoPolygon.of(List.of(List.of(ring(114.0, 22.5, 114.1, 22.5, 114.0, 22.5)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 4");
  }

  @Test
  void of_moreThanTenThousandVertices_isRejected() {
    List<double[]> big = new ArrayList<>();
    int n = GeoPolygon.MAX_VERTICES + 1;
    for (int i = 0; i < n - 1; i++) {
      double a = 2 * Math.PI * i / (n - 1);
      big.add(new double[] {114 + 0.01 * Math.cos(a), 22.5 + 0.01 * Math.sin(a)});
    }
    big.add(big.get(0));
    assertThatThrownBy(() -> GeoPolygon.of(List.of(List.of(big))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("10000");
  }

  @Test
  void of_outOfRangePosition_namesThePosition() {
    List<double[]> bad = ring(114.0, 22.5, 114.1, 95.0, 114.1, 22.6, 114.0, 22.5);
    assertThatThrownBy(() -> GeoPolygon.of(List.of(List.of(bad))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.errors()).extracting("field").contains("coordinates[0][1]"));
  }

  @Test
  void containsPacked_equalsContains_onRandomMultiPolygonsWithHoles() {
    java.util.Random random = new java.util.Random(9);
    int inside = 0;
    for (int shape = 0; shape < 300; shape++) {
      List<List<List<double[]>>> parts = new ArrayList<>();
      for (int p = 0, n = 1 + random.nextInt(3); p < n; p++) {
        double cx = 114 + random.nextDouble() * 0.2;
        double cy = 22.5 + random.nextDouble() * 0.2;
        List<List<double[]>> rings = new ArrayList<>();
        rings.add(star(random, cx, cy, 0.03, 3 + random.nextInt(12)));
        if (random.nextBoolean()) {
          rings.add(star(random, cx, cy, 0.005, 4));
        }
        parts.add(rings);
      }
      GeoPolygon polygon = GeoPolygon.of(parts);
      double[] packed = new double[polygon.packedLength() + 3];
      assertThat(polygon.pack(packed, 3)).isEqualTo(packed.length);
      for (int i = 0; i < 100; i++) {
        double lat = 22.45 + random.nextDouble() * 0.3;
        double lon = 113.95 + random.nextDouble() * 0.3;
        boolean expected = polygon.contains(lat, lon);
        boolean inBox =
            lat >= polygon.minLat()
                && lat <= polygon.maxLat()
                && lon >= polygon.minLon()
                && lon <= polygon.maxLon();
        assertThat(inBox && GeoPolygon.containsPacked(packed, 3, lat, lon)).isEqualTo(expected);
        inside += expected ? 1 : 0;
      }
    }
    assertThat(inside).isGreaterThan(500);
  }

  static List<double[]> star(java.util.Random random, double cx, double cy, double r, int n) {
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double k = r * (0.3 + 0.7 * random.nextDouble());
      ring.add(new double[] {cx + k * Math.cos(a), cy + k * Math.sin(a)});
    }
    ring.add(ring.get(0));
    return ring;
  }

  @Test
  void innerRadius_centreOfSquare_isJustUnderTheNearestEdge() {
    GeoPolygon square = GeoPolygon.of(List.of(List.of(SQUARE)));
    double nearestEdge =
        GreatCircle.distanceMeters(22.55, 114.05, 22.55, 114.1); // east-west is the shorter way
    assertThat(square.innerRadiusMeters(22.55, 114.05))
        .isLessThan(nearestEdge)
        .isGreaterThan(0.97 * nearestEdge);
  }

  @Test
  void innerRadius_isZeroOutsideAndInHoles_andStopsAtTheHole() {
    GeoPolygon withHole = GeoPolygon.of(List.of(List.of(SQUARE, HOLE)));
    assertThat(withHole.innerRadiusMeters(22.55, 114.05)).isZero(); // in the hole
    assertThat(withHole.innerRadiusMeters(22.7, 114.05)).isZero(); // outside
    double toHole = GreatCircle.distanceMeters(22.535, 114.05, 22.54, 114.05);
    assertThat(withHole.innerRadiusMeters(22.535, 114.05))
        .isLessThan(toHole)
        .isGreaterThan(0.9 * toHole);
  }

  /**
   * The inner disk is inside (points on and within its rim, all round, are contained), and every
   * contained point and vertex lies within the outer radius, which is no looser than the bounding
   * box's farthest corner.
   */
  @Test
  void innerAndOuterRadius_boundRandomStarPolygons() {
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 300; n++) {
      double lat = -60 + 120 * random.nextDouble();
      double lon = -170 + 340 * random.nextDouble();
      double size = 0.001 + 0.3 * random.nextDouble();
      int vertices = 3 + random.nextInt(12);
      List<double[]> star = star(random, lon, lat, size, vertices);
      GeoPolygon polygon = GeoPolygon.of(List.of(List.of(star)));
      double inner = polygon.innerRadiusMeters(lat, lon);
      assertThat(inner).as("star %d", n).isGreaterThan(0);
      for (double[] v : star) {
        assertThat(inner).isLessThan(GreatCircle.distanceMeters(lat, lon, v[1], v[0]));
      }
      double outer = polygon.outerRadiusMeters(lat, lon);
      assertThat(outer).isLessThanOrEqualTo(bboxCornerReach(polygon, lat, lon));
      for (int k = 0; k < 2_000; k++) { // every point of the polygon lies within the outer radius
        double pLat =
            polygon.minLat() + (polygon.maxLat() - polygon.minLat()) * random.nextDouble();
        double pLon =
            polygon.minLon() + (polygon.maxLon() - polygon.minLon()) * random.nextDouble();
        if (polygon.contains(pLat, pLon)) {
          assertThat(GreatCircle.distanceMeters(lat, lon, pLat, pLon))
              .as("star %d", n)
              .isLessThanOrEqualTo(outer);
        }
      }
      for (double[] v : star) {
        assertThat(GreatCircle.distanceMeters(lat, lon, v[1], v[0])).isLessThanOrEqualTo(outer);
      }
      for (int k = 0; k < 360; k++) {
        double bearing = Math.toRadians(k);
        for (double f : new double[] {1.0, 0.5}) {
          double[] p = destination(lat, lon, bearing, inner * f);
          assertThat(polygon.contains(p[0], p[1]))
              .as("star %d, bearing %d, %s of the radius", n, k, f)
              .isTrue();
        }
      }
    }
  }

  private static double bboxCornerReach(GeoPolygon a, double lat, double lon) {
    double max = 0;
    for (double cLat : new double[] {a.minLat(), a.maxLat()}) {
      for (double cLon : new double[] {a.minLon(), a.maxLon()}) {
        max = Math.max(max, GreatCircle.distanceMeters(lat, lon, cLat, cLon));
      }
    }
    return max * (1 + 1e-9) + 1.0;
  }

  /**
   * The point at {@code meters} along a great circle from (lat, lon) at {@code bearing} (radians).
   */
  private static double[] destination(double lat, double lon, double bearing, double meters) {
    double d = meters / GreatCircle.EARTH_RADIUS_METERS;
    double phi = Math.toRadians(lat);
    double phi2 =
        Math.asin(Math.sin(phi) * Math.cos(d) + Math.cos(phi) * Math.sin(d) * Math.cos(bearing));
    double lambda2 =
        Math.toRadians(lon)
            + Math.atan2(
                Math.sin(bearing) * Math.sin(d) * Math.cos(phi),
                Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
    return new double[] {Math.toDegrees(phi2), Math.toDegrees(lambda2)};
  }

  /**
   * A polygon across the provider's antipodal meridian: the corner argument fails there, so half
   * the globe.
   */
  @Test
  void outerRadius_polygonReachingTheAntipodalMeridian_isHalfTheGlobe() {
    GeoPolygon far =
        GeoPolygon.of(List.of(List.of(ring(165, 10, 175, 10, 175, 20, 165, 20, 165, 10))));
    assertThat(far.outerRadiusMeters(50, -10)).isEqualTo(Math.PI * GreatCircle.EARTH_RADIUS_METERS);
    double reach = far.outerRadiusMeters(15, 160);
    assertThat(reach)
        .isLessThan(2_000_000)
        .isGreaterThanOrEqualTo(GreatCircle.distanceMeters(15, 160, 20, 175));
  }
}
