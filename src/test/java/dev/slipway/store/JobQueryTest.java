package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JobQueryTest {
  @Test
  void theHistoryFiltersByTheNodeThatOwnsTheJob() {
    JobQuery query = JobQuery.from(new JsonObject().put("node", " b ").put("state", "running"));

    assertThat(query.node()).isEqualTo("b");
    assertThat(query.where().sql()).isEqualTo(" WHERE state = ? AND node = ?");
    assertThat(query.where().args()).containsExactly("running", "b");
  }

  @Test
  void withoutANodeEveryNodesJobsMatch() {
    assertThat(JobQuery.from(new JsonObject().put("node", "")).where().sql()).isEmpty();
    assertThat(JobQuery.all(50).node()).isNull();
  }
}
