package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.synthetic.SyntheticServices;
import org.linli.geo.SharedData;
import org.linli.server.hsds.HsdsStructure;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * The directory as Open Referral HSDS 3: exported as JSON and as the tabular zip, each passing a
 * structural check of the specification; imported back into an empty server, each exports
 * identically; the shared samples import with exactly their bad rows refused and named.
 */
class HsdsApiTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Providers of several agencies (one named by its own AGENCY), some of none, with details. */
  static List<Provider> directory() {
    SyntheticServices services = new SyntheticServices(4);
    Random random = new Random(8);
    List<Provider> out = new ArrayList<>();
    int i = 0;
    for (Provider p : new SyntheticCity(3, 0.02).providers(60, "h")) {
      String agency = i % 7 == 0 ? null : "ag-" + (i % 3);
      Provider q =
          new Provider(
                  p.id(),
                  p.kind(),
                  p.name(),
                  agency,
                  p.location(),
                  p.serviceRadiusMeters(),
                  p.serviceArea(),
                  p.skills(),
                  p.description(),
                  p.languages(),
                  p.qualification(),
                  p.capacity(),
                  0,
                  i % 11 == 0 ? ProviderStatus.INACTIVE : ProviderStatus.ACTIVE,
                  null,
                  null)
              .withDetails(
                  random.nextInt(5) == 0
                      ? org.linli.core.service.ServiceDetails.NONE
                      : services.details());
      out.add(q);
      i++;
    }
    Provider any = out.get(1);
    out.add(
        new Provider(
            "ag-1",
            ProviderKind.AGENCY,
            "福田社工服务中心",
            "ag-1",
            any.location(),
            3000.0,
            null,
            any.skills(),
            "综合社工服务",
            List.of("zh"),
            null,
            20,
            0,
            ProviderStatus.ACTIVE,
            null,
            null));
    return out;
  }

  static void load(TestServer s, List<Provider> providers) {
    StringBuilder ndjson = new StringBuilder();
    for (Provider p : providers) {
      ndjson.append(Json.write(ProviderJson.write(p, BayesianPrior.DEFAULT))).append('\n');
    }
    TestServer.Answer a =
        s.post("/api/v1/providers/bulk", "application/x-ndjson", ndjson.toString());
    assertThat(a.json().get("accepted").asInt()).as(a.body()).isEqualTo(providers.size());
  }

  static byte[] export(TestServer s, String format) throws Exception {
    HttpResponse<byte[]> r =
        CLIENT.send(
            s.asAdmin(HttpRequest.newBuilder(s.uri("/api/v1/hsds/export?format=" + format)).GET())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith(format.equals("zip") ? "application/zip" : "application/json");
    return r.body();
  }

  static JsonNode importBytes(TestServer s, String contentType, byte[] body, String query)
      throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            s.asAdmin(
                    HttpRequest.newBuilder(s.uri("/api/v1/hsds/import" + query))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonExport_passesTheStructuralCheck_andRoundTripsIdentically() throws Exception {
    List<Provider> directory = directory();
    byte[] first;
    try (TestServer a = new TestServer(false)) {
      load(a, directory);
      first = export(a, "json");
    }
    JsonNode doc = Json.parse(first);
    assertThat(HsdsStructure.check(doc)).isEmpty();
    assertThat(doc.size()).as("three agencies and the unaffiliated").isEqualTo(4);
    assertThat(first.length).isGreaterThan(10_000);
    try (TestServer b = new TestServer(false)) {
      JsonNode report = importBytes(b, "application/json", first, "");
      assertThat(report.get("accepted").asInt()).as(report.toString()).isEqualTo(directory.size());
      assertThat(report.get("rejected")).isEmpty();
      byte[] second = export(b, "json");
      assertThat(new String(second, StandardCharsets.UTF_8))
          .isEqualTo(new String(first, StandardCharsets.UTF_8));
      // The providers themselves came back whole.
      for (Provider p : directory) {
        JsonNode got = b.get("/api/v1/providers/" + p.id()).json();
        ObjectNode expected = ProviderJson.write(p, BayesianPrior.DEFAULT);
        for (String readOnly : new String[] {"updatedAt", "regionCode", "rating"}) {
          ((ObjectNode) got).remove(readOnly);
          expected.remove(readOnly);
        }
        assertThat(got).as(p.id()).isEqualTo(expected);
      }
    }
  }

  @Test
  void tabularExport_describesItsTables_andRoundTripsIdentically() throws Exception {
    List<Provider> directory = directory();
    byte[] first;
    try (TestServer a = new TestServer(false)) {
      load(a, directory);
      first = export(a, "zip");
    }
    Map<String, String> files = unzip(first);
    JsonNode pack = Json.parse(files.get("datapackage.json").getBytes(StandardCharsets.UTF_8));
    assertThat(pack.get("profile").asText()).isEqualTo("tabular-data-package");
    Set<String> tables = new HashSet<>();
    for (JsonNode r : pack.get("resources")) {
      String csv = files.get(r.get("path").asText());
      assertThat(csv).as(r.get("path").asText()).isNotNull();
      List<String> header = List.of(csv.substring(0, csv.indexOf('\n')).split(","));
      List<String> fields = new ArrayList<>();
      r.get("schema").get("fields").forEach(f -> fields.add(f.get("name").asText()));
      assertThat(header).as(r.get("path").asText()).isEqualTo(fields);
      tables.add(r.get("name").asText());
    }
    assertThat(tables)
        .contains(
            "organizations", "services", "locations", "service_at_location", "phones", "schedules");
    assertThat(files.get("services.csv").lines().count()).isEqualTo(directory.size() + 1);
    try (TestServer c = new TestServer(false)) {
      JsonNode report = importBytes(c, "application/zip", first, "");
      assertThat(report.get("accepted").asInt()).as(report.toString()).isEqualTo(directory.size());
      byte[] second = export(c, "zip");
      assertThat(unzip(second)).isEqualTo(files);
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void theSpecificationsExamples_importWithTheBadLocationNamed() throws Exception {
    String full = SharedData.read("hsds/hsds3_examples/organization_full.json");
    String[] tables = {
      "organizations", "services", "locations", "service_at_location", "phones", "schedules",
      "addresses", "accessibility", "languages", "service_areas", "cost_options", "attributes",
      "taxonomy_terms", "contacts", "funding", "programs"
    };
    Map<String, String> csv = new LinkedHashMap<>();
    for (String t : tables) {
      csv.put(t + ".csv", SharedData.read("hsds/hsds3_examples/csv/" + t + ".csv"));
    }
    try (TestServer s = new TestServer(false)) {
      for (JsonNode report :
          List.of(
              importBytes(
                  s,
                  "application/json",
                  full.getBytes(StandardCharsets.UTF_8),
                  "?skill=MENTAL_HEALTH"),
              importBytes(s, "application/zip", zip(csv), "?skill=MENTAL_HEALTH"))) {
        assertThat(report.get("accepted").asInt()).as(report.toString()).isZero();
        assertThat(report.get("rejected")).hasSize(1);
        JsonNode bad = report.get("rejected").get(0);
        assertThat(bad.get("errors")).hasSize(1);
        assertThat(bad.get("errors").get(0).get("field").asText()).isEqualTo("location.latitude");
        assertThat(bad.get("errors").get(0).get("message").asText())
            .isEqualTo("latitude 100 outside [-90, 90]");
      }
      // Corrected, the same organization is kept, with what HSDS says of it.
      String fixed =
          full.replace("\"latitude\": 100", "\"latitude\": 51.5")
              .replace("\"longitude\": 101", "\"longitude\": -0.12");
      JsonNode report =
          importBytes(
              s,
              "application/json",
              fixed.getBytes(StandardCharsets.UTF_8),
              "?skill=MENTAL_HEALTH");
      assertThat(report.get("accepted").asInt()).as(report.toString()).isEqualTo(1);
      JsonNode p = s.get("/api/v1/providers/e94c9f38-1e8f-4564-91d4-d53501ab1765").json();
      assertThat(p.get("name").asText()).isEqualTo("Community Counselling");
      assertThat(p.get("kind").asText()).isEqualTo("PROJECT");
      assertThat(p.get("agencyId").asText()).isEqualTo("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610");
      assertThat(p.get("eligibility").get("minAge").asInt()).isEqualTo(12);
      assertThat(p.get("phones").get(0).get("number").asText()).isEqualTo("+44 1234 234567");
      assertThat(p.get("accessibility").toString()).contains("WHEELCHAIR").contains("HEARING_LOOP");
      assertThat(p.get("schedules").get(0).get("opensAt").asText()).isEqualTo("10:00");
    }
  }

  @Test
  void the2014OhanaDirectory_everyUnusableRowNamed() throws Exception {
    String[] tables = {
      "organization",
      "location",
      "service",
      "phone",
      "address",
      "contact",
      "funding",
      "internet_resource"
    };
    Map<String, String> csv = new LinkedHashMap<>();
    for (String t : tables) {
      csv.put(t + ".csv", SharedData.read("hsds/ohana_2014_openreferral/" + t + ".csv"));
    }
    try (TestServer s = new TestServer(false)) {
      JsonNode report = importBytes(s, "application/zip", zip(csv), "?skill=ELDER_CARE");
      assertThat(report.get("accepted").asInt()).isZero();
      int longRows = 0;
      int noPlace = 0;
      int unknownLocation = 0;
      for (JsonNode r : report.get("rejected")) {
        String message = r.get("errors").get(0).get("message").asText();
        if (message.contains("more than its header")) {
          longRows++;
        } else if (message.contains("is no place")) {
          noPlace++;
        } else if (message.contains("does not hold")) {
          unknownLocation++;
        }
      }
      // organization.csv: 7 rows longer than their header; location.csv: 1. Every service is
      // refused: at 0,0, or at the location whose row could not be read.
      assertThat(longRows).isEqualTo(8);
      assertThat(noPlace + unknownLocation).isEqualTo(21);
      assertThat(unknownLocation).isPositive();
      assertThat(report.get("rejected")).hasSize(29);
    }
  }

  @Test
  void importAndExport_needTheirRoles_andRefuseWhatIsNotHsds() throws Exception {
    try (TestServer s = new TestServer(false)) {
      String agency = s.token("h-ag", Role.AGENCY, "ag-1", null);
      TestServer.Answer denied = CasesApiTest.as(s, agency, "POST", "/api/v1/hsds/import", "[]");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(CasesApiTest.as(s, agency, "GET", "/api/v1/hsds/export", null).status())
          .isEqualTo(403);
      assertThat(s.get("/api/v1/hsds/export").status()).isEqualTo(401);
      assertThat(s.post("/api/v1/hsds/import", "42").status()).isEqualTo(400);
      assertThat(s.post("/api/v1/hsds/import", "{not json").status()).isEqualTo(400);
      assertThat(s.post("/api/v1/hsds/import?skill=NOPE", "[]").status()).isEqualTo(400);
      assertThat(s.post("/api/v1/hsds/import", "application/zip", "not a zip").status())
          .isEqualTo(400);
      assertThat(s.post("/api/v1/hsds/import", "text/plain", "x").status()).isEqualTo(415);
      TestServer.Answer wrongFormat =
          CasesApiTest.as(s, s.adminToken, "GET", "/api/v1/hsds/export?format=xml", null);
      assertThat(wrongFormat.status()).isEqualTo(400);
    }
  }

  @Test
  void theStructuralCheck_findsWhatTheSpecificationRequires() {
    JsonNode bad =
        Json.parse(
            """
            [{"id": "not-a-uuid", "description": "x",
              "services": [{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "name": "s", "status": "open",
                "schedules": [{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b3", "byday": "MON", "opens_at": "9am"}],
                "service_at_locations": [{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b4",
                  "location": {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b5", "latitude": "north",
                    "addresses": [{"id": "3f7b145d-84af-42d7-8fae-eaca714b02b6", "address_1": "a",
                      "city": "c", "state_province": "s", "postal_code": "p", "country": "China",
                      "address_type": "physical"}]}}]}]}]
            """
                .getBytes(StandardCharsets.UTF_8));
    assertThat(HsdsStructure.check(bad))
        .containsExactlyInAnyOrder(
            "$[0].id: a UUID, got not-a-uuid",
            "$[0].name: required",
            "$[0].services[0].status: one of [active, inactive, defunct, temporarily closed], got open",
            "$[0].services[0].schedules[0].byday: does not match (MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*",
            "$[0].services[0].schedules[0].opens_at: does not match ([01]\\d|2[0-4]):[0-5]\\d(:[0-5]\\d)?",
            "$[0].services[0].service_at_locations[0].location.location_type: required",
            "$[0].services[0].service_at_locations[0].location.latitude: a number",
            "$[0].services[0].service_at_locations[0].location.addresses[0].country: an ISO 3166-1 two-letter code");
  }

  static Map<String, String> unzip(byte[] zip) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }
}
