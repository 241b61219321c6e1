package dev.slipway;

import static dev.slipway.testing.SlipwayServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.Postgres;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Slipway nodes (each its own Vert.x, port, data directory and node name) on one PostgreSQL database: whatever
 * one of them makes (a user, a session, an API token, a job) the other knows at once, and a user deleted through one
 * is refused by the other, whichever node a load balancer sends the next request to.
 */
class SharedDatabaseTest {
  private static final String IMAGE = "slipway-test/pg-shared:1";
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static String database;
  private static Vertx vertxA;
  private static Vertx vertxB;
  private static SlipwayServer nodeA;
  private static SlipwayServer nodeB;

  @BeforeAll
  static void twoNodesOnOneDatabase() {
    DockerEngine.require();
    TestImages.shell(IMAGE, "echo shared history");
    database = Postgres.freshDatabase();
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
    nodeA = SlipwayServer.start(vertxA, new JsonObject().put(Config.DATABASE_URL, database)
        .put(Config.NODE_NAME, "node-a"));
    nodeB = SlipwayServer.start(vertxB, new JsonObject().put(Config.DATABASE_URL, database)
        .put(Config.NODE_NAME, "node-b"));
  }

  @AfterAll
  static void stopBoth() {
    await(vertxA.close());
    await(vertxB.close());
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(IMAGE);
    Postgres.drop(database);
  }

  @Test
  void theNodesAreSeparateButShareOneDatabase() {
    assertThat(nodeA.port).isNotEqualTo(nodeB.port);
    assertThat(nodeA.dataDir).isNotEqualTo(nodeB.dataDir);
    assertThat(nodeA.databaseUrl).isEqualTo(nodeB.databaseUrl).isEqualTo(database);
  }

  @Test
  void aSessionMadeOnOneNodeIsValidOnTheOtherUntilItsUserIsDeletedThroughEither() {
    SlipwayServer.User ana = nodeA.createUser(Role.OPERATOR);
    WebClientSession browserOnA = nodeA.signIn(ana.name(), ana.password());
    String cookie = "slipway_session=" + browserOnA.cookieStore().get(false, "127.0.0.1", "/").iterator().next()
        .value();
    WebClient browserOnB = nodeB.anonymous().addHeader("Cookie", cookie);

    HttpResponse<Buffer> me = await(browserOnB.get("/api/me").send());
    assertThat(me.statusCode()).as("node B knows node A's session").isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("name")).isEqualTo(ana.name());
    assertThat(me.bodyAsJsonObject().getString("role")).isEqualTo("operator");
    assertThat(await(nodeB.as(ana).get("/api/me").send()).statusCode()).as("and ana's password").isEqualTo(200);

    assertThat(nodeB.get("/api/users").bodyAsString()).contains(ana.name());
    assertThat(await(nodeB.http.delete("/api/users/" + ana.name()).send()).statusCode()).isEqualTo(204);

    assertThat(await(browserOnA.get("/api/me").send()).statusCode()).as("the session, on node A").isEqualTo(401);
    assertThat(await(browserOnB.get("/api/me").send()).statusCode()).as("the session, on node B").isEqualTo(401);
    assertThat(await(nodeA.as(ana).get("/api/me").send()).statusCode()).as("the password, on A").isEqualTo(401);
  }

  @Test
  void anApiTokenMadeOnOneNodeWorksOnTheOtherAndARevocationOrDeletionEndsItOnBoth() {
    SlipwayServer.User bob = nodeB.createUser(Role.VIEWER);
    JsonObject first = await(nodeB.as(bob).post("/api/tokens").sendJsonObject(new JsonObject().put("name", "ci")))
        .bodyAsJsonObject();
    WebClient scriptOnA = nodeA.client(null, "Bearer " + first.getString("token"));
    HttpResponse<Buffer> me = await(scriptOnA.get("/api/me").send());
    assertThat(me.statusCode()).as("node A knows node B's token").isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("name")).isEqualTo(bob.name());

    assertThat(await(nodeA.as(bob).delete("/api/tokens/" + first.getString("id")).send()).statusCode())
        .isEqualTo(204);
    assertThat(await(nodeB.client(null, "Bearer " + first.getString("token")).get("/api/me").send()).statusCode())
        .as("revoked through node A, refused by node B").isEqualTo(401);

    String second = await(nodeB.as(bob).post("/api/tokens").sendJsonObject(new JsonObject().put("name", "laptop")))
        .bodyAsJsonObject().getString("token");
    WebClient laptopOnB = nodeB.client(null, "Bearer " + second);
    assertThat(await(laptopOnB.get("/api/me").send()).statusCode()).isEqualTo(200);
    assertThat(await(nodeA.http.delete("/api/users/" + bob.name()).send()).statusCode()).isEqualTo(204);
    assertThat(await(laptopOnB.get("/api/me").send()).statusCode()).as("deleted through A, refused by B")
        .isEqualTo(401);
  }

  @Test
  void aJobRunOnOneNodeIsInTheHistoryAndAuditOfTheOther() {
    String id = nodeA.submit("/api/runs", new JsonObject().put("image", IMAGE)).getString("id");
    JsonObject done = nodeA.awaitEnd(id, 60);
    CONTAINERS.add(done.getString("containerId"));
    assertThat(done.getString("state")).isEqualTo("succeeded");
    assertThat(done.getString("node")).isEqualTo("node-a");

    JsonObject seenFromB = nodeB.job(id);
    assertThat(seenFromB.getString("state")).isEqualTo("succeeded");
    assertThat(seenFromB.getString("node")).isEqualTo("node-a");
    assertThat(nodeB.get("/api/jobs?q=" + id).bodyAsJsonArray()).extracting(j -> ((JsonObject) j).getString("id"))
        .containsExactly(id);
    assertThat(nodeB.get("/api/audit?size=500").bodyAsJsonObject().getJsonArray("entries").stream()
        .map(e -> ((JsonObject) e).getString("detail"))).as("node A's audit record, read on node B")
        .contains("job " + id);
  }
}
