package dev.slipway.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EventBusApiTest {
  /** Every request says whom it acts for; the jobs owner checks that user's role. */
  private static final DeliveryOptions AS_ADMIN = new DeliveryOptions().addHeader(Bus.USER_HEADER, "admin");
  private static final String TAG = "slipway-test/shipped:bus";
  private static final String NAME = "slipway-test-shipper-" + Long.toHexString(System.nanoTime());

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TAG);
  }

  @Test
  void aSeparateVerticleBuildsAndRunsThroughTheEventBusAlone(Vertx vertx, VertxTestContext test) {
    String replyTo = "test.shipper." + NAME;
    vertx.eventBus().<JsonObject>consumer(replyTo, message -> test.verify(() -> {
      JsonObject result = message.body();
      assertThat(result.getString("error")).isNull();
      JsonObject build = result.getJsonObject("build");
      assertThat(build.getJsonObject("job").getString("state")).isEqualTo("succeeded");
      assertThat(build.getJsonArray("lines").getList()).contains("building hello");
      JsonObject run = result.getJsonObject("run");
      assertThat(run.getJsonObject("job").getString("state")).isEqualTo("succeeded");
      assertThat(run.getJsonArray("lines").getList()).containsExactly("hello from slipway");
      test.completeNow();
    })).completion().compose(v -> vertx.deployVerticle(ShipperVerticle.class, new DeploymentOptions().setConfig(
            new JsonObject().put("app", "hello").put("tag", TAG).put("name", NAME).put("replyTo", replyTo))))
        .onFailure(test::failNow);
  }

  @Test
  void failuresComeBackAsReplyExceptionsWithHttpLikeCodes(Vertx vertx, VertxTestContext test) {
    vertx.eventBus().request(Bus.GET, new JsonObject().put("id", "no-such-job"), AS_ADMIN)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.NOT_FOUND);
          assertThat(e.getMessage()).contains("no-such-job");
        })))
        .recover(e -> vertx.eventBus().request(Bus.SUBMIT_BUILD, new JsonObject().put("app", "hello").put("tag", "Bad Tag"),
            AS_ADMIN))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.BAD_REQUEST);
          assertThat(e.getMessage()).contains("invalid tag");
          test.completeNow();
        })));
  }

  @Test
  void jobStatesArePublishedForEveryone(Vertx vertx, VertxTestContext test) throws Exception {
    vertx.eventBus().<JsonObject>consumer(Bus.STATES, message -> {
      if ("succeeded".equals(message.body().getString("state"))
          && TAG.equals(message.body().getJsonObject("build", new JsonObject()).getString("tag"))) {
        test.completeNow();
      }
    }).completion().compose(v -> vertx.eventBus().request(Bus.SUBMIT_BUILD,
        new JsonObject().put("app", "hello").put("tag", TAG), AS_ADMIN)).onFailure(test::failNow);
    assertThat(test.awaitCompletion(120, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anArchiveOutsideTheUploadsFolderIsRefusedAndLeftAlone(Vertx vertx, VertxTestContext test,
                                                            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path archive = java.nio.file.Files.writeString(dir.resolve("context.tar"), "not Slipway's");
    vertx.eventBus().request(Bus.SUBMIT_BUILD, new JsonObject().put("contextFile", archive.toString()).put("tag", TAG),
            AS_ADMIN)
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.BAD_REQUEST);
          assertThat(e.getMessage()).contains("uploads folder");
          assertThat(archive).exists();
          test.completeNow();
        })));
  }

  @Test
  void aRequestThatNamesNoUserOrAnUnknownOneIsRefusedWith401(Vertx vertx, VertxTestContext test) {
    JsonObject build = new JsonObject().put("app", "hello").put("tag", TAG);
    vertx.eventBus().request(Bus.SUBMIT_BUILD, build)
        .onComplete(test.failing(e -> test.verify(() ->
            assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.UNAUTHORIZED))))
        .recover(e -> vertx.eventBus().request(Bus.LIST, new JsonObject(),
            new DeliveryOptions().addHeader(Bus.USER_HEADER, "nobody-here")))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.UNAUTHORIZED);
          assertThat(e.getMessage()).contains("nobody-here");
        })))
        .recover(e -> vertx.eventBus().request(Bus.LIST, new JsonObject(), new DeliveryOptions()
            .addHeader(Bus.USER_HEADER, "admin").addHeader(Bus.USER_HEADER, "someone-else")))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Bus.UNAUTHORIZED);
          assertThat(e.getMessage()).contains("more than one user");
          test.completeNow();
        })));
  }
}
