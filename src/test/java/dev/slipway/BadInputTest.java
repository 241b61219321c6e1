package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static dev.slipway.Refusals.jobCount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests Slipway must refuse with a 4xx and a message naming the problem, creating no job. */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String RUNNING = "slipway-bad-running-" + SUFFIX;
  private static SlipwayServer slipway;
  private static String finishedJob;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    String id = slipway.submit("/api/builds", new JsonObject().put("app", "missing-base")
        .put("tag", "slipway-bad/finished:" + SUFFIX)).getString("id");
    assertThat(slipway.awaitEnd(id, 60).getString("state")).isEqualTo("failed");
    finishedJob = id;
  }

  @AfterAll
  static void removeContainer() {
    DockerEngine.removeContainer(RUNNING);
  }

  @Test
  void aTagDockerWouldRefuseIsA400NamingTheTag() {
    refusedWithoutJob("/api/builds", new JsonObject().put("app", "hello").put("tag", "Bad Tag!"),
        400, "invalid tag 'Bad Tag!'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1BAD", "A-B"})
  void anInvalidVariableNameIsA400InEnvAndInSecretEnv(String name) {
    for (String field : new String[] {"env", "secretEnv"}) {
      refusedWithoutJob("/api/runs", run().put(field, new JsonObject().put(name, "value")), 400, "'" + name + "'");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "70000:80", "999.1.1.1:8080:80", "[1::2::3]:8080:80"})
  void anInvalidPortSpecIsA400NamingTheSpec(String spec) {
    refusedWithoutJob("/api/runs", run().put("ports", new JsonArray().add(spec)),
        400, "invalid port mapping '" + spec + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "[\"hello\"]", "\"hello\""})
  void aBodyThatIsNotAJsonObjectIsA400(String body) {
    int before = jobCount(slipway);
    for (String path : new String[] {"/api/builds", "/api/runs", "/api/launches"}) {
      HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.post(path)
          .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
      assertError(response, 400, "JSON object");
    }
    assertThat(jobCount(slipway)).isEqualTo(before);
  }

  @Test
  void aContainerNameThatIsANumberIsA400AndNoContainerOfThatNameExists() {
    long number = 900_000_000L + new java.util.Random().nextInt(99_999_999);
    refusedWithoutJob("/api/runs", run().put("name", number), 400,
        "name must be a JSON string, not a number (" + number + ")");
    assertThat(DockerEngine.containerExists(String.valueOf(number))).isFalse();
  }

  static Stream<Arguments> wronglyTypedFields() {
    String tag = "slipway-bad/typed:" + SUFFIX;
    JsonObject build = new JsonObject().put("app", "hello").put("tag", tag);
    return Stream.of(
        Arguments.of("/api/runs", run().put("image", 42), "image must be a JSON string, not a number (42)"),
        Arguments.of("/api/runs", run().put("name", new JsonArray().add("a")), "name must be a JSON string, not a list"),
        Arguments.of("/api/runs", run().put("env", new JsonObject().put("A", 1)),
            "environment variable A must be a JSON string, not a number"),
        Arguments.of("/api/runs", run().put("env", new JsonObject().putNull("A")),
            "environment variable A must be a JSON string, not null"),
        Arguments.of("/api/runs", run().put("secretEnv", new JsonObject().put("PASSWORD", true)),
            "secret environment variable PASSWORD must be a JSON string, not true or false"),
        Arguments.of("/api/runs", run().put("ports", new JsonArray().add(8080)), "write it as a string"),
        Arguments.of("/api/builds", build.copy().put("app", 7), "app must be a JSON string, not a number (7)"),
        Arguments.of("/api/builds", build.copy().put("tag", new JsonArray().add(tag)),
            "tag must be a JSON string, not a list"),
        Arguments.of("/api/builds", build.copy().put("buildArgs", new JsonObject().put("V", 2)),
            "build arg V must be a JSON string, not a number"),
        Arguments.of("/api/builds", build.copy().put("noCache", "yes"), "noCache must be true or false"),
        Arguments.of("/api/launches", build.copy().put("run", "fast"), "run must be a JSON object"),
        Arguments.of("/api/launches", build.copy().put("run", new JsonObject().put("name", 5)),
            "name must be a JSON string, not a number (5)"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wronglyTypedFields")
  void aFieldOfTheWrongJsonTypeIsA400NotConverted(String path, JsonObject body, String message) {
    refusedWithoutJob(path, body, 400, message);
    assertThat(Refusals.imageExists("slipway-bad/typed:" + SUFFIX)).isFalse();
  }

  @Test
  void aRunWithoutAnImageIsA400() {
    refusedWithoutJob("/api/runs", new JsonObject().put("name", "slipway-bad-noimage-" + SUFFIX), 400,
        "an image is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/jobs/x", "/api/jobs/x/log", "/api/jobs/x/events"})
  void readingAnUnknownJobIsA404(String path) {
    assertError(slipway.get(path), 404, "no job with id 'x'");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "PUT, /api/jobs, GET",
      "DELETE, /api/apps, GET",
      "PATCH, /, GET",
      "GET, /api/runs, POST",
      "DELETE, /api/jobs/x, GET",
      "GET, /api/jobs/x/cancel, POST",
      "GET, /api/containers/x, DELETE",
      "POST, /webjars/htmx.org/2.0.7/dist/htmx.min.js, 'GET, HEAD'"})
  void aMethodThePathDoesNotTakeIsA405NamingTheOnesItDoes(String method, String path, String allow) {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.request(HttpMethod.valueOf(method), path)
        .putHeader("Accept", "application/json").send());
    assertError(response, 405, method + " is not allowed", allow);
    assertThat(response.getHeader("Allow")).isEqualTo(allow);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, /nope", "PUT, /nope", "DELETE, /api/nope", "GET, /api/nope", "POST, /api/jobs/x/nope",
      "PATCH, /app.css/x"})
  void anUnknownPathIsA404WhateverTheMethod(String method, String path) {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.http.request(HttpMethod.valueOf(method), path)
        .putHeader("Accept", "application/json").send());
    assertError(response, 404, "not found");
    assertThat(response.getHeader("Allow")).isNull();
  }

  @Test
  void cancellingAnUnknownJobIsA404() {
    assertError(send(HttpMethod.POST, "/api/jobs/x/cancel"), 404, "no job with id 'x'");
  }

  @Test
  void aLastEventIdThatIsNotALineNumberIsA400() {
    String path = "/api/jobs/" + finishedJob + "/events";
    assertError(SlipwayServer.await(slipway.http.get(path).putHeader("Last-Event-ID", "abc").send()),
        400, "Last-Event-ID");
    assertError(slipway.get(path + "?after=abc"), 400, "line number");
  }

  @Test
  void cancellingAFinishedJobIsA409() {
    assertError(send(HttpMethod.POST, "/api/jobs/" + finishedJob + "/cancel"), 409, "already ended", "failed");
    assertThat(slipway.job(finishedJob).getString("state")).isEqualTo("failed");
  }

  @Test
  void stoppingOrRemovingAnUnknownContainerIsA404() {
    String name = "slipway-bad-nosuch-" + SUFFIX;
    assertError(send(HttpMethod.POST, "/api/containers/" + name + "/stop"), 404, name);
    assertError(send(HttpMethod.DELETE, "/api/containers/" + name), 404, name);
  }

  @Test
  void removingARunningContainerIsA409AndLeavesItRunning() {
    DockerEngine.client().createContainerCmd(DockerEngine.BUSYBOX).withName(RUNNING).withCmd("sleep", "300").exec();
    DockerEngine.client().startContainerCmd(RUNNING).exec();

    assertError(send(HttpMethod.DELETE, "/api/containers/" + RUNNING), 409, "running container");
    assertThat(DockerEngine.client().inspectContainerCmd(RUNNING).exec().getState().getRunning()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a%20b", "x%3Brm", "%2Fetc"})
  void aContainerIdWithOddCharactersIsA400(String encoded) {
    assertError(send(HttpMethod.POST, "/api/containers/" + encoded + "/stop"), 400, "invalid container id");
    assertError(send(HttpMethod.DELETE, "/api/containers/" + encoded), 400, "invalid container id");
  }

  private static JsonObject run() {
    return new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", "slipway-bad-never-" + SUFFIX);
  }

  private static void refusedWithoutJob(String path, JsonObject body, int status, String fragment) {
    int before = jobCount(slipway);
    assertError(slipway.postJson(path, body), status, fragment);
    assertThat(jobCount(slipway)).isEqualTo(before);
    assertThat(DockerEngine.containerExists("slipway-bad-never-" + SUFFIX)).isFalse();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path) {
    return SlipwayServer.await(slipway.http.request(method, path).send());
  }
}
