package org.linli.server.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.linli.core.access.Role;
import org.linli.core.accounts.Users;
import org.linli.core.error.ConflictException;
import org.linli.server.config.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's accounts, so that every page can be tried at once: {@code admin}, {@code staff},
 * {@code agency} (the agency of the first demo provider) and {@code worker} (that provider), all
 * with one password generated into the data directory ({@code demo-password}, owner-only; never
 * logged). Made on a store that has none of them yet; each start says how to sign in.
 */
public final class DemoAccounts {
  public static final String PASSWORD_FILE = "demo-password";
  private static final Logger LOG = LoggerFactory.getLogger(DemoAccounts.class);

  private DemoAccounts() {}

  /** Creates the demo accounts that do not exist yet, and says how to use them. Blocking. */
  public static void createIfMissing(
      Users users, Path dataDir, String agencyId, String providerId) {
    Path file = dataDir.resolve(PASSWORD_FILE);
    String password = SecretFile.readOrCreate(file, 12);
    List<Users.NewUser> accounts =
        List.of(
            new Users.NewUser("admin", password, Set.of(Role.ADMIN), null, null, List.of(), null),
            new Users.NewUser("staff", password, Set.of(Role.STAFF), null, null, List.of(), null),
            new Users.NewUser(
                "agency", password, Set.of(Role.AGENCY), agencyId, null, List.of(), null),
            new Users.NewUser(
                "worker", password, Set.of(Role.WORKER), agencyId, providerId, List.of(), null));
    int made = 0;
    for (Users.NewUser u : accounts) {
      try {
        users.bootstrap(u);
        made++;
      } catch (ConflictException exists) {
        // made at an earlier start, or by another member
      } catch (RuntimeException e) {
        LOG.warn("Demo account {} not made: {}", u.username(), e.getMessage());
      }
    }
    LOG.info(
        "Demo accounts ({} new): admin and staff (/staff/), agency of {} and worker of {}"
            + " (/agency/); their password is in {}. Residents (/resident/) sign in with any"
            + " mobile number: without LINLI_NOTIFY_URL the code is written to {}",
        made,
        agencyId,
        providerId,
        file.toAbsolutePath(),
        dataDir.resolve("notifications.log").toAbsolutePath());
  }
}
