package dev.slipway.testing;

import dev.slipway.Config;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slipway cluster on this machine: each node its own process (own JVM, HTTP port, Hazelcast port, data directory),
 * all on one fresh PostgreSQL database and the machine's one Docker engine. Nodes start one after the other, so the
 * first forms the cluster and the others join it (started together, two could form clusters of their own).
 */
public final class ClusterNodes implements AutoCloseable {
  public static final String SECRET = "cluster-test-secret-0123456789";
  private final Vertx vertx;
  private final String databaseUrl = Postgres.freshDatabase();
  private final Map<String, Integer> clusterPorts = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
  private final Map<String, SlipwayProcess> running = new LinkedHashMap<>();
  private final Map<String, Path> dataDirs = new LinkedHashMap<>();

  /** Reserves ports for nodes named {@code names}; none is started yet. */
  public ClusterNodes(Vertx vertx, String... names) {
    this.vertx = vertx;
    for (String name : names) {
      clusterPorts.put(name, SlipwayServer.freePort());
      httpPorts.put(name, SlipwayServer.freePort());
      dataDirs.put(name, SlipwayProcess.dataDir());
    }
  }

  /** Starts node {@code name} with {@code roles} ({@code web}, {@code worker} or {@code web,worker}). */
  public SlipwayProcess start(String name, String roles) {
    return start(name, roles, new JsonObject());
  }

  public SlipwayProcess start(String name, String roles, JsonObject extra) {
    List<String> members = new ArrayList<>();
    clusterPorts.values().forEach(port -> members.add("127.0.0.1:" + port));
    JsonObject config = new JsonObject().put(Config.NODE_NAME, name).put(Config.ROLES, roles)
        .put(Config.CLUSTER_HOST, "127.0.0.1").put(Config.CLUSTER_PORT, clusterPorts.get(name))
        .put(Config.CLUSTER_MEMBERS, String.join(",", members)).put(Config.DATABASE_URL, databaseUrl)
        .put(Config.CLUSTER_SECRET, SECRET).mergeIn(extra);
    try {
      SlipwayProcess node = SlipwayProcess.start(vertx, httpPorts.get(name), dataDirs.get(name), name, config);
      running.put(name, node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SlipwayProcess node(String name) {
    return running.get(name);
  }

  public int httpPort(String name) {
    return httpPorts.get(name);
  }

  public String databaseUrl() {
    return databaseUrl;
  }

  /** The cluster settings a further member (such as a plain Vert.x process using the bus API) needs. */
  public String members() {
    List<String> members = new ArrayList<>();
    clusterPorts.values().forEach(port -> members.add("127.0.0.1:" + port));
    return String.join(",", members);
  }

  @Override
  public void close() throws Exception {
    for (SlipwayProcess node : running.values()) {
      node.kill();
    }
    running.clear();
    Postgres.drop(databaseUrl);
  }
}
