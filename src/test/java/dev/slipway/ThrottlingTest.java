package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Password guessing is slowed down per address and per account, over HTTP Basic and the login form alike. Each test
 * comes from its own loopback address (127.0.0.x), so the server sees different clients.
 */
@ExtendWith(VertxExtension.class)
class ThrottlingTest {
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @Test
  void afterFiveWrongPasswordsTheNextAttemptGets429EvenWithTheRightOne() {
    SlipwayServer.User user = slipway.createUser(Role.VIEWER);
    WebClient wrong = slipway.client("127.0.0.2", SlipwayServer.basic(user.name(), "not-the-password"));
    for (int i = 0; i < 5; i++) {
      assertThat(status(wrong)).as("attempt %d", i + 1).isEqualTo(401);
    }

    HttpResponse<Buffer> refused = me(slipway.client("127.0.0.2", user.authorization()));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 30L);
    assertThat(refused.bodyAsJsonObject().getString("error")).contains("too many failed sign-ins");

    assertThat(me(slipway.client("127.0.0.3", user.authorization())).statusCode())
        .as("the right password from another address").isEqualTo(200);
  }

  @Test
  void theLoginFormAndHttpBasicCountTogether() {
    SlipwayServer.User user = slipway.createUser(Role.OPERATOR);
    WebClient browser = slipway.client("127.0.0.4", null);
    for (int i = 0; i < 3; i++) {
      assertThat(status(slipway.client("127.0.0.4", SlipwayServer.basic(user.name(), "wrong-" + i)))).isEqualTo(401);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(form(browser, user.name(), "wrong").statusCode()).isEqualTo(401);
    }

    HttpResponse<Buffer> page = form(browser, user.name(), user.password());
    assertThat(page.statusCode()).isEqualTo(429);
    assertThat(page.getHeader("Retry-After")).isNotBlank();
    assertThat(page.bodyAsString()).contains("Too many failed sign-ins");
    assertThat(page.cookies()).isEmpty();
  }

  @Test
  void guessingNamesThatDoNotExistCountsForTheAddressToo() {
    for (int i = 0; i < 5; i++) {
      assertThat(status(slipway.client("127.0.0.5", SlipwayServer.basic("nobody-" + i, "whatever1")))).isEqualTo(401);
    }
    assertThat(status(slipway.client("127.0.0.5", SlipwayServer.ADMIN_AUTHORIZATION))).isEqualTo(429);
    assertThat(status(slipway.http)).as("the admin from its own address").isEqualTo(200);
  }

  @Test
  void unknownApiTokensAreThrottledAndAudited() {
    for (int i = 0; i < 5; i++) {
      assertThat(status(slipway.client("127.0.0.6", "Bearer slw_" + "x".repeat(43)))).isEqualTo(401);
    }
    assertThat(status(slipway.client("127.0.0.6", "Bearer slw_" + "y".repeat(43)))).isEqualTo(429);

    JsonObject audit = slipway.get("/api/audit?size=500").bodyAsJsonObject();
    assertThat(audit.getJsonArray("entries").stream().map(JsonObject.class::cast)
        .filter(e -> "127.0.0.6".equals(e.getString("address")) && "failed".equals(e.getString("outcome"))))
        .hasSize(5);
  }

  @Test
  void aScriptSendingManyRequestsAtOnceWithTheRightPasswordGetsThemAllAnswered() {
    SlipwayServer.User user = slipway.createUser(Role.VIEWER);
    WebClient script = slipway.client("127.0.0.7", user.authorization());
    List<Future<HttpResponse<Buffer>>> requests = IntStream.range(0, 20)
        .mapToObj(i -> script.get("/api/me").send()).toList();
    assertThat(requests).extracting(r -> SlipwayServer.await(r).statusCode()).containsOnly(200);
  }

  @Test
  void theSameWrongPasswordSentManyTimesAtOnceCountsAsOneFailure() {
    SlipwayServer.User user = slipway.createUser(Role.VIEWER);
    WebClient wrong = slipway.client("127.0.0.8", SlipwayServer.basic(user.name(), "not-the-password"));
    List<Future<HttpResponse<Buffer>>> requests = IntStream.range(0, 2)
        .mapToObj(i -> wrong.get("/api/me").send()).toList();
    assertThat(requests).extracting(r -> SlipwayServer.await(r).statusCode()).containsOnly(401);
    for (int i = 0; i < 4; i++) {
      assertThat(status(wrong)).as("attempt %d after the pair", i + 1).isEqualTo(401);
    }
    assertThat(status(wrong)).as("the sixth failure is the one that waits").isEqualTo(429);
  }

  private static int status(WebClient client) {
    return me(client).statusCode();
  }

  private static HttpResponse<Buffer> me(WebClient client) {
    return SlipwayServer.await(client.get("/api/me").send());
  }

  private static HttpResponse<Buffer> form(WebClient browser, String name, String password) {
    return SlipwayServer.await(browser.post("/login").putHeader("Origin", slipway.origin()).followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("name", name).add("password", password)));
  }
}
