package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log says who built, ran, cancelled, stopped and removed what, from where, and how it went, refusals
 * included; and no secret value ever reaches it.
 */
@ExtendWith(VertxExtension.class)
class AuditTrailTest {
  private static final String SLEEPER = "slipway-test/audit:sleeper";
  private static final String SECRET = "audit-s3cret-value";
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(SLEEPER, "trap 'exit 0' TERM; echo \"up with $TOKEN\"; while true; do sleep 1 & wait $!; done");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(SLEEPER);
  }

  @Test
  void runsCancelsStopsRemovalsAndRefusalsAreAuditedWithoutSecrets() {
    SlipwayServer.User operator = slipway.createUser(Role.OPERATOR);
    SlipwayServer.User viewer = slipway.createUser(Role.VIEWER);
    JsonObject body = new JsonObject().put("image", SLEEPER)
        .put("secretEnv", new JsonObject().put("TOKEN", SECRET))
        .put("env", new JsonObject().put("URL", "https://user:" + SECRET + "@example.test"));
    JsonObject job = post(operator, "/api/runs", body).bodyAsJsonObject();
    String id = job.getString("id");
    String container = slipway.awaitJob(id, 60, j -> j.getString("containerId") != null).getString("containerId");
    CONTAINERS.add(container);
    assertThat(post(operator, "/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    slipway.awaitEnd(id, 30);
    assertThat(SlipwayServer.await(slipway.as(operator).delete("/api/containers/" + container).send()).statusCode())
        .isEqualTo(204);
    assertThat(post(viewer, "/api/runs", new JsonObject().put("image", SLEEPER)).statusCode()).isEqualTo(403);

    JsonArray entries = slipway.get("/api/audit?size=100").bodyAsJsonObject().getJsonArray("entries");

    assertThat(entry(entries, "job.run", operator.name(), "ok").getString("detail")).contains(id);
    assertThat(entry(entries, "job.cancel", operator.name(), "ok").getString("target")).isEqualTo(id);
    assertThat(entry(entries, "container.remove", operator.name(), "ok").getString("target")).isEqualTo(container);
    assertThat(entry(entries, "access", viewer.name(), "denied").getString("target")).isEqualTo("POST /api/runs");
    assertThat(entry(entries, "job.run", operator.name(), "ok").getString("address")).isEqualTo("127.0.0.1");
    assertThat(entries.encode()).doesNotContain(SECRET);
    assertThat(slipway.job(id).encode()).doesNotContain(SECRET);
  }

  private static HttpResponse<Buffer> post(SlipwayServer.User user, String path, JsonObject body) {
    return SlipwayServer.await(slipway.as(user).post(path).sendJsonObject(body));
  }

  private static JsonObject entry(JsonArray entries, String action, String user, String outcome) {
    return entries.stream().map(JsonObject.class::cast)
        .filter(e -> action.equals(e.getString("action")) && user.equals(e.getString("user"))
            && outcome.equals(e.getString("outcome")))
        .findFirst().orElseThrow(() -> new AssertionError("no audit entry " + action + " by " + user + " (" + outcome
            + ") in " + entries.encodePrettily()));
  }
}
