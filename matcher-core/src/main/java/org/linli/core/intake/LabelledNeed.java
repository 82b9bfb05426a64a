package org.linli.core.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.linli.core.taxonomy.Skill;

/**
 * A need with the skills that answer it, as kept in the labelled sets ({@code needs-train.tsv} in
 * the classifier's resources, the evaluation set in its tests).
 *
 * <p>A line is {@code SKILL[|SKILL…] TAB S|- TAB text}: the first skill is the right one, any later
 * ones are equally acceptable answers; {@code S} marks a sensitive need. Lines starting with {@code
 * #} and blank lines are comments.
 *
 * @param skills the right skill first, then the equally acceptable ones
 * @param sensitive domestic violence, child abuse or neglect, sexual assault, suicide or self-harm
 *     risk, community correction
 * @param text the need as written
 */
public record LabelledNeed(List<Skill> skills, boolean sensitive, String text) {
  public LabelledNeed {
    skills = List.copyOf(skills);
    if (skills.isEmpty()) {
      throw new IllegalArgumentException("a labelled need has at least one skill");
    }
  }

  /** The right skill. */
  public Skill skill() {
    return skills.get(0);
  }

  /** Reads a labelled set; a malformed line fails with its number. */
  public static List<LabelledNeed> read(InputStream in) {
    List<LabelledNeed> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        if (cols.length != 3 || !(cols[1].equals("S") || cols[1].equals("-"))) {
          throw new IllegalArgumentException(
              "line " + number + ": expected SKILLS<TAB>S|-<TAB>text, got: " + line);
        }
        List<Skill> skills = new ArrayList<>();
        for (String code : cols[0].split("\\|", -1)) {
          final int n = number;
          skills.add(
              Skill.fromCode(code)
                  .orElseThrow(
                      () -> new IllegalArgumentException("line " + n + ": unknown skill " + code)));
        }
        out.add(new LabelledNeed(skills, cols[1].equals("S"), cols[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
