package dev.slipway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.domain.BadRequest;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A job's parameters show no secret value, also where one is written inside a plain value. */
class RequestMaskingTest {
  private static final String SECRET = "Zx9-secret-Pw";

  private static RunRequest run(JsonObject env) {
    return RunRequest.from(new JsonObject().put("image", "busybox").put("name", "db-client").put("env", env)
        .put("secretEnv", new JsonObject().put("DB_PASSWORD", SECRET)), null);
  }

  @Test
  void aSecretInsideAnEnvValueIsMaskedInTheJobsJson() {
    RunRequest request = run(new JsonObject().put("DB_URL", "postgres://app:" + SECRET + "@db/app").put("MODE", "dev"));

    for (JsonObject json : new JsonObject[] {request.toJson(), request.toJson(request.masker())}) {
      assertThat(json.getJsonObject("env")).isEqualTo(new JsonObject()
          .put("DB_URL", "postgres://app:" + SecretMasker.MASK + "@db/app").put("MODE", "dev"));
      assertThat(json.getJsonObject("secretEnv")).isEqualTo(new JsonObject().put("DB_PASSWORD", SecretMasker.MASK));
      assertThat(json.encode()).doesNotContain(SECRET);
    }
  }

  @Test
  void theWorkerStillGetsTheValuesAsGiven() {
    RunRequest request = run(new JsonObject().put("DB_URL", "postgres://app:" + SECRET + "@db/app"));
    JsonObject toWorker = request.toWorker("job-1");
    assertThat(toWorker.getJsonObject("env").getString("DB_URL")).isEqualTo("postgres://app:" + SECRET + "@db/app");
    assertThat(toWorker.getJsonObject("secretEnv").getString("DB_PASSWORD")).isEqualTo(SECRET);
  }

  @Test
  void aLaunchsBuildArgsAreMaskedWithItsRunsSecrets() {
    BuildRequest build = new BuildRequest("hello", "/apps/hello", null, "hello:1",
        Map.of("DB_URL", "postgres://app:" + SECRET + "@db", "PLAIN", "value"), false, "alice");
    SecretMasker masker = run(new JsonObject()).masker();

    JsonObject json = build.toJson(masker);
    assertThat(json.getJsonObject("buildArgs")).isEqualTo(new JsonObject()
        .put("DB_URL", "postgres://app:" + SecretMasker.MASK + "@db").put("PLAIN", "value"));
    assertThat(json.getString("tag")).isEqualTo("hello:1");
    assertThat(build.toJson().getJsonObject("buildArgs").getString("PLAIN")).isEqualTo("value");
  }

  @Test
  void aSecretInsideATagIsMaskedToo() {
    BuildRequest build = new BuildRequest("hello", "/apps/hello", null, "hello:s3cr3t-tag", Map.of(), false, "alice");
    assertThat(build.toJson(new SecretMasker(List.of("s3cr3t-tag"))).getString("tag"))
        .isEqualTo("hello:" + SecretMasker.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a\u200Bb\u200Bc"})
  void aSecretTooShortToMaskIsRefusedByName(String value) {
    JsonObject body = new JsonObject().put("image", "busybox")
        .put("secretEnv", new JsonObject().put("OK_SECRET", SECRET).put("PIN", value));
    assertThatThrownBy(() -> RunRequest.from(body, null)).isInstanceOfSatisfying(BadRequest.class, e -> {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage()).contains("the secret PIN is shorter than 4 characters").doesNotContain(SECRET);
    });
  }

  @Test
  void aSecretWithoutValueIsRefused() {
    JsonObject body = new JsonObject().put("image", "busybox").put("secretEnv", new JsonObject().putNull("PIN"));
    assertThatThrownBy(() -> RunRequest.from(body, null)).isInstanceOf(BadRequest.class)
        .hasMessageContaining("PIN");
  }

  @Test
  void plainEnvValuesMayStillBeShortOrEmpty() {
    RunRequest request = RunRequest.from(new JsonObject().put("image", "busybox")
        .put("env", new JsonObject().put("A", "").put("B", "x")).put("secretEnv", new JsonObject().put("PIN", "1234")),
        null);
    assertThat(request.toJson().getJsonObject("env")).isEqualTo(new JsonObject().put("A", "").put("B", "x"));
  }

  @Test
  void aSecretInACommandArgumentOrAVolumeSpecIsMaskedInTheJobsJson() {
    RunRequest run = RunRequest.from(new JsonObject().put("image", "busybox")
        .put("command", new JsonArray().add("login").add("--password=" + SECRET))
        .put("secretEnv", new JsonObject().put("PASSWORD", SECRET)), null);
    JsonObject shown = run.toJson(run.masker());
    assertThat(shown.getJsonArray("command").getString(1)).isEqualTo("--password=" + SecretMasker.MASK);
    assertThat(shown.encode()).doesNotContain(SECRET);
  }

  @Test
  void aSecretOfTheWrongTypeIsRefusedWithoutRepeatingIt() {
    JsonObject body = new JsonObject().put("image", "busybox").put("secretEnv", new JsonObject().put("PIN", 73195824));
    assertThatThrownBy(() -> RunRequest.from(body, null)).isInstanceOf(BadRequest.class)
        .hasMessageContaining("PIN").hasMessageNotContaining("73195824");
  }
}
