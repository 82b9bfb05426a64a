package org.linli.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Linli's configuration, read once at start: command-line flags over environment variables over an
 * optional properties file ({@code --config FILE} or {@code LINLI_CONFIG}) over defaults. Each
 * setting has one name, the environment variable of the contract ({@code LINLI_HTTP_PORT}); its
 * flag is the same in lower case with dashes ({@code --http-port}), and the file uses the variable
 * name as key. Immutable.
 *
 * @param httpPort HTTP port; 0 picks a free one
 * @param httpHost interface to listen on
 * @param dataDir where embedded data lives
 * @param demo load the synthetic demo city into an empty store
 * @param clusterMembers Hazelcast members to join ({@code host:port}); empty for a single member
 * @param clusterPort this member's Hazelcast port
 * @param clusterName Hazelcast cluster name
 * @param clusterInterface the address this member's Hazelcast port binds to ({@code
 *     LINLI_CLUSTER_INTERFACE}, an IP address or a wildcard such as {@code 10.0.0.*}); null means
 *     loopback, which is all a standalone member or a cluster of loopback members needs, and a
 *     cluster of other hosts must name it
 * @param matchThreads size of the worker pool that runs matches
 * @param db the durable store
 * @param security token verification and rate limiting
 * @param offerTimeout how long a provider has to answer a case offer ({@code LINLI_OFFER_TIMEOUT},
 *     ISO-8601)
 * @param capacityGrace how old a capacity hold must be before it is settled against its case
 *     ({@code LINLI_CAPACITY_GRACE}, ISO-8601; far longer than any acceptance takes)
 * @param ratingPrior the Bayesian prior of rating scores ({@code LINLI_RATING_PRIOR_MEAN}, default
 *     4.0, and {@code LINLI_RATING_PRIOR_WEIGHT}, default 5 ratings)
 * @param warmup the longest the member spends, after loading its index and before reporting ready,
 *     running matches over needs made from its own providers so that the JIT has compiled the match
 *     path before traffic arrives, and never longer than loading took ({@code LINLI_WARMUP},
 *     ISO-8601; {@code PT0S} turns it off)
 * @param maxConnectionsPerAddress open HTTP connections allowed from one client address ({@code
 *     LINLI_MAX_CONNECTIONS_PER_ADDRESS}, default 512; behind a reverse proxy every client has the
 *     proxy's address)
 * @param metricsPort a port on loopback serving {@code /metrics} to scrapers without a token
 *     ({@code LINLI_METRICS_PORT}; -1, the default, for none; 0 for any free port); on the HTTP
 *     port {@code /metrics} needs an ADMIN token
 * @param requestTimeout how long a request may take (30 s, the contract's; streamed imports and
 *     exports get an hour's worth of it, event streams no limit), and how long a connection may go
 *     without a request's head while nothing is answered on it; only tests set another
 */
public record ServerConfig(
    int httpPort,
    String httpHost,
    Path dataDir,
    boolean demo,
    List<String> clusterMembers,
    int clusterPort,
    String clusterName,
    String clusterInterface,
    int matchThreads,
    DbSettings db,
    Security security,
    java.time.Duration offerTimeout,
    java.time.Duration capacityGrace,
    org.linli.core.rating.BayesianPrior ratingPrior,
    java.time.Duration warmup,
    int maxConnectionsPerAddress,
    int metricsPort,
    java.time.Duration requestTimeout,
    Notify notifications,
    SignIn signIn,
    Escalation escalation,
    Tiles tiles) {

  /**
   * The pages' base map: a tile server, or none (the pages then draw the loaded regions).
   *
   * @param url a {@code {z}/{x}/{y}} template ({@code {s}} for subdomains, {@code {key}} for the
   *     key) over https, or null for none ({@code LINLI_TILE_URL})
   * @param crs the tiles' coordinates: {@code WGS84} (e.g. Tianditu) or {@code GCJ02} (e.g. AMap);
   *     the pages convert their points accordingly ({@code LINLI_TILE_CRS}, default WGS84)
   * @param attribution the credit the tiles' licence asks for ({@code LINLI_TILE_ATTRIBUTION})
   * @param key put in the template's {@code {key}} ({@code LINLI_TILE_KEY}); a browser key, sent to
   *     every page
   */
  public record Tiles(String url, String crs, String attribution, String key) {
    public static final Tiles NONE = new Tiles(null, "WGS84", null, null);

    private static final java.util.regex.Pattern TEMPLATE =
        java.util.regex.Pattern.compile("(https?)://([A-Za-z0-9.{}-]+(?::[0-9]+)?)(/[^\\s\"']*)?");

    public Tiles {
      crs = crs == null ? "WGS84" : crs;
      if (!crs.equals("WGS84") && !crs.equals("GCJ02")) {
        throw new ConfigException("LINLI_TILE_CRS is WGS84 or GCJ02, not " + crs);
      }
      if (url != null) {
        if (!TEMPLATE.matcher(url).matches()) {
          throw new ConfigException(
              "LINLI_TILE_URL must be an http(s) URL template such as"
                  + " https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z},"
                  + " got "
                  + url);
        }
        if (!(url.contains("{z}") && url.contains("{x}") && url.contains("{y}"))) {
          throw new ConfigException("LINLI_TILE_URL must hold {z}, {x} and {y}");
        }
        if (url.contains("{key}") && key == null) {
          throw new ConfigException("LINLI_TILE_URL holds {key}: set LINLI_TILE_KEY");
        }
      }
    }

    /**
     * The origin the pages may load tiles from, for the Content-Security-Policy: the template's
     * scheme and host, a host part holding {@code {s}} becoming a wildcard; null without tiles.
     */
    public String cspSource() {
      if (url == null) {
        return null;
      }
      java.util.regex.Matcher m = TEMPLATE.matcher(url);
      if (!m.matches()) {
        return null;
      }
      String host = m.group(2);
      if (host.contains("{")) {
        host = "*" + host.substring(host.indexOf('.'));
      }
      return m.group(1) + "://" + host;
    }

    /** The template with the key in it (null without tiles). */
    public String template() {
      return url == null ? null : url.replace("{key}", key == null ? "" : key);
    }
  }

  /**
   * How fast urgent needs move.
   *
   * @param urgentOfferTimeout how long each provider has to answer an URGENT need's offer ({@code
   *     LINLI_URGENT_OFFER_TIMEOUT}, default 5 minutes)
   * @param escalateAfter how long an URGENT or sensitive need may wait for an acceptance before it
   *     goes to the duty staff of its region ({@code LINLI_ESCALATE_AFTER}, default 30 minutes)
   */
  public record Escalation(
      java.time.Duration urgentOfferTimeout, java.time.Duration escalateAfter) {
    public static final Escalation DEFAULTS =
        new Escalation(java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(30));

    public Escalation {
      if (urgentOfferTimeout == null
          || urgentOfferTimeout.isNegative()
          || urgentOfferTimeout.isZero()) {
        throw new ConfigException(
            "LINLI_URGENT_OFFER_TIMEOUT must be a positive ISO-8601 duration such as PT5M");
      }
      if (escalateAfter == null || escalateAfter.isNegative() || escalateAfter.isZero()) {
        throw new ConfigException(
            "LINLI_ESCALATE_AFTER must be a positive ISO-8601 duration such as PT30M");
      }
    }
  }

  /**
   * How people's sessions last, and which outside identity provider is trusted.
   *
   * @param accountSession how long a session of a worker, agency, staff or admin lasts ({@code
   *     LINLI_SESSION_TTL}, default 8 hours: a working day)
   * @param residentSession how long a resident stays signed in ({@code LINLI_RESIDENT_SESSION_TTL},
   *     default 30 days, so that an elderly resident is not asked for a code every visit; signing
   *     out or disabling the account ends it at once)
   * @param oidcJwks the JWKS of an OpenID Connect provider whose RS256/ES256 tokens (of issuer
   *     {@code LINLI_JWT_ISSUER}) are accepted ({@code LINLI_OIDC_JWKS_URL}), or null
   * @param oidcRolesClaim the claim of those tokens that carries Linli's roles ({@code
   *     LINLI_OIDC_ROLES_CLAIM}, default {@code roles})
   */
  public record SignIn(
      java.time.Duration accountSession,
      java.time.Duration residentSession,
      java.net.URI oidcJwks,
      String oidcRolesClaim) {
    public static final SignIn DEFAULTS =
        new SignIn(java.time.Duration.ofHours(8), java.time.Duration.ofDays(30), null, "roles");

    public SignIn {
      if (accountSession == null
          || accountSession.compareTo(java.time.Duration.ofMinutes(5)) < 0
          || accountSession.compareTo(java.time.Duration.ofDays(7)) > 0) {
        throw new ConfigException(
            "LINLI_SESSION_TTL must be an ISO-8601 duration from PT5M to P7D, such as PT8H");
      }
      if (residentSession == null
          || residentSession.compareTo(java.time.Duration.ofHours(1)) < 0
          || residentSession.compareTo(java.time.Duration.ofDays(365)) > 0) {
        throw new ConfigException(
            "LINLI_RESIDENT_SESSION_TTL must be an ISO-8601 duration from PT1H to P365D, such as"
                + " P30D");
      }
      if (oidcJwks != null
          && !("http".equals(oidcJwks.getScheme()) || "https".equals(oidcJwks.getScheme()))) {
        throw new ConfigException("LINLI_OIDC_JWKS_URL must be an http:// or https:// URL");
      }
      if (oidcRolesClaim == null || oidcRolesClaim.isBlank()) {
        throw new ConfigException("LINLI_OIDC_ROLES_CLAIM must not be empty");
      }
    }
  }

  /**
   * Where messages to people go: {@code url} (an SMS or WeChat gateway, {@code LINLI_NOTIFY_URL})
   * with requests signed by {@code secret} ({@code LINLI_NOTIFY_SECRET}), or, when null, the file
   * {@code notifications.log} of the data directory; each is retried for up to {@code maxAge}
   * ({@code LINLI_NOTIFY_MAX_AGE}).
   */
  public record Notify(java.net.URI url, String secret, java.time.Duration maxAge) {
    /** The file of the data directory, retried for a day. */
    public static final Notify DEFAULTS = new Notify(null, null, java.time.Duration.ofHours(24));

    public Notify {
      if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
        throw new ConfigException("LINLI_NOTIFY_URL must be an http:// or https:// URL");
      }
      if (maxAge == null || maxAge.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
        throw new ConfigException(
            "LINLI_NOTIFY_MAX_AGE must be an ISO-8601 duration of at least PT1M, such as PT24H");
      }
    }

    /** Without the secret. */
    @Override
    public String toString() {
      return "Notify[url="
          + (url == null ? "none: notifications.log" : url)
          + ", secret="
          + (secret == null ? "none" : "***")
          + ", maxAge="
          + maxAge
          + "]";
    }
  }

  /**
   * How bearer tokens are checked and how hard clients may call. {@code jwtSecret} null means:
   * generated once and kept in the data directory; {@code jwtPublicKey} (a PEM file) switches
   * verification to RS256.
   *
   * @param rateLimitPerMinute requests per minute per client (principal, else IP address) on the
   *     rate-limited routes; 0 turns limiting off
   * @param rateLimitPerIpPerMinute requests per minute per IP address on those routes, whichever
   *     principals it carries (so that many tokens from one address are still bounded); 0 turns it
   *     off
   * @param dataKey the key that encrypts personal data at rest ({@code LINLI_DATA_KEY}: 32 bytes in
   *     base64); null means generated once and kept in the data directory ({@code data.key}), which
   *     only a single member may do
   */
  public record Security(
      String jwtSecret,
      Path jwtPublicKey,
      String jwtIssuer,
      int rateLimitPerMinute,
      int rateLimitPerIpPerMinute,
      String dataKey) {
    /**
     * Generated secret, issuer {@code linli}, 600 requests per minute per client, 6 000 per IP
     * address.
     */
    public static final Security DEFAULTS = new Security(null, null, "linli", 600);

    /** With the per-IP limit at ten clients' worth ({@link #defaultPerIp}). */
    public Security(String jwtSecret, Path jwtPublicKey, String jwtIssuer, int rateLimitPerMinute) {
      this(
          jwtSecret, jwtPublicKey, jwtIssuer, rateLimitPerMinute, defaultPerIp(rateLimitPerMinute));
    }

    /** With the data key kept in the data directory. */
    public Security(
        String jwtSecret,
        Path jwtPublicKey,
        String jwtIssuer,
        int rateLimitPerMinute,
        int rateLimitPerIpPerMinute) {
      this(jwtSecret, jwtPublicKey, jwtIssuer, rateLimitPerMinute, rateLimitPerIpPerMinute, null);
    }

    /** The same, with {@code key} as the data key (base64 of 32 bytes). */
    public Security withDataKey(String key) {
      return new Security(
          jwtSecret, jwtPublicKey, jwtIssuer, rateLimitPerMinute, rateLimitPerIpPerMinute, key);
    }

    /** The data key's 32 bytes, or null when it is to be kept in the data directory. */
    public byte[] dataKeyBytes() {
      return dataKey == null ? null : decodeKey(dataKey);
    }

    private static byte[] decodeKey(String key) {
      byte[] bytes;
      try {
        String k = key.trim();
        bytes =
            k.indexOf('-') >= 0 || k.indexOf('_') >= 0
                ? java.util.Base64.getUrlDecoder().decode(k)
                : java.util.Base64.getDecoder().decode(k);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "LINLI_DATA_KEY is not base64; make one with: openssl rand -base64 32");
      }
      if (bytes.length != 32) {
        throw new ConfigException(
            "LINLI_DATA_KEY must be 32 bytes in base64, not "
                + bytes.length
                + "; make one with: openssl rand -base64 32");
      }
      return bytes;
    }

    /** Ten clients' worth: one office or NAT gateway may carry several users. */
    public static int defaultPerIp(int rateLimitPerMinute) {
      return (int) Math.min(1_000_000, 10L * rateLimitPerMinute);
    }

    public Security {
      if (dataKey != null) {
        decodeKey(dataKey);
      }
      if (jwtSecret != null
          && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
        throw new ConfigException("LINLI_JWT_SECRET must be at least 32 bytes");
      }
      if (jwtIssuer == null || jwtIssuer.isBlank()) {
        throw new ConfigException("LINLI_JWT_ISSUER must not be empty");
      }
      if (rateLimitPerMinute < 0 || rateLimitPerMinute > 1_000_000) {
        throw new ConfigException(
            "LINLI_RATE_LIMIT " + rateLimitPerMinute + " outside [0, 1000000]");
      }
      if (rateLimitPerIpPerMinute < 0 || rateLimitPerIpPerMinute > 1_000_000) {
        throw new ConfigException(
            "LINLI_RATE_LIMIT_IP " + rateLimitPerIpPerMinute + " outside [0, 1000000]");
      }
    }

    /** Without the secret, which must never reach a log. */
    @Override
    public String toString() {
      return "Security[jwtSecret="
          + (jwtSecret == null ? "generated" : "***")
          + ", jwtPublicKey="
          + jwtPublicKey
          + ", jwtIssuer="
          + jwtIssuer
          + ", rateLimitPerMinute="
          + rateLimitPerMinute
          + ", rateLimitPerIpPerMinute="
          + rateLimitPerIpPerMinute
          + ", dataKey="
          + (dataKey == null ? "kept in the data directory" : "***")
          + "]";
    }
  }

  /**
   * The durable store: {@code url} null means embedded H2 in the data directory (then user and
   * password are the embedded store's own); else a {@code jdbc:postgresql://} (or {@code jdbc:h2:})
   * URL with its credentials.
   *
   * @param poolSize largest number of pooled connections, in [1, 200]
   */
  public record DbSettings(String url, String user, String password, int poolSize) {
    /** Embedded H2, default pool. */
    public static final DbSettings EMBEDDED = new DbSettings(null, null, null, 10);

    public DbSettings {
      if (url != null && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
        throw new ConfigException(
            "LINLI_DB_URL \"" + redact(url) + "\" is not a jdbc:postgresql:// or jdbc:h2: URL");
      }
      if (poolSize < 1 || poolSize > 200) {
        throw new ConfigException("LINLI_DB_POOL_SIZE " + poolSize + " outside [1, 200]");
      }
    }

    /** {@code url} with any {@code password=} parameter's value hidden, for logs and messages. */
    public static String redact(String url) {
      return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Without the password, which must never reach a log. */
    @Override
    public String toString() {
      return "DbSettings[url="
          + (url == null ? "embedded" : redact(url))
          + ", user="
          + user
          + ", poolSize="
          + poolSize
          + "]";
    }
  }

  /** Raised for a setting that cannot be used; the message names it and the accepted values. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  public ServerConfig {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new ConfigException("LINLI_HTTP_PORT " + httpPort + " outside [0, 65535]");
    }
    if (clusterPort < 1 || clusterPort > 65_535) {
      throw new ConfigException("LINLI_CLUSTER_PORT " + clusterPort + " outside [1, 65535]");
    }
    if (clusterName == null || clusterName.isBlank()) {
      throw new ConfigException("LINLI_CLUSTER_NAME must not be empty");
    }
    if (matchThreads < 1 || matchThreads > 256) {
      throw new ConfigException("LINLI_MATCH_THREADS " + matchThreads + " outside [1, 256]");
    }
    for (String m : clusterMembers) {
      if (!m.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
        throw new ConfigException("LINLI_CLUSTER_MEMBERS entry \"" + m + "\" is not host:port");
      }
    }
    clusterMembers = List.copyOf(clusterMembers);
    if (db == null || security == null) {
      throw new ConfigException("database or security settings missing");
    }
    if (!clusterMembers.isEmpty() && (db.url() == null || db.url().startsWith("jdbc:h2:"))) {
      throw new ConfigException(
          "LINLI_CLUSTER_MEMBERS is set, but the durable store is embedded H2, which every"
              + " member would keep apart (each member writes the records it owns to its own file, so acknowledged"
              + " writes would be split between them and lost). Point every member at one PostgreSQL database"
              + " (LINLI_DB_URL, LINLI_DB_USER, LINLI_DB_PASSWORD), or leave LINLI_CLUSTER_MEMBERS unset for a"
              + " standalone server");
    }
    if (clusterInterface != null && !clusterInterface.matches("[0-9*.\\-]+|[0-9A-Fa-f:]+")) {
      throw new ConfigException(
          "LINLI_CLUSTER_INTERFACE \""
              + clusterInterface
              + "\" is not an IP address or a"
              + " wildcard such as 10.0.0.*");
    }
    if (clusterInterface == null && !clusterMembers.stream().allMatch(ServerConfig::onLoopback)) {
      throw new ConfigException(
          "LINLI_CLUSTER_MEMBERS names members on other hosts: set LINLI_CLUSTER_INTERFACE to"
              + " this host's address on the private network the members share (for example 10.0.0.5), so that the"
              + " cluster port listens there and nowhere else");
    }
    if (!clusterMembers.isEmpty() && security.dataKey() == null) {
      throw new ConfigException(
          "the members of a cluster share one database, so they must share the key that encrypts"
              + " personal data in it: give every member the same LINLI_DATA_KEY (make one with:"
              + " openssl rand -base64 32, and keep it as safe as the database)");
    }
    if (offerTimeout == null || offerTimeout.isNegative() || offerTimeout.isZero()) {
      throw new ConfigException(
          "LINLI_OFFER_TIMEOUT must be a positive ISO-8601 duration such as PT15M");
    }
    if (capacityGrace == null || capacityGrace.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(
          "LINLI_CAPACITY_GRACE must be an ISO-8601 duration of at least PT1S, such as PT5M");
    }
    if (ratingPrior == null) {
      throw new ConfigException("rating prior missing");
    }
    if (metricsPort < -1 || metricsPort > 65_535) {
      throw new ConfigException(
          "LINLI_METRICS_PORT " + metricsPort + " outside [0, 65535] (or -1 for none)");
    }
    if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > 1_000_000) {
      throw new ConfigException(
          "LINLI_MAX_CONNECTIONS_PER_ADDRESS "
              + maxConnectionsPerAddress
              + " outside [1, 1000000]");
    }
    if (requestTimeout == null
        || requestTimeout.compareTo(java.time.Duration.ofSeconds(1)) < 0
        || requestTimeout.compareTo(java.time.Duration.ofMinutes(10)) > 0) {
      throw new ConfigException(
          "the request timeout must be from 1 s to 10 minutes, got " + requestTimeout);
    }
    if (notifications == null) {
      throw new ConfigException("notification settings missing");
    }
    if (signIn == null) {
      throw new ConfigException("sign-in settings missing");
    }
    if (escalation == null) {
      throw new ConfigException("escalation settings missing");
    }
    if (signIn.oidcJwks() != null && security.jwtPublicKey() != null) {
      throw new ConfigException(
          "give LINLI_OIDC_JWKS_URL (keys fetched from an identity provider) or"
              + " LINLI_JWT_PUBLIC_KEY (one fixed key), not both");
    }
    if (warmup == null || warmup.isNegative() || warmup.compareTo(MAX_WARMUP) > 0) {
      throw new ConfigException(
          "LINLI_WARMUP must be an ISO-8601 duration from PT0S (off) to PT10M, such as PT30S");
    }
  }

  /** The contract's 30 seconds a request may take. */
  public static final java.time.Duration DEFAULT_REQUEST_TIMEOUT = java.time.Duration.ofSeconds(30);

  /** At most 30 seconds: a member with a million providers warmed in 17–24 s on two cores. */
  public static final java.time.Duration DEFAULT_WARMUP = java.time.Duration.ofSeconds(30);

  private static final java.time.Duration MAX_WARMUP = java.time.Duration.ofMinutes(10);

  /** Fifteen minutes, the contract's default for a provider to answer an offer. */
  public static final java.time.Duration DEFAULT_OFFER_TIMEOUT = java.time.Duration.ofMinutes(15);

  /** Five minutes: an acceptance takes milliseconds, and its request times out after 30 s. */
  public static final java.time.Duration DEFAULT_CAPACITY_GRACE = java.time.Duration.ofMinutes(5);

  /** This configuration on another durable store. */
  public ServerConfig withDb(DbSettings newDb) {
    return toBuilder().db(newDb).build();
  }

  /** This configuration with other security settings. */
  public ServerConfig withSecurity(Security newSecurity) {
    return toBuilder().security(newSecurity).build();
  }

  /** This configuration with another offer timeout. */
  public ServerConfig withOfferTimeout(java.time.Duration timeout) {
    return toBuilder().offerTimeout(timeout).build();
  }

  /** This configuration with another rating prior. */
  public ServerConfig withRatingPrior(org.linli.core.rating.BayesianPrior prior) {
    return toBuilder().ratingPrior(prior).build();
  }

  /** This configuration with another capacity grace. */
  public ServerConfig withCapacityGrace(java.time.Duration grace) {
    return toBuilder().capacityGrace(grace).build();
  }

  /** This configuration with another warm-up budget ({@code PT0S}: none). */
  public ServerConfig withWarmup(java.time.Duration budget) {
    return toBuilder().warmup(budget).build();
  }

  /**
   * Whether this member joins others: a cluster, as opposed to a standalone member that joins
   * nothing.
   */
  public boolean clustered() {
    return !clusterMembers.isEmpty();
  }

  /**
   * The address the Hazelcast port binds to: {@link #clusterInterface} when given, else loopback (a
   * standalone member, or a cluster whose members are all on this host).
   */
  public String clusterBindInterface() {
    return clusterInterface != null ? clusterInterface : "127.0.0.1";
  }

  /** Whether {@code member} ({@code host:port}) is on this host's loopback interface. */
  static boolean onLoopback(String member) {
    return member.startsWith("127.")
        || member.startsWith("localhost:")
        || member.startsWith("[::1]:");
  }

  /** A builder holding the contract's defaults (those of {@link #load} with nothing set). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder for a server on loopback alone: any free HTTP port, no demo data, two match threads,
   * the other settings at their defaults (tests, benchmarks, local tools).
   */
  public static Builder loopback(Path dataDir) {
    return builder().httpPort(0).httpHost("127.0.0.1").dataDir(dataDir).demo(false).matchThreads(2);
  }

  /** A builder holding this configuration, to change a setting or two. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.httpPort = httpPort;
    b.httpHost = httpHost;
    b.dataDir = dataDir;
    b.demo = demo;
    b.clusterMembers = clusterMembers;
    b.clusterPort = clusterPort;
    b.clusterName = clusterName;
    b.clusterInterface = clusterInterface;
    b.matchThreads = matchThreads;
    b.db = db;
    b.security = security;
    b.offerTimeout = offerTimeout;
    b.capacityGrace = capacityGrace;
    b.ratingPrior = ratingPrior;
    b.warmup = warmup;
    b.maxConnectionsPerAddress = maxConnectionsPerAddress;
    b.metricsPort = metricsPort;
    b.requestTimeout = requestTimeout;
    b.notifications = notifications;
    b.signIn = signIn;
    b.escalation = escalation;
    b.tiles = tiles;
    return b;
  }

  /**
   * Builds a {@link ServerConfig} one setting at a time, starting from the contract's defaults;
   * {@link #build} validates the whole. Not thread-safe.
   */
  public static final class Builder {
    private int httpPort = 8080;
    private String httpHost = "0.0.0.0";
    private Path dataDir = Path.of("./linli-data");
    private boolean demo = true;
    private List<String> clusterMembers = List.of();
    private int clusterPort = 5701;
    private String clusterName = "linli";
    private String clusterInterface;
    private int matchThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private DbSettings db = DbSettings.EMBEDDED;
    private Security security = Security.DEFAULTS;
    private java.time.Duration offerTimeout = DEFAULT_OFFER_TIMEOUT;
    private java.time.Duration capacityGrace = DEFAULT_CAPACITY_GRACE;
    private org.linli.core.rating.BayesianPrior ratingPrior =
        org.linli.core.rating.BayesianPrior.DEFAULT;
    private java.time.Duration warmup = DEFAULT_WARMUP;
    private int maxConnectionsPerAddress = 512;
    private int metricsPort = -1;
    private Notify notifications = Notify.DEFAULTS;
    private SignIn signIn = SignIn.DEFAULTS;
    private Escalation escalation = Escalation.DEFAULTS;
    private Tiles tiles = Tiles.NONE;

    /** The pages' base map tiles. */
    public Builder tiles(Tiles v) {
      tiles = v;
      return this;
    }

    /** How fast urgent needs move. */
    public Builder escalation(Escalation v) {
      escalation = v;
      return this;
    }

    /** How sessions last and which identity provider is trusted. */
    public Builder signIn(SignIn v) {
      signIn = v;
      return this;
    }

    /** Where messages to people go. */
    public Builder notifications(Notify v) {
      notifications = v;
      return this;
    }

    private java.time.Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /**
     * How long a request may take, and a connection may wait for a request's head (30 s; tests
     * shorten it).
     */
    public Builder requestTimeout(java.time.Duration v) {
      requestTimeout = v;
      return this;
    }

    /** A loopback port for {@code /metrics} without a token; -1 for none, 0 for any free port. */
    public Builder metricsPort(int v) {
      metricsPort = v;
      return this;
    }

    public Builder maxConnectionsPerAddress(int v) {
      maxConnectionsPerAddress = v;
      return this;
    }

    /** HTTP port; 0 picks a free one. */
    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    /** Interface the HTTP port listens on. */
    public Builder httpHost(String v) {
      httpHost = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = v;
      return this;
    }

    public Builder demo(boolean v) {
      demo = v;
      return this;
    }

    /** The members to join ({@code host:port}); empty for a standalone member. */
    public Builder clusterMembers(List<String> v) {
      clusterMembers = v;
      return this;
    }

    public Builder clusterPort(int v) {
      clusterPort = v;
      return this;
    }

    public Builder clusterName(String v) {
      clusterName = v;
      return this;
    }

    /** The address the Hazelcast port binds to; null for loopback. */
    public Builder clusterInterface(String v) {
      clusterInterface = v;
      return this;
    }

    public Builder matchThreads(int v) {
      matchThreads = v;
      return this;
    }

    public Builder db(DbSettings v) {
      db = v;
      return this;
    }

    public Builder security(Security v) {
      security = v;
      return this;
    }

    public Builder offerTimeout(java.time.Duration v) {
      offerTimeout = v;
      return this;
    }

    public Builder capacityGrace(java.time.Duration v) {
      capacityGrace = v;
      return this;
    }

    public Builder ratingPrior(org.linli.core.rating.BayesianPrior v) {
      ratingPrior = v;
      return this;
    }

    public Builder warmup(java.time.Duration v) {
      warmup = v;
      return this;
    }

    /** The configuration; {@link ConfigException} names the first setting that cannot be used. */
    public ServerConfig build() {
      return new ServerConfig(
          httpPort,
          httpHost,
          dataDir,
          demo,
          clusterMembers,
          clusterPort,
          clusterName,
          clusterInterface,
          matchThreads,
          db,
          security,
          offerTimeout,
          capacityGrace,
          ratingPrior,
          warmup,
          maxConnectionsPerAddress,
          metricsPort,
          requestTimeout,
          notifications,
          signIn,
          escalation,
          tiles);
    }
  }

  /** Reads the configuration from {@code args} and {@code env}, as described above. */
  public static ServerConfig load(List<String> args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    Map<String, String> file = new HashMap<>();
    String configFile = flags.getOrDefault("LINLI_CONFIG", env.get("LINLI_CONFIG"));
    if (configFile != null) {
      file.putAll(readProperties(Path.of(configFile)));
    }
    Settings s = new Settings(flags, env, file);
    int cores = Runtime.getRuntime().availableProcessors();
    return builder()
        .httpPort(s.integer("LINLI_HTTP_PORT", 8080))
        .httpHost(s.string("LINLI_HTTP_HOST", "0.0.0.0"))
        .dataDir(Path.of(s.string("LINLI_DATA_DIR", "./linli-data")))
        .demo(s.bool("LINLI_DEMO", true))
        .clusterMembers(s.list("LINLI_CLUSTER_MEMBERS"))
        .clusterPort(s.integer("LINLI_CLUSTER_PORT", 5701))
        .clusterName(s.string("LINLI_CLUSTER_NAME", "linli"))
        .clusterInterface(s.string("LINLI_CLUSTER_INTERFACE", null))
        .matchThreads(s.integer("LINLI_MATCH_THREADS", Math.max(2, cores)))
        .db(
            new DbSettings(
                s.string("LINLI_DB_URL", null),
                s.string("LINLI_DB_USER", null),
                s.string("LINLI_DB_PASSWORD", null),
                s.integer("LINLI_DB_POOL_SIZE", 10)))
        .security(
            new Security(
                s.string("LINLI_JWT_SECRET", null),
                s.string("LINLI_JWT_PUBLIC_KEY", null) == null
                    ? null
                    : Path.of(s.string("LINLI_JWT_PUBLIC_KEY", null)),
                s.string("LINLI_JWT_ISSUER", "linli"),
                s.integer("LINLI_RATE_LIMIT", 600),
                s.integer(
                    "LINLI_RATE_LIMIT_IP",
                    Security.defaultPerIp(s.integer("LINLI_RATE_LIMIT", 600))),
                s.string("LINLI_DATA_KEY", null)))
        .offerTimeout(s.duration("LINLI_OFFER_TIMEOUT", DEFAULT_OFFER_TIMEOUT))
        .capacityGrace(s.duration("LINLI_CAPACITY_GRACE", DEFAULT_CAPACITY_GRACE))
        .ratingPrior(
            prior(
                s.decimal(
                    "LINLI_RATING_PRIOR_MEAN", org.linli.core.rating.BayesianPrior.DEFAULT.mean()),
                s.decimal(
                    "LINLI_RATING_PRIOR_WEIGHT",
                    org.linli.core.rating.BayesianPrior.DEFAULT.weight())))
        .warmup(s.duration("LINLI_WARMUP", DEFAULT_WARMUP))
        .maxConnectionsPerAddress(s.integer("LINLI_MAX_CONNECTIONS_PER_ADDRESS", 512))
        .metricsPort(s.integer("LINLI_METRICS_PORT", -1))
        .notifications(
            new Notify(
                s.string("LINLI_NOTIFY_URL", null) == null
                    ? null
                    : uri(s.string("LINLI_NOTIFY_URL", null), "LINLI_NOTIFY_URL"),
                s.string("LINLI_NOTIFY_SECRET", null),
                s.duration("LINLI_NOTIFY_MAX_AGE", java.time.Duration.ofHours(24))))
        .signIn(
            new SignIn(
                s.duration("LINLI_SESSION_TTL", SignIn.DEFAULTS.accountSession()),
                s.duration("LINLI_RESIDENT_SESSION_TTL", SignIn.DEFAULTS.residentSession()),
                s.string("LINLI_OIDC_JWKS_URL", null) == null
                    ? null
                    : uri(s.string("LINLI_OIDC_JWKS_URL", null), "LINLI_OIDC_JWKS_URL"),
                s.string("LINLI_OIDC_ROLES_CLAIM", "roles")))
        .escalation(
            new Escalation(
                s.duration("LINLI_URGENT_OFFER_TIMEOUT", Escalation.DEFAULTS.urgentOfferTimeout()),
                s.duration("LINLI_ESCALATE_AFTER", Escalation.DEFAULTS.escalateAfter())))
        .tiles(
            new Tiles(
                s.string("LINLI_TILE_URL", null),
                s.string("LINLI_TILE_CRS", "WGS84"),
                s.string("LINLI_TILE_ATTRIBUTION", null),
                s.string("LINLI_TILE_KEY", null)))
        .build();
  }

  private static java.net.URI uri(String text, String name) {
    try {
      return new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(name + " is not a URL: " + e.getReason());
    }
  }

  private static org.linli.core.rating.BayesianPrior prior(double mean, double weight) {
    try {
      return new org.linli.core.rating.BayesianPrior(mean, weight);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "LINLI_RATING_PRIOR_MEAN must be in [1, 5] and LINLI_RATING_PRIOR_WEIGHT above 0: "
              + e.getMessage());
    }
  }

  /** {@code --http-port 8080} and {@code --http-port=8080} become {@code LINLI_HTTP_PORT=8080}. */
  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new ConfigException(
            "unexpected argument \"" + a + "\"; settings are given as --name value");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        value = "true";
      }
      out.put("LINLI_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), value);
    }
    return out;
  }

  private static Map<String, String> readProperties(Path path) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private record Settings(
      Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
    String raw(String name) {
      String v = flags.get(name);
      if (v == null) {
        v = env.get(name);
      }
      if (v == null) {
        v = file.get(name);
      }
      return v == null || v.isBlank() ? null : v.trim();
    }

    String string(String name, String fallback) {
      String v = raw(name);
      return v == null ? fallback : v;
    }

    int integer(String name, int fallback) {
      String v = raw(name);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " \"" + v + "\" is not a whole number");
      }
    }

    double decimal(String name, double fallback) {
      String v = raw(name);
      if (v == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " \"" + v + "\" is not a number");
      }
    }

    java.time.Duration duration(String name, java.time.Duration fallback) {
      String v = raw(name);
      if (v == null) {
        return fallback;
      }
      try {
        return java.time.Duration.parse(v);
      } catch (java.time.format.DateTimeParseException e) {
        throw new ConfigException(
            name + " \"" + v + "\" is not an ISO-8601 duration such as PT15M");
      }
    }

    boolean bool(String name, boolean fallback) {
      String v = raw(name);
      if (v == null) {
        return fallback;
      }
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1", "on" -> true;
        case "false", "no", "0", "off" -> false;
        default -> throw new ConfigException(name + " \"" + v + "\" is not true or false");
      };
    }

    List<String> list(String name) {
      String v = raw(name);
      if (v == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).forEach(out::add);
      return out;
    }
  }
}
