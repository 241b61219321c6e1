package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static dev.slipway.Refusals.imageExists;
import static dev.slipway.Refusals.jobCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/apps} says what each app declares (ports, env, secrets) and the advice on its Dockerfile; a launch
 * of an app without a secret it requires is refused with a 400 naming the field, over HTTP and over the event bus,
 * and nothing is built or started.
 */
@ExtendWith(VertxExtension.class)
class AppsApiTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TAG = "slipway-test/advice-guarded:" + SUFFIX;
  private static final String NAME = "slipway-test-advice-guarded-" + SUFFIX;
  /** What a refused launch would have made: it must never exist. */
  private static final String REFUSED_TAG = "slipway-test/advice-refused:" + SUFFIX;
  private static final String REFUSED_NAME = "slipway-test-advice-refused-" + SUFFIX;
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TAG);
    DockerEngine.removeContainer(REFUSED_NAME);
    TestImages.remove(REFUSED_TAG);
  }

  private static JsonObject app(String name) {
    return slipway.get("/api/apps").bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(a -> a.getString("name").equals(name)).findFirst().orElseThrow();
  }

  private static JsonObject launch(JsonObject secretEnv) {
    return launch(secretEnv, REFUSED_TAG, REFUSED_NAME);
  }

  private static JsonObject launch(JsonObject secretEnv, String tag, String name) {
    return new JsonObject().put("app", "guarded").put("tag", tag).put("run", new JsonObject().put("name", name)
        .put("env", new JsonObject().put("GREETING", "hi")).put("secretEnv", secretEnv));
  }

  @Test
  void eachAppListsItsDeclaredPortsEnvAndSecretsAndItsAdvice() {
    JsonObject guarded = app("guarded");
    JsonObject hello = app("hello");

    assertThat(guarded.getJsonArray("ports")).containsExactly(new JsonObject().put("containerPort", 8080)
        .put("protocol", "tcp").put("description", "Where the app would listen (it only says hello)"));
    assertThat(guarded.getJsonArray("env")).containsExactly(new JsonObject().put("name", "GREETING")
        .put("default", "hello").put("description", "What the app says first"));
    assertThat(guarded.getJsonArray("secrets")).containsExactly(
        new JsonObject().put("name", "PASSWORD").put("required", true).put("description", "The app's login password"),
        new JsonObject().put("name", "API_TOKEN").put("required", false)
            .put("description", "A token for an API the app may call"));
    assertThat(guarded.getJsonArray("advice")).isEmpty();
    assertThat(guarded.getString("declaredIn")).isEqualTo("slipway.json");

    assertThat(hello.getJsonArray("ports")).isEmpty();
    assertThat(hello.getJsonArray("secrets")).isEmpty();
    assertThat(hello.getJsonArray("advice")).containsExactly(new JsonObject().put("rule", "SW008").put("line", 1)
        .put("message", "There is no USER, so the container runs as root (unless the base image slipway/busybox:test "
            + "sets another user): add a user and switch to it with USER."));
  }

  @Test
  void aLaunchWithoutARequiredSecretIsRefusedNamingTheFieldAndLeavesNothingBehind() {
    int jobs = jobCount(slipway);

    assertError(slipway.postJson("/api/launches", launch(new JsonObject())), 400,
        "run.secretEnv.PASSWORD (The app's login password) is required to launch guarded");
    assertError(slipway.postJson("/api/launches", launch(new JsonObject().put("PASSWORD", ""))), 400,
        "run.secretEnv.PASSWORD");
    assertError(slipway.postJson("/api/launches", launch(new JsonObject().put("API_TOKEN", "t"))), 400,
        "run.secretEnv.PASSWORD");

    assertThat(jobCount(slipway)).isEqualTo(jobs);
    assertThat(imageExists(REFUSED_TAG)).isFalse();
    assertThat(DockerEngine.containerExists(REFUSED_NAME)).isFalse();
  }

  @Test
  void theEventBusApiRefusesItToo() {
    ReplyException refusal = (ReplyException) SlipwayServer.await(slipway.vertx.eventBus()
        .request(Bus.SUBMIT_LAUNCH, launch(new JsonObject()), new DeliveryOptions().addHeader(Bus.USER_HEADER, "admin"))
        .map(r -> (Throwable) null).otherwise(e -> e));

    assertThat(refusal.failureCode()).isEqualTo(Bus.BAD_REQUEST);
    assertThat(refusal.getMessage()).contains("run.secretEnv.PASSWORD");
  }

  @Test
  void aLaunchWithTheSecretBuildsAndRunsAndTheSecretStaysMasked() {
    String secret = "pw-" + SUFFIX;
    JsonObject job = slipway.submit("/api/launches", launch(new JsonObject().put("PASSWORD", secret), TAG, NAME));

    JsonObject ended = slipway.awaitEnd(job.getString("id"), 90);
    assertThat(ended.getString("state")).as(slipway.log(job.getString("id"))).isEqualTo("succeeded");
    assertThat(slipway.log(job.getString("id"))).contains("hi from guarded", "a password is set")
        .doesNotContain(secret);
    assertThat(ended.getJsonObject("run").getJsonObject("secretEnv")).isEqualTo(new JsonObject()
        .put("PASSWORD", "••••"));
    assertThat(ended.getJsonObject("run").getJsonArray("ports")).isEqualTo(new JsonArray());
  }
}
