package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * A need in words: the classifier's answer over HTTP, and matching and needs with text and no
 * skills on the skill it chose (saying so), with its sensitive mark added, never removed.
 */
class IntakeApiTest {
  static final String DV_TEXT = "老公昨晚又动手打我，我带着女儿跑出来了，想找个安全的地方";

  static String provider(String id, String skill, double lat, double lon) {
    return """
        {"id": "%s", "kind": "AGENCY", "name": "机构%s", "agencyId": "ag-%s",
         "location": {"lat": %s, "lon": %s}, "serviceRadiusMeters": 5000,
         "skills": ["%s"], "capacity": 10}
        """
        .formatted(id, id, id, lat, lon, skill);
  }

  @Test
  void classify_answersSkillsWithEvidence_andRefusesWhatIsNotText() throws Exception {
    try (TestServer s = new TestServer(false)) {
      TestServer.Answer a = s.post("/api/v1/needs/classify", "{\"text\": \"" + DV_TEXT + "\"}");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      JsonNode skills = a.json().get("skills");
      assertThat(skills.get(0).get("skill").asText()).isEqualTo("DOMESTIC_VIOLENCE");
      assertThat(skills.size()).isBetween(1, 3);
      skills.forEach(g -> g.get("evidence").forEach(e -> assertThat(DV_TEXT).contains(e.asText())));
      assertThat(a.json().get("sensitive").asBoolean()).isTrue();

      TestServer.Answer elder =
          s.post("/api/v1/needs/classify", "{\"text\": \"我奶奶九十岁了一个人住，想请人每天上门照顾她\"}");
      assertThat(elder.json().get("skills").get(0).get("skill").asText()).isEqualTo("ELDER_CARE");
      assertThat(elder.json().get("sensitive").asBoolean()).isFalse();

      for (String bad :
          new String[] {
            "{}",
            "{\"text\": \"   \"}",
            "{\"text\": 5}",
            "{\"text\": \"x\", \"more\": 1}",
            "[]",
            "{\"text\": \"" + "很".repeat(4_001) + "\"}"
          }) {
        TestServer.Answer refused = s.post("/api/v1/needs/classify", bad);
        assertThat(refused.status()).as(bad).isEqualTo(400);
      }
    }
  }

  @Test
  void matchAndNeed_withTextAndNoSkills_useTheInferredSkill() throws Exception {
    try (TestServer s = new TestServer(false)) {
      // The elder-care agency is nearest; the domestic-violence service is further away.
      assertThat(
              s.put(
                      "/api/v1/providers/in-elder",
                      provider("in-elder", "ELDER_CARE", 22.5432, 114.0580))
                  .status())
          .isIn(200, 201);
      assertThat(
              s.put(
                      "/api/v1/providers/in-dv",
                      provider("in-dv", "DOMESTIC_VIOLENCE", 22.5500, 114.0650))
                  .status())
          .isIn(200, 201);
      s.awaitIndexed("in-elder", "in-dv");
      String where = "\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, \"radiusMeters\": 5000";

      JsonNode match =
          s.post("/api/v1/match", "{" + where + ", \"text\": \"" + DV_TEXT + "\"}").json();
      assertThat(match.get("inferredSkills").toString()).isEqualTo("[\"DOMESTIC_VIOLENCE\"]");
      assertThat(match.get("matches")).hasSize(1);
      assertThat(match.get("matches").get(0).get("providerId").asText()).isEqualTo("in-dv");

      JsonNode chosen =
          s.post(
                  "/api/v1/match",
                  "{" + where + ", \"skills\": [\"ELDER_CARE\"], \"text\": \"" + DV_TEXT + "\"}")
              .json();
      assertThat(chosen.has("inferredSkills")).as("skills chosen: nothing inferred").isFalse();
      assertThat(chosen.get("matches").get(0).get("providerId").asText()).isEqualTo("in-elder");

      JsonNode vague = s.post("/api/v1/match", "{" + where + ", \"text\": \"你好\"}").json();
      assertThat(vague.has("inferredSkills")).as("nothing confident: nothing inferred").isFalse();
      assertThat(vague.get("total").asInt()).isEqualTo(2);

      String resident = s.token("in-r1", Role.RESIDENT, null, null);
      TestServer.Answer posted =
          CasesApiTest.as(
              s,
              resident,
              "POST",
              "/api/v1/needs",
              "{" + where + ", \"description\": \"" + DV_TEXT + "\", \"urgency\": \"URGENT\"}");
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      assertThat(posted.json().get("inferredSkills").toString())
          .isEqualTo("[\"DOMESTIC_VIOLENCE\"]");
      assertThat(posted.json().get("offer").get("providerId").asText()).isEqualTo("in-dv");
      String caseId = posted.json().get("caseId").asText();
      JsonNode c = CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + caseId, null).json();
      assertThat(c.get("need").get("sensitive").asBoolean())
          .as("the classifier marked the need sensitive")
          .isTrue();
      assertThat(c.get("need").get("skills").toString()).isEqualTo("[\"DOMESTIC_VIOLENCE\"]");
      assertThat(c.get("inferredSkills").toString()).isEqualTo("[\"DOMESTIC_VIOLENCE\"]");

      // The resident's own sensitive mark stays, whatever the text reads as.
      TestServer.Answer own =
          CasesApiTest.as(
              s,
              resident,
              "POST",
              "/api/v1/needs",
              "{"
                  + where
                  + ", \"skills\": [\"ELDER_CARE\"], \"description\": \"想找人陪老人聊天\","
                  + " \"urgency\": \"ROUTINE\", \"sensitive\": true}");
      JsonNode ownCase =
          CasesApiTest.as(
                  s, resident, "GET", "/api/v1/cases/" + own.json().get("caseId").asText(), null)
              .json();
      assertThat(ownCase.get("need").get("sensitive").asBoolean()).isTrue();
      assertThat(ownCase.has("inferredSkills")).isFalse();
    }
  }
}
