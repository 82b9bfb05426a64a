package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseRules;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;

/**
 * The stored form of a case: every state round-trips, version 0 reads, newer versions are refused.
 */
class CaseCodecTest {
  static final CaseRules RULES = new CaseRules(Duration.ofMinutes(15));
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00.123Z");

  static ReferralCase open(String id, List<Candidate> candidates) {
    MatchRequest m =
        new MatchRequest(
            new GeoPoint(22.5431, 114.0579),
            Set.of(Skill.ELDER_CARE, Skill.MENTAL_HEALTH),
            "陪同就医",
            Set.of(),
            List.of("zh", "yue"),
            5_000,
            10,
            SortOrder.SCORE,
            false);
    Need need = new Need(m, "陪同老人去医院复诊\n\t周三", Need.Urgency.URGENT, "+86 138-1234-5678", true);
    return RULES.open(id, "r1", need, candidates, T0, List.of("440300", "440304"));
  }

  @Test
  void everyState_roundTrips() {
    Principal worker = new Principal("w2", Set.of(Role.WORKER), "a2", "p2");
    ReferralCase offered =
        open(
            "c1",
            List.of(
                new Candidate("p1", "a1", 0.91, 120.5),
                new Candidate("p2", "a2", 0.8, 300),
                new Candidate("p3", null, 0.5, 900)));
    ReferralCase declined =
        RULES.decline(
            offered, new Principal("w1", Set.of(Role.WORKER), "a1", "p1"), T0.plusSeconds(5));
    ReferralCase accepted = RULES.accept(declined, worker, T0.plusSeconds(9));
    ReferralCase completed = RULES.complete(accepted, worker, T0.plusSeconds(99));
    ReferralCase unmatched = open("c2", List.of());
    for (ReferralCase c : List.of(offered, declined, accepted, completed, unmatched)) {
      assertThat(CaseCodec.decode(CaseCodec.encode(c))).isEqualTo(c);
      assertThat(CaseCodec.historySize(CaseCodec.encode(c))).isEqualTo(c.history().size());
    }
  }

  @Test
  void version0_isRead_andANewerVersionIsRefused() {
    ReferralCase c = open("c3", List.of(new Candidate("p1", "a1", 0.9, 100)));
    ObjectNode doc = (ObjectNode) Json.parse(CaseCodec.encode(c));
    assertThat(doc.get("v").asInt()).isEqualTo(CaseCodec.VERSION);
    // The queries' fields stay where Hazelcast's indexes and predicates look for them.
    assertThat(doc.get("status").asText()).isEqualTo("OFFERED");
    assertThat(doc.get("offeredProviderId").asText()).isEqualTo("p1");
    assertThat(doc.get("offerExpiresAtMillis").asLong())
        .isEqualTo(c.offerExpiresAt().toEpochMilli());
    doc.remove("v"); // as stored before the codec
    assertThat(CaseCodec.decode(Json.write(doc))).isEqualTo(c);
    doc.put("v", CaseCodec.VERSION + 1);
    assertThatThrownBy(() -> CaseCodec.decode(Json.write(doc)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("upgrade");
  }
}
