package dev.slipway.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's headless Chromium driven by Playwright (no browser download is possible here), with the dashboard
 * helpers the browser tests share.
 */
public final class Chromium implements AutoCloseable {
  public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
  public static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  public static Chromium launch() {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new AssertionError("the browser tests need Chromium at " + EXECUTABLE + " (apt-get install -y chromium)");
    }
    Playwright playwright = Playwright.create();
    try {
      return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS)));
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh context (no shared cookies or cache) whose relative URLs go to Slipway. */
  public Page newPage(int port) {
    Page page = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://127.0.0.1:" + port)
        .setViewportSize(1280, 900)).newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** A fresh context on a Slipway that serves HTTPS with a test certificate, which this context accepts. */
  public Page newTlsPage(int port) {
    Page page = browser.newContext(new Browser.NewContextOptions().setBaseURL("https://127.0.0.1:" + port)
        .setIgnoreHTTPSErrors(true).setViewportSize(1280, 900)).newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** Signs in through the login page and waits for the dashboard. */
  public static void login(Page page, int port, String user, String password) {
    page.navigate("http://127.0.0.1:" + port + "/login");
    page.fill("form[action='/login'] input[name=name]", user);
    page.fill("form[action='/login'] input[name=password]", password);
    page.click("form[action='/login'] button[type=submit]");
    page.waitForSelector("header.top .who");
  }

  /** Signs in as the test server's admin. */
  public static void login(Page page, int port) {
    login(page, port, SlipwayServer.ADMIN, SlipwayServer.ADMIN_PASSWORD);
  }

  public static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** Waits for the job page's status badge to show a final state, and returns it. */
  public static String awaitFinalState(Page page, int seconds) {
    String finalBadge = "#job-status [data-state=succeeded], #job-status [data-state=failed], "
        + "#job-status [data-state=cancelled]";
    return page.waitForSelector(finalBadge, new Page.WaitForSelectorOptions().setTimeout(seconds * 1000.0))
        .getAttribute("data-state");
  }

  /** The {@code data-n} line numbers in the page's log, in DOM order. */
  @SuppressWarnings("unchecked")
  public static List<Integer> logNumbers(Page page) {
    return (List<Integer>) page.evaluate("() => [...document.querySelectorAll('#log [data-n]')]"
        + ".map(e => Number(e.getAttribute('data-n')))");
  }

  /** The build form of one app on the dashboard. */
  public static Locator appForm(Page page, String app) {
    return page.locator("form.app").filter(new Locator.FilterOptions()
        .setHas(page.locator("input[name=app][value=" + app + "]")));
  }

  public static void awaitLines(Page page, int atLeast) {
    page.waitForFunction("n => document.querySelectorAll('#log .ln').length >= n", atLeast);
  }

  public static String jobIdOf(Page page) {
    page.waitForURL("**/jobs/*");
    return page.url().replaceFirst(".*/jobs/", "");
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
