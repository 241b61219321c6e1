package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Role;
import dev.slipway.testing.DirectUsers;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs start at once, up to {@code maxRunningPerUser} running containers per user; past it a 429, nothing made. */
@ExtendWith(VertxExtension.class)
class RunLimitTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String IMAGE = "slipway-test/limit-" + SUFFIX + ":idle";
  private static final String PREFIX = "slipway-test-limit-" + SUFFIX + "-";
  private static SlipwayServer slipway;
  private final List<String> names = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    // Stops at once on SIGTERM (a shell as PID 1 ignores it without a trap).
    TestImages.shell(IMAGE, "trap 'exit 0' TERM; while true; do sleep 1 & wait; done");
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.MAX_RUNNING_PER_USER, 2));
    DirectUsers.create(slipway, "ops-" + SUFFIX, Role.OPERATOR);
  }

  @AfterEach
  void removeContainers() {
    names.forEach(DockerEngine::removeContainer);
  }

  @AfterAll
  static void removeImage() {
    TestImages.remove(IMAGE);
  }

  @Test
  void aThirdRunIs429NamingTheLimitAndCreatesNothingUntilOneEnds() {
    String first = run("one");
    String second = run("two");
    slipway.awaitJob(first, 30, j -> "running".equals(j.getString("state")));
    slipway.awaitJob(second, 30, j -> "running".equals(j.getString("state")));
    int jobs = Refusals.jobCount(slipway);

    assertError(slipway.postJson("/api/runs", runBody("three")), 429, "admin already has 2 running containers");
    assertError(slipway.postJson("/api/launches", new JsonObject().put("app", "hello")
        .put("tag", "slipway-test/limit-" + SUFFIX + ":launch").put("run", new JsonObject().put("name", name("four")))),
        429, "2 running containers");
    assertThat(DockerEngine.containerExists(name("three"))).isFalse();
    assertThat(DockerEngine.containerExists(name("four"))).isFalse();
    assertThat(Refusals.jobCount(slipway)).as("no job for a refused run").isEqualTo(jobs);

    assertThat(slipway.postJson("/api/jobs/" + first + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    assertThat(slipway.awaitEnd(first, 30).getString("state")).isEqualTo("cancelled");
    // As soon as the job says it ended, its place is free.
    String third = run("three");
    assertThat(slipway.awaitJob(third, 30, j -> "running".equals(j.getString("state"))).getString("containerId"))
        .isNotNull();
    cancelAll(second, third);
  }

  @Test
  void aBurstOfRunsAtOnceGetsNoMoreThanTheLimitThrough() {
    List<Future<JsonObject>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      burst.add(DirectUsers.request(slipway, "admin", Bus.SUBMIT_RUN, runBody("burst" + i)));
    }
    SlipwayServer.await(Future.join(burst).otherwiseEmpty());
    List<String> accepted = new ArrayList<>();
    for (Future<JsonObject> f : burst) {
      if (f.succeeded()) {
        accepted.add(f.result().getString("id"));
      } else {
        assertThat(f.cause()).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) f.cause()).failureCode()).as(f.cause().getMessage()).isEqualTo(429);
      }
    }
    assertThat(accepted).as("runs accepted out of 6 at once with a limit of 2").hasSize(2);
    for (String id : accepted) {
      slipway.awaitJob(id, 30, j -> "running".equals(j.getString("state")));
    }
    long made = DockerEngine.client().listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getNames() != null && c.getNames().length > 0 && c.getNames()[0].startsWith("/" + PREFIX + "burst"))
        .count();
    assertThat(made).as("containers created by the burst").isEqualTo(2);

    // The limit is per user: another user still runs.
    JsonObject other = SlipwayServer.await(DirectUsers.request(slipway, "ops-" + SUFFIX, Bus.SUBMIT_RUN,
        runBody("other")));
    accepted.add(other.getString("id"));
    cancelAll(accepted.toArray(String[]::new));
  }

  private void cancelAll(String... ids) {
    for (String id : ids) {
      slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject());
    }
    for (String id : ids) {
      assertThat(slipway.awaitEnd(id, 30).getString("state")).isEqualTo("cancelled");
    }
  }

  private String run(String suffix) {
    return slipway.submit("/api/runs", runBody(suffix)).getString("id");
  }

  private JsonObject runBody(String suffix) {
    return new JsonObject().put("image", IMAGE).put("name", name(suffix));
  }

  private String name(String suffix) {
    String name = PREFIX + suffix;
    if (!names.contains(name)) {
      names.add(name);
    }
    return name;
  }
}
