package org.linli.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.linli.core.error.Problems;

/**
 * Reads fields of one JSON object, recording every type problem under its full path (for example
 * {@code location.lat}) instead of stopping at the first. Not thread-safe; one per document.
 */
public final class JsonInput {
  private final JsonNode node;
  private final String path;
  private final Problems problems;

  /**
   * Whether text is checked for control characters and broken surrogate pairs (requests; not stored
   * documents).
   */
  private final boolean strictText;

  private JsonInput(JsonNode node, String path, Problems problems, boolean strictText) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.strictText = strictText;
  }

  /**
   * The root of a request document, which must be an object. Its text may hold no control character
   * but tab, line feed and carriage return, and no half of a surrogate pair: they corrupt exports
   * and logs, PostgreSQL refuses NUL, and a lone surrogate cannot be written as UTF-8 (it would
   * silently become "?").
   */
  public static JsonInput root(JsonNode node, Problems problems) {
    if (!node.isObject()) {
      problems.add("", "expected a JSON object, got " + kind(node));
    }
    return new JsonInput(node, "", problems, true);
  }

  /** The root of a document the store kept (validated when it was written; read as it is). */
  public static JsonInput stored(JsonNode node, Problems problems) {
    return new JsonInput(node, "", problems, false);
  }

  /** Records a problem at {@code at} unless {@code text} is clean; answers whether it is. */
  private boolean cleanText(String at, String text) {
    String problem = strictText ? textProblem(text) : null;
    if (problem != null) {
      problems.add(at, problem);
    }
    return problem == null;
  }

  /**
   * What is wrong with {@code text} as text from a client: a control character other than tab, line
   * feed and carriage return, or half of a surrogate pair; null when nothing is.
   */
  public static String textProblem(String text) {
    return org.linli.core.text.Texts.problem(text);
  }

  public Problems problems() {
    return problems;
  }

  /** This object's own path ({@code ""} for the document root). */
  public String ownPath() {
    return path;
  }

  public String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Records "is required" for an absent {@code field} if it is; the message is made only then. */
  private void absent(String field, boolean required) {
    if (required) {
      problems.add(path(field), field + " is required");
    }
  }

  /**
   * Records every field not in {@code allowed}, so that a misspelt name is not silently ignored.
   */
  public void rejectUnknown(Set<String> allowed) {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        problems.add(path(n), "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public JsonNode raw(String field) {
    return node.get(field);
  }

  public String string(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      absent(field, required);
      return null;
    }
    if (!v.isTextual()) {
      problems.add(path(field), "must be a string, got " + kind(v));
      return null;
    }
    return cleanText(path(field), v.textValue()) ? v.textValue() : null;
  }

  /**
   * A finite or infinite number (range checks belong to the domain), or null when absent or
   * mistyped.
   */
  public Double number(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      absent(field, required);
      return null;
    }
    if (!v.isNumber()) {
      problems.add(path(field), "must be a number, got " + kind(v));
      return null;
    }
    return v.doubleValue();
  }

  public Integer integer(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      absent(field, required);
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      problems.add(
          path(field), "must be a whole number, got " + (v.isNumber() ? v.asText() : kind(v)));
      return null;
    }
    return v.intValue();
  }

  public Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      problems.add(path(field), "must be true or false, got " + kind(v));
      return null;
    }
    return v.booleanValue();
  }

  public List<String> strings(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      problems.add(path(field), "must be an array of strings, got " + kind(v));
      return null;
    }
    if (v.size() > maxItems) {
      problems.add(path(field), "has " + v.size() + " items, more than " + maxItems);
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        problems.add(path(field) + "[" + i + "]", "must be a string, got " + kind(item));
      } else if (cleanText(path(field) + "[" + i + "]", item.textValue())) {
        out.add(item.textValue());
      }
    }
    return out;
  }

  /**
   * A nested object, or null (with a problem recorded if it is present but not an object, or
   * required).
   */
  public JsonInput object(String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      absent(field, required);
      return null;
    }
    if (!v.isObject()) {
      problems.add(path(field), "must be an object, got " + kind(v));
      return null;
    }
    return new JsonInput(v, path(field), problems, strictText);
  }

  /**
   * The objects of an array at {@code field}, each as its own input with its index in its path;
   * null when absent (or recorded as a problem when it is not an array of at most {@code maxItems}
   * objects).
   */
  public List<JsonInput> objects(String field, int maxItems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      problems.add(path(field), "must be an array of objects, got " + kind(v));
      return null;
    }
    if (v.size() > maxItems) {
      problems.add(path(field), "has " + v.size() + " items, more than " + maxItems);
      return null;
    }
    List<JsonInput> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String at = path(field) + "[" + i + "]";
      if (!item.isObject()) {
        problems.add(at, "must be an object, got " + kind(item));
      } else {
        out.add(new JsonInput(item, at, problems, strictText));
      }
    }
    return out;
  }

  static String kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
