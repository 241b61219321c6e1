package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.Tars;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route for every kind of caller: signed out (401 for the API and event streams, to the login page for pages),
 * a role too small (403), or enough (the route's own answer). The allowed requests are chosen to reach the route and
 * change nothing: a bad tag, an unknown container, a job that has ended.
 */
@ExtendWith(VertxExtension.class)
class RoleMatrixTest {
  enum Who { ANONYMOUS, VIEWER, OPERATOR, ADMIN }

  private static final String NONE = "slipway-matrix-none-" + UUID.randomUUID().toString().substring(0, 8);

  /** One route: how to call it, the least role it needs (null: open to anyone), and its answer when allowed. */
  record Endpoint(HttpMethod method, String path, Object body, Role least, int allowed) {
    boolean api() {
      return path.startsWith("/api/") || path.equals("/metrics");
    }

    boolean stream() {
      return path.endsWith("/events") || path.endsWith("/stream");
    }
  }

  private static final List<Endpoint> ENDPOINTS = List.of(
      get("/health", null, 200),
      get("/login", null, 200),
      get("/api/apps", Role.VIEWER, 200),
      get("/api/jobs", Role.VIEWER, 200),
      get("/api/jobs/{job}", Role.VIEWER, 200),
      get("/api/jobs/{job}/log", Role.VIEWER, 200),
      get("/api/jobs/{job}/log?download=1", Role.VIEWER, 200),
      get("/api/jobs/{job}/events", Role.VIEWER, 200),
      get("/api/images", Role.VIEWER, 200),
      get("/api/containers", Role.VIEWER, 200),
      get("/api/nodes", Role.VIEWER, 200),
      get("/api/containers/" + NONE + "/logs", Role.VIEWER, 404),
      get("/api/me", Role.VIEWER, 200),
      get("/api/tokens", Role.VIEWER, 200),
      json(HttpMethod.POST, "/api/tokens", new JsonObject().put("name", "matrix"), Role.VIEWER, 201),
      json(HttpMethod.DELETE, "/api/tokens/no-such-token", null, Role.VIEWER, 404),
      json(HttpMethod.POST, "/api/builds", new JsonObject().put("app", "hello").put("tag", "Bad Tag"), Role.OPERATOR, 400),
      json(HttpMethod.POST, "/api/launches", new JsonObject().put("app", "hello").put("tag", "Bad Tag"), Role.OPERATOR,
          400),
      json(HttpMethod.POST, "/api/runs", new JsonObject().put("image", "Bad Image!"), Role.OPERATOR, 400),
      json(HttpMethod.POST, "/api/jobs/{job}/cancel", null, Role.OPERATOR, 409),
      json(HttpMethod.POST, "/api/containers/" + NONE + "/stop", null, Role.OPERATOR, 404),
      json(HttpMethod.DELETE, "/api/containers/" + NONE, null, Role.OPERATOR, 404),
      json(HttpMethod.DELETE, "/api/containers/" + NONE + "?node=" + NONE, null, Role.OPERATOR, 404),
      json(HttpMethod.DELETE, "/api/images/" + NONE, null, Role.ADMIN, 404),
      get("/api/users", Role.ADMIN, 200),
      json(HttpMethod.POST, "/api/users", new JsonObject().put("name", "x").put("password", "short").put("role", "viewer"),
          Role.ADMIN, 400),
      json(HttpMethod.PATCH, "/api/users/{victim}", new JsonObject().put("role", "viewer"), Role.ADMIN, 200),
      json(HttpMethod.DELETE, "/api/users/nobody-" + NONE, null, Role.ADMIN, 404),
      get("/api/audit", Role.ADMIN, 200),
      get("/metrics", Role.VIEWER, 200),
      get("/", Role.VIEWER, 200),
      get("/jobs/{job}", Role.VIEWER, 200),
      get("/jobs/{job}/stream", Role.VIEWER, 200),
      get("/fragments/jobs", Role.VIEWER, 200),
      get("/fragments/jobs/stream", Role.VIEWER, 200),
      get("/fragments/health", Role.VIEWER, 200),
      get("/images", Role.VIEWER, 200),
      get("/containers", Role.VIEWER, 200),
      get("/containers/" + NONE + "/logs", Role.VIEWER, 404),
      get("/nodes", Role.VIEWER, 200),
      get("/account", Role.VIEWER, 200),
      form("/account/tokens", Role.VIEWER, 201, "name", "matrix page"),
      form("/logout", Role.VIEWER, 303),
      get("/history?state=failed", Role.VIEWER, 200),
      get("/jobs/{job}/edit", Role.OPERATOR, 200),
      form("/jobs/" + NONE + "/rerun", Role.OPERATOR, 404),
      get("/run", Role.OPERATOR, 200),
      form("/builds", Role.OPERATOR, 400, "app", "hello", "tag", "Bad Tag"),
      form("/launches", Role.OPERATOR, 400, "app", "hello", "tag", "Bad Tag"),
      form("/uploads", Role.OPERATOR, 400, "tag", "matrix/upload"),
      form("/runs", Role.OPERATOR, 400, "image", "Bad Image!"),
      form("/jobs/{job}/cancel", Role.OPERATOR, 303),
      form("/containers/" + NONE + "/stop", Role.OPERATOR, 404),
      form("/containers/" + NONE + "/remove", Role.OPERATOR, 404, "confirm", "yes"),
      form("/images/remove", Role.ADMIN, 404, "id", NONE, "confirm", "yes"),
      get("/users", Role.ADMIN, 200),
      form("/users", Role.ADMIN, 400, "name", "Not A Name", "password", "long enough", "role", "viewer"),
      form("/users/{victim}/role", Role.ADMIN, 303, "role", "viewer"),
      get("/audit", Role.ADMIN, 200));

  private static SlipwayServer slipway;
  private static final Map<Who, SlipwayServer.User> USERS = new EnumMap<>(Who.class);
  private static final Map<Who, WebClient> CLIENTS = new EnumMap<>(Who.class);
  private static String job;
  private static String victim;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    USERS.put(Who.VIEWER, slipway.createUser(Role.VIEWER));
    USERS.put(Who.OPERATOR, slipway.createUser(Role.OPERATOR));
    USERS.put(Who.ADMIN, slipway.createUser(Role.ADMIN));
    victim = slipway.createUser(Role.VIEWER).name();
    job = slipway.submit("/api/builds", new JsonObject().put("app", "missing-base")
        .put("tag", "slipway-matrix/never:" + UUID.randomUUID().toString().substring(0, 8))).getString("id");
    assertThat(slipway.awaitEnd(job, 60).getString("state")).isEqualTo("failed");
  }

  static Stream<Arguments> cells() {
    return ENDPOINTS.stream().flatMap(e -> Arrays.stream(Who.values()).map(who -> Arguments.of(e.method(), e.path(),
        who, e)));
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @MethodSource("cells")
  void eachCallerGetsWhatItsRoleAllowsAndNoMore(HttpMethod method, String path, Who who, Endpoint endpoint) {
    String uri = path.replace("{job}", job).replace("{victim}", victim);
    int expected = expected(endpoint, who);
    if (endpoint.stream()) {
      SseClient.Result result = SlipwayServer.await(SseClient.read(slipway.vertx, slipway.port, uri, null,
          e -> true, who == Who.ANONYMOUS ? null : USERS.get(who).authorization()));
      assertThat(result.status()).as("%s %s as %s", method, uri, who).isEqualTo(expected);
      if (expected == 200) {
        assertThat(result.events()).as("events").isNotEmpty();
      }
      return;
    }
    HttpResponse<Buffer> response = SlipwayServer.await(send(endpoint, uri, who));
    assertThat(response.statusCode()).as("%s %s as %s: %s", method, uri, who, response.bodyAsString())
        .isEqualTo(expected);
    if (expected == 401) {
      assertThat(response.bodyAsJsonObject().getString("error")).contains("sign in");
      assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=\"Slipway\"");
    }
    if (expected == 303 && who == Who.ANONYMOUS) {
      assertThat(response.getHeader("Location")).startsWith("/login");
    }
    if (expected == 403) {
      assertThat(response.bodyAsString()).contains("needs the " + endpoint.least().wire() + " role");
    }
  }

  @Test
  void anUploadWithoutCredentialsIsRefusedBeforeAnyOfItIsStored() {
    byte[] tar = Tars.builder().file("Dockerfile", "FROM " + DockerEngine.BUSYBOX + "\n")
        .file("big.bin", new byte[2 * 1024 * 1024], 0644).bytes();
    int jobs = Refusals.jobCount(slipway);

    HttpResponse<Buffer> api = SlipwayServer.await(slipway.anonymous().post("/api/builds?tag=slipway-matrix/upload")
        .putHeader("Content-Type", "application/x-tar").sendBuffer(Buffer.buffer(tar)));
    HttpResponse<Buffer> page = SlipwayServer.await(slipway.anonymous().post("/uploads").followRedirects(false)
        .sendMultipartForm(MultipartForm.create().attribute("tag", "slipway-matrix/upload")
            .binaryFileUpload("context", "context.tar", Buffer.buffer(tar), "application/x-tar")));

    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(Refusals.uploadsLeft(slipway)).isEmpty();
    assertThat(Refusals.jobCount(slipway)).isEqualTo(jobs);
  }

  private static int expected(Endpoint endpoint, Who who) {
    if (endpoint.least() == null) {
      return endpoint.allowed();
    }
    if (who == Who.ANONYMOUS) {
      return endpoint.api() || endpoint.stream() ? 401 : 303;
    }
    return USERS.get(who).role().atLeast(endpoint.least()) ? endpoint.allowed() : 403;
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> send(Endpoint endpoint, String uri, Who who) {
    WebClient client = CLIENTS.computeIfAbsent(who, w -> w == Who.ANONYMOUS ? slipway.anonymous()
        : slipway.as(USERS.get(w)));
    HttpRequest<Buffer> request = client.request(endpoint.method(), uri).followRedirects(false)
        .putHeader("Accept", endpoint.api() ? "application/json" : "text/html");
    if (endpoint.body() instanceof JsonObject json) {
      return request.sendJsonObject(json);
    }
    if (endpoint.body() instanceof MultiMap form) {
      return request.sendForm(form);
    }
    return request.send();
  }

  private static Endpoint get(String path, Role least, int allowed) {
    return new Endpoint(HttpMethod.GET, path, null, least, allowed);
  }

  private static Endpoint json(HttpMethod method, String path, JsonObject body, Role least, int allowed) {
    return new Endpoint(method, path, body == null ? new JsonObject() : body, least, allowed);
  }

  private static Endpoint form(String path, Role least, int allowed, String... fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < fields.length; i += 2) {
      form.add(fields[i], fields[i + 1]);
    }
    return new Endpoint(HttpMethod.POST, path, form, least, allowed);
  }
}
