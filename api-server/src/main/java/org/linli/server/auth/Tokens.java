package org.linli.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.UnauthenticatedException;
import org.linli.server.config.SecretFile;
import org.linli.server.config.ServerConfig;

/**
 * Bearer tokens: verifies them (vertx-auth-jwt: signature, {@code exp}, issuer) into a {@link
 * Principal}, and mints them for the {@code token} command and tests. HS256 with {@code
 * LINLI_JWT_SECRET} (generated once and kept owner-only in the data directory when not set), or
 * RS256 against a configured public key, which can verify but not mint. Unsigned ({@code
 * alg=none}), expired, wrongly signed, foreign-issuer tokens, and tokens without {@code exp},
 * {@code sub} or known {@code roles}, are all rejected alike. Thread-safe.
 */
public final class Tokens implements org.linli.core.accounts.TokenIssuer {
  private static final String SECRET_FILE = "jwt-secret";

  /**
   * Clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}, in seconds: a token minted on
   * a host whose clock is a little ahead is accepted at once, and one that has just expired here is
   * still accepted this long.
   */
  static final int LEEWAY_SECONDS = 60;

  private final JWTAuth jwt;
  private final String issuer;
  private final boolean canMint;
  private final Vertx vertx;
  private final OidcTokens oidc;

  private Tokens(JWTAuth jwt, String issuer, boolean canMint, Vertx vertx, OidcTokens oidc) {
    this.jwt = jwt;
    this.issuer = issuer;
    this.canMint = canMint;
    this.vertx = vertx;
    this.oidc = oidc;
  }

  /** How often, at most, an unknown key id fetches the identity provider's JWKS again. */
  static final long JWKS_REFRESH_MILLIS = 30_000;

  /** The tokens of {@code config}: its key, or the secret kept in its data directory. */
  public static Tokens create(Vertx vertx, ServerConfig config) {
    ServerConfig.Security s = config.security();
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(new JWTOptions().setIssuer(s.jwtIssuer()).setLeeway(LEEWAY_SECONDS));
    boolean canMint;
    if (s.jwtPublicKey() != null) {
      options.addPubSecKey(
          new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(read(s.jwtPublicKey())));
      canMint = false;
    } else {
      String secret = s.jwtSecret() != null ? s.jwtSecret() : secret(config.dataDir());
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
      canMint = true;
    }
    ServerConfig.SignIn signIn = config.signIn();
    OidcTokens oidc =
        signIn.oidcJwks() == null
            ? null
            : new OidcTokens(
                signIn.oidcJwks(), s.jwtIssuer(), signIn.oidcRolesClaim(), JWKS_REFRESH_MILLIS);
    return new Tokens(JWTAuth.create(vertx, options), s.jwtIssuer(), canMint, vertx, oidc);
  }

  /**
   * The caller a bearer token stands for; fails with {@link UnauthenticatedException} for any bad
   * token.
   */
  public Future<Principal> verify(String token) {
    if (oidc != null && signedByKeyPair(token)) {
      // The identity provider's token: its JWKS may have to be fetched, so off the event loop.
      return vertx.executeBlocking(() -> oidc.verify(token, revoked), false);
    }
    Future<io.vertx.ext.auth.User> authenticated;
    try {
      authenticated = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      // vertx-auth-jwt checks exp, iat and nbf synchronously and fails with a ClassCastException
      // when one of them
      // is not a number: a well-signed but malformed token, still the caller's mistake.
      authenticated = Future.failedFuture(e);
    }
    return authenticated
        .recover(
            e ->
                Future.failedFuture(
                    new UnauthenticatedException(
                        "the bearer token is not valid: "
                            + (e instanceof ClassCastException
                                ? "exp, iat and nbf must be numbers"
                                : safe(e.getMessage())))))
        // vertx-auth-jwt keeps the verified claims under the attribute "accessToken" (the principal
        // holds only sub).
        .map(user -> principal(user.attributes().getJsonObject("accessToken", new JsonObject())));
  }

  /** Whether {@code token}'s header names RS256 or ES256 (an identity provider's key pair). */
  private static boolean signedByKeyPair(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      JsonObject header =
          new JsonObject(
              new String(
                  java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
                  StandardCharsets.UTF_8));
      Object alg = header.getValue("alg");
      return "RS256".equals(alg) || "ES256".equals(alg);
    } catch (RuntimeException malformed) {
      return false; // the ordinary path refuses it
    }
  }

  private volatile java.util.function.Predicate<String> revoked = jti -> false;

  /** From now on, a token whose {@code jti} {@code revoked} names is refused (signed out). */
  public void refuseRevoked(java.util.function.Predicate<String> revoked) {
    this.revoked = revoked;
  }

  private Principal principal(JsonObject claims) {
    if (claims.getValue("jti") instanceof String jti && revoked.test(jti)) {
      throw new UnauthenticatedException("this token was signed out: sign in again");
    }
    if (!(claims.getValue("sub") instanceof String sub) || sub.isBlank()) {
      throw new UnauthenticatedException(
          "the bearer token has no sub claim, or it is not a string");
    }
    for (String time : new String[] {"iat", "nbf"}) {
      if (claims.containsKey(time) && !(claims.getValue(time) instanceof Number)) {
        throw new UnauthenticatedException("the bearer token's " + time + " claim is not a number");
      }
    }
    for (String text : new String[] {"agencyId", "providerId"}) {
      if (claims.containsKey(text)
          && claims.getValue(text) != null
          && !(claims.getValue(text) instanceof String)) {
        throw new UnauthenticatedException("the bearer token's " + text + " claim is not a string");
      }
    }
    if (!(claims.getValue("exp") instanceof Number)) {
      throw new UnauthenticatedException("the bearer token has no exp claim; tokens must expire");
    }
    if (!issuer.equals(claims.getString("iss"))) {
      throw new UnauthenticatedException("the bearer token was not issued by " + issuer);
    }
    Object raw = claims.getValue("roles");
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      throw new UnauthenticatedException("the bearer token has no roles claim");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : array) {
      try {
        roles.add(Role.valueOf(String.valueOf(r)));
      } catch (IllegalArgumentException e) {
        throw new UnauthenticatedException(
            "the bearer token names an unknown role \"" + safe(String.valueOf(r)) + "\"");
      }
    }
    return new Principal(
        sub,
        roles,
        claims.getString("agencyId"),
        claims.getString("providerId"),
        regionScope(claims.getValue("regionScope")));
  }

  /** The {@code regionScope} claim: absent, or an array of adcodes. */
  private static java.util.List<String> regionScope(Object raw) {
    if (raw == null) {
      return java.util.List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw new UnauthenticatedException("the bearer token's regionScope claim is not an array");
    }
    java.util.List<String> codes = new java.util.ArrayList<>();
    for (Object code : array) {
      if (!(code instanceof String s) || !s.matches(org.linli.core.access.RegionScope.ADCODE)) {
        throw new UnauthenticatedException(
            "the bearer token's regionScope claim holds something that is not an adcode");
      }
      codes.add(s);
    }
    return codes;
  }

  /**
   * A token for a person who signed in here. A server that verifies tokens issued elsewhere ({@code
   * LINLI_JWT_PUBLIC_KEY}) cannot sign its own: 503 {@code sign-in-elsewhere}, saying where to sign
   * in.
   */
  @Override
  public Issued issue(Principal p, Duration ttl) {
    if (!canMint) {
      throw new org.linli.core.error.UnavailableException(
          "sign-in-elsewhere",
          "This installation accepts tokens issued elsewhere (LINLI_JWT_PUBLIC_KEY) and cannot"
              + " issue its own: sign in with that identity provider.");
    }
    java.time.Instant expiresAt = java.time.Instant.now().plus(ttl);
    String jti = java.util.UUID.randomUUID().toString();
    return new Issued(sign(p, ttl, jti), expiresAt, jti);
  }

  /** A signed token for {@code p} that expires after {@code ttl}. */
  public String mint(Principal p, Duration ttl) {
    return sign(p, ttl, java.util.UUID.randomUUID().toString());
  }

  /** A signed token for {@code p}, named {@code jti} (for revocation), lasting {@code ttl}. */
  private String sign(Principal p, Duration ttl, String jti) {
    if (!canMint) {
      throw new IllegalStateException(
          "tokens are verified with a public key here; mint them where the private key is");
    }
    if (p.isAnonymous() || p.roles().isEmpty()) {
      throw new IllegalArgumentException("a token needs a subject and at least one role");
    }
    JsonObject claims = new JsonObject().put("sub", p.subject()).put("jti", jti);
    JsonArray roles = new JsonArray();
    p.roles().forEach(r -> roles.add(r.name()));
    claims.put("roles", roles);
    if (p.agencyId() != null) {
      claims.put("agencyId", p.agencyId());
    }
    if (p.providerId() != null) {
      claims.put("providerId", p.providerId());
    }
    if (!p.regionScope().isEmpty()) {
      claims.put("regionScope", new JsonArray(new java.util.ArrayList<Object>(p.regionScope())));
    }
    return jwt.generateToken(
        claims,
        new JWTOptions()
            .setAlgorithm("HS256")
            .setIssuer(issuer)
            .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds())));
  }

  /** The HS256 secret kept in {@code dataDir}, made (48 random bytes, owner-only) on first use. */
  static String secret(Path dataDir) {
    return SecretFile.readOrCreate(dataDir.resolve(SECRET_FILE), 48);
  }

  private static String read(Path pem) {
    try {
      return Files.readString(pem, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ServerConfig.ConfigException(
          "cannot read LINLI_JWT_PUBLIC_KEY " + pem + ": " + e.getMessage());
    }
  }

  /** Error text from the JWT library, trimmed so that no token content is echoed back. */
  static String safe(String message) {
    if (message == null) {
      return "rejected";
    }
    String m = message.length() > 80 ? message.substring(0, 80) : message;
    return m.replaceAll("[A-Za-z0-9_-]{20,}", "…");
  }
}
