package dev.slipway.testing;

import dev.slipway.Config;
import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.cluster.NodeVerticle;
import dev.slipway.docker.DockerWorkerVerticle;
import dev.slipway.jobs.JobsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * More nodes in the test's own JVM, beside a test server: on the same Vert.x, database (its data directory) and
 * Docker engine, as nodes on one machine share them. A worker node gets its own Docker worker and heartbeat, and a
 * stand-in for its jobs owner that stores nothing and records what its worker reports (no job is dispatched to
 * another node yet: a test starts containers through the node's worker address). Other nodes are only a heartbeat.
 */
public final class OtherNodes implements AutoCloseable {
  private final Vertx vertx;
  private final Path dataDir;
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<?>> consumers = new CopyOnWriteArrayList<>();
  /** What the workers of these nodes reported to their (stand-in) jobs owners: {@code {"jobId", "state", …}}. */
  public final List<JsonObject> updates = new CopyOnWriteArrayList<>();

  public OtherNodes(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.dataDir = dataDir;
  }

  /** The configuration of node {@code name} with {@code roles}, on the shared data directory. */
  public JsonObject config(String name, String roles) {
    return Config.resolve(System.getenv(), new JsonObject().put(Config.DATA_DIR, dataDir.toString())
        .put(Config.NODE_NAME, name).put(Config.ROLES, roles).put(Config.INSTANCE_ID, "test-node-" + name));
  }

  /** A worker node: its Docker worker, a stand-in jobs owner, and its heartbeat (written once before this returns). */
  public void worker(String name, JsonObject extra) {
    JsonObject config = config(name, "worker").mergeIn(extra);
    OutputBatch.registerCodec(vertx.eventBus());
    consumers.add(vertx.eventBus().<OutputBatch>consumer(Bus.onNode(name, Bus.JOB_OUTPUT),
        msg -> msg.reply(new JsonObject())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Bus.onNode(name, Bus.JOB_UPDATE),
        msg -> updates.add(msg.body())));
    deploy(DockerWorkerVerticle.class, new DeploymentOptions().setConfig(config)
        .setThreadingModel(ThreadingModel.WORKER));
    heartbeat(config);
  }

  /**
   * A whole worker node as {@code Main} deploys one: its own jobs owner (with its front desk), Docker worker and
   * heartbeat. Jobs placed on it are its own: give {@code extra} the test server's database, apps folder and, for a
   * front desk that places jobs on other nodes, its cluster settings.
   */
  public void owner(String name, JsonObject extra) {
    JsonObject config = config(name, "worker").mergeIn(extra);
    deploy(JobsVerticle.class, new DeploymentOptions().setConfig(config));
    deploy(DockerWorkerVerticle.class, new DeploymentOptions().setConfig(config)
        .setThreadingModel(ThreadingModel.WORKER));
    heartbeat(config);
  }

  /** Only the heartbeat of node {@code name}: a node whose row says it is there, with nothing else behind it. */
  public String heartbeat(JsonObject config) {
    return deploy(NodeVerticle.class, new DeploymentOptions().setConfig(config));
  }

  /** Takes requests on {@code address} of node {@code name} and never answers them: a node that hangs. */
  public void silent(String name, String address) {
    consumers.add(vertx.eventBus().consumer(Bus.onNode(name, address), msg -> { }));
  }

  /** Starts a container of {@code image} through node {@code node}'s worker, as its jobs owner would; the job's id. */
  public String run(String node, String image, String containerName) {
    String jobId = UUID.randomUUID().toString();
    SlipwayServer.await(vertx.eventBus().request(Bus.onNode(node, Bus.DOCKER_RUN), new JsonObject()
        .put("jobId", jobId).put("image", image).put("name", containerName).put("user", SlipwayServer.ADMIN)
        .put("memory", 64L * 1024 * 1024), new DeliveryOptions().setSendTimeout(60_000)));
    return jobId;
  }

  /** The first report of {@code state} for the job, waiting up to {@code seconds}. */
  public JsonObject awaitUpdate(String jobId, String state, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (JsonObject update : updates) {
        if (jobId.equals(update.getString("jobId")) && state.equals(update.getString("state"))) {
          return update;
        }
      }
      SlipwayServer.sleep(50);
    }
    throw new AssertionError("job " + jobId + " was not reported " + state + " within " + seconds + " s: " + updates);
  }

  /** Undeploys one of them: a node's heartbeat marks its row stopped as it goes. */
  public void undeploy(String deployment) {
    deployments.remove(deployment);
    SlipwayServer.await(vertx.undeploy(deployment));
  }

  @Override
  public void close() {
    new ArrayList<>(deployments).forEach(this::undeploy);
    consumers.forEach(c -> SlipwayServer.await(c.unregister()));
  }

  private String deploy(Class<? extends io.vertx.core.Deployable> verticle, DeploymentOptions options) {
    try {
      String id = vertx.deployVerticle(verticle, options).await(60, TimeUnit.SECONDS);
      deployments.add(id);
      return id;
    } catch (Exception e) {
      throw new AssertionError("could not deploy " + verticle.getSimpleName() + ": " + e, e);
    }
  }
}
