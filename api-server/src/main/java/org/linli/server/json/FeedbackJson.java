package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.linli.core.error.Problems;
import org.linli.core.feedback.Feedback;
import org.linli.core.feedback.FeedbackFlow.Input;
import org.linli.core.feedback.HashChain;
import org.linli.core.rating.Dimension;

/** Feedback as residents send it, as the provider's page shows it, and as the ledger exports it. */
public final class FeedbackJson {
  private static final Set<String> FIELDS = Set.of("rating", "dimensions", "comment");
  private static final Set<String> DIMENSIONS;

  static {
    java.util.Set<String> d = new java.util.HashSet<>();
    for (Dimension x : Dimension.values()) {
      d.add(x.field());
    }
    DIMENSIONS = Set.copyOf(d);
  }

  private FeedbackJson() {}

  /** What a resident sends: the overall rating, every dimension, an optional comment. */

  /**
   * Reads a posted feedback strictly.
   *
   * @throws org.linli.core.error.InvalidInputException naming every bad field
   */
  public static Input fromRequest(JsonNode node) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    in.rejectUnknown(FIELDS);
    Integer rating = in.integer("rating", true);
    Map<Dimension, Integer> dims = new EnumMap<>(Dimension.class);
    JsonInput d = in.object("dimensions", true);
    if (d != null) {
      d.rejectUnknown(DIMENSIONS);
      for (Dimension x : Dimension.values()) {
        Integer v = d.integer(x.field(), true);
        if (v != null) {
          dims.put(x, v);
        }
      }
    }
    String comment = in.string("comment", false);
    problems.throwIfAny();
    problems.attempt(
        "",
        () -> {
          Feedback.validate(rating, dims, comment);
          return null;
        });
    problems.throwIfAny();
    return new Input(rating, dims, comment);
  }

  /** The answer to a posted feedback. */
  public static ObjectNode created(HashChain.Link l) {
    return Json.object()
        .put("feedbackId", l.entry().feedbackId())
        .put("hash", l.hash())
        .put("seq", l.entry().seq());
  }

  /** An entry as anyone may read it about a provider: no case, no resident. */
  public static ObjectNode publicView(HashChain.Link l) {
    Feedback f = l.entry();
    ObjectNode o =
        Json.object()
            .put("feedbackId", f.feedbackId())
            .put("providerId", f.providerId())
            .put("rating", f.rating());
    ObjectNode d = o.putObject("dimensions");
    f.dimensions().forEach((k, v) -> d.put(k.field(), v));
    if (f.comment() != null) {
      o.put("comment", f.comment());
    }
    o.put("createdAt", f.createdAt()).put("hash", l.hash());
    return o;
  }

  /**
   * An entry of the export: every field of its canonical form, plus {@code prevHash} and {@code
   * hash}.
   */
  public static ObjectNode exported(HashChain.Link l) {
    Feedback f = l.entry();
    ObjectNode o =
        Json.object()
            .put("seq", f.seq())
            .put("feedbackId", f.feedbackId())
            .put("caseId", f.caseId())
            .put("providerId", f.providerId());
    if (f.agencyId() == null) {
      o.putNull("agencyId");
    } else {
      o.put("agencyId", f.agencyId());
    }
    o.put("rating", f.rating());
    ObjectNode d = o.putObject("dimensions");
    f.dimensions().forEach((k, v) -> d.put(k.field(), v));
    if (f.comment() == null) {
      o.putNull("comment");
    } else {
      o.put("comment", f.comment());
    }
    o.put("createdAt", f.createdAt()).put("prevHash", l.prevHash()).put("hash", l.hash());
    return o;
  }

  /** The verdict of a verification. */
  public static ObjectNode verdict(HashChain.Verdict v) {
    ObjectNode o =
        Json.object().put("valid", v.valid()).put("entries", v.entries()).put("head", v.head());
    if (!v.valid()) {
      ObjectNode bad = o.putObject("firstBad").put("seq", v.badSeq());
      if (v.badId() != null) {
        bad.put("feedbackId", v.badId());
      }
      bad.put("reason", v.reason());
    }
    return o;
  }
}
