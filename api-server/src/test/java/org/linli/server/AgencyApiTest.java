package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/** The registry of social organisations: staff register, the agency keeps its contact current. */
class AgencyApiTest {
  static final String RECORD =
      """
      {"name": "深圳市福田区长者关爱社工服务中心", "creditCode": "%s",
       "registrationAuthority": "深圳市福田区民政局", "registeredOn": "2015-06-01",
       "legalRepresentative": "陈某", "address": "福田区福华路 1 号", "phone": "0755-8888 1234",
       "grade": "AAAA", "annualReport": {"year": 2025, "status": "SUBMITTED"}, "status": "NORMAL"}
      """;

  @Test
  void staffRegister_theAgencyKeepsItsContact_andOthersAreRefused() throws Exception {
    try (TestServer s = new TestServer(false)) {
      TestServer.Answer created =
          s.put("/api/v1/agencies/ag-fu", RECORD.formatted("91350100M000100Y43"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.json().get("verified").asBoolean()).isTrue();
      assertThat(s.put("/api/v1/agencies/ag-fu", RECORD.formatted("91350100M000100Y43")).status())
          .isEqualTo(200);

      TestServer.Answer bad =
          s.put("/api/v1/agencies/ag-x", RECORD.formatted("91350100M000100Y4X"));
      assertThat(bad.status()).isEqualTo(400);
      JsonNode error = bad.json().get("errors").get(0);
      assertThat(error.get("field").asText()).isEqualTo("creditCode");
      assertThat(error.get("message").asText()).contains("the 18th must be 3");
      assertThat(s.get("/api/v1/agencies/ag-x").status()).as("nobody may read it").isEqualTo(401);

      String own = s.token("ag-fu-desk", Role.AGENCY, "ag-fu", null);
      String other = s.token("ag-other", Role.AGENCY, "ag-other", null);
      TestServer.Answer moved =
          CasesApiTest.as(
              s,
              own,
              "PATCH",
              "/api/v1/agencies/ag-fu",
              "{\"address\": \"福田区新地址 2 号\", \"phone\": \"0755-2222 3333\"}");
      assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      assertThat(moved.json().get("address").asText()).isEqualTo("福田区新地址 2 号");
      assertThat(moved.json().get("creditCode").asText()).isEqualTo("91350100M000100Y43");
      assertThat(
              CasesApiTest.as(s, own, "PATCH", "/api/v1/agencies/ag-fu", "{\"phone\": \"call me\"}")
                  .status())
          .isEqualTo(400);
      assertThat(
              CasesApiTest.as(s, own, "PATCH", "/api/v1/agencies/ag-fu", "{\"grade\": \"AAAAA\"}")
                  .status())
          .as("the grade is staff's")
          .isEqualTo(400);
      assertThat(
              CasesApiTest.as(
                      s, other, "PATCH", "/api/v1/agencies/ag-fu", "{\"phone\": \"0755-1\"}")
                  .status())
          .isEqualTo(403);
      assertThat(
              CasesApiTest.as(
                      s,
                      own,
                      "PUT",
                      "/api/v1/agencies/ag-fu",
                      RECORD.formatted("91350100M000100Y43"))
                  .status())
          .as("registering is staff's")
          .isEqualTo(403);
      assertThat(
              CasesApiTest.as(s, own, "GET", "/api/v1/agencies/ag-fu", null)
                  .json()
                  .get("phone")
                  .asText())
          .isEqualTo("0755-2222 3333");
      assertThat(CasesApiTest.as(s, other, "GET", "/api/v1/agencies/ag-fu", null).status())
          .isEqualTo(404);
      String staff = s.token("st-1", Role.STAFF, null, null);
      TestServer.Answer revoked =
          CasesApiTest.as(
              s,
              staff,
              "PUT",
              "/api/v1/agencies/ag-fu",
              RECORD.formatted("91350100M000100Y43").replace("\"NORMAL\"", "\"REVOKED\""));
      assertThat(revoked.status()).isEqualTo(200);
      assertThat(revoked.json().get("verified").asBoolean()).isFalse();
    }
  }

  @Test
  void matchesSayVerified_andARevokedAgencysProvidersAreNotMatched() throws Exception {
    try (TestServer s = new TestServer(false)) {
      assertThat(
              s.put(
                      "/api/v1/providers/av-1",
                      IntakeApiTest.provider("av-1", "ELDER_CARE", 22.54, 114.05)
                          .replace("\"ag-av-1\"", "\"ag-v\""))
                  .status())
          .isEqualTo(201);
      assertThat(
              s.put(
                      "/api/v1/providers/av-2",
                      IntakeApiTest.provider("av-2", "ELDER_CARE", 22.541, 114.051))
                  .status())
          .isEqualTo(201);
      s.awaitIndexed("av-1", "av-2");
      String near = "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}, \"sort\": \"distance\"}";
      assertThat(verified(s, near)).isEqualTo(java.util.Map.of("av-1", false, "av-2", false));

      assertThat(s.put("/api/v1/agencies/ag-v", RECORD.formatted("91350100M000100Y43")).status())
          .isEqualTo(201);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(verified(s, near))
                      .isEqualTo(java.util.Map.of("av-1", true, "av-2", false)));

      assertThat(
              s.put(
                      "/api/v1/agencies/ag-v",
                      RECORD.formatted("91350100M000100Y43").replace("\"NORMAL\"", "\"REVOKED\""))
                  .status())
          .isEqualTo(200);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .untilAsserted(
              () -> assertThat(verified(s, near)).isEqualTo(java.util.Map.of("av-2", false)));
      // Written again while revoked, the provider stays out.
      assertThat(
              s.put(
                      "/api/v1/providers/av-1",
                      IntakeApiTest.provider("av-1", "ELDER_CARE", 22.54, 114.05)
                          .replace("\"ag-av-1\"", "\"ag-v\""))
                  .status())
          .isEqualTo(200);
      Thread.sleep(300);
      assertThat(verified(s, near)).isEqualTo(java.util.Map.of("av-2", false));

      assertThat(
              s.put(
                      "/api/v1/agencies/ag-v",
                      RECORD.formatted("91350100M000100Y43").replace("\"NORMAL\"", "\"ABNORMAL\""))
                  .status())
          .isEqualTo(200);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(verified(s, near))
                      .isEqualTo(java.util.Map.of("av-1", false, "av-2", false)));
    }
  }

  @Test
  void anyoneLooksAnOrganisationUp_byTwoOfItsWords_orItsCode_andSeesNoPerson() throws Exception {
    try (TestServer s = new TestServer(false)) {
      RegionSearchApiTest.importDistricts(s);
      assertThat(s.put("/api/v1/agencies/ag-fu", RECORD.formatted("91350100M000100Y43")).status())
          .isEqualTo(201);
      assertThat(
              s.put(
                      "/api/v1/agencies/ag-lo",
                      RECORD
                          .formatted("914403001922038216")
                          .replace("福田区长者关爱", "罗湖区青少年成长")
                          .replace("\"AAAA\"", "\"AAAAA\""))
                  .status())
          .isEqualTo(201);
      ClusterCasesApiTest.putWorker(s, "lk-w1", "ag-fu", 22.5200, 114.0200); // 福田
      String project =
          IntakeApiTest.provider("lk-p1", "ELDER_CARE", 22.5210, 114.0210)
              .replace("\"AGENCY\"", "\"PROJECT\"")
              .replace("\"ag-lk-p1\"", "\"ag-fu\"");
      assertThat(s.put("/api/v1/providers/lk-p1", project).status()).isEqualTo(201);

      JsonNode found = anonymous(s, "/api/v1/public/agencies?q=" + enc("福田 关爱"));
      assertThat(found.get("agencies")).hasSize(1);
      JsonNode fu = found.get("agencies").get(0);
      assertThat(fu.get("id").asText()).isEqualTo("ag-fu");
      assertThat(fu.get("verified").asBoolean()).isTrue();
      assertThat(fu.get("regions").toString()).contains("440304");
      assertThat(fu.has("legalRepresentative")).isFalse();
      assertThat(
              anonymous(s, "/api/v1/public/agencies?q=914403001922038216")
                  .get("agencies")
                  .get(0)
                  .get("id")
                  .asText())
          .isEqualTo("ag-lo");
      assertThat(anonymous(s, "/api/v1/public/agencies?grade=AAAAA").get("agencies")).hasSize(1);
      assertThat(anonymous(s, "/api/v1/public/agencies?district=440304").get("agencies"))
          .extracting(a -> a.get("id").asText())
          .containsExactly("ag-fu");
      assertThat(anonymous(s, "/api/v1/public/agencies").get("agencies"))
          .extracting(a -> a.get("id").asText())
          .as("best graded first")
          .containsExactly("ag-lo", "ag-fu");

      JsonNode detail = anonymous(s, "/api/v1/public/agencies/ag-fu");
      assertThat(detail.get("workers").asInt()).isEqualTo(1);
      assertThat(detail.get("services"))
          .extracting(x -> x.get("providerId").asText())
          .containsExactly("lk-p1");
      String text = detail.toString();
      assertThat(text).doesNotContain("陈某").doesNotContain("lk-w1").doesNotContain("王芳");
      assertThat(s.get("/api/v1/public/agencies?grade=B").status()).isEqualTo(400);
      assertThat(s.get("/api/v1/public/agencies?district=福田").status()).isEqualTo(400);
      assertThat(s.get("/api/v1/public/agencies/nope").status()).isEqualTo(404);
    }
  }

  static JsonNode anonymous(TestServer s, String path) {
    TestServer.Answer a = s.get(path);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  static String enc(String q) {
    return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Each match's id and whether it is verified. */
  static java.util.Map<String, Boolean> verified(TestServer s, String body) {
    java.util.Map<String, Boolean> out = new java.util.LinkedHashMap<>();
    s.post("/api/v1/match", body)
        .json()
        .get("matches")
        .forEach(m -> out.put(m.get("providerId").asText(), m.get("verified").asBoolean()));
    return out;
  }
}
