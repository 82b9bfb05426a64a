package org.linli.core.match;

import java.util.Map;
import org.linli.core.Nullable;
import org.linli.core.agency.Agency;

/**
 * What matching needs to know of the agencies in the registry: whether an agency's providers may be
 * matched (all but a REVOKED agency's; an unregistered agency's may) and whether matches of them
 * say {@code verified} (registered and NORMAL). Implementations are thread-safe.
 */
public interface AgencyStandings {
  /** Whether providers of {@code agencyId} may be matched. */
  boolean mayServe(@Nullable String agencyId);

  /** Whether {@code agencyId} is registered and NORMAL. */
  boolean verified(@Nullable String agencyId);

  /** No agency registered: every provider may be matched, none is verified. */
  AgencyStandings NONE =
      new AgencyStandings() {
        @Override
        public boolean mayServe(@Nullable String agencyId) {
          return true;
        }

        @Override
        public boolean verified(@Nullable String agencyId) {
          return false;
        }
      };

  /** The standings of these agencies (by id), for tests and oracles. */
  static AgencyStandings of(Map<String, Agency> agencies) {
    return new AgencyStandings() {
      @Override
      public boolean mayServe(@Nullable String agencyId) {
        Agency a = agencyId == null ? null : agencies.get(agencyId);
        return a == null || a.mayServe();
      }

      @Override
      public boolean verified(@Nullable String agencyId) {
        Agency a = agencyId == null ? null : agencies.get(agencyId);
        return a != null && a.verified();
      }
    };
  }
}
