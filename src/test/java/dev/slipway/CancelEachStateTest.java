package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.slipway.bus.Bus;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cancel in each state of a job ends it {@code cancelled} and leaves nothing behind: a running build's
 * containers and archive, a running run's container (stopped), a launch caught between its build and its run (no
 * container at all). A job that has ended cannot be cancelled (409). The queued case is in {@link BuildQueueTest}.
 */
@ExtendWith(VertxExtension.class)
class CancelEachStateTest {
  private static final String SUFFIX = Long.toHexString(System.nanoTime());
  private static final String REPO = "slipway-test/cancel-" + SUFFIX;
  private static final String IDLE = REPO + ":idle";
  private static final String NAME = "slipway-test-cancel-" + SUFFIX;
  private static SlipwayServer slipway;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    DockerEngine.require();
    vertx = v;
    TestImages.shell(IDLE, "trap 'exit 0' TERM; echo ready; while true; do sleep 1 & wait; done");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    for (String suffix : new String[] {"run", "launch", "held-run"}) {
      DockerEngine.removeContainer(NAME + "-" + suffix);
    }
    for (String tag : new String[] {IDLE, REPO + ":build", REPO + ":launch", REPO + ":held-run", REPO + ":done"}) {
      EngineTraces.removeImage(tag);
    }
  }

  @Test
  void aRunningBuildIsAbortedWithoutLeavingItsContainersOrItsArchive() {
    String marker = "running-" + SUFFIX;
    byte[] context = Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\nRUN echo " + marker + " && sleep 60\n");
    HttpResponse<Buffer> accepted = slipway.postTar("/api/builds?noCache=true&tag=" + REPO + ":build", context);
    String id = accepted.bodyAsJsonObject().getString("id");
    slipway.awaitJob(id, 30, j -> slipway.log(id).contains(marker));
    assertThat(EngineTraces.containersWithCommand(marker)).as("the step runs in a container").hasSize(1);

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    assertThat(slipway.awaitEnd(id, 15).getString("state")).isEqualTo("cancelled");
    assertThat(EngineTraces.eventually(15_000, () -> EngineTraces.containersWithCommand(marker).isEmpty()))
        .as("the engine stopped the build and removed its container").isTrue();
    assertThat(EngineTraces.exists(EngineTraces.contextFile(slipway, id))).as("the uploaded archive").isFalse();
    assertThat(Refusals.uploadsLeft(slipway)).isEmpty();
    assertThat(Refusals.imageExists(REPO + ":build")).isFalse();
    assertThat(EngineTraces.imagesOfJob(id)).isEmpty();
  }

  @Test
  void aRunningRunHasItsContainerStopped() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", IDLE).put("name", NAME + "-run"))
        .getString("id");
    slipway.awaitJob(id, 30, j -> slipway.log(id).contains("ready"));

    assertThat(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()).statusCode()).isEqualTo(202);
    JsonObject done = slipway.awaitEnd(id, 20);
    assertThat(done.getString("state")).isEqualTo("cancelled");
    InspectContainerResponse container = DockerEngine.client().inspectContainerCmd(NAME + "-run").exec();
    assertThat(container.getState().getRunning()).as("the container is stopped").isFalse();
    assertThat(container.getId()).isEqualTo(done.getString("containerId"));
  }

  /** The build has ended and said so, but the jobs owner has not heard yet: the cancel lands in between. */
  @Test
  void aLaunchCancelledBetweenItsBuildAndItsRunNeverStartsAContainer() {
    AtomicReference<String> launchId = new AtomicReference<>();
    Held held = hold(true, Bus.onNode("local", Bus.JOB_UPDATE), body -> body.getString("jobId").equals(launchId.get())
        && "build".equals(body.getString("phase")) && "succeeded".equals(body.getString("state")));
    try {
      launchId.set(slipway.submit("/api/launches", new JsonObject().put("app", "hello").put("tag", REPO + ":launch")
          .put("noCache", true).put("run", new JsonObject().put("name", NAME + "-launch"))).getString("id"));
      held.arrived();

      HttpResponse<Buffer> cancel = slipway.postJson("/api/jobs/" + launchId.get() + "/cancel", new JsonObject());
      assertThat(cancel.statusCode()).isEqualTo(202);
      held.release();
      JsonObject done = slipway.awaitEnd(launchId.get(), 20);
      assertThat(done.getString("state")).isEqualTo("cancelled");
      assertThat(Refusals.imageExists(REPO + ":launch")).as("what was built stays built").isTrue();
      SlipwayServer.sleep(1000);
      assertThat(DockerEngine.containerExists(NAME + "-launch")).as("no container was made").isFalse();
      assertThat(EngineTraces.containersOfJob(launchId.get())).isEmpty();
    } finally {
      held.remove();
    }
  }

  /** The run is on its way to the Docker worker when the cancel comes: the worker stops it as soon as it has it. */
  @Test
  void aLaunchCancelledWhileItsRunIsOnTheWayToTheWorkerEndsWithNoContainerRunning() {
    AtomicReference<String> launchId = new AtomicReference<>();
    Held held = hold(false, Bus.onNode("local", Bus.DOCKER_RUN), body -> body.getString("jobId").equals(launchId.get()));
    try {
      launchId.set(slipway.submit("/api/launches", new JsonObject().put("app", "hello").put("tag", REPO + ":held-run")
          .put("noCache", true).put("run", new JsonObject().put("name", NAME + "-held-run")
              .put("command", new io.vertx.core.json.JsonArray().add("sleep").add("60")))).getString("id"));
      held.arrived();

      assertThat(slipway.postJson("/api/jobs/" + launchId.get() + "/cancel", new JsonObject()).statusCode())
          .isEqualTo(202);
      held.release();
      JsonObject done = slipway.awaitEnd(launchId.get(), 30);
      assertThat(done.getString("state")).isEqualTo("cancelled");
      assertThat(EngineTraces.containersOfJob(launchId.get()).stream().filter(c -> "running".equals(c.getState())))
          .as("containers of the cancelled launch still running").isEmpty();
    } finally {
      held.remove();
    }
  }

  @Test
  void cancellingAJobThatHasEndedIs409() {
    String id = slipway.submit("/api/builds", new JsonObject().put("app", "hello").put("tag", REPO + ":done"))
        .getString("id");
    assertThat(slipway.awaitEnd(id, 60).getString("state")).isEqualTo("succeeded");

    assertError(slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject()), 409, "already ended (succeeded)");
    assertThat(slipway.job(id).getString("state")).isEqualTo("succeeded");
  }

  /** Holds the first matching message on {@code address} (on delivery, or before it is sent) until released. */
  private static Held hold(boolean inbound, String address, Predicate<JsonObject> matches) {
    return new Held(inbound, address, matches);
  }

  private static final class Held {
    private final CompletableFuture<Runnable> release = new CompletableFuture<>();
    private final boolean inbound;
    private final Handler<DeliveryContext<Object>> interceptor;

    Held(boolean inbound, String address, Predicate<JsonObject> matches) {
      this.inbound = inbound;
      this.interceptor = delivery -> {
        if (address.equals(delivery.message().address()) && delivery.message().body() instanceof JsonObject body
            && !release.isDone() && matches.test(body)) {
          Context context = Vertx.currentContext();
          release.complete(() -> context.runOnContext(v -> delivery.next()));
          return;
        }
        delivery.next();
      };
      if (inbound) {
        vertx.eventBus().addInboundInterceptor(interceptor);
      } else {
        vertx.eventBus().addOutboundInterceptor(interceptor);
      }
    }

    void arrived() {
      try {
        release.get(90, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the message to hold never came", e);
      }
    }

    void release() {
      release.join().run();
    }

    void remove() {
      if (inbound) {
        vertx.eventBus().removeInboundInterceptor(interceptor);
      } else {
        vertx.eventBus().removeOutboundInterceptor(interceptor);
      }
    }
  }
}
