package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anyone finds a provider by the words of its name (Chinese segmented) or by its id. */
class ProviderSearchApiTest {
  static void put(TestServer s, String id, String name, String status) {
    String doc =
        """
        {"id": "%s", "kind": "AGENCY", "name": "%s", "agencyId": "ps-a",
         "location": {"lat": 22.54, "lon": 114.05}, "serviceRadiusMeters": 3000,
         "skills": ["ELDER_CARE"], "capacity": 5, "status": "%s"}
        """
            .formatted(id, name, status);
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).as(doc).isIn(200, 201);
  }

  static List<String> names(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("providers").forEach(p -> out.add(p.get("name").asText()));
    return out;
  }

  static JsonNode find(TestServer s, String q) {
    TestServer.Answer a =
        s.get("/api/v1/providers?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  @Test
  void byNameWords_orId_bestFirst_publicFieldsOnly() throws Exception {
    try (TestServer s = new TestServer(false)) {
      put(s, "ps-1", "福田区长者服务中心", "ACTIVE");
      put(s, "ps-2", "长者服务中心", "ACTIVE");
      put(s, "ps-3", "罗湖区青少年服务中心", "ACTIVE");
      put(s, "ps-4", "福田区长者食堂", "SUSPENDED");
      s.awaitIndexed("ps-1", "ps-2", "ps-3");

      assertThat(names(find(s, "长者服务中心")))
          .as("the exact name first, then names holding it")
          .containsExactly("长者服务中心", "福田区长者服务中心");
      assertThat(names(find(s, "福田 长者")))
          .as("every word, wherever it stands")
          .containsExactly("福田区长者服务中心");
      assertThat(names(find(s, "长者中心")))
          .as("the words of a name that is not written whole")
          .containsExactly("长者服务中心", "福田区长者服务中心");
      assertThat(names(find(s, "服务中心"))).hasSize(3);
      assertThat(names(find(s, "ps-3"))).containsExactly("罗湖区青少年服务中心");
      assertThat(names(find(s, "食堂"))).as("not active: not offered").isEmpty();
      JsonNode first = find(s, "长者服务中心").get("providers").get(0);
      assertThat(first.get("providerId").asText()).isEqualTo("ps-2");
      assertThat(first.has("location")).isFalse();
      assertThat(s.get("/api/v1/providers?q=%20").status()).isEqualTo(400);
      assertThat(s.get("/api/v1/providers?q=" + "x".repeat(101)).status()).isEqualTo(400);
      assertThat(s.get("/api/v1/providers?q=%E4%B8%AD%E5%BF%83&limit=1").json().get("providers"))
          .hasSize(1);
    }
  }
}
