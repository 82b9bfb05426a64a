package org.linli.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.server.json.Json;

/**
 * The personal data of a case document, sealed at rest ({@link FieldCipher}): the resident's phone
 * and name (when staff posted for them), their own words (the need's description and text) and
 * notes on steps always; for a sensitive need (child protection, domestic violence…) also where it
 * is (its place and regions), and the candidates, whose distances from it would give it away. The
 * fields the cluster queries (status, offer, assignment, resident id) stay in clear; they name no
 * person.
 */
public final class CaseSealing implements Sealing {
  private static final String NEED = "need";
  private static final String CANDIDATES = "candidates";
  private static final String[] WORDS = {"contactPhone", "description", "text", "onBehalfOf"};

  private final FieldCipher cipher;

  public CaseSealing(FieldCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public String seal(String id, String json) {
    return apply(id, json, true);
  }

  @Override
  public String open(String id, String json) {
    return apply(id, json, false);
  }

  /**
   * Seals ({@code seal}) or opens the document's personal fields. The place and the candidates are
   * opened whenever they are sealed (text where an object or array belongs), whatever the need says
   * now.
   */
  private String apply(String id, String json, boolean seal) {
    ObjectNode o = (ObjectNode) Json.parse(json);
    ObjectNode need = (ObjectNode) o.get(NEED);
    if (need == null) {
      return json;
    }
    for (String f : WORDS) {
      JsonNode v = need.get(f);
      if (v != null && v.isTextual()) {
        String where = where(id, f);
        need.put(f, seal ? cipher.seal(v.asText(), where) : cipher.open(v.asText(), where));
      }
    }
    JsonNode history = o.get("history");
    if (history != null && history.isArray()) {
      for (int i = 0; i < history.size(); i++) {
        JsonNode d = history.get(i).get("detail");
        if (d instanceof ObjectNode detail && detail.path("note").isTextual()) {
          String where = where(id, "history/" + i + "/note");
          String note = detail.get("note").asText();
          detail.put("note", seal ? cipher.seal(note, where) : cipher.open(note, where));
        }
      }
    }
    boolean sensitive = need.path("sensitive").asBoolean(false);
    structure(need, "location", id, seal && sensitive, seal);
    structure(need, "regionIds", id, seal && sensitive, seal);
    structure(o, CANDIDATES, id, seal && sensitive, seal);
    return Json.write(o);
  }

  /** Seals {@code field} of {@code parent} (a JSON structure) as text, or opens it back. */
  private void structure(ObjectNode parent, String field, String id, boolean sealIt, boolean seal) {
    JsonNode v = parent.get(field);
    if (v == null) {
      return;
    }
    if (sealIt && v.isContainerNode()) {
      parent.put(field, cipher.seal(Json.write(v), where(id, field)));
    } else if (!seal && v.isTextual()) {
      parent.set(field, Json.parse(cipher.open(v.asText(), where(id, field))));
    }
  }

  private static String where(String id, String field) {
    return "cases/" + id + "/" + field;
  }
}
