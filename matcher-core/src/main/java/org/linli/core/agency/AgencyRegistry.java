package org.linli.core.agency;

import java.time.Clock;
import org.linli.core.Nullable;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.error.NotFoundException;

/**
 * The registry of social organisations: civil-affairs staff register and maintain each agency's
 * record; the agency keeps its own address and phone current; staff and the agency read it.
 * Blocking (its store is); stateless but for its collaborators.
 */
public final class AgencyRegistry {
  private final AgencyStore store;
  private final Clock clock;

  public AgencyRegistry(AgencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What a write did: the agency as stored, and whether it was new. */
  public record Written(Agency agency, boolean created) {}

  /** Registers or replaces an agency's record (STAFF, ADMIN). */
  public Written register(Principal caller, Agency agency) {
    Access.requireAgencyRegistrar(caller);
    Agency stamped = agency.withUpdatedAt(clock.instant());
    boolean created = store.put(stamped);
    return new Written(stamped, created);
  }

  /** The agency's own contact fields (the agency itself, STAFF, ADMIN); null clears a field. */
  public Agency changeContact(
      Principal caller, String id, @Nullable String address, @Nullable String phone) {
    Access.requireAgencyContactEditor(caller, id);
    // The record's own rules check the values before anything is stored.
    Agency current = read(id);
    current.withContact(address, phone);
    return store
        .changeContact(id, address, phone, clock.instant())
        .orElseThrow(() -> new NotFoundException("agency " + id));
  }

  /** An agency's record (STAFF, ADMIN, and the agency's own accounts). */
  public Agency get(Principal caller, String id) {
    Access.requireAgencyReader(caller, id);
    return read(id);
  }

  private Agency read(String id) {
    return store.get(id).orElseThrow(() -> new NotFoundException("agency " + id));
  }
}
