package dev.slipway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.NodeRole;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static final long NOW = 1_000_000;

  private static NodeStatus worker(String name, boolean reachable, long lastSeen) {
    return new NodeStatus(name, EnumSet.of(NodeRole.WEB, NodeRole.WORKER), "20.10", reachable, 0, 0, 2, 2, 0, lastSeen);
  }

  private static NodeStatus web(String name) {
    return new NodeStatus(name, EnumSet.of(NodeRole.WEB), null, false, 0, 0, 2, 2, 0, NOW);
  }

  @Test
  void theWorkerWithTheLeastWorkTakesTheJob() {
    List<NodeStatus> nodes = List.of(worker("a", true, NOW), worker("b", true, NOW), worker("c", true, NOW));
    assertThat(Placement.choose(nodes, NOW, "a", null, Map.of("a", 3, "b", 1, "c", 2), Map.of())).contains("b");
  }

  @Test
  void goneWebOnlyAndEngineLessNodesTakeNothing() {
    List<NodeStatus> nodes = List.of(worker("a", false, NOW), worker("b", true, NOW - NodeStatus.GONE_AFTER_MS - 1),
        web("c"), worker("d", true, NOW));
    assertThat(Placement.choose(nodes, NOW, "c", null, Map.of("d", 50), Map.of())).contains("d");
    assertThat(Placement.choose(nodes.subList(0, 3), NOW, "c", null, Map.of(), Map.of())).isEmpty();
  }

  @Test
  void aRunGoesOnlyToANodeThatHasItsImage() {
    List<NodeStatus> nodes = List.of(worker("a", true, NOW), worker("b", true, NOW));
    assertThat(Placement.choose(nodes, NOW, "a", Set.of("b"), Map.of("b", 9), Map.of())).contains("b");
    assertThat(Placement.choose(nodes, NOW, "a", Set.of(), Map.of(), Map.of())).isEmpty();
  }

  /** Three desks placing four builds each at the same moment, before the database counts any: 4/4/4. */
  @Test
  void aBurstPlacedByThreeDesksAtOnceSpreadsEvenly() {
    List<NodeStatus> nodes = List.of(worker("a", true, NOW), worker("b", true, NOW), worker("c", true, NOW));
    Map<String, Integer> total = new HashMap<>();
    for (String desk : List.of("a", "b", "c")) {
      Map<String, Integer> sent = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        String node = Placement.choose(nodes, NOW, desk, null, Map.of(), sent).orElseThrow();
        sent.merge(node, 1, Integer::sum);
        total.merge(node, 1, Integer::sum);
      }
    }
    assertThat(total).containsEntry("a", 4).containsEntry("b", 4).containsEntry("c", 4);
  }

  @Test
  void aTieGoesToThisNodeFirst() {
    List<NodeStatus> nodes = List.of(worker("a", true, NOW), worker("b", true, NOW));
    assertThat(Placement.choose(nodes, NOW, "b", null, Map.of(), Map.of())).contains("b");
  }
}
