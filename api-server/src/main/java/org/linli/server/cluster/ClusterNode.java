package org.linli.server.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapStore;
import com.hazelcast.spi.properties.ClusterProperty;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.ProviderCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's Hazelcast member and the maps Linli keeps in it. The providers map is the
 * in-memory source of truth; every member builds its own index from it. A standalone member (no
 * members configured) joins nothing and listens on loopback only; a clustered one joins its listed
 * members over TCP/IP (multicast off) on the one interface configured. No member speaks the client
 * protocol, and Java deserialisation is filtered.
 *
 * <p>Durability: each records map is written through its {@link MapStore} ({@code
 * write-delay-seconds=0}), so a put returns only after the database committed it, and is loaded
 * eagerly from it the first time the map is asked for. Backups are synchronous, and an operation
 * whose backups cannot be confirmed fails rather than reporting success ({@code
 * hazelcast.operation.fail.on.indeterminate.state}).
 */
public final class ClusterNode implements AutoCloseable {
  /** Provider documents by id, as JSON (the contract's shape, with the read-only fields). */
  public static final String PROVIDERS = "providers";

  /** Referral cases by id, as {@code CaseJson} store documents. */
  public static final String CASES = "cases";

  /** Administrative regions by id, as {@code RegionJson} store documents (boundary included). */
  public static final String REGIONS = "regions";

  public static final String AGENCIES = "agencies";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final HazelcastInstance hazelcast;

  private ClusterNode(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  /**
   * Starts a member for {@code config} whose providers map persists through {@code providerStore}
   * (blocking: call it off the event loop). The map is not loaded until {@link #providers()} is
   * first called.
   */
  public static ClusterNode start(
      ServerConfig config,
      MapStore<String, HazelcastJsonValue> providerStore,
      MapStore<String, HazelcastJsonValue> caseStore,
      MapStore<String, HazelcastJsonValue> regionStore,
      MapStore<String, HazelcastJsonValue> agencyStore) {
    Config c = new Config();
    c.setClusterName(config.clusterName());
    c.setInstanceName(
        "linli-"
            + config.clusterName()
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + Integer.toHexString(System.identityHashCode(c)));
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    c.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
    network(c, config);
    // Entry processors travel between members as Java-serialised objects: accept only Linli's own
    // classes and the
    // JDK and Hazelcast types they are made of, on top of Hazelcast's list of known gadget classes.
    JavaSerializationFilterConfig filter =
        new JavaSerializationFilterConfig().setDefaultsDisabled(false);
    filter.getWhitelist().addPrefixes(SERIALIZABLE_PREFIXES.toArray(String[]::new));
    c.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    c.getJetConfig().setEnabled(false);
    c.getManagementCenterConfig()
        .setScriptingEnabled(false)
        .setConsoleEnabled(false)
        .setDataAccessEnabled(false);
    c.addMapConfig(
        new MapConfig(PROVIDERS)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setStatisticsEnabled(true)
            .setMapStoreConfig(writeThrough(providerStore))
            // Every query on this map goes through an index, so the per-document JSON metadata that
            // speeds full
            // scans would only cost memory (about 1.1 KB a provider) and put time.
            .setMetadataPolicy(MetadataPolicy.OFF)
            .setIndexConfigs(indexes(PROVIDER_INDEXES)));
    c.addMapConfig(
        new MapConfig(CASES)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setStatisticsEnabled(true)
            .setMapStoreConfig(writeThrough(caseStore))
            .setIndexConfigs(indexes(CASE_INDEXES)));
    c.addMapConfig(
        new MapConfig(REGIONS)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setStatisticsEnabled(true)
            .setMapStoreConfig(writeThrough(regionStore)));
    c.addMapConfig(
        new MapConfig(AGENCIES)
            .setBackupCount(1)
            .setInMemoryFormat(InMemoryFormat.BINARY)
            .setStatisticsEnabled(true)
            .setMapStoreConfig(writeThrough(agencyStore)));
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
    if (config.clustered()) {
      hz.getCluster().addMembershipListener(new UnlistedMemberWarning(config.clusterMembers()));
      LOG.info(
          "Hazelcast member {} joined cluster '{}' ({} members); its port listens on {} only",
          hz.getCluster().getLocalMember().getAddress(),
          config.clusterName(),
          hz.getCluster().getMembers().size(),
          config.clusterBindInterface());
    } else {
      LOG.info(
          "Hazelcast member {} runs standalone: it joins nothing and listens on loopback only",
          hz.getCluster().getLocalMember().getAddress());
    }
    return new ClusterNode(hz);
  }

  /** Class-name prefixes that Java deserialisation accepts from other members. */
  static final List<String> SERIALIZABLE_PREFIXES =
      List.of(
          "org.linli.",
          "com.hazelcast.",
          "java.lang.",
          "java.util.",
          "java.time.",
          "java.math.",
          "[");

  /**
   * The member's network: one endpoint, for members only (no client protocol, no REST or memcache),
   * bound to one interface and never to all of them. A standalone member (no {@code
   * LINLI_CLUSTER_MEMBERS}) binds to loopback and has no join method at all, so it neither looks
   * for other members nor accepts one that asks to join (Hazelcast refuses a joiner whose join
   * method differs); its port moves up when taken, as several standalone servers may share a host.
   * A clustered member joins the listed members over TCP/IP on the configured port exactly.
   * Hazelcast's community edition cannot authenticate members or encrypt their traffic: the cluster
   * port must sit on a private network (docs/operations.md).
   */
  private static void network(Config c, ServerConfig config) {
    String bind = config.clusterBindInterface();
    c.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    c.setProperty(ClusterProperty.SOCKET_SERVER_BIND_ANY.getName(), "false");
    c.setProperty(ClusterProperty.SOCKET_CLIENT_BIND_ANY.getName(), "false");
    if (!bind.contains("*") && !bind.contains("-")) {
      c.setProperty("hazelcast.local.localAddress", bind);
    }
    AdvancedNetworkConfig network = c.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member
        .setPort(config.clusterPort())
        .setPortAutoIncrement(!config.clustered())
        .setPortCount(100);
    member.setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(bind));
    network.setMemberEndpointConfig(member);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(config.clustered()).setMembers(config.clusterMembers());
  }

  /**
   * Warns when a member that is not in {@code LINLI_CLUSTER_MEMBERS} joins: the community edition
   * cannot refuse it, so the log is where an operator learns that someone else reached the cluster
   * port.
   */
  private static final class UnlistedMemberWarning implements MembershipListener {
    private final List<String> listed;

    UnlistedMemberWarning(List<String> listed) {
      this.listed = listed;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      Address a = event.getMember().getAddress();
      if (!isListed(listed, a)) {
        LOG.warn(
            "Member {} joined cluster but is not in LINLI_CLUSTER_MEMBERS; Hazelcast's community edition"
                + " cannot refuse it, so check who can reach the cluster port",
            a);
      }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      // nothing to say: Hazelcast logs departures
    }
  }

  /**
   * Whether {@code a} is one of {@code listed} ({@code host:port}), by name or by resolved address.
   */
  static boolean isListed(List<String> listed, Address a) {
    for (String m : listed) {
      int colon = m.lastIndexOf(':');
      String host = m.substring(0, colon).replace("[", "").replace("]", "");
      if (Integer.parseInt(m.substring(colon + 1)) != a.getPort()) {
        continue;
      }
      try {
        if (host.equals(a.getHost())
            || java.net.InetAddress.getByName(host).equals(a.getInetAddress())) {
          return true;
        }
      } catch (java.net.UnknownHostException e) {
        // an unresolvable listed host matches nothing
      }
    }
    return false;
  }

  /**
   * The attributes queried on the providers map, each with its index: capacity holds by age (the
   * reconciler's sweep) and providers by agency (an agency's listing). Without them each query
   * scans every document (seconds at a million providers, on both cores, once a minute for the
   * sweep).
   */
  static final Map<String, IndexType> PROVIDER_INDEXES =
      Map.of(
          ProviderCodec.HOLDS + "[any].at",
          IndexType.SORTED,
          ProviderCodec.AGENCY,
          IndexType.HASH,
          ProviderCodec.STATUS_UNTIL_PATH,
          IndexType.SORTED);

  /**
   * The attributes queried on the cases map: the offer timer's sweep (status, expiry; four times a
   * second), the reconciler's (status), inboxes (offered/assigned provider or agency) and event
   * streams (resident, candidates).
   */
  static final Map<String, IndexType> CASE_INDEXES =
      Map.ofEntries(
          Map.entry("status", IndexType.HASH),
          Map.entry("offerExpiresAtMillis", IndexType.SORTED),
          Map.entry("escalationWatchFromMillis", IndexType.SORTED),
          Map.entry("escalatedWaiting", IndexType.HASH),
          Map.entry("offeredProviderId", IndexType.HASH),
          Map.entry("assignedProviderId", IndexType.HASH),
          Map.entry("offeredAgencyId", IndexType.HASH),
          Map.entry("assignedAgencyId", IndexType.HASH),
          Map.entry("residentId", IndexType.HASH),
          Map.entry("candidates[any].providerId", IndexType.HASH),
          Map.entry("candidates[any].agencyId", IndexType.HASH));

  private static List<IndexConfig> indexes(Map<String, IndexType> attributes) {
    return attributes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new IndexConfig(e.getValue(), e.getKey()))
        .toList();
  }

  private static MapStoreConfig writeThrough(MapStore<?, ?> store) {
    return new MapStoreConfig()
        .setEnabled(true)
        .setImplementation(store)
        .setWriteDelaySeconds(0)
        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER)
        // Store calls run on Hazelcast's map-store executor, not its partition threads.
        .setOffload(true);
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /**
   * The providers map; the first call loads it from the durable store and blocks until that is
   * done.
   */
  public IMap<String, HazelcastJsonValue> providers() {
    return map(PROVIDERS);
  }

  /**
   * The agencies map; the first call loads it from the durable store and blocks until that is done.
   */
  public IMap<String, HazelcastJsonValue> agencies() {
    return map(AGENCIES);
  }

  /**
   * The regions map; the first call loads it from the durable store and blocks until that is done.
   */
  public IMap<String, HazelcastJsonValue> regions() {
    return map(REGIONS);
  }

  /**
   * The cases map; the first call loads it from the durable store and blocks until that is done.
   */
  public IMap<String, HazelcastJsonValue> cases() {
    return map(CASES);
  }

  /** How many times {@link #map} tries to create a map's proxy before giving up. */
  static final int PROXY_ATTEMPTS = 10;

  /**
   * The named map, its proxy created with retries. Creating a proxy adds the configured indexes on
   * every partition, and on a member that has just joined those partitions are migrating: an index
   * operation whose backup is not acknowledged in time fails as indeterminate (we fail on
   * indeterminate state). Adding an index is idempotent and a failed proxy is discarded by
   * Hazelcast, so trying again once migration has moved on is safe.
   */
  IMap<String, HazelcastJsonValue> map(String name) {
    return retryIndeterminate(
        "map '" + name + "'", () -> hazelcast.getMap(name), PROXY_ATTEMPTS, ClusterNode::pause);
  }

  /**
   * Runs {@code op}, again after a growing pause (250 ms doubling, at most 5 s) while it fails with
   * an indeterminate operation state, at most {@code attempts} times; any other failure, or the
   * last, is thrown.
   */
  static <T> T retryIndeterminate(String what, Supplier<T> op, int attempts, LongConsumer pauser) {
    for (int attempt = 1; ; attempt++) {
      try {
        return op.get();
      } catch (RuntimeException e) {
        if (!indeterminate(e) || attempt >= attempts) {
          throw e;
        }
        LOG.warn(
            "Creating {} failed while partitions migrate (attempt {} of {}); retrying: {}",
            what,
            attempt,
            attempts,
            e.toString());
        pauser.accept(Math.min(5_000L, 250L << Math.min(attempt - 1, 5)));
      }
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  private static boolean indeterminate(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IndeterminateOperationStateException) {
        return true;
      }
    }
    return false;
  }

  /** This member's Hazelcast port. */
  public int port() {
    return hazelcast.getCluster().getLocalMember().getAddress().getPort();
  }

  public boolean isRunning() {
    return hazelcast.getLifecycleService().isRunning();
  }

  @Override
  public void close() {
    if (hazelcast.getLifecycleService().isRunning()) {
      hazelcast.shutdown();
    }
  }
}
