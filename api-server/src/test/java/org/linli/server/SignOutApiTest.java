package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/** A signed-out token is refused, by every member, also after a restart; others are not. */
class SignOutApiTest {
  static TestServer.Answer logout(TestServer s, String token) {
    return s.send(
        HttpRequest.newBuilder(s.uri("/api/v1/auth/logout"))
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  static String resident(TestServer s, String sub) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(Role.RESIDENT), null, null), Duration.ofHours(1));
  }

  @Test
  void aSignedOutToken_isRefused_evenAfterARestart_andAnotherTokenStillWorks() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-signout"))
            .clusterName("signout-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .build();
    String token;
    String other;
    try (TestServer s = new TestServer(config)) {
      token = resident(s, "r-out");
      other = resident(s, "r-out");
      assertThat(SignInApiTest.bearer(s, token, "/api/v1/me").status()).isEqualTo(200);
      assertThat(logout(s, token).status()).isEqualTo(204);
      TestServer.Answer refused = SignInApiTest.bearer(s, token, "/api/v1/me");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("detail").asText()).contains("signed out");
      assertThat(SignInApiTest.bearer(s, other, "/api/v1/me").status())
          .as("the same person's other session")
          .isEqualTo(200);
      assertThat(logout(s, "not-a-token").status()).isEqualTo(401);
    }
    try (TestServer again = new TestServer(config)) {
      assertThat(SignInApiTest.bearer(again, token, "/api/v1/me").status())
          .as("after a restart")
          .isEqualTo(401);
      assertThat(SignInApiTest.bearer(again, other, "/api/v1/me").status()).isEqualTo(200);
    }
  }

  @Test
  void signingOutOnOneMember_isRefusedOnTheOther() throws Exception {
    String cluster = "signout-" + UUID.randomUUID();
    TestCluster members = TestCluster.of(2);
    Path dir = Files.createTempDirectory("linli-signout-a");
    try (TestServer a =
            new TestServer(
                ClusterCasesApiTest.config(cluster, members, 0, dir, Duration.ofMinutes(15)));
        TestServer b =
            new TestServer(
                ClusterCasesApiTest.config(
                    cluster,
                    members,
                    1,
                    Files.createTempDirectory("linli-signout-b"),
                    Duration.ofMinutes(15)))) {
      String token = ClusterCasesApiTest.token(a, "r-cluster-out", Role.RESIDENT, null, null);
      assertThat(SignInApiTest.bearer(b, token, "/api/v1/me").status()).isEqualTo(200);
      assertThat(logout(a, token).status()).isEqualTo(204);
      Awaitility.await("b refuses the token")
          .atMost(Duration.ofSeconds(10))
          .until(() -> SignInApiTest.bearer(b, token, "/api/v1/me").status() == 401);
    }
  }
}
