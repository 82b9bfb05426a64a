package org.linli.server.hsds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.linli.core.error.FieldError;
import org.linli.server.json.Json;

/**
 * The HSDS 3 tabular form: one CSV per table in a zip, with a Frictionless {@code datapackage.json}
 * describing them; written from and read back into {@code organization_full} trees, so that {@link
 * HsdsImport} reads either form the same way. Also reads the older Open Referral CSV form (2014:
 * {@code organization.csv}, {@code location.csv} with {@code coordinates}, {@code service.csv}).
 * Rows that cannot be read (more fields than their header) are reported and left out. Stateless.
 */
public final class HsdsTables {
  /** The tables written, in order, each with its columns. */
  static final Map<String, List<String>> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("organizations", List.of("id", "name", "description"));
    TABLES.put(
        "services",
        List.of(
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "status",
            "minimum_age",
            "maximum_age"));
    TABLES.put(
        "locations",
        List.of("id", "location_type", "organization_id", "name", "latitude", "longitude"));
    TABLES.put("service_at_location", List.of("id", "service_id", "location_id"));
    TABLES.put("phones", List.of("id", "service_id", "number", "type", "description"));
    TABLES.put(
        "schedules",
        List.of(
            "id",
            "service_id",
            "freq",
            "byday",
            "opens_at",
            "closes_at",
            "valid_from",
            "valid_to"));
    TABLES.put(
        "addresses",
        List.of(
            "id",
            "location_id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type"));
    TABLES.put("accessibility", List.of("id", "location_id", "description"));
    TABLES.put("languages", List.of("id", "service_id", "name", "code"));
    TABLES.put("service_areas", List.of("id", "service_id", "name", "extent", "extent_type"));
    TABLES.put(
        "cost_options", List.of("id", "service_id", "option", "amount", "amount_description"));
    TABLES.put("taxonomy_terms", List.of("id", "code", "name", "description", "taxonomy"));
    TABLES.put(
        "attributes",
        List.of("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"));
  }

  /** Columns that hold numbers (written bare, read back as numbers when they parse). */
  private static final java.util.Set<String> NUMBERS =
      java.util.Set.of("latitude", "longitude", "minimum_age", "maximum_age", "amount");

  private static final CsvMapper CSV = new CsvMapper();

  /** Temporary files of a directory are the owner's alone. */
  public static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

  /** A problem with a row of a table. */
  public record RowProblem(String table, int line, FieldError error) {}

  /** Trees read from tables, and the rows that could not be read. */
  public record Read(List<ObjectNode> organizations, List<RowProblem> problems) {}

  private HsdsTables() {}

  /** The rows of each table for {@code organizations}. */
  static Map<String, List<Map<String, String>>> rows(List<ObjectNode> organizations) {
    Map<String, List<Map<String, String>>> t = new LinkedHashMap<>();
    TABLES.keySet().forEach(k -> t.put(k, new ArrayList<>()));
    Map<String, Map<String, String>> terms = new LinkedHashMap<>();
    for (ObjectNode org : organizations) {
      String orgId = HsdsImport.text(org, "id");
      t.get("organizations").add(row(org, "organizations", Map.of()));
      for (JsonNode s : org.path("services")) {
        String sid = HsdsImport.text(s, "id");
        t.get("services").add(row(s, "services", Map.of("organization_id", orgId)));
        for (JsonNode ph : s.path("phones")) {
          t.get("phones").add(row(ph, "phones", Map.of("service_id", sid)));
        }
        for (JsonNode sc : s.path("schedules")) {
          t.get("schedules").add(row(sc, "schedules", Map.of("service_id", sid)));
        }
        for (JsonNode l : s.path("languages")) {
          t.get("languages").add(row(l, "languages", Map.of("service_id", sid)));
        }
        for (JsonNode a : s.path("service_areas")) {
          t.get("service_areas").add(row(a, "service_areas", Map.of("service_id", sid)));
        }
        for (JsonNode c : s.path("cost_options")) {
          t.get("cost_options").add(row(c, "cost_options", Map.of("service_id", sid)));
        }
        for (JsonNode a : s.path("attributes")) {
          JsonNode term = a.path("taxonomy_term");
          String termId = HsdsImport.text(term, "id");
          terms.putIfAbsent(termId, row(term, "taxonomy_terms", Map.of()));
          t.get("attributes").add(row(a, "attributes", Map.of("taxonomy_term_id", termId)));
        }
        for (JsonNode sal : s.path("service_at_locations")) {
          JsonNode loc = sal.path("location");
          String lid = HsdsImport.text(loc, "id");
          t.get("locations").add(row(loc, "locations", Map.of("organization_id", orgId)));
          t.get("service_at_location")
              .add(row(sal, "service_at_location", Map.of("service_id", sid, "location_id", lid)));
          for (JsonNode a : loc.path("addresses")) {
            t.get("addresses").add(row(a, "addresses", Map.of("location_id", lid)));
          }
          for (JsonNode a : loc.path("accessibility")) {
            t.get("accessibility").add(row(a, "accessibility", Map.of("location_id", lid)));
          }
        }
      }
    }
    t.get("taxonomy_terms").addAll(terms.values());
    return t;
  }

  private static Map<String, String> row(JsonNode o, String table, Map<String, String> links) {
    Map<String, String> r = new LinkedHashMap<>();
    for (String c : TABLES.get(table)) {
      String v = links.containsKey(c) ? links.get(c) : HsdsImport.text(o, c);
      r.put(c, v == null ? "" : v);
    }
    return r;
  }

  /** Writes the zip of {@code organizations}'s tables (see {@link Writer}). */
  public static void write(List<ObjectNode> organizations, OutputStream out) throws IOException {
    try (Writer w = new Writer()) {
      for (ObjectNode o : organizations) {
        w.add(o);
      }
      w.finish(out);
    }
  }

  /**
   * Writes the tables an organization at a time, each to a temporary file of its own (so that a
   * large directory is never held in memory), then the zip: every table's CSV, header first (also
   * when empty), and {@code datapackage.json}. Entries carry no time, so the same organizations
   * give the same bytes. Not thread-safe.
   */
  public static final class Writer implements AutoCloseable {
    private final Map<String, java.nio.file.Path> files = new LinkedHashMap<>();
    private final Map<String, CsvGenerator> out = new LinkedHashMap<>();
    private final java.util.Set<String> terms = new java.util.HashSet<>();

    public Writer() throws IOException {
      for (Map.Entry<String, List<String>> t : TABLES.entrySet()) {
        java.nio.file.Path f =
            java.nio.file.Files.createTempFile("linli-hsds-", ".csv", OWNER_ONLY);
        files.put(t.getKey(), f);
        CsvGenerator g =
            CSV.getFactory()
                .createGenerator(java.nio.file.Files.newBufferedWriter(f, StandardCharsets.UTF_8));
        g.setSchema(
            com.fasterxml.jackson.dataformat.csv.CsvSchema.builder()
                .addColumns(
                    t.getValue(), com.fasterxml.jackson.dataformat.csv.CsvSchema.ColumnType.STRING)
                .setUseHeader(true)
                .build());
        out.put(t.getKey(), g);
      }
    }

    /** Adds one organization's rows. */
    public void add(ObjectNode organization) throws IOException {
      for (Map.Entry<String, List<Map<String, String>>> t :
          rows(List.of(organization)).entrySet()) {
        CsvGenerator g = out.get(t.getKey());
        for (Map<String, String> r : t.getValue()) {
          if (t.getKey().equals("taxonomy_terms") && !terms.add(r.get("id"))) {
            continue;
          }
          g.writeStartObject();
          for (String c : TABLES.get(t.getKey())) {
            g.writeStringField(c, r.get(c));
          }
          g.writeEndObject();
        }
      }
    }

    /** Writes the zip to {@code stream}. */
    public void finish(OutputStream stream) throws IOException {
      for (CsvGenerator g : out.values()) {
        g.close();
      }
      ZipOutputStream zip = new ZipOutputStream(stream, StandardCharsets.UTF_8);
      for (Map.Entry<String, java.nio.file.Path> f : files.entrySet()) {
        ZipEntry e = new ZipEntry(f.getKey() + ".csv");
        e.setTime(0);
        zip.putNextEntry(e);
        java.nio.file.Files.copy(f.getValue(), zip);
        zip.closeEntry();
      }
      ZipEntry e = new ZipEntry("datapackage.json");
      e.setTime(0);
      zip.putNextEntry(e);
      zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(datapackage()));
      zip.closeEntry();
      zip.finish();
    }

    @Override
    public void close() throws IOException {
      for (CsvGenerator g : out.values()) {
        g.close();
      }
      for (java.nio.file.Path f : files.values()) {
        java.nio.file.Files.deleteIfExists(f);
      }
    }
  }

  /** The Frictionless tabular data package that describes the tables. */
  static ObjectNode datapackage() {
    ObjectNode p = Json.object();
    p.put("profile", "tabular-data-package");
    p.put("name", "linli-hsds");
    p.put("title", "Linli providers as Open Referral HSDS 3 tables");
    ArrayNode resources = p.putArray("resources");
    TABLES.forEach(
        (table, columns) -> {
          ObjectNode r = resources.addObject();
          r.put("name", table);
          r.put("path", table + ".csv");
          r.put("profile", "tabular-data-resource");
          r.put("format", "csv");
          r.put("mediatype", "text/csv");
          r.put("encoding", "utf-8");
          ObjectNode schema = r.putObject("schema");
          ArrayNode fields = schema.putArray("fields");
          for (String c : columns) {
            fields
                .addObject()
                .put("name", c)
                .put(
                    "type",
                    NUMBERS.contains(c) ? (c.endsWith("_age") ? "integer" : "number") : "string");
          }
          if (columns.contains("id")) {
            schema.put("primaryKey", "id");
          }
        });
    return p;
  }

  /**
   * Reads a zip of tables, HSDS 3 ({@code organizations.csv}…) or the older form ({@code
   * organization.csv}…), into organization trees.
   *
   * @throws IOException when it is not a zip
   */
  public static Read read(InputStream in) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      ZipEntry e;
      long total = 0;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        name = name.substring(name.lastIndexOf('/') + 1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = zip.read(buf)) > 0) {
          total += n;
          if (total > 512L << 20) {
            throw new IOException("the tables hold more than 512 MB once unpacked");
          }
          b.write(buf, 0, n);
        }
        if (name.endsWith(".csv")) {
          files.put(name.substring(0, name.length() - 4), b.toString(StandardCharsets.UTF_8));
        }
      }
    }
    if (files.isEmpty()) {
      throw new IOException("the zip holds no .csv tables");
    }
    List<RowProblem> problems = new ArrayList<>();
    Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      tables.put(f.getKey(), parse(f.getKey(), f.getValue(), problems));
    }
    List<ObjectNode> orgs =
        tables.containsKey("organizations") || tables.containsKey("services")
            ? HsdsTrees.fromHsds3(tables)
            : HsdsTrees.fromOhana(tables, problems);
    return new Read(orgs, problems);
  }

  private static List<Map<String, String>> parse(
      String table, String text, List<RowProblem> problems) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> header = null;
    int line = 0;
    for (List<String> fields : records(text)) {
      line++;
      if (header == null) {
        header = fields;
        continue;
      }
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue;
      }
      if (fields.size() > header.size()) {
        problems.add(
            new RowProblem(
                table,
                line,
                new FieldError(
                    table + ".csv:" + line,
                    "row has "
                        + fields.size()
                        + " fields, more than its header's "
                        + header.size()
                        + ": not read")));
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        row.putIfAbsent(header.get(i), fields.get(i));
      }
      row.put("#line", Integer.toString(line));
      out.add(row);
    }
    return out;
  }

  /**
   * The records of a CSV text (RFC 4180: quoted fields may hold commas, line breaks and doubled
   * quotes), read leniently as directories in the wild need: a quote inside a quoted field that
   * neither doubles nor ends it is kept as text, as is one inside an unquoted field.
   */
  static List<List<String>> records(String text) {
    List<List<String>> out = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean atStart = true;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          char next = i + 1 < n ? text.charAt(i + 1) : ',';
          if (next == '"') {
            field.append('"');
            i++;
          } else if (next == ',' || next == '\n' || next == '\r') {
            quoted = false;
          } else {
            field.append('"'); // a stray quote: text
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && atStart) {
        quoted = true;
        atStart = false;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        atStart = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        out.add(record);
        record = new ArrayList<>();
        atStart = true;
      } else {
        field.append(c);
        atStart = false;
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      out.add(record);
    }
    return out;
  }

  static boolean isNumberColumn(String column) {
    return NUMBERS.contains(column);
  }
}
