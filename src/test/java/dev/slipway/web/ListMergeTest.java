package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListMergeTest {
  @Test
  void nodesSharingAnEngineShowEachOfItsItemsOnceAndEachNodeItsOwnContainers() {
    JsonArray seen = new JsonArray().add(item("started-by-b", "b", 30)).add(item("started-by-local", "local", 20))
        .add(item("started-by-hand", null, 10)).add(item("of-a-gone-node", "gone", 5));

    JsonArray merged = ListMerge.merge(List.of(new ListMerge.Answer("local", "engine-1", seen.copy()),
        new ListMerge.Answer("b", "engine-1", seen.copy())), "local");

    assertThat(merged.stream().map(o -> ((JsonObject) o).getString("id") + "@" + ((JsonObject) o).getString("node")))
        .containsExactly("started-by-b@b", "started-by-local@local", "started-by-hand@local", "of-a-gone-node@local");
  }

  @Test
  void anEngineWideItemGoesToTheFirstNodeByNameWhenTheNodeAskedDidNotListIt() {
    JsonArray seen = new JsonArray().add(item("started-by-hand", null, 10));

    JsonArray merged = ListMerge.merge(List.of(new ListMerge.Answer("d", "engine-1", seen.copy()),
        new ListMerge.Answer("c", "engine-1", seen.copy())), "web-only");

    assertThat(merged).hasSize(1);
    assertThat(merged.getJsonObject(0).getString("node")).isEqualTo("c");
  }

  @Test
  void theSameImageOnTwoEnginesIsTwoCopiesEachOnItsNode() {
    JsonArray merged = ListMerge.merge(List.of(
        new ListMerge.Answer("b", "engine-2", new JsonArray().add(item("sha256:base", null, 1))),
        new ListMerge.Answer("local", "engine-1", new JsonArray().add(item("sha256:base", null, 1))
            .add(item("sha256:newer", null, 2)))), "local");

    assertThat(merged.stream().map(o -> ((JsonObject) o).getString("id") + "@" + ((JsonObject) o).getString("node")))
        .containsExactly("sha256:newer@local", "sha256:base@local", "sha256:base@b");
  }

  private static JsonObject item(String id, String labelledNode, long created) {
    return new JsonObject().put("id", id).put("node", labelledNode).put("created", created);
  }
}
