package org.linli.core.intake;

import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.cases.Need;
import org.linli.core.match.MatchRequest;
import org.linli.core.taxonomy.Skill;

/**
 * The intake rules: a match or a need with text and no skills is matched on the classifier's best
 * skill when it is confident enough, and says so; the classifier may mark a need sensitive, never
 * unmark it.
 */
public final class NeedIntake {
  /** The best skill is used when at least this likely. */
  public static final double INFER_AT = 0.5;

  private static final NeedIntake NONE = new NeedIntake(null);

  private final @Nullable NeedClassifier classifier;

  private NeedIntake(@Nullable NeedClassifier classifier) {
    this.classifier = classifier;
  }

  /** Intake with {@code classifier}. */
  public static NeedIntake with(NeedClassifier classifier) {
    return new NeedIntake(classifier);
  }

  /** Intake with the standard classifier (trained on first use). */
  public static NeedIntake standard() {
    return new NeedIntake(NeedClassifier.standard());
  }

  /** No intake: requests and needs are taken as sent. */
  public static NeedIntake none() {
    return NONE;
  }

  /** What {@code text} asks for; nothing when this intake has no classifier. */
  public NeedClassifier.Classification classify(String text) {
    NeedClassifier c = classifier;
    return c == null
        ? new NeedClassifier.Classification(java.util.List.of(), false)
        : c.classify(text);
  }

  /**
   * A match request as it is matched.
   *
   * @param request the request, with the inferred skill when there is one
   * @param inferred the skill the classifier chose, or empty when the request is as sent
   */
  public record Inferred(MatchRequest request, Set<Skill> inferred) {}

  /** {@code request} as matched: with the inferred skill when it has text and no skills. */
  public Inferred match(MatchRequest request) {
    NeedClassifier c = classifier;
    if (c == null || !request.skills().isEmpty() || request.text().isBlank()) {
      return new Inferred(request, Set.of());
    }
    return c.classify(request.text())
        .confident(INFER_AT)
        .map(s -> new Inferred(request.withSkills(Set.of(s)), Set.of(s)))
        .orElse(new Inferred(request, Set.of()));
  }

  /**
   * {@code need} as opened: with no skills, its text (else its description) decides the skill when
   * the classifier is confident; the classifier's sensitive mark is added to the resident's.
   */
  public Need need(Need need) {
    NeedClassifier classifier = this.classifier;
    if (classifier == null) {
      return need;
    }
    String text = need.match().text();
    if (text.isBlank() && need.description() != null) {
      text = need.description();
    }
    if (text.isBlank()) {
      return need;
    }
    NeedClassifier.Classification c = classifier.classify(text);
    boolean sensitive = need.sensitive() || c.sensitive();
    MatchRequest match = need.match();
    Set<Skill> inferred = Set.of();
    if (match.skills().isEmpty()) {
      var best = c.confident(INFER_AT);
      if (best.isPresent()) {
        inferred = Set.of(best.get());
        match = match.withSkills(inferred);
      }
    }
    return new Need(
        match,
        need.description(),
        need.urgency(),
        need.contactPhone(),
        sensitive,
        inferred,
        need.onBehalfOf());
  }
}
