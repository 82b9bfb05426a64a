package org.linli.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.UnavailableException;
import org.linli.core.provider.Provider;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * One streaming NDJSON import: lines are read with back-pressure, parsed and stored in batches on a
 * worker, so a file of any size flows through bounded memory and the event loop only splits lines.
 * Valid lines are kept even when others are rejected; a rejected line is reported with its number,
 * id and errors. A later line repeating an id is rejected (the first wins), so a file's outcome
 * never depends on batch boundaries.
 *
 * <p>Not thread-safe: batches run one after another on an ordered worker.
 */
final class BulkImport {
  static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
  private static final int BATCH_LINES = 2_000;

  /** Reports list at most this many rejected lines; the count is always exact. */
  private static final int MAX_REPORTED = 1_000;

  private final ProviderRegistry registry;
  private final WorkerExecutor workers;

  /** The importing AGENCY's id, or null for an ADMIN (who may import anything). */
  private final String onlyAgency;

  private final Map<String, Integer> firstLineOfId = new HashMap<>();
  private final List<ObjectNode> rejected = new ArrayList<>();
  private int rejectedCount;
  private int accepted;
  private int lineNumber;
  private List<String> pending = new ArrayList<>();
  private int pendingFirstLine = 1;

  /** The last batch handed to the worker; each batch starts after the one before it completes. */
  private Future<Void> tail = Future.succeededFuture();

  /**
   * @param caller an ADMIN, or an AGENCY (then every line must be one of its own providers)
   */
  BulkImport(ProviderRegistry registry, WorkerExecutor workers, Principal caller) {
    this.registry = registry;
    this.workers = workers;
    Access.requireProviderWrite(caller, false, null, false, null);
    this.onlyAgency = caller.has(Role.ADMIN) ? null : caller.agencyId();
  }

  /** Reads the whole request; completes with the report once every batch is stored. */
  Future<ObjectNode> run(HttpServerRequest request) {
    Promise<ObjectNode> done = Promise.promise();
    RecordParser parser = RecordParser.newDelimited("\n", request).maxRecordSize(MAX_LINE_BYTES);
    parser.exceptionHandler(
        e ->
            done.tryFail(
                new InvalidInputException(
                    "",
                    "line "
                        + (lineNumber + 1)
                        + " is longer than "
                        + MAX_LINE_BYTES
                        + " bytes or could not be read")));
    parser.handler(
        line -> {
          lineNumber++;
          pending.add(line.toString(StandardCharsets.UTF_8));
          if (pending.size() >= BATCH_LINES) {
            parser.pause();
            flush().onSuccess(v -> parser.resume()).onFailure(done::tryFail);
          }
        });
    parser.endHandler(
        v -> flush().onSuccess(x -> done.tryComplete(report())).onFailure(done::tryFail));
    return done.future();
  }

  /**
   * Hands the pending lines to the worker after every earlier batch; completes when this one is
   * stored.
   */
  private Future<Void> flush() {
    List<String> lines = pending;
    int first = pendingFirstLine;
    pending = new ArrayList<>();
    pendingFirstLine = first + lines.size();
    if (!lines.isEmpty()) {
      tail =
          tail.compose(
              v ->
                  workers.executeBlocking(
                      () -> {
                        store(lines, first);
                        return null;
                      },
                      true));
    }
    return tail;
  }

  /** Parses, checks and stores one batch; runs on a worker. */
  private void store(List<String> lines, int firstLine) {
    List<Provider> valid = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int number = firstLine + i;
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      String id = null;
      try {
        com.fasterxml.jackson.databind.JsonNode node = Json.parse(text);
        if (node.path("id").isTextual()) {
          id = node.get("id").textValue();
        }
        Provider p = ProviderJson.fromRequest(node, null);
        Integer earlier = firstLineOfId.putIfAbsent(id, number);
        if (earlier != null) {
          throw new InvalidInputException(
              "id", "duplicate id \"" + id + "\", first given on line " + earlier);
        }
        valid.add(p);
      } catch (InvalidInputException e) {
        reject(number, id, e.errors());
      }
    }
    if (onlyAgency != null && !valid.isEmpty()) {
      valid = ownOnly(valid);
    }
    if (!valid.isEmpty()) {
      try {
        registry.importAll(valid);
      } catch (UnavailableException e) {
        throw new UnavailableException(
            e.code(),
            e.getMessage()
                + " The "
                + accepted
                + " valid providers before line "
                + firstLine
                + " were stored; lines from "
                + firstLine
                + " on were not. Re-sending the whole file is safe.");
      }
      accepted += valid.size();
    }
  }

  /**
   * For an AGENCY: its own providers only, neither new ones for another agency nor another
   * agency's.
   */
  private List<Provider> ownOnly(List<Provider> valid) {
    Map<String, String> stored =
        registry.agenciesOf(
            valid.stream().map(Provider::id).collect(java.util.stream.Collectors.toSet()));
    List<Provider> own = new ArrayList<>();
    for (Provider p : valid) {
      String storedAgency = stored.get(p.id());
      if (!onlyAgency.equals(p.agencyId())) {
        reject(
            firstLineOfId.get(p.id()),
            p.id(),
            List.of(
                new FieldError(
                    "agencyId",
                    "an AGENCY may only import providers with agencyId \"" + onlyAgency + "\"")));
      } else if (storedAgency != null && !onlyAgency.equals(storedAgency)) {
        reject(
            firstLineOfId.get(p.id()),
            p.id(),
            List.of(new FieldError("id", "provider \"" + p.id() + "\" belongs to another agency")));
      } else {
        own.add(p);
      }
    }
    return own;
  }

  private void reject(int line, String id, List<FieldError> errors) {
    rejectedCount++;
    if (rejected.size() >= MAX_REPORTED) {
      return;
    }
    ObjectNode r = Json.object();
    r.put("line", line);
    if (id != null) {
      r.put("id", id);
    }
    ArrayNode es = r.putArray("errors");
    errors.forEach(e -> es.addObject().put("field", e.field()).put("message", e.message()));
    rejected.add(r);
  }

  private ObjectNode report() {
    ObjectNode o = Json.object();
    o.put("accepted", accepted);
    o.put("rejectedCount", rejectedCount);
    o.putArray("rejected").addAll(rejected);
    return o;
  }

  /** The rejected lines as one error list, for an import in which nothing was accepted. */
  List<FieldError> rejectedAsErrors() {
    List<FieldError> out = new ArrayList<>();
    for (ObjectNode r : rejected) {
      String prefix = "lines[" + r.get("line").asInt() + "]";
      r.withArray("errors")
          .forEach(
              e ->
                  out.add(
                      new FieldError(e.get("field").asText(), e.get("message").asText())
                          .under(prefix)));
    }
    return out;
  }

  int accepted() {
    return accepted;
  }

  int rejectedCount() {
    return rejectedCount;
  }
}
