package org.linli.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseEvent;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.StepDetail;
import org.linli.core.cases.Transition;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.ProviderKind;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;

/**
 * The stored form of a case: the whole {@link ReferralCase} (need, ranked candidates, offer,
 * history) as one JSON document in the {@code cases} map and table, with top-level copies of the
 * fields the Hazelcast queries and indexes use ({@code status}, {@code offered…}, {@code
 * assigned…}, {@code offerExpiresAtMillis}). The field names live here; the views callers see are
 * {@link org.linli.server.json.CaseJson}'s, a separate format. Documents carry their version
 * ({@code v}); {@link #decode} reads every version so far (version 0, before the codec, had the
 * same fields without {@code v}). Stateless.
 */
public final class CaseCodec {
  /** The version {@link #encode} writes. */
  public static final int VERSION = 1;

  static final String V = "v";

  private CaseCodec() {}

  /** The whole case, as the store keeps it, in format {@link #VERSION}. */
  public static String encode(ReferralCase c) {
    ObjectNode o = Json.object();
    o.put(V, VERSION);
    o.put("id", c.id())
        .put("residentId", c.residentId())
        .put("status", c.status().name())
        .put("offerIndex", c.offerIndex())
        .put("createdAt", c.createdAt().toString());
    if (c.offerExpiresAt() != null) {
      o.put("offerExpiresAt", c.offerExpiresAt().toString());
    }
    if (c.assigned() != null) {
      o.set("assigned", candidate(c.assigned()));
    }
    // Top-level copies for the inbox and offer-timer queries (Hazelcast predicates over the JSON);
    // never read back.
    Candidate offered = c.offered();
    if (offered != null) {
      o.put("offeredProviderId", offered.providerId())
          .put("offeredAgencyId", offered.agencyId())
          .put("offerExpiresAtMillis", c.offerExpiresAt().toEpochMilli());
    }
    if (c.assigned() != null) {
      o.put("assignedProviderId", c.assigned().providerId())
          .put("assignedAgencyId", c.assigned().agencyId());
    }
    if (c.referredFrom() != null) {
      o.put("referredFrom", c.referredFrom());
    }
    if (c.escalatedAt() != null) {
      o.put("escalatedAt", c.escalatedAt().toString());
      // For the staff queue: escalated and still waiting for a provider.
      o.put(
          "escalatedWaiting",
          c.status() == CaseStatus.OFFERED || c.status() == CaseStatus.UNMATCHED);
    } else if (c.status() == CaseStatus.OFFERED && c.watched()) {
      // For the escalation timer's query: present only while the case may still escalate.
      o.put("escalationWatchFromMillis", c.createdAt().toEpochMilli());
    }
    ObjectNode need = o.putObject("need");
    MatchRequest m = c.need().match();
    need.putObject("location").put("lat", m.location().lat()).put("lon", m.location().lon());
    ArrayNode skills = need.putArray("skills");
    m.skills().forEach(s -> skills.add(s.code()));
    ArrayNode kinds = need.putArray("kinds");
    m.kinds().forEach(k -> kinds.add(k.name()));
    ArrayNode languages = need.putArray("languages");
    m.languages().forEach(languages::add);
    need.put("text", m.text())
        .put("radiusMeters", m.radiusMeters())
        .put("limit", m.limit())
        .put("sort", m.sort().name())
        .put("description", c.need().description())
        .put("urgency", c.need().urgency().name())
        .put("contactPhone", c.need().contactPhone())
        .put("sensitive", c.need().sensitive());
    if (c.need().onBehalfOf() != null) {
      need.put("onBehalfOf", c.need().onBehalfOf());
    }
    if (!c.need().inferredSkills().isEmpty()) {
      ArrayNode inferred = need.putArray("inferredSkills");
      c.need().inferredSkills().forEach(s -> inferred.add(s.code()));
    }
    ArrayNode regionIds = need.putArray("regionIds");
    c.regionIds().forEach(regionIds::add);
    ArrayNode candidates = o.putArray("candidates");
    c.candidates().forEach(x -> candidates.add(candidate(x)));
    writeTransitions(o.putArray("history"), c);
    return Json.write(o);
  }

  /** A case the store kept, in any format so far (trusted: written by {@link #encode}). */
  public static ReferralCase decode(String json) {
    JsonNode o = Json.parse(json);
    int version = o.path(V).asInt(0);
    StoredFormats.requireReadable(version, VERSION, "case " + o.path("id").asText());
    JsonNode n = o.get("need");
    Set<Skill> skills = EnumSet.noneOf(Skill.class);
    n.get("skills").forEach(s -> skills.add(Skill.fromCode(s.asText()).orElseThrow()));
    Set<ProviderKind> kinds = EnumSet.noneOf(ProviderKind.class);
    n.get("kinds").forEach(k -> kinds.add(ProviderKind.valueOf(k.asText())));
    List<String> languages = new ArrayList<>();
    n.get("languages").forEach(l -> languages.add(l.asText()));
    MatchRequest m =
        new MatchRequest(
            new GeoPoint(
                n.get("location").get("lat").asDouble(), n.get("location").get("lon").asDouble()),
            skills,
            text(n, "text"),
            kinds,
            languages,
            n.get("radiusMeters").asDouble(),
            n.get("limit").asInt(),
            SortOrder.valueOf(n.get("sort").asText()),
            false);
    Set<Skill> inferred = EnumSet.noneOf(Skill.class);
    n.path("inferredSkills") // absent when the resident chose the skills
        .forEach(s -> inferred.add(Skill.fromCode(s.asText()).orElseThrow()));
    Need need =
        new Need(
            m,
            text(n, "description"),
            Need.Urgency.valueOf(n.get("urgency").asText()),
            text(n, "contactPhone"),
            n.get("sensitive").asBoolean(),
            inferred,
            text(n, "onBehalfOf"));
    List<String> regionIds = new ArrayList<>();
    n.path("regionIds").forEach(r -> regionIds.add(r.asText())); // absent before regions were kept
    List<Candidate> candidates = new ArrayList<>();
    o.get("candidates").forEach(x -> candidates.add(candidate(x)));
    List<Transition> history = new ArrayList<>();
    o.get("history")
        .forEach(
            h ->
                history.add(
                    new Transition(
                        Instant.parse(h.get("at").asText()),
                        h.get("actor").asText(),
                        CaseEvent.valueOf(h.get("event").asText()),
                        h.has("from") ? CaseStatus.valueOf(h.get("from").asText()) : null,
                        CaseStatus.valueOf(h.get("to").asText()),
                        text(h, "providerId"),
                        detail(h))));
    return new ReferralCase(
        o.get("id").asText(),
        o.get("residentId").asText(),
        need,
        candidates,
        o.get("offerIndex").asInt(),
        o.hasNonNull("offerExpiresAt") ? Instant.parse(o.get("offerExpiresAt").asText()) : null,
        o.hasNonNull("assigned") ? candidate(o.get("assigned")) : null,
        CaseStatus.valueOf(o.get("status").asText()),
        history,
        Instant.parse(o.get("createdAt").asText()),
        regionIds,
        o.hasNonNull("escalatedAt") ? Instant.parse(o.get("escalatedAt").asText()) : null,
        text(o, "referredFrom"));
  }

  /** How many transitions a stored case document has, without reading the rest of it. */
  public static int historySize(String storeJson) {
    return Json.parse(storeJson).path("history").size();
  }

  private static void writeTransitions(ArrayNode out, ReferralCase c) {
    for (Transition t : c.history()) {
      writeTransition(out, t);
    }
  }

  private static void writeTransition(ArrayNode out, Transition t) {
    ObjectNode h =
        out.addObject()
            .put("at", t.at().toString())
            .put("actor", t.actor())
            .put("event", t.event().name())
            .put("to", t.to().name());
    if (t.from() != null) {
      h.put("from", t.from().name());
    }
    if (t.providerId() != null) {
      h.put("providerId", t.providerId());
    }
    if (t.detail() != null) {
      ObjectNode d = h.putObject("detail").put("code", t.detail().code());
      if (t.detail().note() != null) {
        d.put("note", t.detail().note());
      }
      if (t.detail().serviceMinutes() != null) {
        d.put("serviceMinutes", t.detail().serviceMinutes());
      }
    }
  }

  private static StepDetail detail(JsonNode h) {
    JsonNode d = h.get("detail");
    if (d == null || d.isNull()) {
      return null; // none said, or written before steps carried details
    }
    return new StepDetail(
        d.get("code").asText(),
        text(d, "note"),
        d.hasNonNull("serviceMinutes") ? d.get("serviceMinutes").asInt() : null);
  }

  private static ObjectNode candidate(Candidate c) {
    ObjectNode o =
        Json.object()
            .put("providerId", c.providerId())
            .put("score", c.score())
            .put("distanceMeters", c.distanceMeters());
    if (c.agencyId() != null) {
      o.put("agencyId", c.agencyId());
    }
    return o;
  }

  private static Candidate candidate(JsonNode n) {
    return new Candidate(
        n.get("providerId").asText(),
        text(n, "agencyId"),
        n.get("score").asDouble(),
        n.get("distanceMeters").asDouble());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
