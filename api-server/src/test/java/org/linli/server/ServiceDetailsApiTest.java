package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linli.core.service.ServiceDetails;

/**
 * Providers' service details through the contract: kept and answered as given, refused with a path
 * per mistake, filtering matches exactly, summarised on each match, and a near-miss explained.
 */
class ServiceDetailsApiTest {
  static final String DETAILS =
      """
      "phones": [{"number": "0755-8888 1234", "type": "OFFICE"}, {"number": "13800138000", "type": "MOBILE"}],
      "address": "福田区福华路 1 号", "website": "https://example.org/elder",
      "schedules": [{"byDay": ["MO","TU","WE","TH","FR"], "opensAt": "09:00", "closesAt": "17:30",
                     "validFrom": "2026-01-01"},
                    {"byDay": ["SA"], "opensAt": "22:00", "closesAt": "06:00"}],
      "closures": [{"from": "2027-02-10", "to": "2027-02-17", "reason": "春节"}],
      "cost": {"type": "SUBSIDISED", "note": "低保户免费"},
      "eligibility": {"minAge": 60, "residence": ["LOCAL_HUKOU", "RESIDENCE_PERMIT"],
                      "disabilityRequired": false},
      "accessibility": ["WHEELCHAIR", "HOME_VISIT"]
      """;

  static String provider(String id, double lat, double lon, String details) {
    return """
        {"id": "%s", "kind": "PROJECT", "name": "项目%s", "agencyId": "sd-a",
         "location": {"lat": %s, "lon": %s}, "serviceRadiusMeters": 5000,
         "skills": ["ELDER_CARE"], "capacity": 10%s}
        """
        .formatted(id, id, lat, lon, details.isBlank() ? "" : ", " + details);
  }

  @Test
  void detailsAreKeptAndAnswered_andMistakesNamed() throws Exception {
    try (TestServer s = new TestServer(false)) {
      TestServer.Answer put =
          s.put("/api/v1/providers/sd-1", provider("sd-1", 22.54, 114.05, DETAILS));
      assertThat(put.status()).as(put.body()).isEqualTo(201);
      JsonNode got = s.get("/api/v1/providers/sd-1").json();
      assertThat(got.get("phones").get(0).get("number").asText()).isEqualTo("0755-8888 1234");
      assertThat(got.get("schedules").get(1).get("closesAt").asText()).isEqualTo("06:00");
      assertThat(got.get("schedules").get(0).get("validFrom").asText()).isEqualTo("2026-01-01");
      assertThat(got.get("closures").get(0).get("reason").asText()).isEqualTo("春节");
      assertThat(got.get("cost").get("type").asText()).isEqualTo("SUBSIDISED");
      assertThat(got.get("eligibility").get("minAge").asInt()).isEqualTo(60);
      assertThat(got.get("accessibility").toString()).isEqualTo("[\"WHEELCHAIR\",\"HOME_VISIT\"]");
      // What a GET answers can be PUT back unchanged.
      TestServer.Answer again = s.put("/api/v1/providers/sd-1", got.toString());
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(strip(again.json())).isEqualTo(strip(got));

      String bad =
          provider(
              "sd-2",
              22.54,
              114.05,
              """
              "phones": [{"number": "call me"}],
              "website": "ftp://example.org",
              "schedules": [{"byDay": ["MO", "XX"], "opensAt": "9:00", "closesAt": "25:00", "often": true}],
              "closures": [{"from": "2027-02-17", "to": "2027-02-10"}],
              "cost": {"type": "CHEAP"},
              "eligibility": {"minAge": 80, "maxAge": 60},
              "accessibility": ["LIFT"],
              "statusUntil": "2027-03-01",
              "timeZone": "Mars/Olympus"
              """);
      TestServer.Answer refused = s.put("/api/v1/providers/sd-2", bad);
      assertThat(refused.status()).isEqualTo(400);
      List<String> fields = new ArrayList<>();
      refused.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
      assertThat(fields)
          .contains(
              "schedules[0].often",
              "schedules[0].byDay[1]",
              "schedules[0].opensAt",
              "schedules[0].closesAt",
              "cost.type",
              "accessibility[0]",
              "timeZone");
      // With the shape right, the record's own rules speak.
      TestServer.Answer rules =
          s.put(
              "/api/v1/providers/sd-2",
              provider(
                  "sd-2",
                  22.54,
                  114.05,
                  """
                  "phones": [{"number": "call me"}], "website": "ftp://example.org",
                  "eligibility": {"minAge": 80, "maxAge": 60},
                  "closures": [{"from": "2027-02-17", "to": "2027-02-10"}]
                  """));
      assertThat(rules.status()).isEqualTo(400);
      List<String> ruleFields = new ArrayList<>();
      rules.json().get("errors").forEach(e -> ruleFields.add(e.get("field").asText()));
      assertThat(ruleFields)
          .containsExactlyInAnyOrder(
              "phones[0].number", "website", "closures[0].to", "eligibility.maxAge");
      TestServer.Answer until =
          s.put(
              "/api/v1/providers/sd-2",
              provider("sd-2", 22.54, 114.05, "\"statusUntil\": \"2027-03-01\""));
      assertThat(until.json().get("errors").get(0).get("field").asText()).isEqualTo("statusUntil");
      TestServer.Answer paused =
          s.put(
              "/api/v1/providers/sd-2",
              provider(
                  "sd-2",
                  22.54,
                  114.05,
                  "\"status\": \"SUSPENDED\", \"statusReason\": \"人员调整\","
                      + " \"statusUntil\": \"2027-03-01\""));
      assertThat(paused.status()).as(paused.body()).isEqualTo(201);
      assertThat(paused.json().get("statusUntil").asText()).isEqualTo("2027-03-01");
    }
  }

  @Test
  void matchesFilterOnDetails_summariseThem_andExplainANearMiss() throws Exception {
    try (TestServer s = new TestServer(false)) {
      // Weekdays 09:00-17:30, SUBSIDISED, 60+, wheelchair.
      s.put("/api/v1/providers/sd-elder", provider("sd-elder", 22.5400, 114.0500, DETAILS));
      // Every day round the clock, free, for anyone, no details of access.
      s.put(
          "/api/v1/providers/sd-line",
          provider(
              "sd-line",
              22.5425,
              114.0525,
              """
              "phones": [{"number": "12345", "type": "HOTLINE"}],
              "schedules": [{"byDay": ["MO","TU","WE","TH","FR","SA","SU"], "opensAt": "00:00", "closesAt": "00:00"}],
              "cost": {"type": "FREE"}
              """));
      // Nothing said: never open at an openAt, unknown cost; admits every resident.
      s.put("/api/v1/providers/sd-bare", provider("sd-bare", 22.5415, 114.0515, ""));

      String near = "\"location\": {\"lat\": 22.5405, \"lon\": 114.0505}, \"sort\": \"distance\"";
      // A Tuesday at 10:00 and a Sunday at 10:00, Beijing time.
      LocalDate tuesday = LocalDate.of(2026, 12, 15);
      String tuesdayTen = tuesday + "T10:00:00+08:00";
      String sundayTen = tuesday.plusDays(5) + "T10:00:00+08:00";
      assertThat(ids(s, "{" + near + ", \"openAt\": \"" + tuesdayTen + "\"}"))
          .containsExactly("sd-elder", "sd-line");
      assertThat(ids(s, "{" + near + ", \"openAt\": \"" + sundayTen + "\"}"))
          .containsExactly("sd-line");
      assertThat(ids(s, "{" + near + ", \"cost\": [\"FREE\", \"SUBSIDISED\"]}"))
          .containsExactly("sd-elder", "sd-line");
      assertThat(ids(s, "{" + near + ", \"accessibility\": [\"WHEELCHAIR\"]}"))
          .containsExactly("sd-elder");
      String younger = "\"resident\": {\"age\": 45, \"residence\": \"LOCAL_HUKOU\"}";
      assertThat(ids(s, "{" + near + ", " + younger + "}")).containsExactly("sd-bare", "sd-line");
      String older = "\"resident\": {\"age\": 82, \"residence\": \"RESIDENCE_PERMIT\"}";
      assertThat(ids(s, "{" + near + ", " + older + "}"))
          .containsExactly("sd-elder", "sd-bare", "sd-line");

      // The summary: phone, hours today, open now, cost.
      JsonNode all = s.post("/api/v1/match", "{" + near + "}").json();
      JsonNode elder = all.get("matches").get(0);
      assertThat(elder.get("providerId").asText()).isEqualTo("sd-elder");
      JsonNode summary = elder.get("summary");
      assertThat(summary.get("phone").asText()).isEqualTo("0755-8888 1234");
      assertThat(summary.get("cost").asText()).isEqualTo("SUBSIDISED");
      assertThat(summary.get("skills").get(0).asText()).isEqualTo("ELDER_CARE");
      ZonedDateTime now = ZonedDateTime.now(ServiceDetails.DEFAULT_ZONE);
      boolean weekday = now.getDayOfWeek().getValue() <= 5;
      int minute = now.getHour() * 60 + now.getMinute();
      if (weekday) {
        assertThat(summary.get("todayHours").get(0).asText()).isEqualTo("09:00-17:30");
      }
      if (weekday && minute > 9 * 60 + 1 && minute < 17 * 60 + 29) {
        assertThat(summary.get("openNow").asBoolean()).isTrue();
      }
      JsonNode line = all.get("matches").get(2).get("summary");
      assertThat(line.get("openNow").asBoolean()).isTrue();
      assertThat(line.get("todayHours").get(0).asText()).isEqualTo("00:00-00:00");
      JsonNode bare = all.get("matches").get(1).get("summary");
      assertThat(bare.get("todayHours").isNull()).isTrue();
      assertThat(bare.get("phone").isNull()).isTrue();
      assertThat(bare.get("openNow").asBoolean()).isFalse();

      // A 45-year-old asking with explain learns why the nearest is not for them.
      JsonNode explained =
          s.post("/api/v1/match", "{" + near + ", \"explain\": true, " + younger + "}").json();
      JsonNode miss = explained.get("nearMisses").get(0);
      assertThat(miss.get("providerId").asText()).isEqualTo("sd-elder");
      assertThat(miss.get("fails").get(0).get("rule").asText()).isEqualTo("MIN_AGE");
      assertThat(miss.get("fails").get(0).get("detail").asText()).isEqualTo("aged 60 or over");
      assertThat(explained.get("nearMisses").size()).isEqualTo(1);
      // Without explain, or without a profile, there are none.
      assertThat(
              s.post("/api/v1/match", "{" + near + ", " + younger + "}").json().has("nearMisses"))
          .isFalse();

      // Mistakes in the rules are named.
      TestServer.Answer bad =
          s.post(
              "/api/v1/match",
              "{"
                  + near
                  + ", \"openAt\": \"next tuesday\", \"cost\": [\"CHEAP\"],"
                  + " \"resident\": {\"age\": 200, \"hukou\": true}}");
      assertThat(bad.status()).isEqualTo(400);
      List<String> fields = new ArrayList<>();
      bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
      assertThat(fields)
          .containsExactlyInAnyOrder("openAt", "cost[0]", "resident.hukou", "resident.age");
    }
  }

  @Test
  void aStatusWithAnUntilDate_endsByItself() throws Exception {
    try (TestServer s = new TestServer(false)) {
      LocalDate today = LocalDate.now(ServiceDetails.DEFAULT_ZONE);
      String paused =
          "\"status\": \"SUSPENDED\", \"statusReason\": \"装修\", \"statusUntil\": \"%s\"";
      assertThat(
              s.put(
                      "/api/v1/providers/sd-back",
                      provider("sd-back", 22.54, 114.05, paused.formatted(today)))
                  .status())
          .isEqualTo(201);
      assertThat(
              s.put(
                      "/api/v1/providers/sd-later",
                      provider("sd-later", 22.54, 114.051, paused.formatted(today.plusDays(1))))
                  .status())
          .isEqualTo(201);
      String near = "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}, \"sort\": \"distance\"}";
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(s.get("/api/v1/providers/sd-back").json().get("status").asText())
                      .isEqualTo("ACTIVE"));
      JsonNode back = s.get("/api/v1/providers/sd-back").json();
      assertThat(back.has("statusUntil")).isFalse();
      assertThat(back.has("statusReason")).isFalse();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(ids(s, near)).containsExactly("sd-back"));
      assertThat(s.get("/api/v1/providers/sd-later").json().get("status").asText())
          .as("its day has not begun")
          .isEqualTo("SUSPENDED");
    }
  }

  private static List<String> ids(TestServer s, String body) throws Exception {
    TestServer.Answer a = s.post("/api/v1/match", body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    a.json().get("matches").forEach(m -> out.add(m.get("providerId").asText()));
    return out;
  }

  private static JsonNode strip(JsonNode provider) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        ((com.fasterxml.jackson.databind.node.ObjectNode) provider).deepCopy();
    o.remove("updatedAt");
    return o;
  }
}
