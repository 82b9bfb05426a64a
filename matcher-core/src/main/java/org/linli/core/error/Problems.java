package org.linli.core.error;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.linli.core.Nullable;

/**
 * Collects field errors while a request is checked, so that one answer names every problem.
 *
 * <p>Not thread-safe: one instance per check.
 */
public final class Problems {
  private final List<FieldError> errors = new ArrayList<>();

  /**
   * Records {@code message} against {@code field} unless {@code ok}. Returns {@code ok}. The caller
   * builds the message whether or not it is used: where it is concatenated (numbers formatted) on a
   * path every request or every provider takes, test first and {@link #add} instead, as {@code
   * GeoPoint} and {@code JsonInput} do.
   */
  public boolean require(boolean ok, String field, String message) {
    if (!ok) {
      errors.add(new FieldError(field, message));
    }
    return ok;
  }

  /** Records a problem unconditionally. */
  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /**
   * Builds a value whose constructor validates itself; its errors are recorded under {@code prefix}
   * and null is returned instead of throwing.
   */
  public <T> @Nullable T attempt(String prefix, Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      for (FieldError error : e.errors()) {
        errors.add(error.under(prefix));
      }
      return null;
    }
  }

  /** Whether nothing has been recorded. */
  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** The errors so far, in order. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** Throws an {@link InvalidInputException} carrying every recorded problem, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }
}
