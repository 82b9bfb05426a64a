package org.linli.geo.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linli.core.error.InvalidInputException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

class ServiceAreasTest {
  static List<double[]> ring(double... lonLat) {
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < lonLat.length; i += 2) {
      ring.add(new double[] {lonLat[i], lonLat[i + 1]});
    }
    return ring;
  }

  @Test
  void requireValid_bowTie_isRejectedWithReasonAndLocation() {
    GeoPolygon bowTie =
        GeoPolygon.of(
            List.of(
                List.of(ring(114.0, 22.5, 114.1, 22.6, 114.1, 22.5, 114.0, 22.6, 114.0, 22.5))));
    assertThatThrownBy(() -> ServiceAreas.requireValid(bowTie))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.errors()).extracting("field").containsExactly("serviceArea");
              assertThat(e.errors().get(0).message())
                  .contains("self-intersection")
                  .contains("114.05");
            });
  }

  @Test
  void requireValid_holeOutsideShell_isRejected() {
    GeoPolygon p =
        GeoPolygon.of(
            List.of(
                List.of(
                    ring(114.0, 22.5, 114.1, 22.5, 114.1, 22.6, 114.0, 22.6, 114.0, 22.5),
                    ring(115.0, 23.5, 115.1, 23.5, 115.1, 23.6, 115.0, 23.5))));
    assertThatThrownBy(() -> ServiceAreas.requireValid(p))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hole");
  }

  @Test
  void requireValid_squareWithHole_isAccepted() {
    GeoPolygon p =
        GeoPolygon.of(
            List.of(
                List.of(
                    ring(114.0, 22.5, 114.1, 22.5, 114.1, 22.6, 114.0, 22.6, 114.0, 22.5),
                    ring(
                        114.04, 22.54, 114.06, 22.54, 114.06, 22.56, 114.04, 22.56, 114.04,
                        22.54))));
    assertThat(ServiceAreas.requireValid(p)).isSameAs(p);
  }

  /**
   * The core's plain-JDK containment equals JTS's on random star polygons with holes (oracle test).
   */
  @Test
  void coreContainment_equalsJtsCovers_onRandomPolygons() {
    Random random = new Random(42);
    int checked = 0;
    for (int shape = 0; shape < 200; shape++) {
      double cLon = 113.8 + random.nextDouble() * 0.6;
      double cLat = 22.4 + random.nextDouble() * 0.4;
      List<double[]> shell =
          star(random, cLon, cLat, 0.02 + random.nextDouble() * 0.05, 3 + random.nextInt(40));
      List<List<double[]>> rings = new ArrayList<>(List.of(shell));
      if (random.nextBoolean()) {
        rings.add(
            star(
                random, cLon, cLat, 0.004,
                5)); // small hole around the centre, inside any shell here
      }
      GeoPolygon polygon = GeoPolygon.of(List.of(rings));
      if (ServiceAreas.validationError(polygon) != null) {
        continue;
      }
      Geometry g = JtsGeometries.geometry(polygon);
      PreparedGeometry prepared = PreparedGeometryFactory.prepare(g);
      for (int i = 0; i < 200; i++) {
        GeoPoint q =
            new GeoPoint(
                cLat + (random.nextDouble() - 0.5) * 0.16,
                cLon + (random.nextDouble() - 0.5) * 0.16);
        if (g.getBoundary().distance(JtsGeometries.point(q)) < 1e-9) {
          continue; // boundary points may fall either way
        }
        assertThat(polygon.contains(q.lat(), q.lon()))
            .as("shape %d point %s", shape, q)
            .isEqualTo(prepared.covers(JtsGeometries.point(q)));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20_000);
  }

  /** A star-shaped (hence simple) polygon around a centre, counter-clockwise. */
  static List<double[]> star(Random random, double cLon, double cLat, double maxR, int n) {
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = maxR * (0.3 + 0.7 * random.nextDouble());
      ring.add(new double[] {cLon + r * Math.cos(a), cLat + r * Math.sin(a)});
    }
    ring.add(ring.get(0));
    return ring;
  }
}
