package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/**
 * Tokens of an outside identity provider: verified against its JWKS, fetched again when a key id is
 * new (a rotation), refused when signed by a key it does not publish, of another issuer, expired,
 * or carrying none of Linli's roles; the server's own sign-ins go on working beside them.
 */
class OidcApiTest {
  static final String ISSUER = "https://idp.example.cn/realms/linli";

  static String sign(JWK key, JWSAlgorithm alg, String issuer, Object roles, Duration ttl)
      throws Exception {
    JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("idp-user-7")
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(new Date(System.currentTimeMillis() + ttl.toMillis()))
                .claim("realm_access", Map.of("roles", roles))
                .claim("regionScope", List.of("440304"))
                .build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Test
  void providerTokens_areVerifiedAgainstItsRotatingKeys_andBadOnesRefused() throws Exception {
    RSAKey k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    ECKey e1 = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
    RSAKey k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k9").generate();
    AtomicReference<String> published =
        new AtomicReference<>(new JWKSet(List.of(k1, e1)).toPublicJWKSet().toString());
    AtomicInteger fetches = new AtomicInteger();
    HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.createContext(
        "/jwks",
        ex -> {
          fetches.incrementAndGet();
          byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    idp.start();
    URI jwks = URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks");
    try (TestServer s =
        new TestServer(
            ServerConfig.loopback(Files.createTempDirectory("linli-oidc"))
                .clusterName("oidc-" + UUID.randomUUID())
                .db(TestServer.testDatabase())
                .security(new ServerConfig.Security(null, null, ISSUER, 600))
                .signIn(
                    new ServerConfig.SignIn(
                        Duration.ofHours(8), Duration.ofDays(30), jwks, "realm_access.roles"))
                .build())) {
      List<String> staff = List.of("Staff", "offline_access");
      TestServer.Answer me =
          SignInApiTest.bearer(
              s, sign(k1, JWSAlgorithm.RS256, ISSUER, staff, Duration.ofMinutes(5)), "/api/v1/me");
      assertThat(me.status()).as(me.body()).isEqualTo(200);
      assertThat(me.json().get("id").asText()).isEqualTo("idp-user-7");
      assertThat(me.json().get("roles").toString()).isEqualTo("[\"STAFF\"]");
      assertThat(me.json().get("regionScope").toString()).isEqualTo("[\"440304\"]");
      assertThat(
              SignInApiTest.bearer(
                      s,
                      sign(e1, JWSAlgorithm.ES256, ISSUER, staff, Duration.ofMinutes(5)),
                      "/api/v1/me")
                  .status())
          .as("ES256")
          .isEqualTo(200);
      assertThat(fetches.get()).as("the keys were fetched once and cached").isEqualTo(1);

      published.set(new JWKSet(List.of(k2, e1)).toPublicJWKSet().toString());
      assertThat(
              SignInApiTest.bearer(
                      s,
                      sign(k2, JWSAlgorithm.RS256, ISSUER, staff, Duration.ofMinutes(5)),
                      "/api/v1/me")
                  .status())
          .as("a rotated key, fetched when its id is first seen")
          .isEqualTo(200);

      for (String bad :
          List.of(
              sign(stranger, JWSAlgorithm.RS256, ISSUER, staff, Duration.ofMinutes(5)),
              sign(k2, JWSAlgorithm.RS256, "https://evil.example", staff, Duration.ofMinutes(5)),
              sign(k2, JWSAlgorithm.RS256, ISSUER, staff, Duration.ofMinutes(-5)),
              sign(
                  k2,
                  JWSAlgorithm.RS256,
                  ISSUER,
                  List.of("offline_access"),
                  Duration.ofMinutes(5)))) {
        TestServer.Answer refused = SignInApiTest.bearer(s, bad, "/api/v1/me");
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
      }
      String local = s.token("local-resident", Role.RESIDENT, null, null);
      assertThat(SignInApiTest.bearer(s, local, "/api/v1/me").status())
          .as("the server's own tokens beside them")
          .isEqualTo(200);
      String signedOut = sign(k2, JWSAlgorithm.RS256, ISSUER, staff, Duration.ofMinutes(5));
      assertThat(SignOutApiTest.logout(s, signedOut).status()).isEqualTo(204);
      assertThat(SignInApiTest.bearer(s, signedOut, "/api/v1/me").status()).isEqualTo(401);
    } finally {
      idp.stop(0);
    }
  }
}
