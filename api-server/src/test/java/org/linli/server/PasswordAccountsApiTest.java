package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * Workers, agencies, staff and admins: accounts made by an ADMIN (or an AGENCY for its workers),
 * signed in with a password kept only as an Argon2id hash, locked after ten failures without
 * telling a known name from an unknown one, signed out everywhere when disabled; STAFF held to
 * their region scope.
 */
class PasswordAccountsApiTest {
  static final String PASSWORD = "东门老街 sunrise 2026";
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static TestServer.Answer call(String token, String method, String path, String body) {
    return CasesApiTest.as(s, token, method, path, body);
  }

  static TestServer.Answer signIn(String username, String password) {
    return SignInApiTest.anonymous(
        s,
        "/api/v1/auth/password",
        "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
  }

  static String user(String username, String roles, String extra) {
    return "{\"username\": \""
        + username
        + "\", \"password\": \""
        + PASSWORD
        + "\", \"roles\": "
        + roles
        + extra
        + "}";
  }

  @Test
  void anAdmin_createsAnAccount_thatSignsInWithItsPassword_keptOnlyAsAnArgon2Hash()
      throws Exception {
    try (LogCapture log = new LogCapture()) {
      createAndSignIn();
      assertThat(log.messages())
          .allSatisfy(m -> assertThat(m).doesNotContain(PASSWORD, "13600001234", "eyJ"));
    }
  }

  void createAndSignIn() throws Exception {
    signIn("chen.jing", "a wrong password, once"); // a failure, kept only as a keyed hash
    TestServer.Answer created =
        call(
            s.adminToken,
            "POST",
            "/api/v1/users",
            user(
                "Chen.Jing",
                "[\"STAFF\"]",
                ", \"regionScope\": [\"440304\"], \"phone\": \"13600001234\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/v1/users/" + id);
    assertThat(created.json().get("username").asText()).isEqualTo("chen.jing");
    assertThat(created.json().get("phoneMasked").asText()).isEqualTo("136****1234");
    assertThat(created.body()).doesNotContain(PASSWORD, "argon2");

    TestServer.Answer in = signIn("CHEN.JING", PASSWORD);
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.json().get("user").get("id").asText()).isEqualTo(id);
    JsonNode me = SignInApiTest.bearer(s, in.json().get("token").asText(), "/api/v1/me").json();
    assertThat(me.get("roles").toString()).isEqualTo("[\"STAFF\"]");
    assertThat(me.get("regionScope").toString()).isEqualTo("[\"440304\"]");
    assertThat(me.get("phoneMasked").asText()).isEqualTo("136****1234");

    assertThat(call(s.adminToken, "GET", "/api/v1/users/" + id, null).json().get("id").asText())
        .isEqualTo(id);
    assertThat(call(s.adminToken, "GET", "/api/v1/users", null).body()).contains("chen.jing");
    assertThat(
            call(s.adminToken, "POST", "/api/v1/users", user("chen.jing", "[\"ADMIN\"]", ""))
                .status())
        .as("a taken name")
        .isEqualTo(409);

    try (Connection c = s.server.database().connection();
        Statement st = c.createStatement()) {
      for (String table : List.of("sessions", "sign_in_failures", "revoked_tokens", "outbox")) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              assertThat(String.valueOf(rs.getObject(i)))
                  .as(table)
                  .doesNotContain(PASSWORD, "chen.jing", "a wrong password", "eyJ");
            }
          }
        }
      }
    }
    try (Connection c = s.server.database().connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM accounts WHERE id = '" + id + "'")) {
      assertThat(rs.next()).isTrue();
      int columns = rs.getMetaData().getColumnCount();
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        row.add(String.valueOf(rs.getObject(i)));
      }
      assertThat(String.join("|", row))
          .doesNotContain(PASSWORD, "13600001234")
          .contains("$argon2id$v=19$m=19456,t=2,p=1$");
    }
  }

  @Test
  void badRequests_sayWhatIsWrong_andOnlyAdminsAndAgenciesManageAccounts() {
    TestServer.Answer bad =
        call(
            s.adminToken,
            "POST",
            "/api/v1/users",
            "{\"username\": \"x\", \"password\": \"short\", \"roles\": [\"WORKER\", \"KING\"],"
                + " \"regionScope\": [\"44\"], \"colour\": 1}");
    assertThat(bad.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).contains("colour", "roles[1]");
    TestServer.Answer checked =
        call(
            s.adminToken,
            "POST",
            "/api/v1/users",
            "{\"username\": \"x\", \"password\": \"short\", \"roles\": [\"WORKER\"],"
                + " \"regionScope\": [\"44\"]}");
    List<String> more = new ArrayList<>();
    checked.json().get("errors").forEach(e -> more.add(e.get("field").asText()));
    assertThat(more)
        .contains(
            "username", "password", "agencyId", "providerId", "regionScope", "regionScope[0]");
    String resident = s.token("r-1", Role.RESIDENT, null, null);
    assertThat(call(resident, "POST", "/api/v1/users", user("r.one", "[\"STAFF\"]", "")).status())
        .isEqualTo(403);
    assertThat(call(resident, "GET", "/api/v1/users", null).status()).isEqualTo(403);
    assertThat(
            SignInApiTest.anonymous(s, "/api/v1/users", user("anon.one", "[\"STAFF\"]", ""))
                .status())
        .isEqualTo(401);
  }

  @Test
  void tenFailures_lockAName_andKnownAndUnknownNamesAreAnsweredAlike() {
    assertThat(
            call(s.adminToken, "POST", "/api/v1/users", user("lock.me", "[\"ADMIN\"]", ""))
                .status())
        .isEqualTo(201);
    for (int i = 0; i < 10; i++) {
      TestServer.Answer known = signIn("lock.me", "wrong password " + i);
      TestServer.Answer unknown = signIn("nobody.at.all", "wrong password " + i);
      assertThat(known.status()).isEqualTo(401);
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(unknown.json().get("detail")).isEqualTo(known.json().get("detail"));
    }
    TestServer.Answer locked = signIn("lock.me", PASSWORD);
    TestServer.Answer lockedUnknown = signIn("nobody.at.all", PASSWORD);
    assertThat(locked.status()).as("even the right password").isEqualTo(429);
    assertThat(lockedUnknown.status()).isEqualTo(429);
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 901L);
    assertThat(lockedUnknown.json().get("detail").asText())
        .isEqualTo(locked.json().get("detail").asText());
    assertThat(signIn("someone.else", "wrong password").status())
        .as("other names are not locked")
        .isEqualTo(401);
  }

  @Test
  void anAgency_makesItsWorkersAccounts_andDisablingOneSignsItOutEverywhere() {
    ClusterCasesApiTest.putWorker(s, "pa-w1", "pa-agency", 22.60, 114.10);
    String agency = s.token("pa-boss", Role.AGENCY, "pa-agency", null);
    TestServer.Answer created =
        call(
            agency,
            "POST",
            "/api/v1/users",
            user("pa.worker", "[\"WORKER\"]", ", \"providerId\": \"pa-w1\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("agencyId").asText()).isEqualTo("pa-agency");
    String id = created.json().get("id").asText();
    assertThat(
            call(
                    agency,
                    "POST",
                    "/api/v1/users",
                    user("pa.boss2", "[\"AGENCY\"]", ", \"agencyId\": \"pa-agency\""))
                .status())
        .as("an agency makes WORKER accounts only")
        .isEqualTo(400);
    String other = s.token("pa-other", Role.AGENCY, "pa-elsewhere", null);
    assertThat(call(other, "GET", "/api/v1/users/" + id, null).status()).isEqualTo(404);
    assertThat(call(other, "GET", "/api/v1/users", null).json().get("users")).isEmpty();

    String token = signIn("pa.worker", PASSWORD).json().get("token").asText();
    TestServer.Answer inbox = call(token, "GET", "/api/v1/cases", null);
    assertThat(inbox.status()).as(inbox.body()).isEqualTo(200);
    TestServer.Answer disabled =
        call(agency, "PATCH", "/api/v1/users/" + id, "{\"disabled\": true}");
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
    TestServer.Answer refused = call(token, "GET", "/api/v1/cases", null);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("detail").asText()).contains("signed out");
    assertThat(signIn("pa.worker", PASSWORD).json().get("detail").asText()).contains("disabled");
    assertThat(call(agency, "PATCH", "/api/v1/users/" + id, "{\"disabled\": false}").status())
        .isEqualTo(200);
    assertThat(signIn("pa.worker", PASSWORD).status()).isEqualTo(200);
    assertThat(call(agency, "DELETE", "/api/v1/users/" + id, null).status()).isEqualTo(204);
    assertThat(signIn("pa.worker", PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void staffWithARegionScope_seeAndActOnlyInsideIt() {
    String districts =
        """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"n": "西区", "c": "990301"}, "geometry": {"type": "Polygon",
            "coordinates": [[[113.50, 23.50], [113.60, 23.50], [113.60, 23.60], [113.50, 23.60], [113.50, 23.50]]]}},
          {"type": "Feature", "properties": {"n": "东区", "c": "990302"}, "geometry": {"type": "Polygon",
            "coordinates": [[[113.60, 23.50], [113.70, 23.50], [113.70, 23.60], [113.60, 23.60], [113.60, 23.50]]]}}
        ]}""";
    TestServer.Answer imported =
        RegionsApiTest.importAs(
            s, s.adminToken, "level=district&nameProperty=n&codeProperty=c", districts);
    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(
            call(
                    s.adminToken,
                    "POST",
                    "/api/v1/users",
                    user("west.staff", "[\"STAFF\"]", ", \"regionScope\": [\"990301\"]"))
                .status())
        .isEqualTo(201);
    String west = signIn("west.staff", PASSWORD).json().get("token").asText();
    String everywhere = s.token("all-staff", Role.STAFF, null, null);
    String resident = s.token("r-scope", Role.RESIDENT, null, null);
    String inWest = need(resident, "23.55", "113.55");
    String inEast = need(resident, "23.55", "113.65");

    assertThat(call(west, "GET", "/api/v1/cases/" + inWest, null).status()).isEqualTo(200);
    assertThat(call(west, "GET", "/api/v1/cases/" + inEast, null).status()).isEqualTo(404);
    assertThat(call(west, "POST", "/api/v1/cases/" + inEast + "/cancel", "{}").status())
        .as("nor act on it")
        .isEqualTo(404);
    assertThat(call(everywhere, "GET", "/api/v1/cases/" + inEast, null).status()).isEqualTo(200);

    assertThat(call(west, "GET", "/api/v1/feedback/ledger/verify", null).status()).isEqualTo(200);
    assertThat(call(west, "GET", "/api/v1/feedback/ledger/export", null).status())
        .as("every region's feedback")
        .isEqualTo(403);
    JsonNode regions = call(west, "GET", "/api/v1/coverage/regions?level=district", null).json();
    List<String> codes = new ArrayList<>();
    regions.get("features").forEach(f -> codes.add(f.get("properties").get("adcode").asText()));
    assertThat(codes).containsExactly("990301");
    JsonNode all = call(everywhere, "GET", "/api/v1/coverage/regions?level=district", null).json();
    assertThat(all.get("features").size()).isGreaterThanOrEqualTo(2);
  }

  static String need(String resident, String lat, String lon) {
    TestServer.Answer a =
        call(
            resident,
            "POST",
            "/api/v1/needs",
            CasesApiTest.NEED.formatted("false").replace("22.5431", lat).replace("114.0579", lon));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json().get("caseId").asText();
  }
}
