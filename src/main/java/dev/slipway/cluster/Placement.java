package dev.slipway.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which worker node takes a job: of the alive workers whose engine answers (and, for a run, that have its image), the
 * one with the least work per build slot, counting the jobs the database has on each and the ones this node has just
 * sent there. Ties go to this node (no network hop), then to the next names after it: nodes placing a burst at the
 * same moment start at different places and spread it instead of all picking the same node.
 */
public final class Placement {
  private Placement() {
  }

  /**
   * @param eligible node names that may take the job (those that have a run's image), or null for any worker
   * @param active   queued and running jobs per node, from the database
   * @param sent     jobs this node has sent to each node and not yet heard back about
   */
  public static Optional<String> choose(List<NodeStatus> nodes, long now, String self, Set<String> eligible,
                                        Map<String, Integer> active, Map<String, Integer> sent) {
    Comparator<NodeStatus> byLoad = Comparator.comparingDouble(n -> load(n, active, sent));
    return nodes.stream()
        .filter(n -> n.isWorker() && n.alive(now) && n.reachable())
        .filter(n -> eligible == null || eligible.contains(n.name()))
        .min(byLoad.thenComparing(n -> ring(n.name(), self)))
        .map(NodeStatus::name);
  }

  private static double load(NodeStatus node, Map<String, Integer> active, Map<String, Integer> sent) {
    int jobs = active.getOrDefault(node.name(), 0) + sent.getOrDefault(node.name(), 0);
    return jobs / (double) Math.max(1, node.buildSlots());
  }

  /** This node first, then the names after it in order, then those before it. */
  private static String ring(String name, String self) {
    int order = name.compareTo(self);
    return (order == 0 ? "0" : order > 0 ? "1" : "2") + name;
  }
}
