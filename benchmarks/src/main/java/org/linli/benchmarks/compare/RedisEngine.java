package org.linli.benchmarks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.linli.core.geo.GreatCircle;
import org.linli.core.match.Eligibility;
import org.linli.core.match.MatchRequest;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;
import redis.clients.jedis.Connection;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

/**
 * Redis GEO as a user would set it up for this: one geo set per skill holding the matchable
 * providers (active, spare capacity; kept by the writer), asked {@code GEOSEARCH … FROMLONLAT …
 * BYRADIUS … ASC COUNT k WITHDIST} on the rarest requested skill's set. Redis measures on a sphere
 * of radius 6 372 797.56 m, so the radius is scaled to the contract's sphere and the distances
 * back. What it cannot express: the provider's own service area (circle or polygon), the other
 * requested skills, languages, kinds, and an exact total; its answers are checked against the brute
 * force of what it does express ({@link Oracle#relaxed}), and the report counts how many of its
 * matches the contract's rules would refuse.
 */
final class RedisEngine implements Engine {
  /** Redis's own earth radius (geohelper.c). */
  private static final double REDIS_EARTH_RADIUS = 6_372_797.560856;

  private static final double SCALE = REDIS_EARTH_RADIUS / GreatCircle.EARTH_RADIUS_METERS;

  private final String host;
  private final int port;
  private JedisPooled redis;
  private final Map<Skill, Long> sizes = new EnumMap<>(Skill.class);
  private long baseline;

  RedisEngine(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public String semantics() {
    return "one geo set per skill of the matchable providers; not expressible: the provider's own service area,"
        + " a second or third skill, languages, kinds, the total";
  }

  @Override
  public boolean exact() {
    return false;
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public int concurrency() {
    return 16;
  }

  /** The set a request is answered from: its rarest skill. */
  Skill setFor(MatchRequest r) {
    Skill best = null;
    for (Skill s : r.skills()) {
      if (best == null || sizes.getOrDefault(s, 0L) < sizes.getOrDefault(best, 0L)) {
        best = s;
      }
    }
    return best;
  }

  @Override
  public void load(Providers providers, Path file) throws Exception {
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(32);
    config.setMaxIdle(32);
    redis = new JedisPooled(config, host, port);
    redis.flushAll();
    baseline = bytesUsed();
    providers.forEachPart(
        20_000,
        part -> {
          Map<Skill, Map<String, GeoCoordinate>> bySkill = new EnumMap<>(Skill.class);
          for (Provider p : part) {
            if (Eligibility.isMatchable(p)) {
              for (Skill s : p.skills()) {
                bySkill
                    .computeIfAbsent(s, k -> new HashMap<>())
                    .put(p.id(), new GeoCoordinate(p.location().lon(), p.location().lat()));
              }
            }
          }
          try (Pipeline pipe = redis.pipelined()) {
            bySkill.forEach((s, members) -> pipe.geoadd(key(s), members));
            pipe.sync();
          }
        });
    for (Skill s : Skill.values()) {
      sizes.put(s, redis.zcard(key(s)));
    }
  }

  private static String key(Skill s) {
    return "skill:" + s.code();
  }

  @Override
  public void write(Provider p) {
    try (Pipeline pipe = redis.pipelined()) {
      for (Skill s : Skill.values()) {
        if (Eligibility.isMatchable(p) && p.skills().contains(s)) {
          pipe.geoadd(key(s), p.location().lon(), p.location().lat(), p.id());
        } else {
          pipe.zrem(key(s), p.id());
        }
      }
      pipe.sync();
    }
  }

  @Override
  public Answer query(Workload.Query q) {
    MatchRequest r = q.request();
    List<GeoRadiusResponse> hits =
        redis.geosearch(
            key(setFor(r)),
            GeoSearchParam.geoSearchParam()
                .fromLonLat(r.location().lon(), r.location().lat())
                .byRadius(r.radiusMeters() * SCALE, GeoUnit.M)
                .asc()
                .count(r.limit())
                .withDist());
    List<String> ids = new ArrayList<>(hits.size());
    double[] d = new double[hits.size()];
    for (int i = 0; i < d.length; i++) {
      ids.add(hits.get(i).getMemberByString());
      d[i] = hits.get(i).getDistance() / SCALE;
    }
    return new Answer(ids, d, -1);
  }

  @Override
  public long bytesUsed() {
    String info = redis.info("memory");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim()) - baseline;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
