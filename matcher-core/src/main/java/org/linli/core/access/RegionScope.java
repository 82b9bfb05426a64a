package org.linli.core.access;

import java.util.Collection;
import java.util.List;
import org.linli.core.error.Problems;

/**
 * Region scopes of STAFF accounts: administrative division codes (adcodes, GB/T 2260 and their
 * street-level extensions). A scope covers a place when one of its codes is among the loaded
 * regions around that place, at any level: a STAFF scoped to district {@code 440304} sees a case
 * whose need lies in that district or in any street of it, and a scope of city {@code 440300} all
 * of them. Stateless.
 */
public final class RegionScope {
  /** An adcode: six digits, optionally followed by a street's digits. */
  public static final String ADCODE = "[1-9][0-9]{5}[0-9]{0,6}";

  /** Most codes one scope may hold. */
  public static final int MAX_CODES = 50;

  private RegionScope() {}

  /**
   * Whether one of {@code scope} is among {@code regionIds} (the regions around a place, every
   * level, or a region and its ancestors).
   */
  public static boolean coversAny(Collection<String> scope, Collection<String> regionIds) {
    for (String r : regionIds) {
      if (scope.contains(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code codes} as a scope: each an adcode, at most {@value #MAX_CODES}; 400 naming the field
   * otherwise.
   *
   * @param field where the codes came from, for the error ({@code regionScope})
   */
  public static List<String> parse(List<String> codes, String field) {
    Problems p = new Problems();
    p.require(codes.size() <= MAX_CODES, field, "at most " + MAX_CODES + " regions in a scope");
    for (int i = 0; i < codes.size(); i++) {
      String c = codes.get(i);
      p.require(
          c != null && c.matches(ADCODE),
          field + "[" + i + "]",
          "an administrative division code (adcode) of 6 to 12 digits, such as 440304");
    }
    p.throwIfAny();
    return codes.stream().distinct().toList();
  }
}
