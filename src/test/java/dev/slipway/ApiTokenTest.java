package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Sha256;
import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Personal API tokens: shown once, stored hashed, acting with their user's role, revocable. */
@ExtendWith(VertxExtension.class)
class ApiTokenTest {
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @Test
  void aTokenIsShownOnceAndThenWorksAsBearerWithItsUsersRole() {
    SlipwayServer.User operator = slipway.createUser(Role.OPERATOR);
    HttpResponse<Buffer> created = SlipwayServer.await(slipway.as(operator).post("/api/tokens")
        .sendJsonObject(new JsonObject().put("name", "ci")));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("id", "name", "token", "createdAt");
    String token = body.getString("token");
    assertThat(token).matches("slw_[A-Za-z0-9_-]{43}");

    WebClient script = slipway.client(null, "Bearer " + token);
    assertThat(get(script, "/api/me").bodyAsJsonObject().getString("name")).isEqualTo(operator.name());
    assertThat(SlipwayServer.await(script.post("/api/builds").sendJsonObject(new JsonObject().put("app", "hello")
        .put("tag", "Bad Tag"))).statusCode()).as("an operator's route, reached").isEqualTo(400);
    assertThat(SlipwayServer.await(script.delete("/api/images/slipway-token-none").send()).statusCode())
        .as("an admin's route").isEqualTo(403);

    HttpResponse<Buffer> listed = get(slipway.as(operator), "/api/tokens");
    assertThat(listed.bodyAsString()).doesNotContain(token);
    JsonObject entry = listed.bodyAsJsonArray().getJsonObject(0);
    assertThat(entry.getString("id")).isEqualTo(body.getString("id"));
    assertThat(entry.getString("name")).isEqualTo("ci");
    assertThat(entry.containsKey("token")).isFalse();
    assertThat(entry.getString("lastUsedAt")).as("used above").isNotNull();
    assertThat(SlipwayServer.await(slipway.signIn(operator.name(), operator.password()).get("/account").send())
        .bodyAsString()).contains("ci").doesNotContain(token);
  }

  @Test
  void aTokenIsStoredOnlyAsItsHash() {
    String token = slipway.postJson("/api/tokens", new JsonObject().put("name", "stored")).bodyAsJsonObject()
        .getString("token");
    assertThat(TestDatabase.column(slipway, "SELECT token_hash FROM api_tokens")).contains(Sha256.hex(token));
    assertThat(TestDatabase.dataDirContains(slipway, Sha256.hex(token))).as("the scan reads the database").isTrue();
    assertThat(TestDatabase.dataDirContains(slipway, token)).as("the token in clear").isFalse();
  }

  @Test
  void aRevokedTokenNoLongerWorksAndOnlyItsOwnerOrAnAdminMayRevokeIt() {
    SlipwayServer.User owner = slipway.createUser(Role.VIEWER);
    SlipwayServer.User other = slipway.createUser(Role.OPERATOR);
    JsonObject first = create(owner, "first");
    JsonObject second = create(owner, "second");
    WebClient withFirst = slipway.client(null, "Bearer " + first.getString("token"));
    WebClient withSecond = slipway.client(null, "Bearer " + second.getString("token"));
    assertThat(get(withFirst, "/api/me").statusCode()).isEqualTo(200);

    assertThat(delete(slipway.as(other), first.getString("id"))).as("someone else's").isEqualTo(404);
    assertThat(delete(slipway.as(owner), first.getString("id"))).isEqualTo(204);
    assertThat(delete(slipway.http, second.getString("id"))).as("an admin, anyone's").isEqualTo(204);

    HttpResponse<Buffer> revoked = get(withFirst, "/api/me");
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.getHeader("WWW-Authenticate")).startsWith("Basic");
    assertThat(get(withSecond, "/api/me").statusCode()).isEqualTo(401);
    assertThat(get(slipway.as(owner), "/api/tokens").bodyAsJsonArray()).isEmpty();

    JsonObject audit = slipway.get("/api/audit?size=500").bodyAsJsonObject();
    assertThat(audit.encode()).contains("token.create", "token.revoke").doesNotContain(first.getString("token"));
  }

  @Test
  void aTokenNeedsAName() {
    HttpResponse<Buffer> unnamed = slipway.postJson("/api/tokens", new JsonObject().put("name", " "));
    assertThat(unnamed.statusCode()).isEqualTo(400);
    assertThat(slipway.postJson("/api/tokens", new JsonObject().put("name", "x").put("scope", "all")).statusCode())
        .as("an unknown field").isEqualTo(400);
  }

  private static JsonObject create(SlipwayServer.User user, String name) {
    HttpResponse<Buffer> response = SlipwayServer.await(slipway.as(user).post("/api/tokens")
        .sendJsonObject(new JsonObject().put("name", name)));
    assertThat(response.statusCode()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> get(WebClient client, String path) {
    return SlipwayServer.await(client.get(path).send());
  }

  private static int delete(WebClient client, String id) {
    return SlipwayServer.await(client.delete("/api/tokens/" + id).send()).statusCode();
  }
}
