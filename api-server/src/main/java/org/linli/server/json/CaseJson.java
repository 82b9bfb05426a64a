package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.cases.Candidate;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.Transition;
import org.linli.core.error.Problems;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;

/**
 * Cases as the contract's JSON: the need a resident posts, and the views callers see, which apply
 * {@link CaseAccess}'s privacy rules (masked phone, coarsened location) for the viewer at hand.
 */
public final class CaseJson {
  private static final Set<String> NEED_FIELDS;

  static {
    Set<String> f = new HashSet<>(MatchJson.FIELDS);
    f.addAll(Set.of("description", "urgency", "contactPhone", "sensitive", "onBehalfOf"));
    NEED_FIELDS = Set.copyOf(f);
  }

  private CaseJson() {}

  /** A posted need, and the phone of the person STAFF posted it for (null when none was given). */
  public record Posted(Need need, @org.linli.core.Nullable String onBehalfOfPhone) {}

  /** Reads a posted need: the matching fields plus the case's own. */
  public static Need needFromRequest(JsonNode node) {
    return postedNeed(node).need();
  }

  /**
   * Reads a posted need, with {@code onBehalfOf} ({@code {"name", "phone"?}}) when STAFF post it
   * for a resident; that phone is the contact phone unless one is given.
   */
  public static Posted postedNeed(JsonNode node) {
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
    String contactPhone = in.string("contactPhone", false);
    Boolean sensitive = in.bool("sensitive");
    String name = null;
    String forPhone = null;
    if (in.has("onBehalfOf")) {
      JsonInput behalf = in.object("onBehalfOf", true);
      if (behalf != null) {
        behalf.rejectUnknown(Set.of("name", "phone"));
        name = behalf.string("name", true);
        forPhone = behalf.string("phone", false);
      }
    }
    problems.throwIfAny();
    Need.Urgency u = urgency;
    String n = name;
    String phone = contactPhone != null ? contactPhone : forPhone;
    Need need =
        problems.attempt(
            "",
            () ->
                new Need(
                    match, description, u, phone, sensitive != null && sensitive, Set.of(), n));
    problems.throwIfAny();
    return new Posted(need, forPhone);
  }

  /** {@code {"caseId", "notes": [{"at", "author", "text"}]}}, oldest first. */
  public static ObjectNode notes(String caseId, java.util.List<Transition> notes) {
    ObjectNode o = Json.object().put("caseId", caseId);
    ArrayNode items = o.putArray("notes");
    for (Transition t : notes) {
      items
          .addObject()
          .put("at", t.at().toString())
          .put("author", t.actor())
          .put("text", t.detail() == null ? "" : t.detail().note());
    }
    return o;
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
    if (!c.need().inferredSkills().isEmpty()) {
      ArrayNode inferred = o.putArray("inferredSkills");
      c.need().inferredSkills().forEach(s -> inferred.add(s.code()));
    }
    return o;
  }

  /** {@code {"cases": [views]}}: an inbox, or a resident's own cases. */
  public static ObjectNode list(java.util.List<ReferralCase> cases, Principal viewer) {
    ObjectNode o = Json.object();
    com.fasterxml.jackson.databind.node.ArrayNode items = o.putArray("cases");
    cases.forEach(c -> items.add(view(c, viewer)));
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
    if (c.referredFrom() != null) {
      o.put("referredFrom", c.referredFrom());
    }
    o.put("escalated", c.escalatedAt() != null);
    if (c.escalatedAt() != null) {
      o.put("escalatedAt", c.escalatedAt().toString());
    }
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
    String forName = c.need().onBehalfOf();
    if (forName != null) {
      // Who the need is for, as much as their phone: to whom it concerns once someone helps.
      need.putObject("onBehalfOf")
          .put(
              "name",
              CaseAccess.seesPhone(viewer, c)
                      || CaseAccess.staffSees(viewer, c)
                      || viewer.has(org.linli.core.access.Role.ADMIN)
                      || CaseAccess.isResident(viewer, c)
                  ? forName
                  : new String(Character.toChars(forName.codePointAt(0))) + "**");
    }
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
      if (t.event() == org.linli.core.cases.CaseEvent.NOTED
          && !CaseAccess.seesStepNote(viewer, c, t)) {
        continue; // notes are the service's own
      }
      if (CaseAccess.seesTransitionDetail(viewer, c, t)) {
        writeTransition(transitions, t, CaseAccess.seesStepNote(viewer, c, t));
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

  private static void writeTransition(ArrayNode out, Transition t, boolean note) {
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
      if (t.event() == org.linli.core.cases.CaseEvent.DECLINED) {
        h.put("reason", t.detail().code());
      } else if (t.event() == org.linli.core.cases.CaseEvent.COMPLETED) {
        h.put("outcome", t.detail().code());
      }
      if (note && t.detail().note() != null) {
        h.put("note", t.detail().note());
      }
      if (note && t.detail().serviceMinutes() != null) {
        h.put("serviceMinutes", t.detail().serviceMinutes());
      }
    }
  }
}
