package org.linli.server.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.access.Role;
import org.linli.core.accounts.Session;
import org.linli.core.accounts.User;
import org.linli.core.accounts.Users;
import org.linli.core.error.Problems;

/**
 * Accounts in and out: sessions as sign-ins answer them, accounts as those who manage them see them
 * (never a password or its hash; the phone masked), and the requests that create and change them.
 */
public final class UserJson {
  private static final Set<String> CREATE_FIELDS =
      Set.of("username", "password", "roles", "agencyId", "providerId", "regionScope", "phone");
  private static final Set<String> CHANGE_FIELDS = Set.of("roles", "disabled", "password");

  private UserJson() {}

  /** {@code {"token", "expiresAt", "user": {"id", "roles"}}}. */
  public static ObjectNode session(Session s) {
    ObjectNode o = Json.object().put("token", s.token()).put("expiresAt", s.expiresAt().toString());
    ObjectNode user = o.putObject("user").put("id", s.account().id());
    roles(user.putArray("roles"), s.account().roles());
    return o;
  }

  /** An account: id, username, roles, agency, provider, scope, disabled, masked phone, created. */
  public static ObjectNode user(User u) {
    ObjectNode o = Json.object().put("id", u.account().id()).put("username", u.username());
    roles(o.putArray("roles"), u.account().roles());
    o.put("agencyId", u.account().agencyId()).put("providerId", u.account().providerId());
    ArrayNode scope = o.putArray("regionScope");
    u.account().regionScope().forEach(scope::add);
    o.put("disabled", u.account().disabled())
        .put("phoneMasked", u.phone() == null ? null : u.phone().masked())
        .put("createdAt", u.createdAt().toString());
    return o;
  }

  /** {@code {"users": [accounts]}}. */
  public static ObjectNode users(List<User> users) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("users");
    users.forEach(u -> a.add(user(u)));
    return o;
  }

  /** A create request; 400 naming every malformed field (the flow checks the rest). */
  public static Users.NewUser newUser(byte[] body) {
    Problems p = new Problems();
    JsonInput in = JsonInput.root(Json.parse(body), p);
    in.rejectUnknown(CREATE_FIELDS);
    String username = in.string("username", true);
    String password = in.string("password", true);
    Set<Role> roles = roles(in, p);
    String agencyId = in.string("agencyId", false);
    String providerId = in.string("providerId", false);
    List<String> scope = in.strings("regionScope", 100);
    String phone = in.string("phone", false);
    p.throwIfAny();
    return new Users.NewUser(
        username,
        password,
        roles == null ? Set.of() : roles,
        agencyId,
        providerId,
        scope == null ? List.of() : scope,
        phone);
  }

  /** A change request ({@code roles}, {@code disabled}, {@code password}; each optional). */
  public static Users.Change change(byte[] body) {
    Problems p = new Problems();
    JsonInput in = JsonInput.root(Json.parse(body), p);
    in.rejectUnknown(CHANGE_FIELDS);
    Set<Role> roles = roles(in, p);
    Boolean disabled = in.bool("disabled");
    String password = in.string("password", false);
    p.throwIfAny();
    return new Users.Change(roles, disabled, password);
  }

  private static Set<Role> roles(JsonInput in, Problems p) {
    List<String> names = in.strings("roles", 5);
    if (names == null) {
      return null;
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (int i = 0; i < names.size(); i++) {
      try {
        roles.add(Role.valueOf(names.get(i)));
      } catch (IllegalArgumentException e) {
        p.add(
            in.path("roles") + "[" + i + "]",
            "one of RESIDENT, WORKER, AGENCY, STAFF, ADMIN, in capitals");
      }
    }
    return roles;
  }

  private static void roles(ArrayNode into, Set<Role> roles) {
    roles.stream().map(Enum::name).sorted().forEach(into::add);
  }
}
