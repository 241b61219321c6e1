package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.auth.Sha256;
import dev.slipway.domain.Role;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestDatabase;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's sessions: a fresh id at every sign-in, ended on the server at sign-out, expiring, CSRF-proof. */
@ExtendWith(VertxExtension.class)
class SessionTest {
  private static final String PLANTED = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static SlipwayServer slipway;
  private static SlipwayServer.User operator;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    operator = slipway.createUser(Role.OPERATOR);
  }

  @Test
  void signingInMakesANewSessionIdAndNeverAdoptsTheOneTheBrowserBrought() {
    HttpResponse<Buffer> first = login(slipway.anonymous(), "slipway_session=" + PLANTED, "/");
    String firstId = sessionId(first);
    assertThat(firstId).isNotEqualTo(PLANTED).matches("[A-Za-z0-9_-]{43}");
    assertThat(me("slipway_session=" + PLANTED).statusCode()).isEqualTo(401);
    assertThat(me("slipway_session=" + firstId).bodyAsJsonObject().getString("name")).isEqualTo(operator.name());

    // Signing in again with a live session gives another id and ends the one brought along.
    String secondId = sessionId(login(slipway.anonymous(), "slipway_session=" + firstId, "/"));
    assertThat(secondId).isNotEqualTo(firstId);
    assertThat(me("slipway_session=" + firstId).statusCode()).isEqualTo(401);
    assertThat(me("slipway_session=" + secondId).statusCode()).isEqualTo(200);
  }

  @Test
  void theCookieIsHttpOnlyAndSameSiteAndSecureBehindTls() {
    String cookie = setCookie(login(slipway.anonymous(), null, "/"));
    assertThat(cookie.toLowerCase(Locale.ROOT)).contains("httponly", "samesite=lax", "path=/").doesNotContain("secure");

    HttpResponse<Buffer> behindProxy = SlipwayServer.await(slipway.anonymous().post("/login")
        .putHeader("Origin", slipway.origin()).putHeader("X-Forwarded-Proto", "https").followRedirects(false)
        .sendForm(form(operator.name(), operator.password(), "/")));
    assertThat(setCookie(behindProxy).toLowerCase(Locale.ROOT)).contains("secure", "httponly");
  }

  @Test
  void theSessionIsStoredOnlyAsAHash() {
    String id = sessionId(login(slipway.anonymous(), null, "/"));
    List<String> hashes = TestDatabase.column(slipway, "SELECT id_hash FROM sessions");
    assertThat(hashes).contains(Sha256.hex(id)).doesNotContain(id);
  }

  @Test
  void signingOutEndsTheSessionOnTheServerSoTheOldCookieNoLongerWorks() {
    WebClientSession browser = slipway.signIn(operator.name(), operator.password());
    String id = cookieOf(browser);
    assertThat(me("slipway_session=" + id).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> out = SlipwayServer.await(browser.post("/logout").putHeader("Origin", slipway.origin())
        .followRedirects(false).send());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.getHeader("Location")).isEqualTo("/login");
    assertThat(setCookie(out)).contains("Max-Age=0");

    assertThat(me("slipway_session=" + id).statusCode()).as("the old cookie, replayed").isEqualTo(401);
    assertThat(TestDatabase.column(slipway, "SELECT id_hash FROM sessions WHERE id_hash = ?", Sha256.hex(id))).isEmpty();
  }

  @Test
  void aSessionEndsAfterTwelveIdleHoursAndSevenDaysInAnyCase() {
    String idle = sessionId(login(slipway.anonymous(), null, "/"));
    String old = sessionId(login(slipway.anonymous(), null, "/"));
    long now = System.currentTimeMillis();
    TestDatabase.update(slipway, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now - 13 * 3600_000L,
        Sha256.hex(idle));
    TestDatabase.update(slipway, "UPDATE sessions SET created_at = ? WHERE id_hash = ?", now - 8 * 24 * 3600_000L,
        Sha256.hex(old));

    assertThat(me("slipway_session=" + idle).statusCode()).isEqualTo(401);
    assertThat(me("slipway_session=" + old).statusCode()).isEqualTo(401);
  }

  @Test
  void aCookieAuthenticatedChangeMustComeFromSlipwaysOwnPages() {
    WebClientSession browser = slipway.signIn(operator.name(), operator.password());
    JsonObject token = new JsonObject().put("name", "csrf");

    HttpResponse<Buffer> bare = SlipwayServer.await(browser.post("/api/tokens").sendJsonObject(token));
    HttpResponse<Buffer> crossSite = SlipwayServer.await(browser.post("/api/tokens")
        .putHeader("Sec-Fetch-Site", "cross-site").sendJsonObject(token));
    HttpResponse<Buffer> foreignForm = SlipwayServer.await(browser.post("/account/tokens")
        .putHeader("Origin", "http://evil.example").followRedirects(false).sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("name", "csrf")));

    assertThat(List.of(bare.statusCode(), crossSite.statusCode(), foreignForm.statusCode())).containsOnly(403);
    assertThat(bare.bodyAsJsonObject().getString("error")).contains("cross-site");
    assertThat(SlipwayServer.await(slipway.as(operator).get("/api/tokens").send()).bodyAsJsonArray()).isEmpty();

    HttpResponse<Buffer> sameOrigin = SlipwayServer.await(browser.post("/api/tokens")
        .putHeader("Origin", slipway.origin()).sendJsonObject(token));
    assertThat(sameOrigin.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> typed = SlipwayServer.await(browser.delete("/api/tokens/"
        + sameOrigin.bodyAsJsonObject().getString("id")).putHeader("Sec-Fetch-Site", "same-origin").send());
    assertThat(typed.statusCode()).isEqualTo(204);
    // A script with HTTP Basic sends neither header, and needs none: no browser attaches its credentials.
    assertThat(SlipwayServer.await(slipway.as(operator).post("/api/tokens").sendJsonObject(token)).statusCode())
        .isEqualTo(201);
  }

  @Test
  void theLoginFormItselfRefusesAnotherSite() {
    HttpResponse<Buffer> forged = SlipwayServer.await(slipway.anonymous().post("/login").followRedirects(false)
        .putHeader("Origin", "http://evil.example").sendForm(form(operator.name(), operator.password(), "/")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.cookies()).isEmpty();
  }

  @Test
  void aPageSendsTheBrowserToSignInAndBackButOnlyToAPathOfThisServer() {
    HttpResponse<Buffer> page = SlipwayServer.await(slipway.anonymous().get("/images?x=1").followRedirects(false)
        .putHeader("Accept", "text/html").send());
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.getHeader("Location")).isEqualTo("/login?next=%2Fimages%3Fx%3D1");

    assertThat(login(slipway.anonymous(), null, "/images?x=1").getHeader("Location")).isEqualTo("/images?x=1");
    for (String hostile : List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
        "/login?next=//evil.example")) {
      assertThat(login(slipway.anonymous(), null, hostile).getHeader("Location")).as(hostile).isEqualTo("/");
    }
  }

  @Test
  void anHtmxRequestWithoutASessionSendsTheWholeWindowToSignIn() {
    HttpResponse<Buffer> fragment = SlipwayServer.await(slipway.anonymous().get("/fragments/health")
        .putHeader("HX-Request", "true").putHeader("HX-Current-URL", slipway.origin() + "/jobs/abc").send());
    assertThat(fragment.statusCode()).isEqualTo(401);
    assertThat(fragment.getHeader("HX-Redirect")).isEqualTo("/login?next=%2Fjobs%2Fabc");
  }

  @Test
  void aWrongPasswordShowsTheFormAgainWithoutACookie() {
    HttpResponse<Buffer> wrong = SlipwayServer.await(slipway.client("127.0.0.9", null).post("/login")
        .putHeader("Origin", slipway.origin()).followRedirects(false)
        .sendForm(form(operator.name(), operator.password() + "x", "/")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsString()).contains("Wrong user name or password").contains("name=\"password\"");
    assertThat(wrong.cookies()).isEmpty();
  }

  private static HttpResponse<Buffer> login(WebClient client, String cookie, String next) {
    var request = client.post("/login").putHeader("Origin", slipway.origin()).followRedirects(false);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    HttpResponse<Buffer> response = SlipwayServer.await(request.sendForm(form(operator.name(), operator.password(),
        next)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(303);
    return response;
  }

  private static MultiMap form(String name, String password, String next) {
    return MultiMap.caseInsensitiveMultiMap().add("name", name).add("password", password).add("next", next);
  }

  private static HttpResponse<Buffer> me(String cookie) {
    return SlipwayServer.await(slipway.anonymous().get("/api/me").putHeader("Cookie", cookie).send());
  }

  private static String setCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream().filter(c -> c.startsWith("slipway_session=")).findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.cookies()));
  }

  private static String sessionId(HttpResponse<Buffer> response) {
    return setCookie(response).substring("slipway_session=".length()).split(";", 2)[0];
  }

  private static String cookieOf(WebClientSession browser) {
    return browser.cookieStore().get(false, "127.0.0.1", "/").iterator().next().value();
  }
}
