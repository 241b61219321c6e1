package dev.slipway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.JobKind;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a job keeps of the worker's reports on its build: steps (masked like the log), comparison, record, progress. */
class JobBuildFactsTest {
  private static final String SECRET = "Zx9-secret-Pw";

  private static Job launch() {
    RunRequest run = RunRequest.from(new JsonObject().put("image", "busybox")
        .put("secretEnv", new JsonObject().put("PASSWORD", SECRET)), null);
    BuildRequest build = new BuildRequest("hello", "/apps/hello", null, "hello:1", Map.of(), false, "ana");
    return new Job("job-1", JobKind.LAUNCH, "ana", "local", Instant.now(),
        new JsonObject().put("build", build.toJson(run.masker())), build, run);
  }

  private static JsonObject step(int n, String instruction) {
    return new JsonObject().put("n", n).put("total", 3).put("instruction", instruction).put("cached", false);
  }

  @Test
  void aReportsStepsAreKeptMaskedAndTheLastOneIsTheProgress() {
    Job job = launch();
    assertThat(job.noteBuildFacts(new JsonObject().put("state", "running"))).as("no facts in it").isFalse();

    boolean noted = job.noteBuildFacts(new JsonObject()
        .put("steps", new JsonArray().add(step(1, "FROM busybox")).add(step(2, "RUN echo " + SECRET)))
        .put("reproducibility", new JsonObject().put("contextDigest", "sha256:abc")));

    assertThat(noted).isTrue();
    JsonObject json = job.record().toJson();
    assertThat(json.getJsonArray("steps").getJsonObject(1).getString("instruction"))
        .isEqualTo("RUN echo " + SecretMasker.MASK);
    assertThat(json.encode()).doesNotContain(SECRET);
    assertThat(json.getJsonObject("progress")).isEqualTo(new JsonObject().put("step", 2).put("total", 3));
    assertThat(json.getJsonObject("reproducibility").getString("contextDigest")).isEqualTo("sha256:abc");

    job.noteBuildFacts(new JsonObject().put("comparison", new JsonObject().put("previousJob", "job-0")));
    assertThat(job.record().toJson().getJsonArray("steps")).as("a report keeps what it does not replace").hasSize(2);
    assertThat(job.record().toJson().getJsonObject("comparison").getString("previousJob")).isEqualTo("job-0");
  }
}
