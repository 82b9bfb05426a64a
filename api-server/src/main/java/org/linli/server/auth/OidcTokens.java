package org.linli.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.linli.core.access.Principal;
import org.linli.core.access.RegionScope;
import org.linli.core.access.Role;
import org.linli.core.error.UnauthenticatedException;
import org.linli.server.config.ServerConfig;

/**
 * Tokens of an outside OpenID Connect provider (Nimbus JOSE+JWT): RS256 or ES256, signed by a key
 * of the provider's JWKS ({@code LINLI_OIDC_JWKS_URL}, cached, fetched again when a token names a
 * key id it does not know, at most once per {@code refreshInterval}, and kept through an outage of
 * the provider), of issuer {@code LINLI_JWT_ISSUER}, with {@code sub} and {@code exp} (60 s of
 * clock skew). Linli's roles are read from {@code LINLI_OIDC_ROLES_CLAIM} (a dotted path, such as
 * Keycloak's {@code realm_access.roles}), case-insensitively; other roles the provider gives are
 * ignored, and a token with none of Linli's is refused. {@code agencyId}, {@code providerId} and
 * {@code regionScope} are read when present. {@link #verify} may fetch the JWKS: it blocks.
 * Thread-safe.
 */
public final class OidcTokens {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String rolesClaim;

  /**
   * @param refreshIntervalMillis the least time between two fetches of the JWKS for unknown key ids
   */
  public OidcTokens(URI jwks, String issuer, String rolesClaim, long refreshIntervalMillis) {
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.<SecurityContext>create(jwks.toURL())
              .rateLimited(refreshIntervalMillis)
              .retrying(true)
              .outageTolerant(true)
              .build();
    } catch (MalformedURLException e) {
      throw new ServerConfig.ConfigException("LINLI_OIDC_JWKS_URL is not a URL: " + e.getMessage());
    }
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
    claims.setMaxClockSkew(Tokens.LEEWAY_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
    this.rolesClaim = rolesClaim;
  }

  /**
   * The caller {@code token} stands for; {@link UnauthenticatedException} for any bad token, and
   * for one whose {@code jti} {@code revoked} names (signed out).
   */
  public Principal verify(String token, java.util.function.Predicate<String> revoked) {
    JWTClaimsSet c;
    try {
      c = processor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new UnauthenticatedException(
          "the identity provider's token is not valid: " + Tokens.safe(e.getMessage()));
    }
    if (c.getJWTID() != null && revoked.test(c.getJWTID())) {
      throw new UnauthenticatedException("this token was signed out: sign in again");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : list(path(c.getClaims(), rolesClaim))) {
      try {
        roles.add(Role.valueOf(String.valueOf(r).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException notOurs) {
        // the provider's other roles (offline_access, …) mean nothing here
      }
    }
    if (roles.isEmpty()) {
      throw new UnauthenticatedException(
          "the identity provider's token carries none of Linli's roles in its "
              + rolesClaim
              + " claim; ask its administrator to give you one");
    }
    List<String> scope = new ArrayList<>();
    for (Object code : list(c.getClaim("regionScope"))) {
      if (!(code instanceof String s) || !s.matches(RegionScope.ADCODE)) {
        throw new UnauthenticatedException(
            "the identity provider's regionScope claim holds something that is not an adcode");
      }
      scope.add(s);
    }
    return new Principal(c.getSubject(), roles, text(c, "agencyId"), text(c, "providerId"), scope);
  }

  /** The claim at {@code dotted} ({@code realm_access.roles}), or null. */
  private static Object path(Map<String, Object> claims, String dotted) {
    Object at = claims;
    for (String part : dotted.split("\\.")) {
      if (!(at instanceof Map<?, ?> m)) {
        return null;
      }
      at = m.get(part);
    }
    return at;
  }

  private static Collection<?> list(Object value) {
    if (value instanceof Collection<?> c) {
      return c;
    }
    if (value instanceof String s) {
      return List.of(s.split("[ ,]+"));
    }
    return List.of();
  }

  private static String text(JWTClaimsSet c, String name) {
    Object v = c.getClaim(name);
    if (v != null && !(v instanceof String)) {
      throw new UnauthenticatedException("the identity provider's " + name + " claim is not text");
    }
    return (String) v;
  }
}
