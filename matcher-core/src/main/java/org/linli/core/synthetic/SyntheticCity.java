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
 * A seeded generator of synthetic providers and needs, for one city shaped like Shenzhen or
 * nationwide: providers cluster around centres (Gaussian) over a thin uniform background; skills
 * follow a Zipf-like spread (elder care common, veteran services rare); most providers are workers
 * with circular service areas, some projects have polygonal ones. The same seed always yields the
 * same city. Not thread-safe.
 *
 * <p>Used for the demo data set, tests and benchmarks. It is synthetic: no real person or agency is
 * described.
 */
public final class SyntheticCity {
  /** Centres (lat, lon), and relative weights of the clusters: Shenzhen's districts. */
  private static final double[][] SHENZHEN = {
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

  /**
   * China's largest cities (approximate centre, urban population in millions): a nationwide
   * provider base is spread like the population, so that a city holds a realistic share of it.
   */
  private static final double[][] CHINA = {
    {31.230, 121.474, 24.9},
    {39.904, 116.407, 21.9},
    {29.563, 106.551, 16.0},
    {23.129, 113.264, 18.7},
    {22.543, 114.058, 17.6},
    {30.573, 104.066, 16.0},
    {39.343, 117.362, 13.9},
    {30.593, 114.305, 12.3},
    {34.341, 108.940, 12.9},
    {30.274, 120.155, 12.2},
    {23.021, 113.752, 10.5},
    {23.022, 113.122, 9.5},
    {32.060, 118.797, 9.3},
    {41.806, 123.432, 9.1},
    {36.067, 120.383, 10.0},
    {34.747, 113.625, 12.6},
    {28.228, 112.939, 10.0},
    {45.803, 126.535, 10.0},
    {31.299, 120.585, 12.7},
    {25.038, 102.718, 8.5},
    {38.914, 121.615, 7.5},
    {36.651, 117.120, 9.2},
    {31.821, 117.227, 9.4},
    {24.480, 118.089, 5.2},
    {26.074, 119.296, 8.3},
    {22.817, 108.366, 8.7},
    {38.042, 114.515, 11.0},
    {43.817, 125.324, 9.0},
    {28.682, 115.858, 6.3},
    {26.647, 106.630, 6.0},
    {37.871, 112.549, 5.3},
    {43.825, 87.617, 4.0},
    {36.061, 103.834, 4.4},
    {40.842, 111.749, 3.4},
    {29.868, 121.544, 9.4},
    {28.000, 120.672, 9.6},
  };

  private static final String[] SURNAMES = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "梁"
  };
  private static final String[] GIVEN = {
    "芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "晓东", "嘉欣"
  };
  private static final String[] PLACES = {
    "福田", "罗湖", "南山", "宝安", "龙岗", "龙华", "光明", "坪山", "盐田", "大鹏", "莲花", "华强", "蛇口", "西乡", "布吉", "民治"
  };
  private static final String[] PHRASES = {
    "上门探访", "陪同就医", "心理疏导", "个案管理", "资源链接", "小组活动", "社区照顾", "政策咨询", "危机干预", "康复训练", "生活照料", "家庭支持",
    "能力建设", "志愿者联动", "长期照护", "情绪支持", "助餐配送", "法律咨询", "就业指导", "学业辅导", "居家养老", "喘息服务", "哀伤辅导", "防走失"
  };
  private static final String[][] LANGUAGES = {
    {"zh"},
    {"zh"},
    {"zh"},
    {"zh", "yue"},
    {"zh", "yue"},
    {"zh", "en"},
    {"zh", "hak"},
    {"zh", "yue", "en"},
    {"zh", "teo"}
  };

  private final Random random;
  private final double[][] centres;
  private final double[] cumulativeWeights;
  private final double spreadDegrees;

  /** south, west, height, width of the uniform background (degrees). */
  private final double[] background;

  /** Share of locations drawn uniformly over the background rather than around a centre. */
  private final double backgroundShare;

  private int nextId;

  private SyntheticCity(long seed, double[][] centres, double spreadDegrees, double[] background) {
    this(seed, centres, spreadDegrees, background, 0.05);
  }

  private SyntheticCity(
      long seed,
      double[][] centres,
      double spreadDegrees,
      double[] background,
      double backgroundShare) {
    this.backgroundShare = backgroundShare;
    this.random = new Random(seed);
    this.centres = centres;
    this.spreadDegrees = spreadDegrees;
    this.background = background;
    this.cumulativeWeights = new double[centres.length];
    double sum = 0;
    for (int i = 0; i < centres.length; i++) {
      sum += centres[i][2];
      cumulativeWeights[i] = sum;
    }
  }

  /**
   * Shenzhen alone: clusters around its district centres.
   *
   * @param seed the seed
   * @param spreadDegrees standard deviation of a cluster in degrees (0.03 is about 3 km)
   */
  public SyntheticCity(long seed, double spreadDegrees) {
    this(seed, SHENZHEN, spreadDegrees, new double[] {22.45, 113.75, 0.35, 0.75});
  }

  /** The cluster centres as {lat, lon, weight} rows (a copy). */
  public double[][] centres() {
    double[][] out = new double[centres.length][];
    for (int i = 0; i < centres.length; i++) {
      out[i] = centres[i].clone();
    }
    return out;
  }

  /** The area of the uniform background: {minLat, minLon, latSpan, lonSpan} (a copy). */
  public double[] backgroundBox() {
    return background.clone();
  }

  /** Shenzhen with clusters about 3 km wide. */
  public SyntheticCity(long seed) {
    this(seed, 0.03);
  }

  /**
   * A nationwide base: 36 large cities weighted by population, each spread over a Gaussian whose
   * width grows with the square root of its population (about 9 km for Shenzhen), over a thin
   * background across eastern China. This is how a national registry of social workers is
   * distributed.
   */
  public static SyntheticCity nationwide(long seed) {
    return new SyntheticCity(seed, CHINA, -1, new double[] {20, 100, 25, 25});
  }

  /**
   * The control for {@link #nationwide}: the same providers and needs, but every location uniform
   * over its background box (eastern China), so that density no longer varies.
   */
  public static SyntheticCity uniform(long seed) {
    return new SyntheticCity(seed, CHINA, -1, new double[] {20, 100, 25, 25}, 1.0);
  }

  /** The next {@code n} providers, with ids {@code <prefix>1, <prefix>2, …}. */
  public List<Provider> providers(int n, String prefix) {
    List<Provider> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nextId++;
      out.add(provider(prefix + nextId));
    }
    return out;
  }

  /** One provider with this id. */
  public Provider provider(String id) {
    GeoPoint at = location();
    double k = random.nextDouble();
    ProviderKind kind =
        k < 0.80 ? ProviderKind.WORKER : k < 0.95 ? ProviderKind.PROJECT : ProviderKind.AGENCY;
    Set<Skill> skills =
        skills(kind == ProviderKind.AGENCY ? 3 + random.nextInt(4) : 1 + random.nextInt(3));
    String place = PLACES[random.nextInt(PLACES.length)];
    String name =
        switch (kind) {
          case WORKER ->
              SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
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
    double radius =
        switch (kind) {
          case WORKER -> 1_000 + random.nextInt(8) * 500;
          case AGENCY -> 5_000 + random.nextInt(10) * 1_000;
          case PROJECT -> 2_000 + random.nextInt(6) * 1_000;
        };
    GeoPolygon area =
        kind == ProviderKind.PROJECT && random.nextDouble() < 0.3
            ? polygonAround(at, radius)
            : null;
    int capacity = kind == ProviderKind.WORKER ? 5 + random.nextInt(16) : 20 + random.nextInt(200);
    int active = random.nextInt(capacity + 1);
    ProviderStatus status =
        random.nextDouble() < 0.95
            ? ProviderStatus.ACTIVE
            : random.nextBoolean() ? ProviderStatus.INACTIVE : ProviderStatus.SUSPENDED;
    String agency = kind == ProviderKind.WORKER ? "a" + (1 + random.nextInt(200)) : null;
    return new Provider(
        id,
        kind,
        name,
        agency,
        at,
        area == null ? radius : null,
        area,
        skills,
        description.toString(),
        List.of(LANGUAGES[random.nextInt(LANGUAGES.length)]),
        kind == ProviderKind.WORKER ? "SOCIAL_WORKER" : null,
        capacity,
        active,
        status,
        null,
        null);
  }

  /** A need drawn from the same distribution as the providers, for {@code skillCount} skills. */
  public MatchRequest need(double radiusMeters, int skillCount, SortOrder sort, String text) {
    return new MatchRequest(
        location(), skills(skillCount), text, Set.of(), List.of(), radiusMeters, 10, sort, false);
  }

  /** A location drawn from the clustered distribution (95 %) or uniformly over the city (5 %). */
  public GeoPoint location() {
    if (random.nextDouble() < backgroundShare) {
      return new GeoPoint(
          background[0] + random.nextDouble() * background[2],
          background[1] + random.nextDouble() * background[3]);
    }
    double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    int c = 0;
    while (cumulativeWeights[c] < u) {
      c++;
    }
    double spread = spreadDegrees > 0 ? spreadDegrees : 0.02 * Math.sqrt(centres[c][2]);
    double lat = centres[c][0] + random.nextGaussian() * spread;
    double lon = centres[c][1] + random.nextGaussian() * spread;
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

  /**
   * A star-shaped (hence valid) polygon of 6–12 vertices reaching about {@code radius} around
   * {@code c}.
   */
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
