package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.slipway.domain.Role;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Signing in and out in a real browser, the pages each role sees, tokens and users through the forms. */
@ExtendWith(VertxExtension.class)
class LoginBrowserTest {
  private static SlipwayServer slipway;
  private static Chromium chromium;
  private Page page;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
    chromium = Chromium.launch();
  }

  @BeforeEach
  void openPage() {
    page = chromium.newPage(slipway.port);
  }

  @AfterEach
  void closePage() {
    page.context().close();
  }

  @AfterAll
  static void stop() {
    chromium.close();
  }

  @Test
  void signInSeeTheDashboardSignOut() {
    page.navigate("/images");
    assertThat(page.url()).endsWith("/login?next=%2Fimages");
    assertThat(page.locator("header.top nav").count()).as("no navigation before signing in").isZero();
    Chromium.screenshot(page, "login");

    page.fill("input[name=name]", SlipwayServer.ADMIN);
    page.fill("input[name=password]", SlipwayServer.ADMIN_PASSWORD);
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL("**/images");
    assertThat(page.locator("header.top .who").innerText()).contains("admin");
    assertThat(page.locator("header.top nav").innerText()).contains("Users", "Audit", "Run");

    page.navigate("/");
    assertThat(page.locator("form.app h3").first().isVisible()).isTrue();
    Chromium.screenshot(page, "dashboard-signed-in");

    page.click("header.top .who button");
    page.waitForURL("**/login");
    Response again = page.navigate("/");
    assertThat(page.url()).contains("/login");
    assertThat(again.status()).isEqualTo(200);
    assertThat(page.context().cookies()).noneMatch(c -> c.name.equals("slipway_session") && !c.value.isEmpty());
  }

  @Test
  void aWrongPasswordSaysSoOnTheLoginPage() {
    page.navigate("/login");
    page.fill("input[name=name]", SlipwayServer.ADMIN);
    page.fill("input[name=password]", "not the password");
    page.click("form[action='/login'] button[type=submit]");
    assertThat(page.locator("main .error").innerText()).contains("Wrong user name or password");
    assertThat(page.inputValue("input[name=name]")).isEqualTo(SlipwayServer.ADMIN);
    assertThat(page.inputValue("input[name=password]")).isEmpty();
  }

  @Test
  void aViewerSeesNoBuildFormsAndNoAdminPages() {
    SlipwayServer.User viewer = slipway.createUser(Role.VIEWER);
    Chromium.login(page, slipway.port, viewer.name(), viewer.password());

    assertThat(page.locator("header.top nav").innerText()).contains("Images", "Containers")
        .doesNotContain("Run", "Users", "Audit");
    assertThat(page.locator("form.app").first().isVisible()).isFalse();
    assertThat(page.locator("#jobs").isVisible()).isTrue();
    Chromium.screenshot(page, "dashboard-viewer");
    assertThat(page.navigate("/users").status()).isEqualTo(403);
    assertThat(page.locator("main .error").innerText()).contains("needs the admin role");
  }

  @Test
  void aNewTokenIsShownOnceOnTheAccountPage() {
    SlipwayServer.User operator = slipway.createUser(Role.OPERATOR);
    Chromium.login(page, slipway.port, operator.name(), operator.password());
    page.navigate("/account");
    page.fill("form[action='/account/tokens'] input[name=name]", "laptop");
    page.click("form[action='/account/tokens'] button");
    String token = page.locator("[data-testid=new-token]").innerText();
    assertThat(token).startsWith("slw_");
    assertThat(page.locator("table.tokens").innerText()).contains("laptop");
    Chromium.screenshot(page, "account-new-token");

    page.navigate("/account");
    assertThat(page.content()).doesNotContain(token);
    page.onDialog(dialog -> {
      assertThat(dialog.message()).contains("laptop");
      dialog.accept();
    });
    page.click("table.tokens button:has-text('Revoke')");
    page.locator("main .notice").waitFor();
    assertThat(page.locator("main .notice").innerText()).contains("revoked");
    assertThat(page.locator("table.tokens").count()).isZero();
  }

  @Test
  void anAdminManagesUsersThroughTheForms() {
    Chromium.login(page, slipway.port);
    page.navigate("/users");
    page.fill("form[action='/users'] input[name=name]", "browser-made");
    page.fill("form[action='/users'] input[name=password]", "long enough");
    page.selectOption("form[action='/users'] select[name=role]", "viewer");
    page.click("form[action='/users'] button");
    page.locator("tr[data-user=browser-made]").waitFor();
    assertThat(page.locator("main .notice").innerText()).contains("created");

    page.selectOption("tr[data-user=browser-made] select[name=role]", "operator");
    page.click("tr[data-user=browser-made] form[action$='/role'] button");
    page.locator("main .notice:has-text('role')").waitFor();
    assertThat(page.locator("tr[data-user=browser-made] select[name=role]").inputValue()).isEqualTo("operator");
    Chromium.screenshot(page, "users");

    // Deleting asks first: with JavaScript, in the browser's dialog.
    String[] asked = {null};
    page.onceDialog(dialog -> {
      asked[0] = dialog.message();
      dialog.accept();
    });
    page.click("tr[data-user=browser-made] button.danger");
    page.locator("main .notice:has-text('deleted')").waitFor();
    assertThat(page.locator("tr[data-user=browser-made]").count()).isZero();
    assertThat(asked[0]).startsWith("Delete the user browser-made?");

    page.navigate("/audit");
    assertThat(page.locator("table.audit").innerText()).contains("user.create", "user.role", "user.delete", "login");
    Chromium.screenshot(page, "audit");
  }
}
