package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.linli.core.cases.Need;
import org.linli.core.error.Problems;
import org.linli.core.intake.NeedClassifier;

/** The need classifier's request and answer ({@code POST /api/v1/needs/classify}). */
public final class IntakeJson {
  private IntakeJson() {}

  /** The text of a classify request: {@code {"text": "…"}}, 1 to 4 000 characters. */
  public static String textFromRequest(JsonNode node) {
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(node, problems);
    problems.throwIfAny();
    in.rejectUnknown(Set.of("text"));
    String text = in.string("text", true);
    problems.throwIfAny();
    if (text.isBlank()) {
      problems.add("text", "text is empty: write the need in your own words");
    } else if (text.length() > Need.MAX_DESCRIPTION) {
      problems.add(
          "text", "text has " + text.length() + " characters, more than " + Need.MAX_DESCRIPTION);
    }
    problems.throwIfAny();
    return text;
  }

  /** {@code {"skills": [{"skill", "confidence", "evidence"}], "sensitive"}}. */
  public static ObjectNode classification(NeedClassifier.Classification c) {
    ObjectNode o = Json.object();
    ArrayNode skills = o.putArray("skills");
    for (NeedClassifier.SkillGuess g : c.skills()) {
      ObjectNode s = skills.addObject();
      s.put("skill", g.skill().code());
      s.put("confidence", Math.round(g.confidence() * 1000) / 1000.0);
      ArrayNode evidence = s.putArray("evidence");
      g.evidence().forEach(evidence::add);
    }
    o.put("sensitive", c.sensitive());
    return o;
  }
}
