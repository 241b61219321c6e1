package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Config;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class WorkerNodesTest {
  @Test
  void anActionThatNamesNoNodeGoesToThisNodeWhenItIsAWorker() {
    WorkerNodes nodes = new WorkerNodes(null, new JsonObject().put(Config.NODE_NAME, "n1").put(Config.ROLES, "web,worker"));

    assertThat(nodes.target(null).result()).isEqualTo("n1");
    assertThat(nodes.target(" ").result()).isEqualTo("n1");
    assertThat(nodes.target("n1").result()).isEqualTo("n1");
  }

  @Test
  void onAWebNodeAnActionMustNameItsNode() {
    WorkerNodes nodes = new WorkerNodes(null, new JsonObject().put(Config.NODE_NAME, "front").put(Config.ROLES, "web"));

    Future<String> target = nodes.target(null);

    assertThat(target.failed()).isTrue();
    assertThat(target.cause()).isInstanceOf(BadRequest.class);
    assertThat(((BadRequest) target.cause()).code()).isEqualTo(400);
    assertThat(target.cause().getMessage()).contains("add the parameter node (?node=NAME)").contains("front");
  }
}
