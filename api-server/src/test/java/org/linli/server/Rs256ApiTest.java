package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;

/**
 * With LINLI_JWT_PUBLIC_KEY, tokens signed elsewhere with RS256 are accepted, and HS256 ones are
 * not.
 */
class Rs256ApiTest {
  private static String rs256(PrivateKey key, String payload) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(key);
    sig.update(input.getBytes(StandardCharsets.UTF_8));
    return input + "." + b64.encodeToString(sig.sign());
  }

  @Test
  void publicKeyVerification_acceptsRs256FromTheKeyHolder_only() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    KeyPair otherKeys = g.generateKeyPair();
    Path pem = Files.createTempFile("linli-jwt", ".pem");
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    ServerConfig.Security security = new ServerConfig.Security(null, pem, "linli", 600);
    try (TestServer s =
        new TestServer(
            false,
            "rs-" + UUID.randomUUID(),
            List.of(),
            Files.createTempDirectory("linli-rs"),
            TestServer.testDatabase(),
            security)) {
      long exp = System.currentTimeMillis() / 1000 + 600;
      String claims =
          "{\"sub\":\"ops\",\"roles\":[\"ADMIN\"],\"iss\":\"linli\",\"exp\":" + exp + "}";
      String good = rs256(keys.getPrivate(), claims);
      String forged = rs256(otherKeys.getPrivate(), claims);
      assertThat(put(s, good, "rs1")).isEqualTo(201);
      assertThat(put(s, forged, "rs2")).isEqualTo(401);
      // The server's own HS256 token no longer counts: verification is by the public key alone.
      String hs256 = TestTokens.admin(TestTokens.forDataDir(s.dataDir));
      assertThat(put(s, hs256, "rs3")).isEqualTo(401);
      // Nor can a resident sign in here: the code is right, but only the key holder issues tokens.
      assertThat(
              SignInApiTest.anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"13312345678\"}")
                  .status())
          .isEqualTo(202);
      String code = SignInApiTest.codeFor(s, "13312345678", 1);
      TestServer.Answer login =
          SignInApiTest.anonymous(
              s, "/api/v1/auth/login", "{\"phone\": \"13312345678\", \"code\": \"" + code + "\"}");
      assertThat(login.status()).as(login.body()).isEqualTo(503);
      assertThat(login.json().get("type").asText()).endsWith("/sign-in-elsewhere");
    }
  }

  private static int put(TestServer s, String token, String id) {
    return s.send(
            HttpRequest.newBuilder(s.uri("/api/v1/providers/" + id))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Documents.worker(id, 22.54, 114.05))))
        .status();
  }
}
