package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.CaseEvent;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.Transition;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.ProviderKind;
import org.linli.core.taxonomy.Skill;

/**
 * Cases as JSON: the need a resident posts, the full document the store keeps, and the views
 * callers see, which apply {@link CaseAccess}'s privacy rules (masked phone, coarsened location)
 * for the viewer at hand.
 */
public final class CaseJson {
  private static final Set<String> NEED_FIELDS;

  static {
    Set<String> f = new HashSet<>(MatchJson.FIELDS);
    f.addAll(Set.of("description", "urgency", "contactPhone", "sensitive"));
    NEED_FIELDS = Set.copyOf(f);
  }

  private CaseJson() {}

  /** Reads a posted need: the matching fields plus the case's own. */
  public static Need needFromRequest(JsonNode node) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    in.rejectUnknown(NEED_FIELDS);
    MatchRequest match = MatchJson.read(in);
    String description = in.string("description", false);
    String urgencyName = in.string("urgency", false);
    Need.Urgency urgency = Need.Urgency.ROUTINE;
    if (urgencyName != null) {
      try {
        urgency = Need.Urgency.valueOf(urgencyName);
      } catch (IllegalArgumentException e) {
        problems.add(
            in.path("urgency"), "urgency \"" + urgencyName + "\" is not ROUTINE or URGENT");
      }
    }
    String phone = in.string("contactPhone", false);
    Boolean sensitive = in.bool("sensitive");
    problems.throwIfAny();
    Need.Urgency u = urgency;
    Need need =
        problems.attempt(
            "", () -> new Need(match, description, u, phone, sensitive != null && sensitive));
    problems.throwIfAny();
    return need;
  }

  /** The whole case, as the store keeps it. */
  public static String toStore(ReferralCase c) {
    ObjectNode o = Json.object();
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
    ArrayNode candidates = o.putArray("candidates");
    c.candidates().forEach(x -> candidates.add(candidate(x)));
    writeTransitions(o.putArray("history"), c);
    return Json.write(o);
  }

  /** A case the store kept (trusted: written by {@link #toStore}). */
  public static ReferralCase fromStore(String json) {
    JsonNode o = Json.parse(json);
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
    Need need =
        new Need(
            m,
            text(n, "description"),
            Need.Urgency.valueOf(n.get("urgency").asText()),
            text(n, "contactPhone"),
            n.get("sensitive").asBoolean());
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
                        text(h, "providerId"))));
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
        Instant.parse(o.get("createdAt").asText()));
  }

  /** The answer to a posted need (the contract's shape). */
  public static ObjectNode created(ReferralCase c) {
    ObjectNode o = Json.object().put("caseId", c.id()).put("status", c.status().name());
    if (c.offered() != null) {
      o.putObject("offer")
          .put("providerId", c.offered().providerId())
          .put("expiresAt", c.offerExpiresAt().toString());
    }
    o.put("candidates", c.candidates().size());
    return o;
  }

  /**
   * The case as {@code viewer} may see it: phone masked and location coarsened unless it needs
   * them.
   */
  public static ObjectNode view(ReferralCase c, Principal viewer) {
    ObjectNode o = created(c);
    if (c.assigned() != null) {
      o.put("assignedProviderId", c.assigned().providerId());
    }
    o.put("createdAt", c.createdAt().toString());
    ObjectNode need = o.putObject("need");
    MatchRequest m = c.need().match();
    GeoPoint at =
        CaseAccess.seesExactLocation(viewer, c) ? m.location() : CaseAccess.coarsen(m.location());
    need.putObject("location").put("lat", at.lat()).put("lon", at.lon());
    if (!CaseAccess.seesExactLocation(viewer, c)) {
      need.put("locationPrecisionMeters", 1_000);
    }
    ArrayNode skills = need.putArray("skills");
    m.skills().forEach(s -> skills.add(s.code()));
    need.put("description", c.need().description())
        .put("urgency", c.need().urgency().name())
        .put("sensitive", c.need().sensitive());
    String phone = c.need().contactPhone();
    if (phone != null) {
      need.put(
          "contactPhone", CaseAccess.seesPhone(viewer, c) ? phone : CaseAccess.maskPhone(phone));
    }
    return o;
  }

  /**
   * Every transition, and the match decision (candidates and their scores when the need came in),
   * as {@code viewer} may see them: the decision only for those {@link CaseAccess#seesDecision},
   * and of a transition that does not concern a provider viewer only what happened and when.
   */
  public static ObjectNode history(ReferralCase c, Principal viewer) {
    ObjectNode o = Json.object().put("caseId", c.id());
    ArrayNode transitions = o.putArray("transitions");
    for (Transition t : c.history()) {
      if (CaseAccess.seesTransitionDetail(viewer, c, t)) {
        writeTransition(transitions, t);
      } else {
        ObjectNode h =
            transitions
                .addObject()
                .put("at", t.at().toString())
                .put("event", t.event().name())
                .put("to", t.to().name());
        if (t.from() != null) {
          h.put("from", t.from().name());
        }
      }
    }
    if (!CaseAccess.seesDecision(viewer, c)) {
      return o;
    }
    ObjectNode decision = o.putObject("decision").put("matchedAt", c.createdAt().toString());
    ArrayNode candidates = decision.putArray("candidates");
    for (int i = 0; i < c.candidates().size(); i++) {
      Candidate x = c.candidates().get(i);
      candidates
          .addObject()
          .put("rank", i + 1)
          .put("providerId", x.providerId())
          .put("score", x.score())
          .put("distanceMeters", x.distanceMeters());
    }
    return o;
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
  }

  /** How many transitions a stored case document has, without reading the rest of it. */
  public static int historySize(String storeJson) {
    return Json.parse(storeJson).path("history").size();
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
