package dev.slipway.cluster;

import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.slipway.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;

/**
 * A Slipway cluster is a Vert.x cluster on Hazelcast: members found by a TCP/IP list from the configuration (no
 * multicast), Hazelcast on {@code clusterHost:clusterPort}, the event bus on the same host and a port of its own
 * (chosen by the system; the members tell each other). Without cluster members Slipway is one process and none of
 * this runs.
 */
public final class ClusterSetup {
  /** Hazelcast's failure detector: a member that misses heartbeats for this long is removed (default 60 s). */
  private static final String NO_HEARTBEAT_SECONDS = "6";

  private ClusterSetup() {
  }

  /**
   * Refuses what cannot work: a cluster on H2 (each node's own file: jobs, sessions and logs would not be shared), a
   * cluster without a shared secret (run secrets would cross the network in clear), an empty member list.
   */
  public static void check(JsonObject config) {
    String node = config.getString(Config.NODE_NAME, "");
    if (!node.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("SLIPWAY_NODE_NAME (nodeName) must be 1 to 63 letters, digits, '.', '_' or "
          + "'-', starting with a letter or digit: it names the node in bus addresses and container labels");
    }
    dev.slipway.domain.NodeRole.parseAll(config.getString(Config.ROLES, "web,worker"));
    if (!Config.clustered(config)) {
      return;
    }
    if (!Config.usesPostgres(config)) {
      throw new IllegalArgumentException("SLIPWAY_CLUSTER_MEMBERS (clusterMembers) is set but SLIPWAY_DATABASE_URL "
          + "(databaseUrl) is not: the nodes of a cluster share one PostgreSQL database");
    }
    String secret = config.getString(Config.CLUSTER_SECRET, "");
    if (secret.length() < 16) {
      throw new IllegalArgumentException("SLIPWAY_CLUSTER_SECRET (clusterSecret) must be set to the same value of at "
          + "least 16 characters on every node of a cluster: run secrets travel between nodes sealed with it");
    }
    if (members(config).isEmpty()) {
      throw new IllegalArgumentException("SLIPWAY_CLUSTER_MEMBERS (clusterMembers) names no host:port");
    }
  }

  static List<String> members(JsonObject config) {
    return Arrays.stream(config.getString(Config.CLUSTER_MEMBERS, "").split("[,\\s]+"))
        .map(String::trim).filter(m -> !m.isEmpty()).toList();
  }

  /** Joins the cluster and answers the clustered Vert.x. */
  public static Future<Vertx> join(JsonObject config, VertxOptions options) {
    String host = config.getString(Config.CLUSTER_HOST, "127.0.0.1");
    int port = config.getInteger(Config.CLUSTER_PORT, 5701);
    com.hazelcast.config.Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("slipway");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", NO_HEARTBEAT_SECONDS);
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    // A member that leaves with SIGTERM is gone at once; one that is killed costs the failure detector's time.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
    network.getInterfaces().setEnabled(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members(config));
    options.setEventBusOptions(new EventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0));
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
  }
}
