package org.linli.geo.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.region.RegionLevel;

class SyntheticRegionsTest {
  static final double[][] CENTRES = {
    {22.54, 114.06, 10}, {22.55, 114.13, 8}, {22.53, 113.93, 9}, {22.72, 114.25, 9}
  };
  static final double[] BOX = {22.45, 113.75, 0.35, 0.75};

  @Test
  void districtsTileTheCity_streetsTileTheirDistrict_andEveryPointInsideHasAFullChain() {
    List<RegionIndex.Bounded> all = SyntheticRegions.of(7, CENTRES, BOX);
    RegionIndex.Bounded city = all.get(0);
    List<RegionIndex.Bounded> districts =
        all.stream().filter(b -> b.region().level() == RegionLevel.DISTRICT).toList();
    assertThat(districts).hasSize(4);
    assertThat(districts.stream().mapToDouble(b -> b.geometry().getArea()).sum())
        .isCloseTo(city.geometry().getArea(), within(1e-9));
    for (RegionIndex.Bounded d : districts) {
      assertThat(d.geometry().isValid()).isTrue();
      List<RegionIndex.Bounded> streets =
          all.stream().filter(b -> d.region().id().equals(b.region().parentId())).toList();
      assertThat(streets).hasSizeBetween(3, 6);
      assertThat(streets.stream().mapToDouble(b -> b.geometry().getArea()).sum())
          .isCloseTo(d.geometry().getArea(), within(1e-9));
      streets.forEach(st -> assertThat(d.geometry().buffer(1e-9).covers(st.geometry())).isTrue());
    }
    RegionIndex index = new RegionIndex(all);
    Random random = new Random(1);
    for (int i = 0; i < 500; i++) {
      GeoPoint p =
          new GeoPoint(
              BOX[0] + random.nextDouble() * BOX[2], BOX[1] + random.nextDouble() * BOX[3]);
      assertThat(index.lookup(p)).as("chain at %s", p).hasSize(3);
    }
    assertThat(SyntheticRegions.of(7, CENTRES, BOX).get(5).geometry())
        .isEqualTo(all.get(5).geometry()); // the same seed gives the same map
  }
}
