package org.linli.core.error;

import java.util.Objects;

/**
 * One problem with one input field, named by its JSON path (for example {@code location.lat}).
 *
 * @param field dotted path of the offending field; never null, may be empty for whole-document
 *     problems
 * @param message human-readable reason that carries the bad value and the allowed range
 */
public record FieldError(String field, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** Returns this error with {@code prefix} prepended to its field path. */
  public FieldError under(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return this;
    }
    return new FieldError(
        field.isEmpty() ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field, message);
  }
}
