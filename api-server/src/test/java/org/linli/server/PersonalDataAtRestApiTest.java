package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.FieldCipher;

/**
 * Personal data is encrypted at rest: the database holds no resident's phone, words, or (for a
 * sensitive need) place in clear, and a restarted server reads them back.
 */
class PersonalDataAtRestApiTest {
  static final String PHONE = "13912340987";
  static final String WORDS = "家住园岭街道十二号三楼";

  @Test
  void theCasesTable_holdsNoPhoneWordsOrSensitivePlace_inClear_andARestartReadsThemBack()
      throws Exception {
    Path dir = Files.createTempDirectory("linli-at-rest");
    ServerConfig config =
        ServerConfig.loopback(dir)
            .clusterName("at-rest-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .build();
    String sensitiveId;
    String plainId;
    String resident;
    try (TestServer s = new TestServer(config)) {
      resident =
          s.server
              .tokens()
              .mint(
                  new Principal("r-at-rest", Set.of(Role.RESIDENT), null, null),
                  Duration.ofMinutes(10));
      assertThat(
              s.put("/api/v1/providers/ar-1", Documents.worker("ar-1", 22.5435, 114.0580)).status())
          .isEqualTo(201);
      s.awaitIndexed("ar-1");
      sensitiveId = post(s, resident, true, "22.54317");
      plainId = post(s, resident, false, "22.54411");
      try (Connection c = s.server.database().connection();
          PreparedStatement ps =
              c.prepareStatement("SELECT id, doc FROM cases WHERE id IN (?, ?)")) {
        ps.setString(1, sensitiveId);
        ps.setString(2, plainId);
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            String doc = rs.getString(2);
            assertThat(doc).as("row " + rs.getString(1)).doesNotContain(PHONE, WORDS, "园岭");
            if (rs.getString(1).equals(sensitiveId)) {
              assertThat(doc).as("a sensitive need's place").doesNotContain("22.54317", "114.0579");
            } else {
              assertThat(doc).as("an ordinary need's place stays queryable").contains("22.54411");
            }
          }
        }
        assertThat(rows).isEqualTo(2);
      }
      assertThat(Files.exists(dir.resolve(FieldCipher.KEY_FILE))).isTrue();
    }
    try (TestServer again = new TestServer(config)) {
      TestServer.Answer a =
          CasesApiTest.as(again, resident, "GET", "/api/v1/cases/" + sensitiveId, null);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      JsonNode c = a.json();
      assertThat(c.toString()).contains(WORDS).contains("139****0987");
      org.linli.core.cases.ReferralCase stored =
          org.linli.server.store.CaseCodec.decode(
              again
                  .server
                  .caseDocuments()
                  .loadAll(java.util.List.of(sensitiveId))
                  .get(sensitiveId)
                  .getValue());
      assertThat(stored.need().contactPhone()).isEqualTo(PHONE);
      assertThat(stored.need().description()).isEqualTo(WORDS);
      assertThat(stored.need().match().location().lat()).isEqualTo(22.54317);
      assertThat(stored.candidates()).isNotEmpty();
      assertThat(stored)
          .as("what the restarted member loaded into its map")
          .isEqualTo(
              org.linli.server.store.CaseCodec.decode(
                  again.server.cluster().cases().get(sensitiveId).getValue()));
    }
  }

  private static String post(TestServer s, String resident, boolean sensitive, String lat) {
    String need =
        CasesApiTest.NEED
            .formatted(sensitive)
            .replace("陪同老人去医院复诊", WORDS)
            .replace("13812345678", PHONE)
            .replace("22.5431", lat);
    TestServer.Answer a = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", need);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().get("caseId").asText();
  }
}
