package org.linli.geo.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.error.InvalidInputException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GreatCircle;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.area.JtsGeometries;
import org.linli.geo.crs.Crs;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.distance.DistanceOp;

/**
 * Region lookup on the real Shenzhen layers against a naive point-in-polygon oracle; real GCJ-02
 * sites.
 */
class RegionIndexTest {
  static List<RegionIndex.Bounded> districts;
  static List<RegionIndex.Bounded> streets;
  static Map<String, String> streetDistrictByCentroid = new java.util.HashMap<>();
  static RegionIndex index;

  static List<RegionIndex.Bounded> load(String file, RegionLevel level, String nameProperty)
      throws Exception {
    String json = org.linli.geo.SharedData.read("boundaries/" + file);
    List<RegionIndex.Bounded> out = new ArrayList<>();
    for (RegionFeatures.Feature f : RegionFeatures.read(json)) {
      String name = String.valueOf(f.properties().get(nameProperty));
      RegionGeometry.Checked g = RegionGeometry.read(f.geometryJson(), Crs.WGS84);
      out.add(
          new RegionIndex.Bounded(
              new Region(
                  Region.idOf(null, level, name), null, name, level, null, null, g.repaired()),
              g.geometry()));
      if (level == RegionLevel.STREET) {
        streetDistrictByCentroid.put(
            name, String.valueOf(f.properties().get("district_by_centroid")));
      }
    }
    return out;
  }

  @BeforeAll
  static void build() throws Exception {
    districts = load("shenzhen_districts_transbigdata.json", RegionLevel.DISTRICT, "qh");
    List<RegionIndex.Bounded> raw =
        load("shenzhen_streets_handtraced_aedmap.geojson", RegionLevel.STREET, "name_zh");
    Map<String, String> parents = RegionIndex.parentsByOverlap(raw, districts);
    streets =
        raw.stream()
            .map(
                b ->
                    new RegionIndex.Bounded(
                        b.region().withParent(parents.get(b.region().id())), b.geometry()))
            .toList();
    List<RegionIndex.Bounded> all = new ArrayList<>(districts);
    all.addAll(streets);
    index = new RegionIndex(all);
  }

  static String bare(String district) {
    return district.replace("district:", "").replaceAll("新?区$", "");
  }

  @Test
  void everyStreetsParent_isTheDistrictItsCentroidLiesIn() {
    assertThat(districts).hasSize(10);
    assertThat(streets).hasSize(78);
    for (RegionIndex.Bounded s : streets) {
      assertThat(s.region().parentId()).as(s.region().name()).isNotNull();
      assertThat(bare(s.region().parentId()))
          .as(s.region().name())
          .isEqualTo(bare(streetDistrictByCentroid.get(s.region().name())));
    }
  }

  @Test
  void lookup_equalsANaivePointInPolygonOracle_onTheRealLayers() {
    Random random = new Random(20261126);
    int inDistrict = 0;
    int inTwoStreets = 0;
    int snapped = 0;
    for (int n = 0; n < 5_000; n++) {
      GeoPoint p =
          new GeoPoint(22.40 + random.nextDouble() * 0.50, 113.75 + random.nextDouble() * 0.85);
      Point point = JtsGeometries.point(p);
      List<RegionIndex.Hit> chain = index.lookup(p);
      // Districts: exact containment, no snapping at the coarsest level.
      List<RegionIndex.Bounded> inD =
          districts.stream().filter(d -> d.geometry().covers(point)).toList();
      assertThat(inD.size())
          .as("the district layer does not overlap itself")
          .isLessThanOrEqualTo(1);
      if (inD.isEmpty()) {
        // The chain starts at the street level if a street (spilling over the district layer)
        // contains it.
        List<RegionIndex.Bounded> spill =
            streets.stream().filter(st -> st.geometry().covers(point)).toList();
        if (spill.isEmpty()) {
          assertThat(chain).as("outside every region at %s", p).isEmpty();
        } else {
          assertThat(chain).as("only a street at %s", p).hasSize(1);
          assertThat(spill.stream().map(b -> b.region().id())).contains(chain.get(0).region().id());
          assertThat(chain.get(0).region().level()).isEqualTo(RegionLevel.STREET);
        }
        continue;
      }
      inDistrict++;
      assertThat(chain.get(0).region().id()).isEqualTo(inD.get(0).region().id());
      assertThat(chain.get(0).approximate()).isFalse();
      // Streets: the rule, by brute force.
      String district = inD.get(0).region().id();
      List<RegionIndex.Bounded> inS =
          streets.stream()
              .filter(s -> district.equals(s.region().parentId()) && s.geometry().covers(point))
              .toList();
      RegionIndex.Bounded expected = null;
      boolean approximate = false;
      if (!inS.isEmpty()) {
        inTwoStreets += inS.size() > 1 ? 1 : 0;
        expected =
            inS.stream()
                .max(
                    Comparator.<RegionIndex.Bounded>comparingDouble(
                            s -> inS.size() == 1 ? 0 : s.geometry().getBoundary().distance(point))
                        .thenComparing(s -> s.region().id(), Comparator.reverseOrder()))
                .orElseThrow();
      } else {
        double best = RegionIndex.SNAP_METERS;
        for (RegionIndex.Bounded s : streets) {
          if (!district.equals(s.region().parentId())) {
            continue;
          }
          Coordinate q = DistanceOp.nearestPoints(s.geometry(), point)[0];
          double m = GreatCircle.distanceMeters(p.lat(), p.lon(), q.y, q.x);
          if (m <= best
              && (expected == null
                  || m < best
                  || s.region().id().compareTo(expected.region().id()) < 0)) {
            expected = s;
            best = m;
          }
        }
        approximate = expected != null;
        snapped += approximate ? 1 : 0;
      }
      if (expected == null) {
        assertThat(chain).as("no street at %s", p).hasSize(1);
      } else {
        assertThat(chain).as("chain at %s", p).hasSize(2);
        assertThat(chain.get(1).region().id())
            .as("street at %s", p)
            .isEqualTo(expected.region().id());
        assertThat(chain.get(1).approximate()).isEqualTo(approximate);
      }
    }
    assertThat(inDistrict).as("points inside Shenzhen").isGreaterThan(2_000);
    assertThat(inTwoStreets + snapped)
        .as("the imperfect layer's cases were exercised")
        .isPositive();
  }

  @Test
  void realGcj02Sites_landInTheirStatedDistrict_exceptDapengsOldLabel() throws Exception {
    List<String> lines =
        org.linli.geo.SharedData.read("poi/shenzhen_aed_sites_tencent_gcj02.csv").lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    int district = header.indexOf("district");
    int lng = header.indexOf("lng_gcj02");
    int lat = header.indexOf("lat_gcj02");
    int checked = 0;
    List<String> relabelled = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      GeoPoint wgs =
          Crs.GCJ02.toWgs84(
              new GeoPoint(
                  Double.parseDouble(f[f.length - 2]), Double.parseDouble(f[f.length - 3])));
      String stated = f[f.length - 4];
      Region found = index.at(RegionLevel.DISTRICT, wgs);
      assertThat(found).as("%s lies in a district", line).isNotNull();
      if (!bare(found.id()).equals(bare(stated))) {
        assertThat(bare(stated) + "→" + bare(found.id())).as(line).isEqualTo("龙岗→大鹏");
        relabelled.add(line);
      }
      checked++;
    }
    assertThat(lng).isEqualTo(header.size() - 3);
    assertThat(lat).isEqualTo(header.size() - 2);
    assertThat(district).isEqualTo(header.size() - 4);
    assertThat(checked).isEqualTo(301);
    assertThat(relabelled).as("sites the source still labels 龙岗区").hasSizeLessThanOrEqualTo(8);
  }

  @Test
  void invalidBoundaries_areRepairedAndSaidSo_orRejectedWithTheReason() {
    RegionGeometry.Checked bowTie =
        RegionGeometry.read(
            "{\"type\":\"Polygon\",\"coordinates\":[[[114.0,22.5],[114.1,22.6],[114.1,22.5],[114.0,22.6],[114.0,22.5]]]}",
            Crs.WGS84);
    assertThat(bowTie.repaired()).startsWith("repaired: self-intersection");
    assertThat(bowTie.geometry().isValid()).isTrue();
    assertThat(bowTie.geometry().getArea()).isGreaterThan(0);
    assertThatThrownBy(
            () ->
                RegionGeometry.read(
                    "{\"type\":\"LineString\",\"coordinates\":[[114,22],[115,23]]}", Crs.WGS84))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("LineString");
    assertThatThrownBy(
            () ->
                RegionGeometry.read(
                    "{\"type\":\"Polygon\",\"coordinates\":[[[22.5,114.0],[22.6,114.1],[22.5,114.1],[22.5,114.0]]]}",
                    Crs.WGS84))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("longitude, latitude");
    Geometry gcj =
        RegionGeometry.read(
                "{\"type\":\"Polygon\",\"coordinates\":[[[114.0,22.5],[114.1,22.5],[114.1,22.6],[114.0,22.5]]]}",
                Crs.GCJ02)
            .geometry();
    assertThat(gcj.getCoordinates()[0].x).as("moved to WGS84").isLessThan(114.0);
  }
}
