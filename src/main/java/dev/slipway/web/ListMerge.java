package dev.slipway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the images or containers that several worker nodes listed into one list, each item with the {@code node}
 * that listed it (the node whose worker acts on it).
 *
 * <p>Nodes may share one engine (several nodes on one machine, as in the tests), and then list the same items. The
 * rule: an item is shown once per engine, keyed by the engine's id (from its {@code info}, the same whichever node
 * asks) and the item's id (unique on its engine; image ids are content hashes, so the same id on two engines is two
 * copies, both shown). Of the nodes that listed it, it goes to the node its labels name (the node whose worker
 * started the container or built the image), when that node answered; otherwise (an engine-wide item: a base image, a
 * container started by hand, one of a node that is gone) to the node that serves the request when it listed it, else
 * to the first of them by name: always a node that can act on it.
 */
final class ListMerge {
  /** What one node's worker answered: its engine's id and its items ({@code node}: the node a label names, or null). */
  record Answer(String node, String engine, JsonArray items) {
  }

  private ListMerge() {
  }

  /** The merged items, newest first ({@code created}); {@code self}: the node that serves the request. */
  static JsonArray merge(List<Answer> answers, String self) {
    Map<String, JsonObject> chosen = new LinkedHashMap<>();
    answers.stream().sorted(Comparator.comparing((Answer a) -> !a.node().equals(self)).thenComparing(Answer::node))
        .forEach(answer -> {
          for (Object o : answer.items()) {
            JsonObject item = (JsonObject) o;
            String key = answer.engine() + "\n" + item.getString("id");
            if (!chosen.containsKey(key) || answer.node().equals(item.getString("node"))) {
              chosen.put(key, item.copy().put("node", answer.node()));
            }
          }
        });
    return new JsonArray(chosen.values().stream()
        .sorted(Comparator.comparing((JsonObject item) -> item.getLong("created", 0L)).reversed())
        .map(Object.class::cast).toList());
  }
}
