package org.linli.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class GreatCircleTest {
  @Test
  void distance_oneDegreeOfLatitude_isRadiusTimesPiOver180() {
    double expected = GreatCircle.EARTH_RADIUS_METERS * Math.PI / 180;
    assertThat(GreatCircle.distanceMeters(0, 0, 1, 0)).isCloseTo(expected, within(1e-6));
  }

  @Test
  void distance_acrossTheAntimeridian_isShort() {
    assertThat(GreatCircle.distanceMeters(0, 179.9, 0, -179.9))
        .isCloseTo(GreatCircle.EARTH_RADIUS_METERS * Math.toRadians(0.2), within(1e-3));
  }

  @Test
  void distance_antipodes_isHalfTheCircumference() {
    assertThat(GreatCircle.distanceMeters(90, 0, -90, 0))
        .isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_METERS, within(1e-6));
  }

  @Test
  void distance_acrossACity_agreesWithTheEquirectangularEstimate() {
    // Futian to Luohu, about 6.3 km. Over a few kilometres the flat-earth estimate at the mean
    // latitude is
    // accurate to far better than 0.1 %, so it is an independent oracle for the haversine.
    double lat1 = 22.5431;
    double lon1 = 114.0579;
    double lat2 = 22.5316;
    double lon2 = 114.1177;
    double meanLat = Math.toRadians((lat1 + lat2) / 2);
    double dx = Math.toRadians(lon2 - lon1) * Math.cos(meanLat);
    double dy = Math.toRadians(lat2 - lat1);
    double flat = GreatCircle.EARTH_RADIUS_METERS * Math.hypot(dx, dy);
    assertThat(GreatCircle.distanceMeters(lat1, lon1, lat2, lon2))
        .isCloseTo(flat, within(flat * 1e-3));
    assertThat(flat).isBetween(6_200.0, 6_400.0);
  }

  @Property
  void distance_isSymmetricAndNonNegative(
      @ForAll @DoubleRange(min = -90, max = 90) double lat1,
      @ForAll @DoubleRange(min = -180, max = 180) double lon1,
      @ForAll @DoubleRange(min = -90, max = 90) double lat2,
      @ForAll @DoubleRange(min = -180, max = 180) double lon2) {
    double d = GreatCircle.distanceMeters(lat1, lon1, lat2, lon2);
    assertThat(d)
        .isGreaterThanOrEqualTo(0)
        .isLessThanOrEqualTo(Math.PI * GreatCircle.EARTH_RADIUS_METERS + 1e-6);
    assertThat(GreatCircle.distanceMeters(lat2, lon2, lat1, lon1)).isCloseTo(d, within(1e-6));
  }
}
