package org.linli.benchmarks.compare;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linli.core.match.MatchRequest;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;
import org.linli.server.json.MatchJson;
import org.linli.server.json.ProviderJson;

/**
 * The data and queries every engine reads, written once as files in the API's own JSON shapes:
 * {@code providers.ndjson} (the bulk-import body), {@code queries-target.ndjson} (the issue's
 * target: 5 km, one skill, top 10, by distance) and {@code queries-mixed.ndjson} (1–10 km, one to
 * three skills, a language filter on a fifth, free text on half, still by distance). Both sets are
 * drawn from the same distribution as the providers, by a seeded generator, so a size and a seed
 * always give the same files.
 */
public final class Workload {
  public static final String PROVIDERS = "providers.ndjson";
  public static final String TARGET = "queries-target.ndjson";
  public static final String MIXED = "queries-mixed.ndjson";

  private static final String[] TEXTS = {
    "需要陪同老人去医院复诊", "孩子放学后无人照看，需要课业辅导", "情绪低落，想找人聊聊", "残疾人康复训练", "法律咨询 讨薪"
  };
  private static final String[] LANGUAGES = {"yue", "en", "hak", "teo"};

  /** A query as its JSON line (what goes over HTTP) and as the request it reads as. */
  public record Query(String json, MatchRequest request) {}

  /** Where the files are and what they hold. */
  public record DataSet(Path dir, int providers, long seed, boolean uniform) {
    public Path providersFile() {
      return dir.resolve(PROVIDERS);
    }
  }

  private Workload() {}

  /**
   * Writes the files into {@code dir} unless they are there already (same size, seed and shape).
   */
  public static DataSet write(Path dir, int providers, int queries, long seed, boolean uniform)
      throws IOException {
    Files.createDirectories(dir);
    Path stamp = dir.resolve("workload.txt");
    String description =
        "providers="
            + providers
            + " queries="
            + queries
            + " seed="
            + seed
            + " distribution="
            + (uniform ? "uniform" : "clustered")
            + "\n";
    if (Files.exists(stamp) && Files.readString(stamp).equals(description)) {
      return new DataSet(dir, providers, seed, uniform);
    }
    SyntheticCity city = uniform ? SyntheticCity.uniform(seed) : SyntheticCity.nationwide(seed);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve(PROVIDERS), StandardCharsets.UTF_8)) {
      for (int done = 0; done < providers; done += 50_000) {
        for (Provider p : city.providers(Math.min(50_000, providers - done), "p")) {
          ObjectNode o = ProviderJson.write(p, BayesianPrior.DEFAULT);
          o.remove("rating");
          w.write(Json.write(o));
          w.write('\n');
        }
      }
    }
    SyntheticCity needs =
        uniform ? SyntheticCity.uniform(seed + 1) : SyntheticCity.nationwide(seed + 1);
    Random random = new Random(seed + 2);
    try (BufferedWriter target =
            Files.newBufferedWriter(dir.resolve(TARGET), StandardCharsets.UTF_8);
        BufferedWriter mixed =
            Files.newBufferedWriter(dir.resolve(MIXED), StandardCharsets.UTF_8)) {
      for (int i = 0; i < queries; i++) {
        MatchRequest t = needs.need(5_000, 1, org.linli.core.match.SortOrder.DISTANCE, "");
        target.write(
            json(
                t.location().lat(),
                t.location().lon(),
                5_000,
                t.skills().stream().toList(),
                null,
                null));
        target.write('\n');
        MatchRequest m =
            needs.need(
                new double[] {1_000, 2_000, 5_000, 10_000}[random.nextInt(4)],
                1 + random.nextInt(3),
                org.linli.core.match.SortOrder.DISTANCE,
                "");
        String language =
            random.nextInt(5) == 0 ? LANGUAGES[random.nextInt(LANGUAGES.length)] : null;
        String text = random.nextBoolean() ? TEXTS[random.nextInt(TEXTS.length)] : null;
        mixed.write(
            json(
                m.location().lat(),
                m.location().lon(),
                m.radiusMeters(),
                m.skills().stream().toList(),
                language,
                text));
        mixed.write('\n');
      }
    }
    Files.writeString(stamp, description);
    return new DataSet(dir, providers, seed, uniform);
  }

  private static String json(
      double lat, double lon, double radius, List<Skill> skills, String language, String text) {
    ObjectNode o = Json.object();
    o.putObject("location").put("lat", lat).put("lon", lon);
    o.put("radiusMeters", radius);
    ArrayNode s = o.putArray("skills");
    skills.forEach(k -> s.add(k.code()));
    if (language != null) {
      o.putArray("languages").add(language);
    }
    if (text != null) {
      o.put("text", text);
    }
    o.put("sort", "distance");
    o.put("limit", 10);
    return Json.write(o);
  }

  /** Reads the providers back through the API's own strict reader. */
  public static List<Provider> providers(Path file) throws IOException {
    List<Provider> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(provider(line));
      }
    }
    return out;
  }

  /** One line of the providers file, read through the API's own strict reader. */
  static Provider provider(String line) {
    return ProviderJson.fromRequest(Json.parse(line), null);
  }

  /**
   * The same queries ranked by score instead of distance: each JSON document with its {@code sort}
   * set to {@code score}, read again through the API's reader.
   */
  public static List<Query> byScore(List<Query> queries) {
    List<Query> out = new ArrayList<>();
    for (Query q : queries) {
      ObjectNode o = (ObjectNode) Json.parse(q.json());
      o.put("sort", "score");
      String json = Json.write(o);
      out.add(new Query(json, MatchJson.fromRequest(Json.parse(json))));
    }
    return out;
  }

  /** Reads a query file. */
  public static List<Query> queries(Path file) throws IOException {
    List<Query> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(new Query(line, MatchJson.fromRequest(Json.parse(line))));
    }
    return out;
  }
}
