package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many followers on one job, fed from one stream: every follower gets every line once and in order, whether it
 * follows live, joins late, or hangs up and comes back with {@code Last-Event-ID}; the dashboard gets its lines in
 * batches, one event for many lines.
 */
@ExtendWith(VertxExtension.class)
class FanOutTest {
  private static final String COUNTER = "slipway-test/fan-out:counter";
  private static final int LINES = 60_000;
  private static final int FOLLOWERS = 40;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static final Pattern LINE_NUMBER = Pattern.compile("data-n=\"(\\d+)\"");
  private static SlipwayServer slipway;
  private static Vertx clients;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    // A pause first, so that the followers are there before the first line; then a burst, flat out.
    TestImages.shell(COUNTER, "sleep 2; seq 1 " + LINES);
    slipway = SlipwayServer.start(vertx);
    clients = Vertx.vertx();
  }

  @AfterAll
  static void cleanUp() {
    clients.close();
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(COUNTER);
  }

  @Test
  void everyFollowerGetsEveryLineOnceAndInOrder() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER)).getString("id");
    List<Future<SseClient.Result>> followers = new ArrayList<>();
    for (int i = 0; i < FOLLOWERS; i++) {
      followers.add(follow(id, null));
    }
    // One more after the burst has begun: it reads the stored part first, then joins the live batches.
    SlipwayServer.sleep(2_500);
    followers.add(follow(id, null));

    CONTAINERS.add(slipway.awaitEnd(id, 120).getString("containerId"));
    for (Future<SseClient.Result> follower : followers) {
      SseClient.Result result = SlipwayServer.await(follower);
      assertThat(result.endedByServer()).isTrue();
      assertEveryLine(result.named("log"));
      assertThat(result.named("end")).extracting(SseClient.Event::data).containsExactly("succeeded");
    }
  }

  @Test
  void aFollowerThatHangsUpAndComesBackGetsTheRestExactly() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER)).getString("id");
    SseClient.Result first = SlipwayServer.await(SseClient.read(clients, slipway.port, "/api/jobs/" + id + "/events",
        null, e -> "log".equals(e.event()) && Long.parseLong(e.id()) >= LINES / 3));
    assertThat(first.endedByServer()).isFalse();
    List<SseClient.Event> lines = new ArrayList<>(first.named("log"));
    SseClient.Result rest = SlipwayServer.await(follow(id, lines.get(lines.size() - 1).id()));
    lines.addAll(rest.named("log"));

    CONTAINERS.add(slipway.awaitEnd(id, 120).getString("containerId"));
    assertEveryLine(lines);
  }

  @Test
  void theDashboardGetsItsLinesInBatchesWithNoGapAndNoRepeat() {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", COUNTER)).getString("id");
    SseClient.Result page = SlipwayServer.await(SseClient.read(clients, slipway.port, "/jobs/" + id + "/stream",
        null, e -> false));
    CONTAINERS.add(slipway.awaitEnd(id, 120).getString("containerId"));

    List<Long> numbers = new ArrayList<>();
    for (SseClient.Event event : page.named("log")) {
      Matcher m = LINE_NUMBER.matcher(event.data());
      long lastInEvent = -1;
      while (m.find()) {
        lastInEvent = Long.parseLong(m.group(1));
        numbers.add(lastInEvent);
      }
      assertThat(event.id()).as("an event's id is its last line").isEqualTo(Long.toString(lastInEvent));
    }
    assertThat(numbers).isEqualTo(IntStream.rangeClosed(1, LINES).asLongStream().boxed().toList());
    assertThat(page.named("log").size()).as("events: lines travel in batches").isLessThan(LINES / 10);
  }

  private static Future<SseClient.Result> follow(String id, String lastEventId) {
    return SseClient.read(clients, slipway.port, "/api/jobs/" + id + "/events", lastEventId, e -> false);
  }

  private static void assertEveryLine(List<SseClient.Event> events) {
    assertThat(events).hasSize(LINES);
    for (int i = 0; i < LINES; i++) {
      SseClient.Event event = events.get(i);
      if (!event.id().equals(Integer.toString(i + 1)) || !event.data().equals(Integer.toString(i + 1))) {
        throw new AssertionError("line " + (i + 1) + " arrived as " + event);
      }
    }
  }
}
