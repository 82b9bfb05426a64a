package org.linli.geo.crs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;

class CrsTest {
  /** Parses the vectors file: label,wgs84_lat,wgs84_lon,gcj02_lat,gcj02_lon,source. */
  static List<double[]> vectors() throws IOException {
    List<String> lines =
        org.linli.geo.SharedData.read("testvectors/eviltransform_gcj02_vectors.csv")
            .lines()
            .toList();
    return lines.stream()
        .skip(1)
        .filter(l -> !l.isBlank())
        .map(
            l -> {
              String[] f = l.split(",", 6);
              return new double[] {
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4])
              };
            })
        .toList();
  }

  @Test
  void wgs84ToGcj02_matchesPublicVectorsToTheCentimetre() throws IOException {
    List<double[]> vs = vectors();
    assertThat(vs).hasSizeGreaterThanOrEqualTo(4);
    for (double[] v : vs) {
      GeoPoint gcj = Crs.GCJ02.fromWgs84(new GeoPoint(v[0], v[1]));
      // The gcoord vector is given to 5 decimals (about 1 m); the others are exact.
      double tolerance = v[3] == Math.rint(v[3]) ? 1.5 : 0.01;
      assertThat(gcj.distanceMeters(new GeoPoint(v[2], v[3]))).isLessThan(tolerance);
    }
  }

  @Test
  void gcj02ToWgs84_invertsPublicVectorsWithinHalfAMetre() throws IOException {
    for (double[] v : vectors()) {
      GeoPoint wgs = Crs.GCJ02.toWgs84(new GeoPoint(v[2], v[3]));
      assertThat(wgs.distanceMeters(new GeoPoint(v[0], v[1]))).isLessThan(0.5);
    }
  }

  @Test
  void shenzhenOffset_isSeveralHundredMetres() {
    GeoPoint futian = new GeoPoint(22.5431, 114.0579);
    double offset = Crs.GCJ02.fromWgs84(futian).distanceMeters(futian);
    assertThat(offset).isBetween(300.0, 700.0);
  }

  @Test
  void outsideChina_passesThroughUnchanged() {
    GeoPoint paris = new GeoPoint(48.8566, 2.3522);
    assertThat(Crs.GCJ02.fromWgs84(paris)).isEqualTo(paris);
    assertThat(Crs.BD09.toWgs84(paris)).isEqualTo(paris);
  }

  @Test
  void parse_acceptsHyphenatedAndLowerCaseNames() {
    assertThat(Crs.parse("gcj-02")).contains(Crs.GCJ02);
    assertThat(Crs.parse("BD09")).contains(Crs.BD09);
    assertThat(Crs.parse("EPSG:3857")).isEmpty();
  }

  @Property(tries = 2000)
  void gcj02_roundTripWithinHalfAMetre(
      @ForAll @DoubleRange(min = 18, max = 53) double lat,
      @ForAll @DoubleRange(min = 74, max = 134) double lon) {
    GeoPoint wgs = new GeoPoint(lat, lon);
    GeoPoint back = Crs.GCJ02.toWgs84(Crs.GCJ02.fromWgs84(wgs));
    assertThat(back.distanceMeters(wgs)).isLessThan(0.5);
  }

  @Property(tries = 2000)
  void bd09_roundTripWithinHalfAMetre(
      @ForAll @DoubleRange(min = 18, max = 53) double lat,
      @ForAll @DoubleRange(min = 74, max = 134) double lon) {
    GeoPoint wgs = new GeoPoint(lat, lon);
    GeoPoint back = Crs.BD09.toWgs84(Crs.BD09.fromWgs84(wgs));
    assertThat(back.distanceMeters(wgs)).isLessThan(0.5);
  }
}
