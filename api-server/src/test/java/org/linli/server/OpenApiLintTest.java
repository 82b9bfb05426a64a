package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract is precise enough to generate clients from: Redocly CLI's recommended rules pass
 * (operation ids, security on every operation, servers, 4xx answers …), and every operation names
 * its id and its security. Redocly is installed by {@code .ci/run} ({@code npm ci} in {@code
 * src/test/openapi-lint}); without it the lint is skipped with a message, the structural checks
 * still run.
 */
class OpenApiLintTest {
  static final Path LINT = Path.of("src/test/openapi-lint");

  @Test
  void everyOperation_hasAUniqueId_security_andAProblemForEveryClientError() {
    io.vertx.core.json.JsonObject doc = ContractCheck.load();
    assertThat(doc.getJsonArray("servers")).isNotEmpty();
    Set<String> ids = new HashSet<>();
    for (String op : ContractCheck.INSTANCE.operations()) {
      String[] mp = op.split(" ", 2);
      io.vertx.core.json.JsonObject o =
          doc.getJsonObject("paths").getJsonObject(mp[1]).getJsonObject(mp[0].toLowerCase());
      assertThat(o.getString("operationId")).as(op).isNotBlank();
      assertThat(ids.add(o.getString("operationId"))).as("unique id of " + op).isTrue();
      assertThat(o.getJsonArray("security")).as("security of " + op).isNotNull();
      assertThat(o.getJsonObject("responses").fieldNames()).as(op).contains("414", "431");
    }
    assertThat(ids).hasSize(61);
  }

  @Test
  void redoclyRecommendedRules_pass() throws Exception {
    Path redocly = LINT.resolve("node_modules/.bin/redocly");
    NpmTools.require("Redocly CLI", "src/test/openapi-lint", redocly);
    Process p =
        new ProcessBuilder(
                redocly.toString(),
                "lint",
                "src/main/resources/openapi.json",
                "--config",
                "src/test/openapi-lint/redocly.yaml",
                "--format=stylish")
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String report = new String(out, StandardCharsets.UTF_8);
    List<String> findings =
        report
            .lines()
            .filter(
                l ->
                    l.matches(".*\\b(error|warning)\\b.*")
                        && !l.contains("Deprecation warning")
                        && !l.contains("Node.js"))
            .toList();
    assertThat(findings).as(report).isEmpty();
    assertThat(p.exitValue()).as(report).isZero();
  }
}
