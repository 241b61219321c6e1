package dev.slipway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.NodeRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlacementsInFlightTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final PlacementsInFlight inFlight = new PlacementsInFlight(clock::get);

  private static NodeStatus worker(String name) {
    return new NodeStatus(name, EnumSet.of(NodeRole.WEB, NodeRole.WORKER), "20.10", true, 0, 0, 2, 2, 0, 1_000_000);
  }

  /**
   * Twelve builds through one desk at once: every count is read before any row is written, the jobs it keeps count
   * as much as those it hands over, and some acceptances come back while later placements are still deciding.
   */
  @Test
  void aBurstThroughOneDeskSpreads444() {
    List<NodeStatus> nodes = List.of(worker("a"), worker("b"), worker("c"));
    List<Long> reads = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      reads.add(inFlight.readStarts());
    }
    Map<String, Integer> placedOn = new HashMap<>();
    List<PlacementsInFlight.Placed> placed = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clock.addAndGet(3);
      String node = Placement.choose(nodes, clock.get(), "a", null, Map.of(), inFlight.notCounted(reads.get(i)))
          .orElseThrow();
      placedOn.merge(node, 1, Integer::sum);
      placed.add(inFlight.place(node));
      if (i % 2 == 1) {
        placed.get(i - 1).accepted(); // its row is written now: after every read above began, so in none of them
      }
    }
    assertThat(placedOn).containsEntry("a", 4).containsEntry("b", 4).containsEntry("c", 4);
  }

  @Test
  void aJobAcceptedBeforeACountWasReadIsNotCountedTwice() {
    PlacementsInFlight.Placed job = inFlight.place("b");
    long before = inFlight.readStarts();
    assertThat(inFlight.notCounted(before)).containsEntry("b", 1);
    clock.addAndGet(10);
    job.accepted();
    assertThat(inFlight.notCounted(before)).as("accepted after the read began: not in that read").containsEntry("b", 1);
    clock.addAndGet(10);
    assertThat(inFlight.notCounted(inFlight.readStarts())).as("a read begun after its acceptance has it").isEmpty();
  }

  @Test
  void acceptedPlacementsAreForgottenAfterAMinute() {
    inFlight.place("c").accepted();
    long oldRead = inFlight.readStarts();
    clock.addAndGet(61_000);
    assertThat(inFlight.notCounted(oldRead)).isEmpty();
    inFlight.place("c");
    clock.addAndGet(600_000);
    assertThat(inFlight.notCounted(inFlight.readStarts())).as("still on its way: counted however long").containsEntry("c", 1);
  }
}
