package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.linli.server.demo.DemoAccounts;

/**
 * The demo signs everyone in at once: its accounts exist, and their password is in a file, not the
 * log.
 */
class DemoAccountsApiTest {
  @Test
  void theDemoAccounts_signIn_withThePasswordKeptInTheDataDirectory_neverLogged() throws Exception {
    String password;
    List<String> logged;
    try (LogCapture log = new LogCapture();
        TestServer s = new TestServer(true)) {
      password =
          Files.readString(s.dataDir.resolve(DemoAccounts.PASSWORD_FILE), StandardCharsets.UTF_8)
              .trim();
      assertThat(password).hasSizeGreaterThanOrEqualTo(12);
      for (String name : List.of("admin", "staff", "agency", "worker")) {
        TestServer.Answer in =
            SignInApiTest.anonymous(
                s,
                "/api/v1/auth/password",
                "{\"username\": \"" + name + "\", \"password\": \"" + password + "\"}");
        assertThat(in.status()).as(name + ": " + in.body()).isEqualTo(200);
        JsonNode me = SignInApiTest.bearer(s, in.json().get("token").asText(), "/api/v1/me").json();
        assertThat(me.get("roles").get(0).asText()).isEqualTo(name.toUpperCase());
        if (name.equals("worker")) {
          String provider = me.get("providerId").asText();
          assertThat(s.get("/api/v1/providers/" + provider).json().get("agencyId").asText())
              .isEqualTo(me.get("agencyId").asText());
        }
      }
      logged = log.messages();
    }
    assertThat(logged).anySatisfy(m -> assertThat(m).contains("Demo accounts"));
    assertThat(logged).allSatisfy(m -> assertThat(m).doesNotContain(password));
  }
}
