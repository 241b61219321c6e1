package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.cluster.NodeStatus;
import dev.slipway.domain.NodeRole;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeChoiceTest {
  private static final long NOW = 1_000_000_000L;

  @Test
  void everyWorkerIsListedWithItsJobsAndOnlyTheOnesThatCanTakeAJobCanBePicked() {
    NodeChoice choice = NodeChoice.of(List.of(
        node("a", Set.of(NodeRole.WEB, NodeRole.WORKER), true, NOW - 1_000, false),
        node("b", Set.of(NodeRole.WORKER), false, NOW - 1_000, false),
        node("c", Set.of(NodeRole.WORKER), true, NOW - 25_000, false),
        node("d", Set.of(NodeRole.WORKER), true, NOW - 2_000, true),
        node("front", Set.of(NodeRole.WEB), true, NOW, false)), NOW, "front", false);

    assertThat(choice.options()).extracting(NodeChoice.Option::label)
        .as("web-only nodes take no jobs").containsExactly("a (1 running, 2 queued)", "b (engine not reachable)",
            "c (gone)", "d (stopped)");
    assertThat(choice.options()).extracting(NodeChoice.Option::selectable).containsExactly(true, false, false, false);
    assertThat(choice.shown()).as("a and b report, though b's engine is away").isTrue();
    assertThat(choice.selectable("a")).isTrue();
    assertThat(choice.selectable("b")).isFalse();
    assertThat(choice.selectable("front")).isFalse();
    assertThat(choice.selectable(null)).isFalse();
  }

  @Test
  void withOneAliveWorkerThereIsNothingToChoose() {
    assertThat(NodeChoice.of(List.of(node("local", Set.of(NodeRole.WEB, NodeRole.WORKER), true, NOW, false)), NOW,
        "local", true).shown()).isFalse();
    assertThat(NodeChoice.of(List.of(node("local", Set.of(NodeRole.WORKER), true, NOW, false),
        node("old", Set.of(NodeRole.WORKER), true, NOW - 60_000, false)), NOW, "local", true).shown())
        .as("a node that left long ago is no choice").isFalse();
    assertThat(NodeChoice.none("local", true).shown()).isFalse();
  }

  @Test
  void aRefusalIsAboutThePinWhenItNamesThatNodeFirst() {
    assertThat(NodeChoice.refusesPin("b", "node \"b\" is gone; pick another node or none")).isTrue();
    assertThat(NodeChoice.refusesPin(" b ", "node \"b\" cannot reach its Docker engine; pick another node or none"))
        .isTrue();
    assertThat(NodeChoice.refusesPin("b", "node \"b\" did not take the job: its jobs owner is not running")).isTrue();
    assertThat(NodeChoice.refusesPin("b", "node \"bb\" is gone")).isFalse();
    assertThat(NodeChoice.refusesPin("b", "invalid port mapping 'abc'")).isFalse();
    assertThat(NodeChoice.refusesPin(null, "node \"b\" is gone")).isFalse();
    assertThat(NodeChoice.refusesPin("", "node \"\" is gone")).isFalse();
  }

  private static NodeStatus node(String name, Set<NodeRole> roles, boolean reachable, long lastSeen, boolean stopped) {
    return new NodeStatus(name, roles, "20.10.24", reachable, 1, 2, 2, 4, lastSeen - 60_000, lastSeen, stopped);
  }
}
