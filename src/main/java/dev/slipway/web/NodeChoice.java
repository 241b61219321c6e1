package dev.slipway.web;

import dev.slipway.cluster.NodeStatus;
import java.util.List;

/**
 * The <b>Node</b> choice of the build, launch and run forms: "Any (least busy)", then every worker node of the
 * registry with how busy it is; a gone node, or one whose engine does not answer, is listed but cannot be picked (the
 * front desk would refuse it). One Slipway with a single worker has nothing to choose, so the forms show no field.
 *
 * @param options    every worker node, by name
 * @param self       the node that serves the page, which builds the archives uploaded to it
 * @param selfWorker whether that node has a Docker worker (an upload to a web-only node cannot be built)
 */
public record NodeChoice(List<Option> options, String self, boolean selfWorker) {
  /** The form field (and the JSON field the front desk takes): the node's name, or nothing for any node. */
  static final String FIELD = "node";

  /** No choice: the forms look as on one node (also when the registry could not be read). */
  static NodeChoice none(String self, boolean selfWorker) {
    return new NodeChoice(List.of(), self, selfWorker);
  }

  /**
   * One worker node as the choice lists it.
   *
   * @param hint what the option says besides the name: its jobs, or why it cannot be picked
   * @param alive whether the node reports (its engine may still be away)
   */
  public record Option(String name, String hint, boolean selectable, boolean alive) {
    public String label() {
      return name + " (" + hint + ")";
    }
  }

  static NodeChoice of(List<NodeStatus> nodes, long now, String self, boolean selfWorker) {
    List<Option> options = nodes.stream().filter(NodeStatus::isWorker).map(n -> option(n, now)).toList();
    return new NodeChoice(options, self, selfWorker);
  }

  private static Option option(NodeStatus node, long now) {
    if (!node.alive(now)) {
      return new Option(node.name(), node.stopped() ? "stopped" : "gone", false, false);
    }
    if (!node.reachable()) {
      return new Option(node.name(), "engine not reachable", false, true);
    }
    return new Option(node.name(), node.running() + " running, " + node.queued() + " queued", true, true);
  }

  /** Only with more than one alive worker is there a choice to make. */
  public boolean shown() {
    return options.stream().filter(Option::alive).count() > 1;
  }

  /** Whether {@code pin} is an option that can be picked now; a refused one falls back to "Any" in the form. */
  public boolean selectable(String pin) {
    return pin != null && options.stream().anyMatch(o -> o.selectable() && o.name().equals(pin));
  }

  /**
   * Whether a refusal is about the node the form pinned, so the form shows it next to the Node field. The front desk
   * names the node first in every such refusal ({@code node "b" is gone; …}, {@code node "b" did not take the job…}).
   */
  static boolean refusesPin(String pin, String message) {
    return pin != null && !pin.isBlank() && message != null && message.startsWith("node \"" + pin.strip() + "\"");
  }
}
