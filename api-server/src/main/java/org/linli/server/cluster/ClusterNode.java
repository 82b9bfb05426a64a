package org.linli.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import org.linli.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's Hazelcast member and the maps Linli keeps in it. The providers map is the in-memory source of
 * truth; every member builds its own index from it. TCP/IP join only (multicast off), as the contract says; a
 * single member binds to the loopback interface unless members are configured.
 */
public final class ClusterNode implements AutoCloseable {
  /** Provider documents by id, as JSON (the contract's shape, with the read-only fields). */
  public static final String PROVIDERS = "providers";

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final HazelcastInstance hazelcast;

  private ClusterNode(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  /** Starts a member for {@code config} (blocking: call it off the event loop). */
  public static ClusterNode start(ServerConfig config) {
    Config c = new Config();
    c.setClusterName(config.clusterName());
    c.setInstanceName("linli-" + config.clusterName() + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(System.identityHashCode(c)));
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
    NetworkConfig network = c.getNetworkConfig();
    network.setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(100);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    if (config.clusterMembers().isEmpty()) {
      c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
      join.getTcpIpConfig().addMember("127.0.0.1");
    } else if (config.clusterMembers().stream().allMatch(m -> m.startsWith("127.") || m.startsWith("localhost:"))) {
      // A cluster on one machine (tests, local trials): stay on loopback like the members we join.
      c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
    }
    c.addMapConfig(new MapConfig(PROVIDERS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.BINARY)
        .setStatisticsEnabled(true));
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
    LOG.info("Hazelcast member {} joined cluster '{}' ({} members)", hz.getCluster().getLocalMember().getAddress(),
        config.clusterName(), hz.getCluster().getMembers().size());
    return new ClusterNode(hz);
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public IMap<String, HazelcastJsonValue> providers() {
    return hazelcast.getMap(PROVIDERS);
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
