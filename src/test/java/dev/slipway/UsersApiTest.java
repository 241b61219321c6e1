package dev.slipway;

import static dev.slipway.Refusals.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.LogCapture;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Managing users over the REST API, the audit log of it, and where a password never shows up. */
@ExtendWith(VertxExtension.class)
class UsersApiTest {
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @Test
  void anAdminCreatesAUserWhoCanThenSignIn() {
    String name = unique("ana");
    HttpResponse<Buffer> created = slipway.postJson("/api/users", user(name, "correct horse", "operator"));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("name", "role", "createdAt");
    assertThat(created.bodyAsJsonObject().getString("role")).isEqualTo("operator");

    WebClient ana = slipway.client(null, SlipwayServer.basic(name, "correct horse"));
    assertThat(get(ana, "/api/me").bodyAsJsonObject()).isEqualTo(new JsonObject().put("name", name)
        .put("role", "operator"));
    assertError(slipway.postJson("/api/users", user(name, "another one", "viewer")), 409, "already a user");
  }

  @Test
  void badUsersAreRefusedWithAReason() {
    assertError(slipway.postJson("/api/users", user("Ana Smith", "long enough", "viewer")), 400, "user name");
    assertError(slipway.postJson("/api/users", user("a".repeat(65), "long enough", "viewer")), 400, "user name");
    assertError(slipway.postJson("/api/users", user(unique("bo"), "short", "viewer")), 400, "at least 8");
    assertError(slipway.postJson("/api/users", user(unique("bo"), "long enough", "root")), 400, "role");
    assertError(slipway.postJson("/api/users", user(unique("bo"), "long enough", "viewer").put("admin", true)), 400,
        "unknown field admin");
    HttpResponse<Buffer> asText = SlipwayServer.await(slipway.http.post("/api/users")
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(user("bo", "long enough", "viewer").encode())));
    assertThat(asText.statusCode()).isEqualTo(415);
  }

  @Test
  void theUserListNeverHoldsAPasswordHash() {
    slipway.createUser(Role.VIEWER);
    HttpResponse<Buffer> list = slipway.get("/api/users");
    assertThat(list.bodyAsJsonArray().getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("name", "role",
        "createdAt");
    assertThat(list.bodyAsString()).doesNotContain("argon2", "password");
  }

  @Test
  void everyoneChangesTheirOwnPasswordWithTheCurrentOneAndOnlyAdminsChangeRoles() {
    SlipwayServer.User viewer = slipway.createUser(Role.VIEWER);
    WebClientSession otherBrowser = slipway.signIn(viewer.name(), viewer.password());
    WebClient self = slipway.as(viewer);
    String path = "/api/users/" + viewer.name();

    assertError(patch(self, path, new JsonObject().put("password", "new password 1")), 400, "current one");
    assertError(patch(self, path, new JsonObject().put("password", "new password 1")
        .put("currentPassword", "not it at all")), 403, "current password is wrong");
    assertError(patch(self, path, new JsonObject().put("role", "admin")), 403, "admin role");
    assertError(patch(self, "/api/users/" + SlipwayServer.ADMIN, new JsonObject().put("password", "hijacked!!")), 403,
        "admin role");
    assertError(patch(self, path, new JsonObject().put("pasword", "typo typo")), 400, "unknown field pasword");

    assertThat(patch(self, path, new JsonObject().put("password", "new password 1")
        .put("currentPassword", viewer.password())).statusCode()).isEqualTo(200);
    assertThat(get(self, "/api/me").statusCode()).as("the old password").isEqualTo(401);
    assertThat(get(slipway.client(null, SlipwayServer.basic(viewer.name(), "new password 1")), "/api/me")
        .statusCode()).isEqualTo(200);
    assertThat(get(otherBrowser, "/api/me").statusCode()).as("a session from before the change").isEqualTo(401);

    HttpResponse<Buffer> promoted = patch(slipway.http, path, new JsonObject().put("role", "operator"));
    assertThat(promoted.bodyAsJsonObject().getString("role")).isEqualTo("operator");
  }

  @Test
  void anAdminResetsAPasswordAndThatUsersSessionsEnd() {
    SlipwayServer.User operator = slipway.createUser(Role.OPERATOR);
    WebClientSession browser = slipway.signIn(operator.name(), operator.password());
    assertThat(patch(slipway.http, "/api/users/" + operator.name(), new JsonObject().put("password", "reset by admin"))
        .statusCode()).isEqualTo(200);
    assertThat(get(browser, "/api/me").statusCode()).isEqualTo(401);
    assertThat(get(slipway.client(null, SlipwayServer.basic(operator.name(), "reset by admin")), "/api/me")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void theLastAdminCanNeitherGoNorStopBeingAdmin() {
    assertError(SlipwayServer.await(slipway.http.delete("/api/users/" + SlipwayServer.ADMIN).send()), 409,
        "last admin");
    assertError(patch(slipway.http, "/api/users/" + SlipwayServer.ADMIN, new JsonObject().put("role", "viewer")), 409,
        "last admin");
    assertThat(get(slipway.http, "/api/me").bodyAsJsonObject().getString("role")).isEqualTo("admin");
    assertError(SlipwayServer.await(slipway.http.delete("/api/users/nobody-" + unique("x")).send()), 404, "no user");
  }

  @Test
  void deletingAUserEndsTheirSessionsAndTokens() {
    SlipwayServer.User admin = slipway.createUser(Role.ADMIN);
    WebClientSession browser = slipway.signIn(admin.name(), admin.password());
    String token = SlipwayServer.await(slipway.as(admin).post("/api/tokens").sendJsonObject(new JsonObject()
        .put("name", "doomed"))).bodyAsJsonObject().getString("token");

    assertThat(SlipwayServer.await(slipway.http.delete("/api/users/" + admin.name()).send()).statusCode())
        .as("not the last admin").isEqualTo(204);
    assertThat(get(browser, "/api/me").statusCode()).isEqualTo(401);
    assertThat(get(slipway.client(null, "Bearer " + token), "/api/me").statusCode()).isEqualTo(401);
    assertThat(get(slipway.as(admin), "/api/me").statusCode()).isEqualTo(401);
    assertThat(TestDatabase.column(slipway, "SELECT COUNT(*) FROM sessions WHERE user_name = ?", admin.name()))
        .containsExactly("0");
  }

  @Test
  void theAuditLogIsNewestFirstAndPaged() {
    String name = unique("audited");
    slipway.postJson("/api/users", user(name, "long enough", "viewer"));
    patch(slipway.http, "/api/users/" + name, new JsonObject().put("role", "operator"));
    SlipwayServer.await(slipway.http.delete("/api/users/" + name).send());

    JsonObject first = slipway.get("/api/audit?page=1&size=2").bodyAsJsonObject();
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("entries", "page", "size", "total");
    JsonArray entries = first.getJsonArray("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.getJsonObject(0).getString("action")).isEqualTo("user.delete");
    assertThat(entries.getJsonObject(1).getString("action")).isEqualTo("user.role");
    assertThat(entries.getJsonObject(1).getString("detail")).isEqualTo("viewer → operator");
    assertThat(entries.getJsonObject(0).getString("user")).isEqualTo(SlipwayServer.ADMIN);
    assertThat(entries.getJsonObject(0).getString("address")).isEqualTo("127.0.0.1");
    assertThat(entries.getJsonObject(0).getString("target")).isEqualTo(name);
    JsonObject second = slipway.get("/api/audit?page=2&size=2").bodyAsJsonObject();
    assertThat(second.getJsonArray("entries").getJsonObject(0).getLong("id"))
        .isLessThan(entries.getJsonObject(1).getLong("id"));
    assertThat(second.getJsonArray("entries").getJsonObject(0).getString("action")).isEqualTo("user.create");
    assertThat(second.getLong("total")).isEqualTo(first.getLong("total")).isGreaterThanOrEqualTo(3);

    assertError(slipway.get("/api/audit?size=0"), 400, "size");
    assertError(slipway.get("/api/audit?size=501"), 400, "size");
    assertError(slipway.get("/api/audit?page=first"), 400, "page");
  }

  @Test
  void aPasswordNeverReachesTheAuditLogTheServerLogOrTheDatabase() {
    String name = unique("secretive");
    String created = "Created-" + UUID.randomUUID();
    String changed = "Changed-" + UUID.randomUUID();
    String guessed = "Guessed-" + UUID.randomUUID();
    List<String> messages;
    try (LogCapture log = new LogCapture()) {
      slipway.postJson("/api/users", user(name, created, "viewer"));
      assertThat(patch(slipway.client(null, SlipwayServer.basic(name, created)), "/api/users/" + name,
          new JsonObject().put("password", changed).put("currentPassword", created)).statusCode()).isEqualTo(200);
      assertThat(get(slipway.client("127.0.0.7", SlipwayServer.basic(name, guessed)), "/api/me").statusCode())
          .isEqualTo(401);
      assertThat(SlipwayServer.await(slipway.client("127.0.0.7", null).post("/login")
          .putHeader("Origin", slipway.origin()).sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap()
              .add("name", name).add("password", guessed))).statusCode()).isEqualTo(401);
      messages = log.messages();
    }

    String audit = slipway.get("/api/audit?size=500").bodyAsString();
    assertThat(audit).contains(name, "127.0.0.7", "wrong password");
    for (String password : List.of(created, changed, guessed, SlipwayServer.ADMIN_PASSWORD)) {
      assertThat(audit).doesNotContain(password);
      assertThat(messages).noneMatch(m -> m.contains(password));
      assertThat(TestDatabase.dataDirContains(slipway, password)).as("the database").isFalse();
    }
  }

  private static JsonObject user(String name, String password, String role) {
    return new JsonObject().put("name", name).put("password", password).put("role", role);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<Buffer> get(WebClient client, String path) {
    return SlipwayServer.await(client.get(path).send());
  }

  private static HttpResponse<Buffer> patch(WebClient client, String path, JsonObject body) {
    return SlipwayServer.await(client.patch(path).sendJsonObject(body));
  }
}
