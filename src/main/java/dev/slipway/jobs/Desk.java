package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.cluster.NodeDirectory;
import dev.slipway.cluster.NodeStatus;
import dev.slipway.cluster.Placement;
import dev.slipway.cluster.PlacementsInFlight;
import dev.slipway.cluster.SealedSecrets;
import dev.slipway.cluster.SecretSeal;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.JobKind;
import dev.slipway.store.ClusterJobs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The front desk of a cluster: takes a submission on the public address, picks the worker node that runs it (the one
 * the user pinned with {@code "node"}, else {@link Placement}'s choice) and hands it to that node's jobs owner, its
 * secret values sealed. A build from an upload stays on the node that has the archive. Event-loop confined.
 */
final class Desk {
  private static final long IMAGE_CHECK_MS = 5_000;
  private final Vertx vertx;
  private final String self;
  private final NodeDirectory nodes;
  private final ClusterJobs cluster;
  private final SecretSeal seal;
  private final Submissions submissions;
  /** Jobs placed whose rows a count from the database may not include yet. */
  private final PlacementsInFlight inFlight = new PlacementsInFlight(System::currentTimeMillis);

  Desk(Vertx vertx, String self, NodeDirectory nodes, ClusterJobs cluster, SecretSeal seal, Submissions submissions) {
    this.vertx = vertx;
    this.self = self;
    this.nodes = nodes;
    this.cluster = cluster;
    this.seal = seal;
    this.submissions = submissions;
  }

  void onSubmit(Message<JsonObject> msg, JobKind kind) {
    JsonObject body = msg.body();
    Object pin = body.remove("node");
    if (pin != null && !(pin instanceof String)) {
      msg.fail(Bus.BAD_REQUEST, "node must be the name of a node (text)");
      return;
    }
    if (body.getValue("contextFile") != null || self.equals(pin)) {
      // An upload's archive is on this node's disk: it is built here or nowhere.
      PlacementsInFlight.Placed kept = inFlight.place(self);
      submissions.onSubmit(msg, kind).onComplete(done -> kept.accepted());
      return;
    }
    place(body, kind, (String) pin).onSuccess(node -> {
      PlacementsInFlight.Placed placed = inFlight.place(node);
      if (node.equals(self)) {
        submissions.onSubmit(msg, kind).onComplete(done -> placed.accepted());
        return;
      }
      if (seal != null) {
        // Within one process (nodes sharing a Vert.x, as in tests) nothing crosses a network: no seal needed.
        SealedSecrets.seal(body, kind, seal);
      }
      Future<JsonObject> answer = Forward.request(vertx, msg, Bus.onNode(node, submitAddress(kind)), body)
          .onComplete(done -> placed.accepted());
      Forward.relay(msg, answer.recover(e -> Future.failedFuture(unreachable(node, e))));
    }).onFailure(e -> {
      BadRequest refusal = JobsVerticle.refusal(e);
      msg.fail(refusal.code(), refusal.getMessage());
    });
  }

  static String submitAddress(JobKind kind) {
    return switch (kind) {
      case BUILD -> Bus.SUBMIT_BUILD;
      case RUN -> Bus.SUBMIT_RUN;
      case LAUNCH -> Bus.SUBMIT_LAUNCH;
    };
  }

  private Future<String> place(JsonObject body, JobKind kind, String pin) {
    return nodes.all().compose(all -> {
      long now = System.currentTimeMillis();
      if (pin != null) {
        return pinned(all, pin, now);
      }
      if (all.stream().noneMatch(n -> n.isWorker() && n.alive(now) && !n.name().equals(self))) {
        // The only worker: this node takes it, and says itself why when its engine does not answer.
        return Future.succeededFuture(self);
      }
      Future<Set<String>> eligible = kind == JobKind.RUN && body.getValue("image") instanceof String image
          ? nodesWithImage(all, image, now) : Future.succeededFuture(null);
      long readStarts = inFlight.readStarts();
      Future<Map<String, Integer>> active = cluster.activeByNode();
      return Future.all(eligible, active).compose(v -> Placement.choose(all, now, self, eligible.result(),
              active.result(), inFlight.notCounted(readStarts))
          .map(Future::succeededFuture)
          .orElseGet(() -> Future.failedFuture(noWorker(kind, eligible.result()))));
    });
  }

  private static Future<String> pinned(List<NodeStatus> all, String pin, long now) {
    NodeStatus node = all.stream().filter(n -> n.name().equals(pin)).findFirst().orElse(null);
    if (node == null || !node.isWorker()) {
      return Future.failedFuture(new BadRequest(Bus.BAD_REQUEST, "node \"" + pin + "\" is not a worker node of this "
          + "cluster (GET /api/nodes lists them)"));
    }
    if (!node.alive(now) || !node.reachable()) {
      return Future.failedFuture(new BadRequest(Bus.ENGINE_UNREACHABLE, "node \"" + pin + "\" "
          + (node.alive(now) ? "cannot reach its Docker engine" : "is gone") + "; pick another node or none"));
    }
    return Future.succeededFuture(pin);
  }

  /** Asks every alive worker at once; one that does not answer in time does not have it, as far as this run goes. */
  private Future<Set<String>> nodesWithImage(List<NodeStatus> all, String image, long now) {
    Set<String> have = new HashSet<>();
    DeliveryOptions quick = new DeliveryOptions().setSendTimeout(IMAGE_CHECK_MS);
    List<Future<Void>> asks = all.stream().filter(n -> n.isWorker() && n.alive(now) && n.reachable())
        .map(n -> vertx.eventBus().<JsonObject>request(Bus.onNode(n.name(), Bus.DOCKER_HAS_IMAGE),
                new JsonObject().put("image", image), quick)
            .onSuccess(reply -> {
              if (reply.body().getBoolean("present", false)) {
                have.add(n.name());
              }
            }).<Void>mapEmpty().otherwiseEmpty())
        .toList();
    return Future.join(asks).transform(v -> Future.succeededFuture(have));
  }

  private static BadRequest noWorker(JobKind kind, Set<String> eligible) {
    if (eligible != null) {
      return new BadRequest(Bus.BAD_REQUEST, "no node whose engine answers has this image: build it first, or "
          + "give a node that has it");
    }
    return new BadRequest(Bus.ENGINE_UNREACHABLE, "no worker node whose Docker engine answers can take this "
        + kind.wire() + " now");
  }

  private static Throwable unreachable(String node, Throwable e) {
    WorkerFailure failure = WorkerFailure.of(e);
    if (failure.code() == 503 || failure.code() == 504) {
      return new BadRequest(Bus.ENGINE_UNREACHABLE, "node \"" + node + "\" did not take the job: "
          + failure.message().replace("the Docker worker", "its jobs owner"));
    }
    return e;
  }
}
