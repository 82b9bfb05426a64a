package org.linli.server.http;

import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.linli.core.access.Access;
import org.linli.core.error.FieldError;
import org.linli.core.error.InvalidInputException;
import org.linli.core.intake.NeedIntake;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.hsds.HsdsExport;
import org.linli.server.hsds.HsdsImport;
import org.linli.server.hsds.HsdsTables;
import org.linli.server.json.Json;

/**
 * {@code /api/v1/hsds}: the directory as Open Referral HSDS 3, out ({@code export}: JSON or the
 * tabular zip) and in ({@code import}: either).
 */
final class HsdsRoutes {
  /** The largest directory file an import takes. */
  static final long IMPORT_LIMIT = 256L << 20;

  private final ProviderRegistry registry;
  private final NeedIntake intake;
  private final Uploads uploads;
  private final WorkerExecutor workers;

  HsdsRoutes(
      ProviderRegistry registry, NeedIntake intake, Uploads uploads, WorkerExecutor workers) {
    this.registry = registry;
    this.intake = intake;
    this.uploads = uploads;
    this.workers = workers;
  }

  /**
   * {@code GET /api/v1/hsds/export[?format=json|zip]}: written to a temporary file on a worker (an
   * organization at a time), then sent.
   */
  void export(RoutingContext ctx) {
    Access.requireDirectoryExporter(caller(ctx));
    String format = ctx.queryParams().get("format");
    boolean zip = "zip".equals(format);
    if (format != null && !zip && !"json".equals(format)) {
      throw new InvalidInputException("format", "format \"" + format + "\" is not json or zip");
    }
    workers
        .executeBlocking(() -> write(zip), false)
        .onSuccess(
            file ->
                ctx.response()
                    .putHeader("Content-Type", zip ? "application/zip" : "application/json")
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"linli-hsds." + (zip ? "zip" : "json") + "\"")
                    .sendFile(file.toString())
                    .onComplete(done -> delete(file)))
        .onFailure(ctx::fail);
  }

  private Path write(boolean zip) throws IOException {
    Path file =
        Files.createTempFile("linli-hsds-export-", zip ? ".zip" : ".json", HsdsTables.OWNER_ONLY);
    try (OutputStream out = Files.newOutputStream(file)) {
      if (zip) {
        try (HsdsTables.Writer w = new HsdsTables.Writer()) {
          forEachOrganization(w::add);
          w.finish(out);
        }
      } else {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
          g.writeStartArray();
          forEachOrganization(o -> Json.MAPPER.writeTree(g, o));
          g.writeEndArray();
        }
      }
      return file;
    } catch (IOException | RuntimeException e) {
      delete(file);
      throw e;
    }
  }

  private interface OrganizationSink {
    void accept(ObjectNode organization) throws IOException;
  }

  /** Every agency's organization, in agency order, each read in pages. */
  private void forEachOrganization(OrganizationSink sink) throws IOException {
    List<String[]> order = registry.byAgency();
    int i = 0;
    while (i < order.size()) {
      String agency = order.get(i)[0];
      List<String> ids = new ArrayList<>();
      while (i < order.size() && order.get(i)[0].equals(agency)) {
        ids.add(order.get(i++)[1]);
      }
      List<Provider> providers = new ArrayList<>(ids.size());
      for (int p = 0; p < ids.size(); p += 2_000) {
        List<String> page = ids.subList(p, Math.min(ids.size(), p + 2_000));
        Map<String, Provider> loaded = registry.load(page);
        page.stream().map(loaded::get).filter(x -> x != null).forEach(providers::add);
      }
      // The agency's own provider names it; it is usually one of its members, already read.
      Provider self =
          agency.isEmpty()
              ? null
              : providers.stream()
                  .filter(p -> p.id().equals(agency))
                  .findFirst()
                  .orElseGet(() -> registry.load(List.of(agency)).get(agency));
      sink.accept(HsdsExport.organization(agency.isEmpty() ? null : agency, self, providers));
    }
  }

  /**
   * {@code POST /api/v1/hsds/import[?skill=CODE]} ({@code application/json} or {@code
   * application/zip}): received into a file, read on a worker, stored in batches; answers what was
   * kept and every row refused, with its reasons.
   */
  void importDirectory(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type"));
    boolean zip = type.startsWith("application/zip");
    Skill fallback = null;
    String code = ctx.queryParams().get("skill");
    if (code != null) {
      fallback =
          Skill.fromCode(code)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "skill",
                          "unknown skill \""
                              + code
                              + "\"; the codes are listed at GET /api/v1/taxonomy"));
    }
    Skill defaultSkill = fallback;
    uploads
        .receive(ctx.request(), IMPORT_LIMIT)
        .compose(
            received ->
                workers
                    .executeBlocking(() -> importFile(received.file(), zip, defaultSkill), false)
                    .onComplete(done -> received.close()))
        .onSuccess(report -> json(ctx, 200, report))
        .onFailure(ctx::fail);
  }

  private ObjectNode importFile(Path file, boolean zip, Skill defaultSkill) throws IOException {
    List<HsdsTables.RowProblem> unread = List.of();
    HsdsImport.Result result;
    HsdsImport reader = new HsdsImport(intake, defaultSkill);
    if (zip) {
      HsdsTables.Read tables;
      try (InputStream in = Files.newInputStream(file)) {
        tables = HsdsTables.read(in);
      } catch (IOException e) {
        throw new InvalidInputException(
            "", "the body is not a zip of CSV tables: " + e.getMessage());
      }
      unread = tables.problems();
      result = reader.read(Json.MAPPER.valueToTree(tables.organizations()));
    } else {
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(file.toFile());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new InvalidInputException("", "the body is not JSON: " + e.getOriginalMessage());
      }
      if (root == null) {
        throw new InvalidInputException("", "the body is empty; send HSDS organizations");
      }
      result = reader.read(root);
    }
    List<Provider> kept = result.providers();
    for (int i = 0; i < kept.size(); i += 2_000) {
      registry.importAll(kept.subList(i, Math.min(kept.size(), i + 2_000)));
    }
    ObjectNode report = Json.object();
    report.put("organizations", result.organizations());
    report.put("accepted", kept.size());
    ArrayNode rejected = report.putArray("rejected");
    for (HsdsImport.Rejected r : result.rejected()) {
      ObjectNode o = rejected.addObject();
      if (r.id() != null) {
        o.put("id", r.id());
      }
      if (r.organization() != null) {
        o.put("organization", r.organization());
      }
      errors(o, r.errors());
    }
    for (HsdsTables.RowProblem p : unread) {
      ObjectNode o = rejected.addObject().put("table", p.table()).put("line", p.line());
      errors(o, List.of(p.error()));
    }
    return report;
  }

  private static void errors(ObjectNode o, List<FieldError> errors) {
    ArrayNode a = o.putArray("errors");
    errors.forEach(e -> a.addObject().put("field", e.field()).put("message", e.message()));
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
