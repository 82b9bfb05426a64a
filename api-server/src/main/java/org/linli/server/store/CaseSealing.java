package org.linli.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.server.json.Json;

/**
 * The personal data of a case document, sealed at rest ({@link FieldCipher}): the resident's phone
 * and their own words (the need's description and text) always; for a sensitive need (child
 * protection, domestic violence…) also where it is, and the candidates, whose distances from it
 * would give it away. The fields the cluster queries (status, offer, assignment, resident id) stay
 * in clear; they name no person.
 */
public final class CaseSealing implements Sealing {
  private static final String NEED = "need";
  private static final String CANDIDATES = "candidates";
  private static final String[] WORDS = {"contactPhone", "description", "text"};

  private final FieldCipher cipher;

  public CaseSealing(FieldCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public String seal(String id, String json) {
    ObjectNode o = (ObjectNode) Json.parse(json);
    ObjectNode need = (ObjectNode) o.get(NEED);
    if (need == null) {
      return json;
    }
    for (String f : WORDS) {
      JsonNode v = need.get(f);
      if (v != null && v.isTextual()) {
        need.put(f, cipher.seal(v.asText(), where(id, f)));
      }
    }
    if (need.path("sensitive").asBoolean(false)) {
      JsonNode location = need.get("location");
      if (location != null && location.isObject()) {
        need.put("location", cipher.seal(Json.write(location), where(id, "location")));
      }
      JsonNode candidates = o.get(CANDIDATES);
      if (candidates != null && candidates.isArray()) {
        o.put(CANDIDATES, cipher.seal(Json.write(candidates), where(id, CANDIDATES)));
      }
    }
    return Json.write(o);
  }

  @Override
  public String open(String id, String json) {
    ObjectNode o = (ObjectNode) Json.parse(json);
    ObjectNode need = (ObjectNode) o.get(NEED);
    if (need == null) {
      return json;
    }
    for (String f : WORDS) {
      JsonNode v = need.get(f);
      if (v != null && v.isTextual()) {
        need.put(f, cipher.open(v.asText(), where(id, f)));
      }
    }
    JsonNode location = need.get("location");
    if (location != null && location.isTextual()) {
      need.set("location", Json.parse(cipher.open(location.asText(), where(id, "location"))));
    }
    JsonNode candidates = o.get(CANDIDATES);
    if (candidates != null && candidates.isTextual()) {
      o.set(CANDIDATES, Json.parse(cipher.open(candidates.asText(), where(id, CANDIDATES))));
    }
    return Json.write(o);
  }

  private static String where(String id, String field) {
    return "cases/" + id + "/" + field;
  }
}
