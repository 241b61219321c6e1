package dev.slipway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The label values of Vert.x's meters come from a fixed set, whatever jobs, nodes and clients there are. */
class BoundedLabelsTest {
  @Test
  void aJobsAddressesCollapseToOneEachWhateverItsId() {
    String id = UUID.randomUUID().toString();
    assertThat(BoundedLabels.address(Bus.jobLines(id))).isEqualTo("slipway.jobs.{id}.lines");
    assertThat(BoundedLabels.address(Bus.jobState(id))).isEqualTo("slipway.jobs.{id}.state");
    // An id a client made up (a stream may follow any id) collapses the same, dots and @ included.
    assertThat(BoundedLabels.address(Bus.jobLines("a.b@c"))).isEqualTo("slipway.jobs.{id}.lines");
  }

  @Test
  void perNodeAddressesCollapseToTheirKind() {
    assertThat(BoundedLabels.address(Bus.onNode("worker-7", Bus.DOCKER_RUN))).isEqualTo("slipway.docker.run@{node}");
    assertThat(BoundedLabels.address(Bus.onNode("a", Bus.JOB_OUTPUT)))
        .isEqualTo(BoundedLabels.address(Bus.onNode("b", Bus.JOB_OUTPUT)))
        .isEqualTo(Bus.JOB_OUTPUT + "@{node}");
    // A node's front desk and its jobs owner take the same requests: two meters, not one registered twice.
    assertThat(BoundedLabels.address(Bus.desk("a", Bus.SUBMIT_BUILD))).isEqualTo(Bus.SUBMIT_BUILD + "@{node}.desk");
    assertThat(BoundedLabels.address(Bus.onNode("a", Bus.SUBMIT_BUILD))).isEqualTo(Bus.SUBMIT_BUILD + "@{node}");
  }

  @Test
  void publicAddressesStayAsTheyAreAndAnyOtherIsOther() {
    assertThat(BoundedLabels.address(Bus.SUBMIT_BUILD)).isEqualTo(Bus.SUBMIT_BUILD);
    assertThat(BoundedLabels.address(Bus.STATES)).isEqualTo(Bus.STATES);
    assertThat(BoundedLabels.address("my.verticle." + UUID.randomUUID())).isEqualTo(BoundedLabels.OTHER);
    assertThat(BoundedLabels.address("slipway.unknown." + UUID.randomUUID())).isEqualTo(BoundedLabels.OTHER);
    assertThat(BoundedLabels.address("nonsense@" + UUID.randomUUID())).isEqualTo(BoundedLabels.OTHER);
  }

  @Test
  void onlyStandardHttpMethodsAreKept() {
    assertThat(BoundedLabels.method("GET")).isEqualTo("GET");
    assertThat(BoundedLabels.method("PATCH")).isEqualTo("PATCH");
    assertThat(BoundedLabels.method("X" + UUID.randomUUID())).isEqualTo("OTHER");
  }

  @Test
  void theRegistryAppliesTheBoundsAndTheNodeTagToVertxMeters() {
    var registry = Metrics.registry("node-a");
    for (int i = 0; i < 20; i++) {
      registry.counter("vertx.eventbus.published", "address", Bus.jobLines(UUID.randomUUID().toString()),
          "side", "local").increment();
    }
    assertThat(registry.find("vertx.eventbus.published").counters()).hasSize(1);
    assertThat(registry.get("vertx.eventbus.published").tag("node", "node-a")
        .tag("address", "slipway.jobs.{id}.lines").counter().count()).isEqualTo(20.0);
  }

  @Test
  void pastTheCapNewValuesAreNotRecorded() {
    var registry = Metrics.registry("node-a");
    for (int i = 0; i < BoundedLabels.MAX_ROUTES + 50; i++) {
      registry.counter("vertx.http.server.requests", "route", "/r" + i).increment();
    }
    assertThat(registry.find("vertx.http.server.requests").counters()).hasSize(BoundedLabels.MAX_ROUTES);
  }
}
