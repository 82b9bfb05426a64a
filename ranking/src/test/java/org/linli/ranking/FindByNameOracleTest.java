package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.ProviderIndex.NameHit;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;

/** Finding providers by name equals a brute-force reading of the rule over random names. */
class FindByNameOracleTest {
  static final String[] PARTS = {"福田", "罗湖", "长者", "服务", "中心", "社工", "李", "王芳", "家庭", "站"};

  static Provider named(String id, String name, ProviderStatus status) {
    return new Provider(
        id,
        ProviderKind.AGENCY,
        name,
        null,
        new GeoPoint(22.54, 114.05),
        3_000.0,
        null,
        Set.of(Skill.ELDER_CARE),
        "",
        List.of("zh"),
        null,
        5,
        0,
        status,
        null,
        null);
  }

  /** The rule, read plainly: every word held (or the id equal), ranked as the contract says. */
  static List<String> oracle(List<Provider> all, String query, List<String> words, int limit) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    record H(Provider p, int rank) {}
    List<H> hits = new ArrayList<>();
    for (Provider p : all) {
      if (p.status() != ProviderStatus.ACTIVE) {
        continue;
      }
      String name = p.name().toLowerCase(Locale.ROOT);
      int rank;
      if (p.id().equals(query.strip()) || name.equals(q)) {
        rank = 0;
      } else if (name.startsWith(q)) {
        rank = 1;
      } else if (name.contains(q)) {
        rank = 2;
      } else if (words.stream().allMatch(name::contains)) {
        rank = 3;
      } else {
        continue;
      }
      hits.add(new H(p, rank));
    }
    hits.sort(
        Comparator.comparingInt(H::rank)
            .thenComparingInt((H h) -> h.p().name().length())
            .thenComparing(h -> h.p().id()));
    return hits.stream().limit(limit).map(h -> h.p().id()).toList();
  }

  @Test
  void findByName_equalsTheRuleReadPlainly() {
    Random random = new Random(7);
    ProviderSearchIndex index = new ProviderSearchIndex();
    List<Provider> all = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder name = new StringBuilder();
      for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
        name.append(PARTS[random.nextInt(PARTS.length)]);
      }
      ProviderStatus status =
          random.nextInt(10) == 0 ? ProviderStatus.SUSPENDED : ProviderStatus.ACTIVE;
      all.add(named("n" + i, name.toString(), status));
    }
    index.upsertAll(all);
    TextAnalysis analysis = new TextAnalysis();
    for (int t = 0; t < 300; t++) {
      String query =
          t % 50 == 0
              ? "n" + random.nextInt(2_000)
              : PARTS[random.nextInt(PARTS.length)]
                  + (random.nextBoolean() ? "" : " " + PARTS[random.nextInt(PARTS.length)]);
      List<String> words = new ArrayList<>();
      analysis.forEachTerm(query.strip(), w -> words.add(w.toLowerCase(Locale.ROOT)));
      if (words.isEmpty()) {
        words.add(query.strip().toLowerCase(Locale.ROOT));
      }
      int limit = 1 + random.nextInt(30);
      assertThat(index.findByName(query, limit).stream().map(NameHit::providerId).toList())
          .as(query + " limit " + limit)
          .isEqualTo(oracle(all, query, words, limit));
    }
  }

  @Test
  void aNewOrRenamedProviderIsFoundWithinASecond() throws InterruptedException {
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsert(named("a", "长者服务中心", ProviderStatus.ACTIVE));
    assertThat(index.findByName("长者", 10)).extracting(NameHit::name).containsExactly("长者服务中心");
    index.upsert(named("a", "家庭服务中心", ProviderStatus.ACTIVE));
    index.upsert(named("b", "长者饭堂", ProviderStatus.ACTIVE));
    assertThat(eventually(() -> index.findByName("长者", 10).stream().map(NameHit::name).toList()))
        .containsExactly("长者饭堂");
    index.remove("b");
    assertThat(eventually(() -> index.findByName("长者", 10))).isEmpty();
  }

  /** What {@code read} answers once it changes, within 3 s (the table is rebuilt within 1 s). */
  static <T> T eventually(java.util.function.Supplier<T> read) throws InterruptedException {
    T first = read.get();
    long deadline = System.nanoTime() + 3_000_000_000L;
    T now = first;
    while (now.equals(first) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      now = read.get();
    }
    return now;
  }
}
