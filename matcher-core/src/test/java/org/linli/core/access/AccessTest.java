package org.linli.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.UnauthenticatedException;

/**
 * The access policy as a table: each rule (row) against each kind of caller (column), answering ok,
 * 401 or 403. The table is the specification; a changed rule shows as a changed cell.
 */
class AccessTest {
  static final Map<String, Principal> CALLERS = new LinkedHashMap<>();

  static {
    CALLERS.put("anon", Principal.ANONYMOUS);
    CALLERS.put("resident", new Principal("r1", Set.of(Role.RESIDENT), null, null));
    CALLERS.put("worker", new Principal("w1", Set.of(Role.WORKER), "a1", "p1"));
    CALLERS.put("agency", new Principal("ag1", Set.of(Role.AGENCY), "a1", null));
    CALLERS.put("agency2", new Principal("ag2", Set.of(Role.AGENCY), "a2", null));
    CALLERS.put("staff", new Principal("s1", Set.of(Role.STAFF), null, null));
    CALLERS.put("scoped", new Principal("s2", Set.of(Role.STAFF), null, null, List.of("440304")));
    CALLERS.put("admin", new Principal("x1", Set.of(Role.ADMIN), null, null));
  }

  static final Map<String, Consumer<Principal>> RULES = new LinkedHashMap<>();

  static {
    RULES.put("post a need", Access::requireMayPostNeed);
    RULES.put("own inbox", p -> Access.inbox(p, null));
    RULES.put("inbox of p1", p -> Access.inbox(p, "p1"));
    RULES.put("inbox of p2", p -> Access.inbox(p, "p2"));
    RULES.put("audit the ledger", p -> Access.requireLedgerAuditor(p, "verify"));
    RULES.put("export the ledger", Access::requireLedgerExporter);
    RULES.put("coverage maps", Access::requireCoverageReader);
    RULES.put("case queues", Access::requireQueueReader);
    RULES.put("import regions", Access::requireRegionAdmin);
    RULES.put("metrics", Access::requireMetricsReader);
    RULES.put("export directory", Access::requireDirectoryExporter);
    RULES.put("import directory", Access::requireDirectoryImporter);
    RULES.put("register agency", Access::requireAgencyRegistrar);
    RULES.put("contact of a1", p -> Access.requireAgencyContactEditor(p, "a1"));
    RULES.put("record of a1", p -> Access.requireAgencyReader(p, "a1"));
    RULES.put("roster of a1", p -> Access.requireRosterReader(p, "a1"));
    RULES.put("write providers", Access::requireProviderWriter);
    RULES.put("create a1's", p -> Access.requireProviderWrite(p, false, null, true, "a1"));
    RULES.put("replace a1's", p -> Access.requireProviderWrite(p, true, "a1", true, "a1"));
    RULES.put("move a1's to a2", p -> Access.requireProviderWrite(p, true, "a1", true, "a2"));
    RULES.put("delete a1's", p -> Access.requireProviderWrite(p, true, "a1", false, null));
    RULES.put("delete unowned", p -> Access.requireProviderWrite(p, true, null, false, null));
    RULES.put("sign in", p -> Access.requireSignedIn(p, "needs a token"));
  }

  static final String TABLE =
      """
      rule              anon resident worker agency agency2 staff scoped admin
      post a need       401  ok       403    403    403     ok    ok     403
      own inbox         401  403      ok     ok     ok      403   403    403
      inbox of p1       401  403      ok     ok     ok      403   403    403
      inbox of p2       401  403      403    ok     ok      403   403    403
      audit the ledger  401  403      403    403    403     ok    ok     ok
      export the ledger 401  403      403    403    403     ok    403    ok
      coverage maps     401  403      403    403    403     ok    ok     ok
      case queues       401  403      403    403    403     ok    ok     ok
      import regions    401  403      403    403    403     403   403    ok
      metrics           401  403      403    403    403     403   403    ok
      export directory  401  403      403    403    403     ok    403    ok
      import directory  401  403      403    403    403     403   403    ok
      register agency   401  403      403    403    403     ok    ok     ok
      contact of a1     401  403      403    ok     403     ok    ok     ok
      record of a1      401  404      ok     ok     404     ok    ok     ok
      roster of a1      401  403      403    ok     403     403   403    ok
      write providers   401  403      403    ok     ok      403   403    ok
      create a1's       401  403      403    ok     403     403   403    ok
      replace a1's      401  403      403    ok     403     403   403    ok
      move a1's to a2   401  403      403    403    403     403   403    ok
      delete a1's       401  403      403    ok     403     403   403    ok
      delete unowned    401  403      403    403    403     403   403    ok
      sign in           401  ok       ok     ok     ok      ok    ok     ok
      """;

  static String outcome(Consumer<Principal> rule, Principal p) {
    try {
      rule.accept(p);
      return "ok";
    } catch (UnauthenticatedException e) {
      return "401";
    } catch (ForbiddenException e) {
      return "403";
    } catch (org.linli.core.error.NotFoundException e) {
      return "404";
    }
  }

  @Test
  void everyRule_againstEveryCaller_answersAsTheTableSays() {
    List<String> lines = TABLE.lines().filter(l -> !l.isBlank()).toList();
    List<String> header = List.of(lines.get(0).trim().split("\\s+"));
    assertThat(header.subList(1, header.size())).containsExactlyElementsOf(CALLERS.keySet());
    List<String> mismatches = new ArrayList<>();
    int rows = 0;
    for (String line : lines.subList(1, lines.size())) {
      // The last cells are the answers; what comes before them names the rule.
      List<String> words = List.of(line.trim().split("\\s+"));
      int first = words.size() - CALLERS.size();
      String name = String.join(" ", words.subList(0, first));
      Consumer<Principal> rule = RULES.get(name);
      assertThat(rule).as("rule %s", name).isNotNull();
      rows++;
      int i = first;
      for (Map.Entry<String, Principal> caller : CALLERS.entrySet()) {
        String want = words.get(i++);
        String got = outcome(rule, caller.getValue());
        if (!want.equals(got)) {
          mismatches.add(
              name + " × " + caller.getKey() + ": table says " + want + ", the policy " + got);
        }
      }
    }
    assertThat(rows).isEqualTo(RULES.size());
    assertThat(mismatches).isEmpty();
  }
}
