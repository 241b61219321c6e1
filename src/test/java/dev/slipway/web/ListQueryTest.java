package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A list's query: read strictly from a URL, kept in a form and read back, and applied to a merged list. */
class ListQueryTest {
  @Test
  void aUrlsQueryIsReadAndWrittenBackEncodedWithoutTheDefaults() {
    ListQuery query = ListQuery.from(params("filter", "Mine", "q", " notebook & co ", "state", "RUNNING", "node", "b"));
    assertThat(query).isEqualTo(new ListQuery("mine", "notebook & co", "running", "b"));
    assertThat(query.url("/containers")).isEqualTo("/containers?filter=mine&q=notebook+%26+co&state=running&node=b");
    assertThat(ListQuery.from(params()).url("/images")).isEqualTo("/images");
    assertThat(ListQuery.from(params("filter", "all", "q", "")).narrowed()).isFalse();
  }

  @Test
  void wrongValuesAreRefusedByName() {
    assertThatThrownBy(() -> ListQuery.from(params("state", "sleeping"))).isInstanceOf(BadRequest.class)
        .hasMessageContaining("state must be one of running, exited");
    assertThatThrownBy(() -> ListQuery.from(params("node", "../x"))).hasMessageContaining("node must be");
    assertThatThrownBy(() -> ListQuery.from(params("filter", "theirs"))).hasMessageContaining("filter must be");
  }

  @Test
  void aKeptQueryReadsBackAndAnythingElseIsTheWholeList() {
    ListQuery kept = new ListQuery("slipway", "a b/é", null, "local");
    assertThat(ListQuery.fromKept(kept.queryString())).isEqualTo(kept);
    assertThat(ListQuery.fromKept("https://evil.example/?q=x").url("/images")).isEqualTo("/images");
    assertThat(ListQuery.fromKept("state=bogus&q=x").url("/images")).isEqualTo("/images");
    assertThat(ListQuery.fromKept(null).url("/images")).isEqualTo("/images");
  }

  @Test
  void keepsWhatMatchesTextStateAndNode() {
    JsonArray containers = new JsonArray()
        .add(new JsonObject().put("id", "1").put("name", "Notebook-1").put("image", "team/nb:1").put("state", "running")
            .put("node", "a"))
        .add(new JsonObject().put("id", "2").put("name", "db").put("image", "postgres:15").put("state", "exited")
            .put("node", "b").put("user", "ana"));
    assertThat(names(new ListQuery("all", "NOTEBOOK", null, null).keep(containers, "containers"))).containsExactly("Notebook-1");
    assertThat(names(new ListQuery("all", "ana", null, null).keep(containers, "containers"))).containsExactly("db");
    assertThat(names(new ListQuery("all", null, "exited", null).keep(containers, "containers"))).containsExactly("db");
    assertThat(names(new ListQuery("all", null, null, "a").keep(containers, "containers"))).containsExactly("Notebook-1");
    JsonArray images = new JsonArray().add(new JsonObject().put("id", "sha256:abc").put("tags", new JsonArray()
        .add("team/app:1")));
    assertThat(new ListQuery("all", "app:1", null, null).keep(images, "images")).hasSize(1);
    assertThat(new ListQuery("all", "SHA256:AB", null, null).keep(images, "images")).hasSize(1);
    assertThat(new ListQuery("all", "other", null, null).keep(images, "images")).isEmpty();
  }

  private static java.util.List<String> names(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  private static MultiMap params(String... pairs) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
