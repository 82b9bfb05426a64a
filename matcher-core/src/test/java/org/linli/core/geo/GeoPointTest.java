package org.linli.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linli.core.error.InvalidInputException;

class GeoPointTest {
  @ParameterizedTest
  @ValueSource(
      doubles = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        90.00000000000001,
        -91
      })
  void constructor_badLatitude_namesLat(double lat) {
    assertThatThrownBy(() -> new GeoPoint(lat, 114))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.errors()).extracting("field").containsExactly("lat"));
  }

  @Test
  void constructor_nextUpOf90_isRejected() {
    assertThatThrownBy(() -> new GeoPoint(Math.nextUp(90.0), 0))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void constructor_swappedCoordinates_hintsAtTheSwap() {
    assertThatThrownBy(() -> new GeoPoint(114.05, 22.54))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.errors()).hasSize(1);
              assertThat(e.errors().get(0).message())
                  .contains("114.05")
                  .contains("[-90, 90]")
                  .contains("swapped");
            });
  }

  @Test
  void constructor_bothBad_reportsBoth() {
    assertThatThrownBy(() -> new GeoPoint(Double.NaN, 200))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.errors()).extracting("field").containsExactly("lat", "lon"));
  }

  @Test
  void constructor_poleAndAntimeridian_areAccepted() {
    assertThat(new GeoPoint(90, 180).lat()).isEqualTo(90);
    assertThat(new GeoPoint(-90, -180).lon()).isEqualTo(-180);
  }
}
