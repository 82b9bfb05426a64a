package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.region.RegionGeometry;
import org.linli.geo.region.RegionIndex;
import org.linli.server.json.Json;
import org.locationtech.jts.geom.Geometry;

/** The stored form of a region: round-trips, version 0 reads, newer versions are refused. */
class RegionCodecTest {
  static final Geometry SQUARE =
      RegionGeometry.readTrusted(
          "{\"type\":\"Polygon\",\"coordinates\":[[[114,22.5],[114.1,22.5],[114.1,22.6],[114,22.6],[114,22.5]]]}");

  @Test
  void aRegion_roundTrips_withAndWithoutItsOptionalFields() {
    for (Region r :
        new Region[] {
          new Region("440304", "440304", "福田区", RegionLevel.DISTRICT, "440300", 1_553_225L, null),
          new Region("street:园岭", null, "园岭", RegionLevel.STREET, null, null, "closed an open ring")
        }) {
      RegionIndex.Bounded back = RegionCodec.decode(RegionCodec.encode(r, SQUARE));
      assertThat(back.region()).isEqualTo(r);
      assertThat(back.geometry().equalsExact(SQUARE, 1e-9)).isTrue();
    }
  }

  @Test
  void version0_asStoredBeforeTheCodec_isRead_andANewerVersionIsRefused() {
    String v0 =
        "{\"id\":\"440304\",\"adcode\":\"440304\",\"name\":\"福田区\",\"level\":\"district\","
            + "\"parentId\":\"440300\",\"population\":null,\"repaired\":null,\"geometry\":"
            + RegionGeometry.write(SQUARE)
            + "}";
    Region r = RegionCodec.decode(v0).region();
    assertThat(r)
        .isEqualTo(
            new Region("440304", "440304", "福田区", RegionLevel.DISTRICT, "440300", null, null));
    ObjectNode doc = (ObjectNode) Json.parse(RegionCodec.encode(r, SQUARE));
    assertThat(doc.get("v").asInt()).isEqualTo(RegionCodec.VERSION);
    doc.put("v", RegionCodec.VERSION + 1);
    assertThatThrownBy(() -> RegionCodec.decode(Json.write(doc)))
        .hasMessageContaining("newer than this Linli's")
        .hasMessageContaining("440304");
  }
}
