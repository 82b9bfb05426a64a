package org.linli.core.error;

import java.util.List;

/** Input broke one or more rules; {@link #errors()} names every offending field. */
public final class InvalidInputException extends LinliException {
  private final List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(summary(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidInputException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  /** The problems, in the order they were found; never empty. */
  public List<FieldError> errors() {
    return errors;
  }

  @Override
  public String code() {
    return "invalid-input";
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "invalid input";
    }
    FieldError first = errors.get(0);
    String head =
        first.field().isEmpty() ? first.message() : first.field() + ": " + first.message();
    return errors.size() == 1 ? head : head + " (and " + (errors.size() - 1) + " more)";
  }
}
