package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.slipway.testing.Chromium;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser allows six connections per host: a tab in the background lets go of its event streams, and picks them up
 * where it stopped when it is shown again.
 */
@ExtendWith(VertxExtension.class)
class BackgroundTabTest {
  private static final String TICKER = "slipway-ui/ticker:background";
  private static final String NAME = "slipway-ui-ticker-" + Long.toHexString(System.nanoTime());
  private static final int COUNT = 60;
  private static SlipwayServer slipway;
  private static Chromium chromium;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(TICKER, "i=1; while [ $i -le " + COUNT + " ]; do echo tick $i; i=$((i+1)); sleep 0.05; done");
    slipway = SlipwayServer.start(vertx);
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    chromium.close();
    DockerEngine.removeContainer(NAME);
    TestImages.remove(TICKER);
  }

  @Test
  void aHiddenTabClosesItsStreamAndResumesWithoutLosingOrRepeatingALine() {
    Page page = chromium.newPage(slipway.port);
    Chromium.login(page, slipway.port);
    List<String> streams = new CopyOnWriteArrayList<>();
    page.onRequest(r -> {
      if (r.url().contains("/stream")) {
        streams.add(r.url());
      }
    });
    String run = slipway.submit("/api/runs", new JsonObject().put("image", TICKER).put("name", NAME)).getString("id");
    page.navigate("/jobs/" + run);
    Chromium.awaitLines(page, 5);

    setHidden(page, true);
    int whenHidden = Chromium.logNumbers(page).size();
    slipway.awaitEnd(run, 60);
    assertThat(Chromium.logNumbers(page)).as("no line arrives while the tab is hidden").hasSize(whenHidden);

    setHidden(page, false);
    assertThat(Chromium.awaitFinalState(page, 30)).isEqualTo("succeeded");
    long lines = slipway.job(run).getLong("lines");
    assertThat(Chromium.logNumbers(page)).containsExactlyElementsOf(
        IntStream.rangeClosed(1, (int) lines).boxed().toList());
    assertThat(streams).hasSize(2);
    assertThat(streams.get(1)).endsWith("/stream?stats=true&after=" + whenHidden);
    page.context().close();
  }

  private static void setHidden(Page page, boolean hidden) {
    page.evaluate("hidden => { Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });"
        + " document.dispatchEvent(new Event('visibilitychange')); }", hidden);
  }
}
