package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.logs.SecretMasker;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.Tars;
import dev.slipway.testing.TestImages;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Re-run submits a finished job's parameters again as a new job; Edit &amp; retry opens its form filled in. Secret
 * values are never stored, so they are never sent again nor shown: a job with secrets goes through the form.
 */
@ExtendWith(VertxExtension.class)
class RerunTest {
  private static final String ECHO = "slipway-test/rerun-echo:1";
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String BUILT = "slipway-test/rerun-hello:" + SUFFIX;
  private static final String LAUNCHED = "slipway-test/rerun-launch:" + SUFFIX;
  private static final String VOLUME = "slipway-test-rerun-" + SUFFIX;
  private static final String SECRET = "Hunter2-" + SUFFIX;
  /** An {@code <input>}'s value, or a {@code <textarea>}'s text: what a form would send. */
  private static final Pattern FIELD_VALUES = Pattern.compile("<input[^>]*\\svalue=\"([^\"]*)\"|<textarea[^>]*>([^<]*)<");

  private static SlipwayServer slipway;
  private static final List<String> jobs = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(ECHO, "echo \"ran with $GREETING\"");
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    for (String id : jobs) {
      String container = slipway.job(id).getString("containerId");
      if (container != null) {
        DockerEngine.removeContainer(container);
      }
    }
    List.of(ECHO, BUILT, LAUNCHED).forEach(TestImages::remove);
    try {
      DockerEngine.client().removeVolumeCmd(VOLUME).exec();
    } catch (RuntimeException neverMade) {
      // nothing to clean
    }
  }

  @Test
  void reRunOfARunStartsANewJobWithTheSameParameters() {
    JsonObject original = finished("/api/runs", new JsonObject().put("image", ECHO).put("ports", new JsonArray().add(":8080"))
        .put("env", new JsonObject().put("GREETING", "hello again"))
        .put("command", new JsonArray().add("sh").add("-c").add("echo \"ran with $GREETING\""))
        .put("volumes", new JsonArray().add(VOLUME + ":/data")).put("restartPolicy", "on-failure")
        .put("memory", "64m").put("cpus", 0.5));

    JsonObject again = rerun(original);

    assertThat(again.getString("id")).isNotEqualTo(original.getString("id"));
    assertThat(again.getString("kind")).isEqualTo("run");
    assertThat(again.getJsonObject("run")).isEqualTo(original.getJsonObject("run"));
    assertThat(slipway.awaitEnd(again.getString("id"), 60).getString("state")).isEqualTo("succeeded");
    assertThat(slipway.log(again.getString("id"))).contains("ran with hello again");
  }

  @Test
  void reRunOfABuildAndOfALaunchSubmitsTheSameBuildAndRun() {
    JsonObject build = finished("/api/builds", new JsonObject().put("app", "hello").put("tag", BUILT)
        .put("buildArgs", new JsonObject().put("UNUSED", "1")));
    JsonObject launch = finished("/api/launches", new JsonObject().put("app", "hello").put("tag", LAUNCHED)
        .put("noCache", true).put("run", new JsonObject().put("env", new JsonObject().put("A", "b")).put("memory", "32m")));

    JsonObject buildAgain = rerun(build);
    JsonObject launchAgain = rerun(launch);

    assertThat(buildAgain.getString("kind")).isEqualTo("build");
    assertThat(buildAgain.getJsonObject("build")).isEqualTo(build.getJsonObject("build"));
    assertThat(launchAgain.getString("kind")).isEqualTo("launch");
    assertThat(launchAgain.getJsonObject("build")).isEqualTo(launch.getJsonObject("build"));
    assertThat(launchAgain.getJsonObject("run")).isEqualTo(launch.getJsonObject("run"));
    assertThat(slipway.awaitEnd(launchAgain.getString("id"), 120).getString("state")).isEqualTo("succeeded");
    assertThat(slipway.log(launchAgain.getString("id"))).contains("hello from slipway");
  }

  @Test
  void reRunOfAJobWithSecretsOpensEditAndRetryAndStartsNothing() {
    JsonObject original = finished("/api/runs", new JsonObject().put("image", ECHO)
        .put("env", new JsonObject().put("DB_URL", "postgres://app:" + SECRET + "@db").put("PLAIN", "kept"))
        .put("secretEnv", new JsonObject().put("PASSWORD", SECRET)));
    String total = slipway.get("/api/jobs").getHeader("X-Total-Count");

    HttpResponse<Buffer> response = postForm("/jobs/" + original.getString("id") + "/rerun");

    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.getHeader("Location")).isEqualTo("/jobs/" + original.getString("id") + "/edit?for=rerun");
    assertThat(slipway.get("/api/jobs").getHeader("X-Total-Count")).as("no job was started").isEqualTo(total);
    String edit = page(response.getHeader("Location"));
    assertThat(edit).contains("Re-run cannot send this job again by itself. Secret values are never stored: enter the value of PASSWORD again.",
        "DB_URL was left out");
    assertThat(edit).contains("<input name=\"secretName\" value=\"PASSWORD\"");
    assertThat(edit).containsPattern("<input name=\"secretValue\" type=\"password\"[^>]*placeholder=\"enter it again\">");
    assertThat(fieldValues(edit)).as("what the form would send").contains("PLAIN=kept")
        .noneMatch(v -> v.contains(SecretMasker.MASK)).noneMatch(v -> v.contains("DB_URL")).noneMatch(v -> v.contains(SECRET));
    assertThat(edit).doesNotContain(SECRET);
  }

  @Test
  void editAndRetryOfARunFillsInTheRunForm() {
    String name = "slipway-test-rerun-" + SUFFIX;
    JsonObject original = finished("/api/runs", new JsonObject().put("image", ECHO).put("name", name)
        .put("ports", new JsonArray().add(":8080").add(":9090"))
        .put("env", new JsonObject().put("GREETING", "hi").put("EMPTY", ""))
        .put("command", new JsonArray().add("sh").add("-c").add("echo hi"))
        .put("restartPolicy", "unless-stopped").put("memory", "48m").put("cpus", 1.5));
    DockerEngine.removeContainer(name);

    String edit = page("/jobs/" + original.getString("id") + "/edit");

    assertThat(edit).contains("Edit &amp; retry", "<form method=\"post\" action=\"/runs\" class=\"run\">",
        "name=\"image\" required value=\"" + ECHO + "\"", "name=\"name\" value=\"" + name + "\"",
        "name=\"ports\" value=\":8080, :9090\"", ">GREETING=hi\nEMPTY=</textarea>",
        ">sh\n-c\necho hi</textarea>", "<option selected>unless-stopped</option>", "name=\"memory\" value=\"48m\"",
        "name=\"cpus\" value=\"1.5\"");
    assertThat(fieldValues(edit)).noneMatch(v -> v.contains(SecretMasker.MASK));
  }

  @Test
  void editAndRetryOfALaunchFillsInTheAppsForm() {
    String tag = "slipway-test/rerun-edit:" + SUFFIX;
    JsonObject original = slipway.submit("/api/launches", new JsonObject().put("app", "broken").put("tag", tag)
        .put("noCache", true).put("buildArgs", new JsonObject().put("VERSION", "2"))
        .put("run", new JsonObject().put("env", new JsonObject().put("A", "1")).put("memory", "32m")
            .put("volumes", new JsonArray().add(VOLUME + ":/data:ro"))));
    jobs.add(original.getString("id"));
    slipway.awaitEnd(original.getString("id"), 60);

    String edit = page("/jobs/" + original.getString("id") + "/edit");

    assertThat(edit).contains("Edit &amp; retry: launch broken", "<form class=\"app\" method=\"post\" action=\"/builds\"",
        "name=\"app\" value=\"broken\"", "name=\"tag\" required value=\"" + tag + "\"",
        "name=\"noCache\" checked", ">VERSION=2</textarea>", ">A=1</textarea>", ">" + VOLUME + ":/data:ro</textarea>",
        "name=\"memory\" value=\"32m\"", "formaction=\"/launches\" class=\"primary\"");
  }

  @Test
  void aBuildFromAnUploadSaysItCannotRunAgain() {
    String tag = "slipway-test/rerun-upload:" + SUFFIX;
    JsonObject upload = slipway.postTar("/api/builds?tag=" + tag, Tars.dockerfile("FROM " + DockerEngine.BUSYBOX + "\n"))
        .bodyAsJsonObject();
    jobs.add(upload.getString("id"));
    slipway.awaitEnd(upload.getString("id"), 60);
    TestImages.remove(tag);
    String total = slipway.get("/api/jobs").getHeader("X-Total-Count");

    assertThat(page("/jobs/" + upload.getString("id"))).contains("Built from an uploaded archive, which Slipway does "
        + "not keep").doesNotContain("/rerun\"").doesNotContain("/edit\"");
    Refusals.assertError(postFormAsJson("/jobs/" + upload.getString("id") + "/rerun"), 409, "uploaded archive");
    assertThat(slipway.get("/jobs/" + upload.getString("id") + "/edit").statusCode()).isEqualTo(409);
    assertThat(slipway.get("/api/jobs").getHeader("X-Total-Count")).isEqualTo(total);
  }

  @Test
  void aViewerCanNeitherReRunNorOpenTheForm() {
    JsonObject original = finished("/api/runs", new JsonObject().put("image", ECHO));
    WebClient viewer = slipway.as(slipway.createUser(Role.VIEWER));
    String total = slipway.get("/api/jobs").getHeader("X-Total-Count");

    HttpResponse<Buffer> rerun = SlipwayServer.await(viewer.post("/jobs/" + original.getString("id") + "/rerun")
        .putHeader("Accept", "application/json").followRedirects(false).sendForm(MultiMap.caseInsensitiveMultiMap()));
    HttpResponse<Buffer> edit = SlipwayServer.await(viewer.get("/jobs/" + original.getString("id") + "/edit").send());

    assertThat(rerun.statusCode()).isEqualTo(403);
    assertThat(edit.statusCode()).isEqualTo(403);
    assertThat(slipway.get("/api/jobs").getHeader("X-Total-Count")).isEqualTo(total);
  }

  @Test
  void theLogDownloadsAsAFileNamedAfterTheJob() {
    JsonObject original = finished("/api/runs", new JsonObject().put("image", ECHO)
        .put("env", new JsonObject().put("GREETING", "download me")));
    String id = original.getString("id");

    HttpResponse<Buffer> download = slipway.get("/api/jobs/" + id + "/log?download=1");
    HttpResponse<Buffer> shown = slipway.get("/api/jobs/" + id + "/log");

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"slipway-" + id.substring(0, 8) + "-run.log\"");
    assertThat(download.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(download.bodyAsString()).isEqualTo(shown.bodyAsString()).contains("ran with download me");
    assertThat(shown.getHeader("Content-Disposition")).isNull();
    Refusals.assertError(slipway.get("/api/jobs/no-such-job/log?download=1"), 404, "no job");
    assertThat(page("/jobs/" + id)).contains("href=\"/api/jobs/" + id + "/log?download=1\"", "Run again", "Edit &amp; retry");
    assertThat(page("/history")).contains("href=\"/api/jobs/" + id + "/log?download=1\"");
  }

  /** Submits through the API and waits for the job's end. */
  private static JsonObject finished(String path, JsonObject body) {
    String id = slipway.submit(path, body).getString("id");
    jobs.add(id);
    return slipway.awaitEnd(id, 120);
  }

  /** Presses Re-run and follows its redirect to the new job. */
  private static JsonObject rerun(JsonObject job) {
    HttpResponse<Buffer> response = postForm("/jobs/" + job.getString("id") + "/rerun");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(303);
    String location = response.getHeader("Location");
    assertThat(location).matches("/jobs/[0-9a-f-]{36}");
    JsonObject again = slipway.job(location.substring("/jobs/".length()));
    jobs.add(again.getString("id"));
    return again;
  }

  private static HttpResponse<Buffer> postForm(String path) {
    return SlipwayServer.await(slipway.http.post(path).followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap()));
  }

  private static HttpResponse<Buffer> postFormAsJson(String path) {
    return SlipwayServer.await(slipway.http.post(path).putHeader("Accept", "application/json").followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap()));
  }

  private static String page(String path) {
    HttpResponse<Buffer> response = slipway.get(path);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsString();
  }

  private static List<String> fieldValues(String html) {
    List<String> values = new ArrayList<>();
    Matcher m = FIELD_VALUES.matcher(html);
    while (m.find()) {
      values.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return values;
  }
}
