package org.linli.ranking;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.match.ScoreBlend;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.Rating;
import org.linli.core.service.ServiceCard;
import org.linli.core.taxonomy.Skill;

/**
 * A matchable provider as the grid holds it: what a match checks and what its answer shows,
 * precomputed once per write. It keeps no {@link Provider}: the records belong to the store, and
 * the index holds only these values (a million entries are most of its heap). Immutable. Only
 * ACTIVE providers with spare capacity become entries; others can never be eligible.
 */
final class Entry implements Indexed {
  /** What a match answer shows, kept here so that rendering one touches a single object. */
  final String id;

  final String name;
  final ProviderKind kind;
  final Rating rating;
  final TextDoc text;

  /**
   * The location (WGS84 degrees), here so that building a cell's records reads this object alone.
   */
  final double lat;

  final double lon;

  /**
   * The radius of a circular service area in metres, for the exact test at its edge; NaN for a
   * polygon.
   */
  final double radiusMeters;

  /**
   * {@code cos(reach / R)} where reach is the service radius, or for a polygon {@link
   * GeoPolygon#outerRadiusMeters} (a proven upper bound on the distance to any point of it). A need
   * with a smaller dot product is out of reach; for circles this is the exact eligibility test.
   */
  final double minDot;

  /**
   * The squared chord of the same reach, {@code (2 sin(angle / 2))²}, which the hot scan compares.
   */
  final double reachChord2;

  /**
   * The squared chord within which every need is in the service area: the reach for a circle; for a
   * polygon, of {@link GeoPolygon#innerRadiusMeters} around the provider's location (0 when it is
   * outside its polygon).
   */
  final double innerChord2;

  final GeoPolygon polygon;
  final long skillMask;
  final long languageMask;

  /**
   * The languages spoken, kept only when one of them shares the overflow bit ({@link
   * MatchRun#OVERFLOW_LANGUAGE_BIT}) and so needs the exact check; null otherwise, where the mask
   * alone is exact.
   */
  final List<String> overflowLanguages;

  final double ratingFactor;
  final double capacityFactor;

  /**
   * The provider's service details in their compact form, or null when it has none: the criteria go
   * to the cold block ({@link Bucket#CRITERIA}); the hours are read only by a match with {@code
   * openAt}, and the rest only for the answer's summary.
   */
  final ServiceCard card;

  /** Whether the provider's agency is registered and NORMAL, when the entry was made. */
  final boolean verified;

  /** {@code id.hashCode()}, kept here so that comparing ids rarely needs the strings. */
  final int idHash;

  /**
   * Bit {@code id % 64} set for each of the text's term ids: which query terms it may share ({@link
   * TextQuery}).
   */
  final long termBits;

  /**
   * @param p the provider, of which the entry keeps only the values above
   * @param languageMask {@code p}'s languages as bits ({@link ProviderSearchIndex#languageMask})
   * @param rating the rating to rank and answer with
   */
  Entry(Provider p, TextDoc text, long languageMask, Rating rating, boolean verified) {
    this.verified = verified;
    this.text = text;
    this.id = p.id();
    this.name = p.name();
    this.kind = p.kind();
    this.rating = rating;
    this.lat = p.location().lat();
    this.lon = p.location().lon();
    this.polygon = p.serviceArea();
    this.radiusMeters = polygon != null ? Double.NaN : p.serviceRadiusMeters();
    double reach =
        Spherical.angle(polygon != null ? polygon.outerRadiusMeters(lat, lon) : radiusMeters);
    this.minDot = Math.cos(reach);
    this.reachChord2 = Spherical.chord2(reach);
    this.innerChord2 =
        polygon == null
            ? reachChord2
            : Spherical.chord2(Spherical.angle(polygon.innerRadiusMeters(lat, lon)));
    long mask = 0;
    for (var s : p.skills()) {
      mask |= 1L << s.ordinal();
    }
    this.skillMask = mask;
    this.skills = SKILL_SETS.computeIfAbsent(mask, Entry::decode);
    this.languageMask = languageMask;
    this.overflowLanguages =
        (languageMask & (1L << MatchRun.OVERFLOW_LANGUAGE_BIT)) != 0 ? p.languages() : null;
    this.ratingFactor = ScoreBlend.ratingFactor(rating.score());
    this.capacityFactor = ScoreBlend.capacityFactor(p.capacity(), p.activeCases());
    this.idHash = p.id().hashCode();
    this.termBits = TextQuery.termBits(text.termIds());
    this.card = ServiceCard.of(p.details());
  }

  /**
   * The skills of {@link #skillMask}, for the answer: one shared set per distinct mask (providers
   * share a few hundred combinations), so an entry keeps a reference, not a set, and an answer
   * decodes nothing.
   */
  Set<Skill> skills() {
    return skills;
  }

  private final Set<Skill> skills;

  private static final java.util.concurrent.ConcurrentHashMap<Long, Set<Skill>> SKILL_SETS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Set<Skill> decode(long mask) {
    Set<Skill> out = EnumSet.noneOf(Skill.class);
    for (Skill s : Skill.values()) {
      if ((mask & (1L << s.ordinal())) != 0) {
        out.add(s);
      }
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  String id() {
    return id;
  }

  @Override
  public TextDoc text() {
    return text;
  }

  /**
   * Whether the provider speaks one of the request's languages, given a request mask that holds the
   * overflow bit and that this entry's mask meets: a shared ordinary bit is one language for
   * certain, the overflow bit is many.
   */
  boolean speaksAny(long requestMask, List<String> requestLanguages) {
    if ((languageMask & requestMask & ~(1L << MatchRun.OVERFLOW_LANGUAGE_BIT)) != 0) {
      return true;
    }
    for (String lang : requestLanguages) {
      if (overflowLanguages.contains(lang)) {
        return true;
      }
    }
    return false;
  }
}
