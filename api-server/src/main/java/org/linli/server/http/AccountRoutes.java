package org.linli.server.http;

import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;
import static org.linli.server.http.Http.on;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.access.Principal;
import org.linli.core.accounts.PasswordSignIn;
import org.linli.core.accounts.PhoneSignIn;
import org.linli.core.accounts.SignInStore;
import org.linli.core.accounts.Users;
import org.linli.core.cases.CaseFlow;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.server.auth.Revocations;
import org.linli.server.json.CaseJson;
import org.linli.server.json.Json;
import org.linli.server.json.UserJson;

/**
 * Signing in (residents by phone and code, everyone else by username and password), managing
 * accounts, and the caller's own account and cases.
 */
final class AccountRoutes {
  private final PhoneSignIn signIn;
  private final PasswordSignIn passwords;
  private final Users users;
  private final SignInStore accounts;
  private final CaseFlow cases;
  private final WorkerExecutor workers;
  private final Revocations revocations;

  AccountRoutes(AccountServices services, CaseFlow cases, WorkerExecutor workers) {
    this.signIn = services.phone();
    this.passwords = services.password();
    this.users = services.users();
    this.accounts = services.accounts();
    this.revocations = services.revocations();
    this.cases = cases;
    this.workers = workers;
  }

  /** {@code {"phone"}} → 202 {@code {"expiresInSeconds"}}; the code goes out as a message. */
  void requestCode(RoutingContext ctx) {
    JsonNode body = body(ctx);
    on(ctx, signIn.requestCode(text(body, "phone")))
        .onSuccess(ttl -> json(ctx, 202, Json.object().put("expiresInSeconds", ttl.toSeconds())))
        .onFailure(ctx::fail);
  }

  /** {@code {"phone", "code"}} → 200 {@code {"token", "expiresAt", "user": {"id", "roles"}}}. */
  void login(RoutingContext ctx) {
    JsonNode body = body(ctx);
    on(ctx, signIn.login(text(body, "phone"), text(body, "code")))
        .onSuccess(s -> json(ctx, 200, UserJson.session(s)))
        .onFailure(ctx::fail);
  }

  /** {@code {"username", "password"}} → 200, as {@link #login}. */
  void password(RoutingContext ctx) {
    JsonNode body = body(ctx);
    on(ctx, passwords.signIn(text(body, "username"), text(body, "password")))
        .onSuccess(s -> json(ctx, 200, UserJson.session(s)))
        .onFailure(ctx::fail);
  }

  /** A new account: 201 {@code {"id", …}} with its Location. */
  void createUser(RoutingContext ctx) {
    on(ctx, users.create(caller(ctx), UserJson.newUser(bodyBytes(ctx))))
        .onSuccess(
            u -> {
              ctx.response().putHeader("Location", "/api/v1/users/" + u.account().id());
              json(ctx, 201, UserJson.user(u));
            })
        .onFailure(ctx::fail);
  }

  /** The accounts the caller manages. */
  void listUsers(RoutingContext ctx) {
    on(ctx, users.list(caller(ctx)))
        .onSuccess(list -> json(ctx, 200, UserJson.users(list)))
        .onFailure(ctx::fail);
  }

  void getUser(RoutingContext ctx) {
    on(ctx, users.get(caller(ctx), ctx.pathParam("id")))
        .onSuccess(u -> json(ctx, 200, UserJson.user(u)))
        .onFailure(ctx::fail);
  }

  /** Changes roles, {@code disabled} or the password; the account's sessions end. */
  void patchUser(RoutingContext ctx) {
    on(ctx, users.update(caller(ctx), ctx.pathParam("id"), UserJson.change(bodyBytes(ctx))))
        .onSuccess(u -> json(ctx, 200, UserJson.user(u)))
        .onFailure(ctx::fail);
  }

  void deleteUser(RoutingContext ctx) {
    on(ctx, users.delete(caller(ctx), ctx.pathParam("id")))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * Signs the presented token out on every member until it would have expired: 204. The token was
   * verified on the way in; its {@code jti} and {@code exp} are read from it.
   */
  void logout(RoutingContext ctx) {
    if (caller(ctx).isAnonymous()) {
      ctx.fail(new UnauthenticatedException("signing out needs the bearer token to sign out"));
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String token = header.substring(header.indexOf(' ') + 1).trim();
    String[] parts = token.split("\\.");
    JsonNode claims =
        Json.parse(java.util.Base64.getUrlDecoder().decode(parts.length == 3 ? parts[1] : ""));
    if (!claims.path("jti").isTextual()) {
      throw new InvalidInputException(
          "Authorization",
          "this token has no jti, so it cannot be signed out; it ends when it expires");
    }
    String jti = claims.get("jti").asText();
    long expiresAt = claims.path("exp").asLong() * 1_000;
    workers
        .executeBlocking(
            () -> {
              revocations.revoke(jti, expiresAt);
              return null;
            },
            false)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The caller as its token and account say: {@code {"id", "roles", …, "phoneMasked"}}. */
  void me(RoutingContext ctx) {
    Principal p = caller(ctx);
    if (p.isAnonymous()) {
      ctx.fail(new UnauthenticatedException("who you are needs a bearer token: sign in first"));
      return;
    }
    workers
        .executeBlocking(() -> accounts.phoneOf(p.requireSubject()), false)
        .onSuccess(
            phone -> {
              ObjectNode o = Json.object().put("id", p.subject());
              ArrayNode roles = o.putArray("roles");
              p.roles().stream().map(Enum::name).sorted().forEach(roles::add);
              o.put("agencyId", p.agencyId()).put("providerId", p.providerId());
              o.put("phoneMasked", phone.map(x -> x.masked()).orElse(null));
              ArrayNode scope = o.putArray("regionScope");
              p.regionScope().forEach(scope::add);
              json(ctx, 200, o);
            })
        .onFailure(ctx::fail);
  }

  /** A resident's own cases, newest first: {@code {"cases": [case views]}}. */
  void myCases(RoutingContext ctx) {
    Principal p = caller(ctx);
    int limit = Query.integer(ctx, "limit", 50, 1, 500);
    on(ctx, cases.mine(p, limit))
        .onSuccess(list -> json(ctx, 200, CaseJson.list(list, p)))
        .onFailure(ctx::fail);
  }

  private static JsonNode body(RoutingContext ctx) {
    return Http.objectBody(ctx, true);
  }

  private static String text(JsonNode body, String field) {
    return Http.textField(body, field, true);
  }
}
