package dev.slipway.bench;

import dev.slipway.Config;
import dev.slipway.testing.Postgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Slipway processes of the scenarios that need more than the one server {@code bench/run} starts: a
 * cluster, or a plain Slipway to compare it with. Each node is its own JVM, started as {@code bench/run} starts one
 * ({@code java -Xmx256m … dev.slipway.Main config.json}, the admin's password in the environment), with its own data
 * dir under the work dir, its own ports and its log in a file; the nodes of a group share one fresh PostgreSQL
 * database. Nodes start one after the other: the first forms the cluster, the next ones join it. Each node's pid is
 * written to {@code WORK/pids/}, so that {@code bench/run} stops a node this client left behind; a shutdown hook
 * stops them when the client is interrupted.
 */
final class NodeLauncher {
  private static final int START_SECONDS = 90;
  private final Vertx vertx;
  private final Path work;
  private final String serverClasspath;
  private final String heap;
  private final String password;
  private final String clusterSecret;
  private final List<SlipwayNodes> started = new ArrayList<>();

  NodeLauncher(Vertx vertx, Map<String, String> env) {
    this.vertx = vertx;
    this.work = Path.of(env.getOrDefault("BENCH_WORK", "target"));
    this.serverClasspath = env.get("BENCH_SERVER_CP");
    this.heap = env.getOrDefault("BENCH_SERVER_HEAP", "256m");
    this.password = env.get("SLIPWAY_ADMIN_PASSWORD");
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.clusterSecret = "bench-" + HexFormat.of().formatHex(secret);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "bench-nodes-stop"));
  }

  String heap() {
    return heap;
  }

  /**
   * A cluster of nodes with {@code roles}, named {@code names}, each with {@code settings} on top of the defaults;
   * returns once every node answers and the first lists them all alive with their engines.
   */
  SlipwayNodes cluster(String label, List<String> names, String roles, JsonObject settings) throws Exception {
    Map<String, Integer> clusterPorts = new LinkedHashMap<>();
    names.forEach(name -> clusterPorts.put(name, freePort()));
    String members = String.join(",", clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).toList());
    SlipwayNodes nodes = track(new SlipwayNodes(label, Postgres.freshDatabase()));
    for (String name : names) {
      JsonObject config = new JsonObject().put(Config.NODE_NAME, name).put(Config.ROLES, roles)
          .put(Config.CLUSTER_HOST, "127.0.0.1").put(Config.CLUSTER_PORT, clusterPorts.get(name))
          .put(Config.CLUSTER_MEMBERS, members).put(Config.CLUSTER_SECRET, clusterSecret).mergeIn(settings);
      nodes.add(start(nodes, name, config));
    }
    awaitRegistry(nodes, new TreeSet<>(names));
    return nodes;
  }

  /** One plain Slipway (no cluster) on a fresh PostgreSQL database of its own, the cluster's store. */
  SlipwayNodes single(String label, JsonObject settings) throws Exception {
    SlipwayNodes nodes = track(new SlipwayNodes(label, Postgres.freshDatabase()));
    nodes.add(start(nodes, "local", settings.copy()));
    return nodes;
  }

  private synchronized SlipwayNodes track(SlipwayNodes nodes) {
    started.add(nodes);
    return nodes;
  }

  private SlipwayNodes.Node start(SlipwayNodes group, String name, JsonObject settings) throws Exception {
    String label = group.label + "-" + name;
    Path data = Files.createDirectories(work.resolve("data-" + label));
    Path configFile = work.resolve("slipway-" + label + ".json");
    Path log = work.resolve("slipway-" + label + ".log");
    int port = freePort();
    JsonObject config = new JsonObject().put(Config.HTTP_PORT, port).put(Config.BIND_ADDRESS, "127.0.0.1")
        .put(Config.DATA_DIR, data.toString()).put(Config.APPS_DIR, Path.of("docker/examples").toAbsolutePath()
            .toString()).put(Config.MAX_RUNNING_PER_USER, 1000).put(Config.DATABASE_URL, group.databaseUrl)
        .mergeIn(settings);
    Files.writeString(configFile, config.encode());
    if (serverClasspath == null) {
      throw new IllegalStateException("BENCH_SERVER_CP is not set: run the cluster scenarios through bench/run");
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", serverClasspath, "dev.slipway.Main", configFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SLIPWAY_ADMIN_PASSWORD", password);
    Process process = builder.start();
    Path pids = Files.createDirectories(work.resolve("pids"));
    Files.writeString(pids.resolve(label + ".pid"), Long.toString(process.pid()));
    Api api = new Api(vertx, port, password);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!api.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        api.close();
        throw new IllegalStateException("Slipway node " + label + " did not start; see " + log);
      }
      Thread.sleep(300);
    }
    Progress.say("%s: node %s on port %d (pid %d)", group.label, name, port, process.pid());
    SlipwayNodes.Node node = new SlipwayNodes.Node(name, port, process, log, api, new ServerProbe(process.pid(), log),
        pids.resolve(label + ".pid"));
    if (group.size() == 0) {
      api.useToken();
    } else {
      api.useTokenOf(group.get(0).api());
    }
    return node;
  }

  /** Every node writes its row every few seconds: waits until the first node's list shows each alive and reachable. */
  private static void awaitRegistry(SlipwayNodes nodes, Set<String> names) throws InterruptedException {
    Api api = nodes.get(0).api();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Set<String> ready = Set.of();
    while (System.nanoTime() < deadline) {
      Api.Response response = api.get("/api/nodes");
      if (response.status() == 200) {
        Set<String> now = new TreeSet<>();
        for (Object o : new JsonArray(response.body())) {
          JsonObject node = (JsonObject) o;
          if (node.getBoolean("alive", false) && node.getBoolean("reachable", false)) {
            now.add(node.getString("name"));
          }
        }
        ready = now;
        if (now.containsAll(names)) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("nodes alive and reachable after 60 s: " + ready + " of " + names);
  }

  /**
   * A free port below the system's ephemeral range (32768 and up on Linux): a cluster port is reserved before its node
   * starts, and a port the system hands out on its own (another node's event bus, any outgoing connection) could take
   * it meanwhile.
   */
  static int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = 20_000 + RANDOM.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }

  private static final java.util.Random RANDOM = new SecureRandom();

  private synchronized void stopAll() {
    started.forEach(SlipwayNodes::close);
  }
}
