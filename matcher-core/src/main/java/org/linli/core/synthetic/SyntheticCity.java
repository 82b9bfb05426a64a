package org.linli.core.synthetic;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;

/**
 * A seeded generator of a synthetic city's providers and needs, shaped like Shenzhen: providers cluster around
 * district centres (Gaussian, a few kilometres wide) over a thin uniform background; skills follow a Zipf-like
 * spread (elder care common, veteran services rare); most providers are workers with circular service areas,
 * some projects have polygonal ones. The same seed always yields the same city. Not thread-safe.
 *
 * <p>Used for the demo data set, tests and benchmarks. It is synthetic: no real person or agency is described.
 */
public final class SyntheticCity {
  /** Centres (lat, lon) and relative weights of the clusters, near Shenzhen's district centres. */
  private static final double[][] CENTRES = {
      {22.5431, 114.0579, 10}, // Futian
      {22.5480, 114.1315, 8}, // Luohu
      {22.5329, 113.9305, 9}, // Nanshan
      {22.5553, 113.8836, 10}, // Bao'an
      {22.7210, 114.2470, 9}, // Longgang
      {22.6966, 114.0441, 8}, // Longhua
      {22.7487, 113.9360, 4}, // Guangming
      {22.6925, 114.3464, 3}, // Pingshan
      {22.5559, 114.2366, 2}, // Yantian
      {22.5935, 114.4790, 1}, // Dapeng
  };
  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
      "马", "朱", "胡", "郭", "何", "林", "罗", "梁"};
  private static final String[] GIVEN = {"芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军",
      "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晓东", "嘉欣"};
  private static final String[] PLACES = {"福田", "罗湖", "南山", "宝安", "龙岗", "龙华", "光明", "坪山", "盐田",
      "大鹏", "莲花", "华强", "蛇口", "西乡", "布吉", "民治"};
  private static final String[] PHRASES = {"上门探访", "陪同就医", "心理疏导", "个案管理", "资源链接", "小组活动",
      "社区照顾", "政策咨询", "危机干预", "康复训练", "生活照料", "家庭支持", "能力建设", "志愿者联动", "长期照护",
      "情绪支持", "助餐配送", "法律咨询", "就业指导", "学业辅导", "居家养老", "喘息服务", "哀伤辅导", "防走失"};
  private static final String[][] LANGUAGES = {{"zh"}, {"zh"}, {"zh"}, {"zh", "yue"}, {"zh", "yue"},
      {"zh", "en"}, {"zh", "hak"}, {"zh", "yue", "en"}, {"zh", "teo"}};

  private final Random random;
  private final double[] cumulativeWeights;
  private final double spreadDegrees;
  private int nextId;

  /**
   * @param seed          the seed
   * @param spreadDegrees standard deviation of a cluster in degrees (0.03 is about 3 km)
   */
  public SyntheticCity(long seed, double spreadDegrees) {
    this.random = new Random(seed);
    this.spreadDegrees = spreadDegrees;
    this.cumulativeWeights = new double[CENTRES.length];
    double sum = 0;
    for (int i = 0; i < CENTRES.length; i++) {
      sum += CENTRES[i][2];
      cumulativeWeights[i] = sum;
    }
  }

  /** A city with clusters about 3 km wide. */
  public SyntheticCity(long seed) {
    this(seed, 0.03);
  }

  /** The next {@code n} providers, with ids {@code <prefix>1, <prefix>2, …}. */
  public List<Provider> providers(int n, String prefix) {
    List<Provider> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(provider(prefix + (++nextId)));
    }
    return out;
  }

  /** One provider with this id. */
  public Provider provider(String id) {
    GeoPoint at = location();
    double k = random.nextDouble();
    ProviderKind kind = k < 0.80 ? ProviderKind.WORKER : k < 0.95 ? ProviderKind.PROJECT : ProviderKind.AGENCY;
    Set<Skill> skills = skills(kind == ProviderKind.AGENCY ? 3 + random.nextInt(4) : 1 + random.nextInt(3));
    String place = PLACES[random.nextInt(PLACES.length)];
    String name = switch (kind) {
      case WORKER -> SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
      case AGENCY -> place + "社工服务中心";
      case PROJECT -> place + skills.iterator().next().labelZh() + "项目";
    };
    StringBuilder description = new StringBuilder(place);
    for (Skill s : skills) {
      description.append(' ').append(s.labelZh());
    }
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      description.append(' ').append(PHRASES[random.nextInt(PHRASES.length)]);
    }
    double radius = switch (kind) {
      case WORKER -> 1_000 + random.nextInt(8) * 500;
      case AGENCY -> 5_000 + random.nextInt(10) * 1_000;
      case PROJECT -> 2_000 + random.nextInt(6) * 1_000;
    };
    GeoPolygon area = kind == ProviderKind.PROJECT && random.nextDouble() < 0.3 ? polygonAround(at, radius) : null;
    int capacity = kind == ProviderKind.WORKER ? 5 + random.nextInt(16) : 20 + random.nextInt(200);
    int active = random.nextInt(capacity + 1);
    ProviderStatus status = random.nextDouble() < 0.95 ? ProviderStatus.ACTIVE
        : random.nextBoolean() ? ProviderStatus.INACTIVE : ProviderStatus.SUSPENDED;
    String agency = kind == ProviderKind.WORKER ? "a" + (1 + random.nextInt(200)) : null;
    return new Provider(id, kind, name, agency, at, area == null ? radius : null, area, skills,
        description.toString(), List.of(LANGUAGES[random.nextInt(LANGUAGES.length)]),
        kind == ProviderKind.WORKER ? "SOCIAL_WORKER" : null, capacity, active, status, null, null);
  }

  /** A need somewhere in the city, as a distance-sorted request for one or two common skills. */
  public MatchRequest need(double radiusMeters, int skillCount, SortOrder sort, String text) {
    return new MatchRequest(location(), skills(skillCount), text, null, null, radiusMeters, 10, sort, false);
  }

  /** A location drawn from the clustered distribution (95 %) or uniformly over the city (5 %). */
  public GeoPoint location() {
    if (random.nextDouble() < 0.05) {
      return new GeoPoint(22.45 + random.nextDouble() * 0.35, 113.75 + random.nextDouble() * 0.75);
    }
    double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    int c = 0;
    while (cumulativeWeights[c] < u) {
      c++;
    }
    double lat = CENTRES[c][0] + random.nextGaussian() * spreadDegrees;
    double lon = CENTRES[c][1] + random.nextGaussian() * spreadDegrees;
    return new GeoPoint(Math.max(-90, Math.min(90, lat)), Math.max(-180, Math.min(180, lon)));
  }

  /** {@code n} distinct skills, drawn with Zipf-like weights 1/(rank). */
  public Set<Skill> skills(int n) {
    Skill[] all = Skill.values();
    Set<Skill> out = EnumSet.noneOf(Skill.class);
    double h = 0;
    for (int i = 1; i <= all.length; i++) {
      h += 1.0 / i;
    }
    while (out.size() < Math.min(n, all.length)) {
      double u = random.nextDouble() * h;
      int i = 0;
      double acc = 1.0;
      while (acc < u) {
        i++;
        acc += 1.0 / (i + 1);
      }
      out.add(all[Math.min(i, all.length - 1)]);
    }
    return out;
  }

  /** A star-shaped (hence valid) polygon of 6–12 vertices reaching about {@code radius} around {@code c}. */
  private GeoPolygon polygonAround(GeoPoint c, double radiusMeters) {
    int n = 6 + random.nextInt(7);
    double dLat = Math.toDegrees(radiusMeters / 6_371_008.8);
    double dLon = dLat / Math.cos(Math.toRadians(c.lat()));
    List<double[]> ring = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = 0.5 + 0.5 * random.nextDouble();
      ring.add(new double[] {c.lon() + r * dLon * Math.cos(a), c.lat() + r * dLat * Math.sin(a)});
    }
    ring.add(ring.get(0));
    return GeoPolygon.of(List.of(List.of(ring)));
  }
}
