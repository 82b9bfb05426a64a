package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linli.core.cases.Reservations;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.Rating;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.synthetic.SyntheticServices;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * The stored form of a provider: it round-trips, reads what earlier versions stored, and refuses
 * newer ones.
 */
class ProviderCodecTest {
  static final Map<Dimension, Double> DIMS =
      new EnumMap<>(
          Map.of(
              Dimension.TIMELINESS,
              4.5,
              Dimension.PROFESSIONALISM,
              4.0,
              Dimension.ATTITUDE,
              5.0,
              Dimension.OUTCOME,
              3.5));

  /** Providers of every kind and shape (circles, polygons, with and without agency), some rated. */
  static List<Provider> providers() {
    Random random = new Random(11);
    List<Provider> out = new ArrayList<>();
    for (Provider p : new SyntheticCity(23, 0.3).providers(400, "cd")) {
      Provider q =
          p.withUpdatedAt(Instant.ofEpochMilli(1_765_000_000_000L + random.nextInt(1_000_000)));
      if (random.nextBoolean()) {
        q =
            q.withRating(
                new Rating(
                    1 + random.nextInt(400) / 100.0,
                    1 + random.nextInt(50),
                    1 + random.nextInt(400) / 100.0,
                    random.nextBoolean() ? DIMS : Map.of()));
      }
      out.add(q);
    }
    return out;
  }

  static Reservations holds(Provider p, Random random) {
    List<Reservations.Hold> holds = new ArrayList<>();
    int n = random.nextInt(3);
    for (int i = 0; i < n; i++) {
      holds.add(new Reservations.Hold("c-" + p.id() + "-" + i, "t" + i, 1_765_000_000_000L + i));
    }
    return new Reservations(holds.size() + random.nextInt(3), holds);
  }

  @Test
  void everyProvider_roundTrips_withItsHolds() {
    Random random = new Random(5);
    List<Provider> all = providers();
    assertThat(all)
        .anyMatch(p -> p.serviceArea() != null)
        .anyMatch(p -> p.agencyId() == null)
        .anyMatch(p -> p.rating() != null);
    for (Provider p : all) {
      Reservations r = holds(p, random);
      ProviderCodec.Stored back = ProviderCodec.decode(ProviderCodec.encode(p, r));
      assertThat(back.reservations()).isEqualTo(r);
      assertThat(back.provider()).isEqualTo(p.withActiveCases(r.activeCases()));
      assertThat(ProviderCodec.agencyIdOf(ProviderCodec.encode(p, r))).isEqualTo(p.agencyId());
    }
  }

  @Test
  void serviceDetails_roundTrip_inTheStoreAndInTheContract() {
    SyntheticServices services = new SyntheticServices(17);
    Random random = new Random(6);
    int withHours = 0;
    for (Provider plain : providers()) {
      Provider p = plain.withDetails(services.details());
      withHours += p.details().schedules().isEmpty() ? 0 : 1;
      Reservations r = holds(p, random);
      ProviderCodec.Stored back = ProviderCodec.decode(ProviderCodec.encode(p, r));
      assertThat(back.provider()).isEqualTo(p.withActiveCases(r.activeCases()));
      // What a GET answers, PUT back, is the same provider.
      Provider sent =
          ProviderJson.fromRequest(
              Json.parse(Json.write(ProviderJson.write(p, BayesianPrior.DEFAULT))), p.id());
      assertThat(sent.details()).isEqualTo(p.details());
    }
    assertThat(withHours).isGreaterThan(100);
  }

  @Test
  void version0Documents_theContractsJsonWithHolds_areRead() {
    Random random = new Random(9);
    for (Provider p : providers()) {
      Reservations r = holds(p, random);
      // How providers were stored before the codec: the contract's JSON (rating scored under the
      // prior), activeCases and holds added.
      ObjectNode old = ProviderJson.write(p, BayesianPrior.DEFAULT);
      old.put("activeCases", r.activeCases());
      if (!r.holds().isEmpty()) {
        var a = old.putArray("holds");
        r.holds()
            .forEach(
                h ->
                    a.addObject()
                        .put("caseId", h.caseId())
                        .put("token", h.token())
                        .put("at", h.atMillis()));
      }
      ProviderCodec.Stored back = ProviderCodec.decode(Json.write(old));
      assertThat(ProviderCodec.agencyIdOf(Json.write(old))).isEqualTo(p.agencyId());
      assertThat(back.reservations()).isEqualTo(r);
      Provider expected = p.withActiveCases(r.activeCases());
      if (p.rating() != null) { // stored scored under the prior then
        expected = expected.withRating(BayesianPrior.DEFAULT.rescore(p.rating()));
      }
      assertThat(back.provider()).isEqualTo(expected);
    }
  }

  @Test
  void theFormat_isVersioned_andItsFieldsStay() {
    Provider p =
        providers().stream()
            .filter(x -> x.serviceArea() == null && x.agencyId() != null)
            .findFirst()
            .orElseThrow();
    ObjectNode doc =
        (ObjectNode)
            Json.parse(
                ProviderCodec.encode(
                    p, new Reservations(2, List.of(new Reservations.Hold("c-1", "t-1", 42)))));
    assertThat(doc.get("v").asInt()).isEqualTo(ProviderCodec.VERSION);
    // Hazelcast's indexes and queries name these two: they must not move.
    assertThat(doc.get("agencyId").asText()).isEqualTo(p.agencyId());
    assertThat(doc.get("holds").get(0).get("at").asLong()).isEqualTo(42);
    assertThat(doc.get("activeCases").asInt()).isEqualTo(2);
    doc.put("v", ProviderCodec.VERSION + 1);
    assertThatThrownBy(() -> ProviderCodec.decode(Json.write(doc)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upgrade");
  }
}
