package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every open dashboard gets the job table when a job changes, from one shared list request per change; a dashboard
 * whose account is deleted is cut off, and the others keep theirs.
 */
@ExtendWith(VertxExtension.class)
class DashboardTableStreamTest {
  private static final String STREAM = "/fragments/jobs/stream";
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    slipway = SlipwayServer.start(vertx);
  }

  @Test
  void everyOpenDashboardSeesANewJob() {
    List<Future<SseClient.Result>> dashboards = new ArrayList<>();
    String[] shortId = new String[1];
    for (int i = 0; i < 20; i++) {
      dashboards.add(SseClient.read(slipway.vertx, slipway.port, STREAM, null,
          e -> shortId[0] != null && e.data().contains(shortId[0])));
    }
    SlipwayServer.sleep(500);
    // A build of an app that does not exist fails before Docker: no engine needed, still a job and a state change.
    String id = slipway.submit("/api/builds", new JsonObject().put("app", "broken").put("tag", "slipway-test/table:1"))
        .getString("id");
    shortId[0] = id.substring(0, 8);
    slipway.awaitEnd(id, 60);
    for (Future<SseClient.Result> dashboard : dashboards) {
      SseClient.Result result = SlipwayServer.await(dashboard);
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.named("jobs")).last().extracting(SseClient.Event::data).asString().contains(shortId[0]);
    }
  }

  @Test
  void aDashboardWhoseAccountIsDeletedIsCutOffAndTheOthersGoOn() {
    SlipwayServer.User leaving = slipway.createUser(Role.VIEWER);
    Future<SseClient.Result> gone = SseClient.read(slipway.vertx, slipway.port, STREAM, null, e -> false,
        leaving.authorization());
    SlipwayServer.sleep(500);
    String[] shortId = new String[1];
    Future<SseClient.Result> staying = SseClient.read(slipway.vertx, slipway.port, STREAM, null,
        e -> shortId[0] != null && e.data().contains(shortId[0]));
    SlipwayServer.sleep(500);
    assertThat(slipway.http.delete("/api/users/" + leaving.name()).send().await().statusCode()).isEqualTo(204);

    String id = slipway.submit("/api/builds", new JsonObject().put("app", "broken").put("tag", "slipway-test/table:2"))
        .getString("id");
    shortId[0] = id.substring(0, 8);
    Throwable cut = SlipwayServer.await(gone.map(result -> (Throwable) null).otherwise(e -> e));
    assertThat(cut).as("the deleted account's stream is cut").isInstanceOf(HttpClosedException.class);
    assertThat(SlipwayServer.await(staying).named("jobs")).last().extracting(SseClient.Event::data).asString()
        .contains(shortId[0]);
  }
}
