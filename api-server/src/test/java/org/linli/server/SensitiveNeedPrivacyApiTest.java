package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Role;
import org.linli.core.geo.GeoPoint;

/**
 * A sensitive need's location stays as coarse as the contract promises for every provider offered
 * the case: the test reads everything such a provider may read (the case, its history, the inbox,
 * every provider it can name) and tries to trilaterate the need from every distance it finds, as an
 * attacker would.
 */
class SensitiveNeedPrivacyApiTest {
  private static final GeoPoint TRUTH = new GeoPoint(22.54721, 114.06113);
  private static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    // Ten workers of ten agencies around the need, 300 m to 3 km away in every direction.
    for (int i = 0; i < 10; i++) {
      double bearing = Math.toRadians(i * 36 + 7);
      double meters = 300 + 300 * i;
      double lat = TRUTH.lat() + meters * Math.cos(bearing) / 111_195;
      double lon =
          TRUTH.lon()
              + meters * Math.sin(bearing) / (111_195 * Math.cos(Math.toRadians(TRUTH.lat())));
      String doc =
          Documents.worker("sv" + i, lat, lon)
              .replace("\"a7\"", "\"sva" + i + "\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/sv" + i, doc).status()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void offeredProviders_cannotLocateASensitiveNeed_fromAnythingTheyMayRead() {
    String resident = s.token("rs-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    TestServer.Answer created =
        CasesApiTest.as(
            s,
            resident,
            "POST",
            "/api/v1/needs",
            """
        {"location": {"lat": %s, "lon": %s}, "skills": ["ELDER_CARE"], "radiusMeters": 5000, "sort": "distance",
         "description": "家暴 躲避中 请勿上门", "urgency": "URGENT", "contactPhone": "13900001111",
         "sensitive": true}"""
                .formatted(TRUTH.lat(), TRUTH.lon()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("caseId").asText();
    List<GeoPoint> estimates = new ArrayList<>();
    int viewers = 0;
    for (int round = 0; round < 10; round++) {
      JsonNode c =
          CasesApiTest.as(
                  s,
                  s.token("rs-staff", Role.STAFF, null, null),
                  "GET",
                  "/api/v1/cases/" + id,
                  null)
              .json();
      if (!c.has("offer")) {
        break;
      }
      String offered = c.get("offer").get("providerId").asText();
      String agency = "sva" + offered.substring(2);
      for (String viewer :
          List.of(
              s.token("ag-" + agency, Role.AGENCY, agency, null),
              s.token("w-" + offered, Role.WORKER, agency, offered))) {
        viewers++;
        List<JsonNode> read = new ArrayList<>();
        read.add(CasesApiTest.as(s, viewer, "GET", "/api/v1/cases/" + id, null).json());
        read.add(
            CasesApiTest.as(s, viewer, "GET", "/api/v1/cases/" + id + "/history", null).json());
        CasesApiTest.as(s, viewer, "GET", "/api/v1/cases", null)
            .json()
            .path("cases")
            .forEach(
                x -> {
                  if (x.path("caseId").asText().equals(id)) {
                    read.add(x); // this case in the inbox
                  }
                });
        // Whatever locates the need: its coordinates, and every distance tied to a provider it can
        // look up.
        Map<String, Double> distances = new LinkedHashMap<>();
        for (JsonNode answer : read) {
          collectDistances(answer, null, distances);
          for (JsonNode point : pointsOfNeed(answer)) {
            GeoPoint seen = new GeoPoint(point.get("lat").asDouble(), point.get("lon").asDouble());
            assertThat(seen)
                .as("the need's location shown to the offered provider")
                .isEqualTo(CaseAccess.coarsen(TRUTH));
          }
        }
        Map<String, GeoPoint> anchors = new LinkedHashMap<>();
        for (String provider : distances.keySet()) {
          JsonNode p = s.get("/api/v1/providers/" + provider).json(); // public
          anchors.put(
              provider,
              new GeoPoint(
                  p.get("location").get("lat").asDouble(),
                  p.get("location").get("lon").asDouble()));
        }
        if (distances.size() >= 3) {
          estimates.add(trilaterate(anchors, distances));
        }
      }
      CasesApiTest.as(
          s,
          s.token("ag-" + agency, Role.AGENCY, agency, null),
          "POST",
          "/api/v1/cases/" + id + "/decline",
          null);
    }
    assertThat(viewers)
        .as("an agency and a worker of each of the ten offered providers read it")
        .isEqualTo(20);
    // The coarsened point is all they get: no estimate may come closer to the truth than the
    // coarsening allows.
    for (GeoPoint e : estimates) {
      assertThat(e.distanceMeters(TRUTH))
          .as("trilaterated from what an offered provider read")
          .isGreaterThan(TRUTH.distanceMeters(CaseAccess.coarsen(TRUTH)) / 2);
    }
    assertThat(estimates).as("no viewer found three distances to trilaterate from").isEmpty();

    // The resident and staff still see the whole decision.
    JsonNode forResident =
        CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
    assertThat(forResident.get("decision").get("candidates")).hasSize(10);
    assertThat(forResident.get("decision").get("candidates").get(0).has("distanceMeters")).isTrue();
  }

  @Test
  void aWorkerWhoseSubjectIsTheResidents_isNotTheResident() {
    String sub = "shared-" + UUID.randomUUID();
    TestServer.Answer created =
        CasesApiTest.as(
            s,
            s.token(sub, Role.RESIDENT, null, null),
            "POST",
            "/api/v1/needs",
            """
        {"location": {"lat": 22.5473, "lon": 114.0612}, "skills": ["ELDER_CARE"], "radiusMeters": 5000}""");
    String id = created.json().get("caseId").asText();
    String impostor = s.token(sub, Role.WORKER, "nobody", "nothing");
    assertThat(CasesApiTest.as(s, impostor, "GET", "/api/v1/cases/" + id, null).status())
        .isEqualTo(404);
    assertThat(
            CasesApiTest.as(s, impostor, "POST", "/api/v1/cases/" + id + "/cancel", null).status())
        .isEqualTo(404);
    assertThat(
            CasesApiTest.as(
                    s, s.token(sub, Role.RESIDENT, null, null), "GET", "/api/v1/cases/" + id, null)
                .json()
                .get("status")
                .asText())
        .isEqualTo("OFFERED");
  }

  /**
   * Every {@code distanceMeters} in {@code node} with the provider it belongs to (the nearest
   * providerId).
   */
  private static void collectDistances(JsonNode node, String provider, Map<String, Double> out) {
    if (node.isObject()) {
      String here = node.has("providerId") ? node.get("providerId").asText() : provider;
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().toLowerCase(java.util.Locale.ROOT).contains("distance")
                    && e.getValue().isNumber()
                    && here != null) {
                  out.put(here, e.getValue().asDouble());
                } else {
                  collectDistances(e.getValue(), here, out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(x -> collectDistances(x, provider, out));
    }
  }

  private static List<JsonNode> pointsOfNeed(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isObject()) {
      if (node.has("need") && node.get("need").has("location")) {
        out.add(node.get("need").get("location"));
      }
      node.forEach(x -> out.addAll(pointsOfNeed(x)));
    } else if (node.isArray()) {
      node.forEach(x -> out.addAll(pointsOfNeed(x)));
    }
    return out;
  }

  /** Least squares over a local flat plane (Gauss-Newton from the anchors' centroid). */
  static GeoPoint trilaterate(Map<String, GeoPoint> anchors, Map<String, Double> distances) {
    double lat0 = anchors.values().stream().mapToDouble(GeoPoint::lat).average().orElseThrow();
    double lon0 = anchors.values().stream().mapToDouble(GeoPoint::lon).average().orElseThrow();
    double kx = 111_195 * Math.cos(Math.toRadians(lat0));
    double ky = 111_195;
    double x = 0;
    double y = 0;
    for (int iteration = 0; iteration < 50; iteration++) {
      double a11 = 0;
      double a12 = 0;
      double a22 = 0;
      double b1 = 0;
      double b2 = 0;
      for (Map.Entry<String, GeoPoint> e : anchors.entrySet()) {
        double ax = (e.getValue().lon() - lon0) * kx;
        double ay = (e.getValue().lat() - lat0) * ky;
        double r = Math.max(1e-9, Math.hypot(x - ax, y - ay));
        double jx = (x - ax) / r;
        double jy = (y - ay) / r;
        double residual = r - distances.get(e.getKey());
        a11 += jx * jx;
        a12 += jx * jy;
        a22 += jy * jy;
        b1 += jx * residual;
        b2 += jy * residual;
      }
      double det = a11 * a22 - a12 * a12;
      if (Math.abs(det) < 1e-12) {
        break;
      }
      x -= (a22 * b1 - a12 * b2) / det;
      y -= (a11 * b2 - a12 * b1) / det;
    }
    return new GeoPoint(lat0 + y / ky, lon0 + x / kx);
  }
}
