package dev.slipway.web;

import dev.slipway.cluster.NodeStatus;
import dev.slipway.domain.NodeRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * One node of the registry as the API and the Nodes page show it, at the moment {@code now}: alive, gone (silent for
 * {@link NodeStatus#GONE_AFTER_MS} ms) or stopped (it said so when it stopped).
 */
public record NodeView(NodeStatus node, long now, boolean self) {
  public String name() {
    return node.name();
  }

  public String roles() {
    return node.roles().stream().sorted().map(NodeRole::wire).collect(Collectors.joining(", "));
  }

  public boolean worker() {
    return node.isWorker();
  }

  public boolean alive() {
    return node.alive(now);
  }

  /** {@code alive}, {@code gone} or {@code stopped}: what the page's badge says. */
  public String state() {
    return alive() ? "alive" : node.stopped() ? "stopped" : "gone";
  }

  public String startedAt() {
    return Rows.time(Instant.ofEpochMilli(node.startedAt()).toString());
  }

  public String lastSeen() {
    return Rows.time(Instant.ofEpochMilli(node.lastSeen()).toString());
  }

  /** How long ago the node last wrote its row: {@code 4 s}, {@code 12 min}, {@code 3 h}, {@code 2 d}. */
  public String lastSeenAgo() {
    long seconds = Math.max(0, (now - node.lastSeen()) / 1000);
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min"
        : seconds < 172_800 ? seconds / 3600 + " h" : seconds / 86_400 + " d";
  }

  /** {@code GET /api/nodes}: one element. */
  JsonObject json() {
    return new JsonObject()
        .put("name", node.name())
        .put("roles", new JsonArray(node.roles().stream().sorted().map(NodeRole::wire).toList()))
        .put("engineVersion", node.engineVersion())
        .put("reachable", node.reachable())
        .put("running", node.running())
        .put("queued", node.queued())
        .put("buildSlots", node.buildSlots())
        .put("cpus", node.cpus())
        .put("startedAt", Instant.ofEpochMilli(node.startedAt()).toString())
        .put("lastSeen", Instant.ofEpochMilli(node.lastSeen()).toString())
        .put("alive", alive())
        .put("stopped", node.stopped());
  }
}
