package org.linli.core.agency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.linli.core.Nullable;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.NotFoundException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.Rating;

/**
 * The public lookup of registered organisations (一网通查), open to anyone: by name words or credit
 * code, district and grade; each with its registration facts, its services and its rating. It shows
 * nothing personal: no legal representative, no worker's name (workers are counted, not listed), no
 * resident. Blocking (its ports are); stateless but for them.
 */
public final class AgencyLookup {
  public static final int MAX_LIMIT = 50;

  /** What the lookup needs besides the registry (port). */
  public interface Places {
    /** The providers of an agency (its own AGENCY provider included), at most {@code limit}. */
    List<Provider> providersOf(String agencyId, int limit);

    /** The adcode of the deepest loaded region holding {@code at}, or null. */
    @Nullable
    String regionCodeAt(GeoPoint at);
  }

  /** One of an agency's services, as the public sees it. */
  public record Service(
      String providerId, ProviderKind kind, String name, @Nullable String regionCode) {}

  /**
   * An agency as the public sees it.
   *
   * @param districts the adcodes of the regions its providers are in (deepest loaded)
   * @param workers how many social workers it has (counted, never named)
   * @param rating the ratings of its providers pooled, or null when none is rated
   */
  public record Found(
      Agency agency,
      List<String> districts,
      List<Service> services,
      int workers,
      @Nullable Rating rating) {}

  private static final int PROVIDERS_READ = 2_000;

  private final AgencyStore store;
  private final Places places;

  public AgencyLookup(AgencyStore store, Places places) {
    this.store = store;
    this.places = places;
  }

  /**
   * Agencies whose name holds every word of {@code q} (or whose credit code is {@code q}), in
   * {@code district} (an adcode: one of its providers is in that region or below it) and of {@code
   * grade}, best graded first, then by name.
   */
  public List<Found> search(
      @Nullable String q, @Nullable String district, Agency.@Nullable Grade grade, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          "limit", "limit " + limit + " outside [1, " + MAX_LIMIT + "]");
    }
    String query = q == null ? "" : q.strip();
    if (query.length() > 100) {
      throw new InvalidInputException("q", "q is longer than 100 characters");
    }
    if (district != null && !district.matches("\\d{6,12}")) {
      throw new InvalidInputException(
          "district", "district must be an adcode such as 440304 (福田区)");
    }
    String code = query.toUpperCase(Locale.ROOT);
    boolean byCode = CreditCode.isValid(code);
    String[] words = query.isEmpty() ? new String[0] : query.split("[\\s,，、·]+");
    List<Agency> hits = new ArrayList<>();
    for (Agency a : store.all()) {
      if (grade != null && a.grade() != grade) {
        continue;
      }
      if (byCode ? !a.creditCode().equals(code) : !holdsAll(a.name(), words)) {
        continue;
      }
      hits.add(a);
    }
    hits.sort(
        Comparator.comparing((Agency a) -> a.grade() == null ? 9 : a.grade().ordinal())
            .thenComparing(Agency::name)
            .thenComparing(Agency::id));
    List<Found> out = new ArrayList<>();
    for (Agency a : hits) {
      Found f = found(a);
      if (district == null || f.districts().stream().anyMatch(d -> d.startsWith(district))) {
        out.add(f);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /** One agency as the public sees it. */
  public Found get(String id) {
    return found(store.get(id).orElseThrow(() -> new NotFoundException("agency " + id)));
  }

  private static boolean holdsAll(String name, String[] words) {
    for (String w : words) {
      if (!w.isEmpty() && !name.contains(w)) {
        return false;
      }
    }
    return true;
  }

  private Found found(Agency a) {
    List<Service> services = new ArrayList<>();
    java.util.Set<String> districts = new java.util.TreeSet<>();
    int workers = 0;
    long count = 0;
    double sum = 0;
    double scoreSum = 0;
    for (Provider p : places.providersOf(a.id(), PROVIDERS_READ)) {
      String region = places.regionCodeAt(p.location());
      if (region != null) {
        districts.add(region);
      }
      if (p.kind() == ProviderKind.WORKER) {
        workers++;
      } else {
        services.add(new Service(p.id(), p.kind(), p.name(), region));
      }
      Rating r = p.rating();
      if (r != null && r.average() != null && r.count() > 0) {
        count += r.count();
        sum += r.average() * r.count();
        scoreSum += r.score() * r.count();
      }
    }
    Rating pooled =
        count == 0 ? null : new Rating(sum / count, count, scoreSum / count, java.util.Map.of());
    return new Found(a, List.copyOf(districts), services, workers, pooled);
  }
}
