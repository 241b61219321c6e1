package dev.slipway.web;

import dev.slipway.Config;
import dev.slipway.cluster.NodeRegistry;
import dev.slipway.cluster.NodeStatus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.NodeRole;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes the web side sends Docker work to, as the node registry has them: every alive worker for a list, the
 * node an action names (or this one) for an action.
 */
final class WorkerNodes {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNodes.class);
  /** The query parameter (API) and form field (pages) that name the node an action on a container or image is for. */
  static final String PARAMETER = "node";

  private final NodeRegistry registry;
  private final String self;
  private final boolean selfIsWorker;

  WorkerNodes(NodeRegistry registry, JsonObject config) {
    this.registry = registry;
    this.self = config.getString(Config.NODE_NAME, "local");
    this.selfIsWorker = NodeRole.parseAll(config.getString(Config.ROLES, "web,worker")).contains(NodeRole.WORKER);
  }

  String self() {
    return self;
  }

  /** Every node that ever wrote its row, alive or gone, by name. */
  Future<List<NodeStatus>> all() {
    return registry.all();
  }

  /** The names of the worker nodes alive now, by name. */
  Future<List<String>> aliveWorkers() {
    return registry.all().map(nodes -> {
      long now = System.currentTimeMillis();
      return nodes.stream().filter(n -> n.isWorker() && n.alive(now)).map(NodeStatus::name).toList();
    });
  }

  /** The forms' Node choice as the registry has it now; without the registry (an error), no choice, as on one node. */
  Future<NodeChoice> choice() {
    return registry.all().map(list -> NodeChoice.of(list, System.currentTimeMillis(), self, selfIsWorker))
        .recover(e -> {
          LOG.warn("The node registry could not be read for the forms' Node choice: {}", e.toString());
          return Future.succeededFuture(NodeChoice.none(self, selfIsWorker));
        });
  }

  /**
   * The node an action on a container or image goes to: {@code given} (the {@value #PARAMETER} parameter) when it is
   * an alive worker, else a 404 (no such node), 503 (gone) or 400 (not a worker); without one, this node when it is a
   * worker, else a 400 naming the parameter.
   */
  Future<String> target(String given) {
    if (given == null || given.isBlank()) {
      return selfIsWorker ? Future.succeededFuture(self) : Future.failedFuture(new BadRequest("say on which node: "
          + "add the parameter " + PARAMETER + " (?" + PARAMETER + "=NAME); this node, " + self
          + ", has no Docker worker"));
    }
    if (given.equals(self) && selfIsWorker) {
      return Future.succeededFuture(self);
    }
    return registry.find(given).map(found -> {
      NodeStatus node = found.orElseThrow(() -> new BadRequest(404, "there is no node named '" + given + "'"));
      if (!node.isWorker()) {
        throw new BadRequest("node " + given + " has no Docker worker (it is a web node)");
      }
      if (!node.alive(System.currentTimeMillis())) {
        throw new BadRequest(503, "node " + given + " is gone (" + (node.stopped() ? "stopped" : "last seen") + " at "
            + Rows.time(Instant.ofEpochMilli(node.lastSeen()).toString()) + ")");
      }
      return given;
    });
  }
}
