package org.linli.server;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks an answer against {@code openapi.json} (the document the server serves): the operation for
 * the method and path must document the status, and a JSON body must validate against the schema of
 * its media type (JSON Schema 2020-12). The API tests run every answer they receive through it, so
 * the contract cannot drift from the code. Thread-safe.
 */
final class ContractCheck {
  private static final String BASE = "https://linli.org/openapi.json";
  static final ContractCheck INSTANCE = new ContractCheck(load());

  private final JsonObject doc;
  private final SchemaRepository repository;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  private record Route(Pattern path, String template) {}

  ContractCheck(JsonObject doc) {
    this.doc = doc;
    JsonSchemaOptions options =
        new JsonSchemaOptions()
            .setDraft(Draft.DRAFT202012)
            .setBaseUri(BASE)
            .setOutputFormat(OutputFormat.Basic);
    this.repository = SchemaRepository.create(options);
    repository.dereference(BASE, JsonSchema.of(doc.copy())); // it marks what it reads
    for (String template : doc.getJsonObject("paths").fieldNames()) {
      String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      routes.add(new Route(Pattern.compile(regex), template));
    }
    // Literal paths before templated ones: /providers/bulk is not /providers/{id}.
    routes.sort((a, b) -> Boolean.compare(a.template().contains("{"), b.template().contains("{")));
  }

  static JsonObject load() {
    try (InputStream in = ContractCheck.class.getResourceAsStream("/openapi.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why the answer breaks the contract, or null when it keeps it (or the path is no API operation:
   * pages, static files).
   */
  String violation(String method, String path, int status, String contentType, String body) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String template = null;
    for (Route r : routes) {
      if (r.path().matcher(bare).matches()) {
        template = r.template();
        break;
      }
    }
    if (template == null) {
      return null;
    }
    JsonObject operation =
        doc.getJsonObject("paths").getJsonObject(template).getJsonObject(method.toLowerCase());
    if (operation == null) {
      return status == 405
          ? null
          : method + " " + template + " is not in the contract, but answered " + status;
    }
    JsonObject responses = operation.getJsonObject("responses");
    String key =
        responses.containsKey(Integer.toString(status))
            ? Integer.toString(status)
            : responses.containsKey(status / 100 + "XX")
                ? status / 100 + "XX"
                : responses.containsKey("default") ? "default" : null;
    String where = method + " " + template + " → " + status;
    if (key == null) {
      return where + " is not documented (it documents " + responses.fieldNames() + ")";
    }
    JsonObject response = resolve(responses.getJsonObject(key));
    String mediaType =
        contentType == null || contentType.isEmpty()
            ? null
            : contentType.split(";")[0].trim().toLowerCase();
    JsonObject content = response.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      return body == null || body.isEmpty()
          ? null
          : where + " documents no body, but one came (" + mediaType + ")";
    }
    if (mediaType == null) {
      return body == null || body.isEmpty() ? where + " documents a body, but none came" : null;
    }
    if (!content.containsKey(mediaType)) {
      return where + " documents " + content.fieldNames() + ", not " + mediaType;
    }
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      return null; // NDJSON, CSV, event streams, Prometheus text: their lines are not one JSON
      // document
    }
    String pointer =
        "/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + key;
    if (responses.getJsonObject(key).containsKey("$ref")) {
      pointer = responses.getJsonObject(key).getString("$ref").substring(1);
    }
    pointer += "/content/" + escape(mediaType) + "/schema";
    Object instance;
    try {
      instance = io.vertx.core.json.Json.decodeValue(body);
    } catch (RuntimeException e) {
      return where + ": the body is not JSON: " + e.getMessage();
    }
    OutputUnit result =
        validators
            .computeIfAbsent(
                pointer,
                p ->
                    repository.validator(
                        JsonSchema.of(new JsonObject().put("$ref", BASE + "#" + p)),
                        new JsonSchemaOptions()
                            .setDraft(Draft.DRAFT202012)
                            .setBaseUri(BASE)
                            .setOutputFormat(OutputFormat.Basic)))
            .validate(instance);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    StringBuilder why = new StringBuilder(where).append(" breaks its schema:");
    List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
    errors.stream()
        .limit(5)
        .forEach(
            e ->
                why.append("\n  ")
                    .append(e.getInstanceLocation())
                    .append(": ")
                    .append(e.getError())
                    .append(" (")
                    .append(e.getKeywordLocation())
                    .append(")"));
    why.append("\n  body: ").append(body.length() > 600 ? body.substring(0, 600) + "…" : body);
    return why.toString();
  }

  private JsonObject resolve(JsonObject maybeRef) {
    if (!maybeRef.containsKey("$ref")) {
      return maybeRef;
    }
    Object target = doc;
    for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
      target = ((JsonObject) target).getValue(part.replace("~1", "/").replace("~0", "~"));
    }
    return (JsonObject) target;
  }

  /**
   * A JSON pointer segment, as the schema repository names it (braces percent-encoded, as in a
   * URI).
   */
  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
  }

  /**
   * Fails unless the answer keeps the contract; with {@code -Dlinli.contract.collect=FILE} it
   * appends the violation to FILE instead (to list them all in one run).
   */
  void require(String method, String path, int status, String contentType, String body) {
    String why = violation(method, path, status, contentType, body);
    if (why == null) {
      return;
    }
    String collect = System.getProperty("linli.contract.collect");
    if (collect != null) {
      try {
        java.nio.file.Files.writeString(
            java.nio.file.Path.of(collect),
            why + "\n",
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    throw new AssertionError("The answer breaks openapi.json: " + why);
  }

  /** Every operation of the contract, as {@code METHOD /path}. */
  List<String> operations() {
    List<String> out = new ArrayList<>();
    doc.getJsonObject("paths")
        .forEach(
            p ->
                ((JsonObject) p.getValue())
                    .fieldNames()
                    .forEach(
                        m -> {
                          if (List.of("get", "put", "post", "delete", "patch").contains(m)) {
                            out.add(m.toUpperCase() + " " + p.getKey());
                          }
                        }));
    return out;
  }
}
