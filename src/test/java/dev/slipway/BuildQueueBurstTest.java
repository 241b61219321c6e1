package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build queue under a burst: 20 builds submitted at once (each {@code RUN sleep 2}, no cache) with a concurrency
 * limit of 2 never have more than 2 running, start in the order they were submitted, all succeed, and the waiting
 * ones show their place in the queue, which goes down as builds finish.
 */
@ExtendWith(VertxExtension.class)
class BuildQueueBurstTest {
  private static final int BURST = 20;
  private static final int LIMIT = 2;
  private static final String REPO = "slipway-test/queue-burst-" + UUID.randomUUID().toString().substring(0, 8);
  private static SlipwayServer slipway;
  /** The order in which the jobs owner handed builds to the Docker worker. */
  private static final List<String> handedToWorker = new CopyOnWriteArrayList<>();
  /** Every queuePosition each job was published with, in order. */
  private static final Map<String, List<Integer>> publishedPositions = new ConcurrentHashMap<>();

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx, new JsonObject().put(Config.BUILD_CONCURRENCY, LIMIT));
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (Bus.onNode("local", Bus.DOCKER_BUILD).equals(delivery.message().address())) {
        handedToWorker.add(((JsonObject) delivery.message().body()).getString("jobId"));
      }
      delivery.next();
    });
    MessageConsumer<JsonObject> states = vertx.eventBus().consumer(Bus.STATES, m -> {
      Integer position = m.body().getInteger("queuePosition");
      if (position != null) {
        publishedPositions.computeIfAbsent(m.body().getString("id"), id -> new CopyOnWriteArrayList<>()).add(position);
      }
    });
    SlipwayServer.await(states.completion());
  }

  @AfterAll
  static void cleanUp() {
    for (int i = 0; i < BURST; i++) {
      EngineTraces.removeImage(REPO + ":" + i);
    }
  }

  @Test
  void aBurstOf20BuildsRunsAtMost2AtOnceInOrderAndAllSucceed() {
    long began = System.nanoTime();
    List<String> ids = new ArrayList<>();
    List<JsonObject> accepted = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      JsonObject job = slipway.submit("/api/builds", new JsonObject().put("app", "sleepy").put("tag", REPO + ":" + i)
          .put("noCache", true));
      ids.add(job.getString("id"));
      accepted.add(job);
    }
    // The first two take the free slots; every later one is told where it waits.
    for (int i = LIMIT; i < BURST; i++) {
      assertThat(accepted.get(i).getString("state")).isEqualTo("queued");
      assertThat(accepted.get(i).getInteger("queuePosition")).as("position of job %d when accepted", i)
          .isBetween(1, i - LIMIT + 1);
    }

    int mostRunning = 0;
    Map<String, Integer> lastPosition = new HashMap<>();
    List<Integer> positionsOfLast = new ArrayList<>();
    Map<String, JsonObject> ended = new HashMap<>();
    while (ended.size() < BURST) {
      assertThat(System.nanoTime() - began).as("the burst took too long").isLessThan(85_000_000_000L);
      Map<String, JsonObject> now = mine(ids);
      long running = now.values().stream().filter(j -> "running".equals(j.getString("state"))).count();
      mostRunning = Math.max(mostRunning, (int) running);

      // A queued job without a place has been handed to the Docker worker, which has not said "running" yet: it
      // holds a build slot too. Those waiting, in the order they were submitted, are exactly at places 1..n, each
      // no further back than before, and all behind the ones handed over.
      List<Integer> waiting = new ArrayList<>();
      int startingOrRunning = (int) running;
      for (String id : ids) {
        JsonObject job = now.get(id);
        Integer position = job.getInteger("queuePosition");
        if ("queued".equals(job.getString("state")) && position == null) {
          startingOrRunning++;
          assertThat(waiting).as("a job handed over before one submitted earlier").isEmpty();
        } else if ("queued".equals(job.getString("state"))) {
          waiting.add(position);
          assertThat(position).as("place of a waiting job").isLessThanOrEqualTo(
              lastPosition.getOrDefault(id, Integer.MAX_VALUE));
          lastPosition.put(id, position);
        } else {
          assertThat(position).as("a job that is no longer queued has no place").isNull();
        }
        if (List.of("succeeded", "failed", "cancelled").contains(job.getString("state"))) {
          ended.put(id, job);
        }
      }
      assertThat(startingOrRunning).as("builds running or handed to the worker at once").isLessThanOrEqualTo(LIMIT);
      for (int k = 0; k < waiting.size(); k++) {
        assertThat(waiting.get(k)).as("places of the waiting jobs %s", waiting).isEqualTo(k + 1);
      }
      Integer last = now.get(ids.get(BURST - 1)).getInteger("queuePosition");
      if (last != null && (positionsOfLast.isEmpty() || !positionsOfLast.get(positionsOfLast.size() - 1).equals(last))) {
        positionsOfLast.add(last);
      }
      SlipwayServer.sleep(100);
    }

    assertThat(mostRunning).as("the limit is used, not just respected").isEqualTo(LIMIT);
    for (String id : ids) {
      assertThat(ended.get(id).getString("state")).as("job %s: %s", id, ended.get(id).encode()).isEqualTo("succeeded");
      assertThat(ended.get(id).getString("imageId")).startsWith("sha256:");
    }
    // The last job moved up the queue to the front before it started. Polled, its place 1 may be missed: when both
    // slots free within one poll, it goes from place 2 to started (the published places below show every step).
    assertThat(positionsOfLast).as("places of the last job").hasSizeGreaterThan(3).isSortedAccordingTo(
        Comparator.reverseOrder());
    assertThat(positionsOfLast.get(positionsOfLast.size() - 1)).as("last place polled").isLessThanOrEqualTo(LIMIT);
    assertThat(positionsOfLast.get(0)).isGreaterThanOrEqualTo(BURST - 2 * LIMIT);
    // Those waiting heard of their new place as the queue moved, not only when polled.
    assertThat(publishedPositions.get(ids.get(BURST - 1))).as("places published to the last job")
        .hasSizeGreaterThan(3).isSortedAccordingTo(Comparator.reverseOrder()).endsWith(1);

    assertThat(handedToWorker.stream().filter(ids::contains).toList()).as("first in, first out").isEqualTo(ids);
    assertStartedInOrder(ids, ended);
    assertNoThreeOverlap(ids, ended);
  }

  /** By the jobs' own times: a job never starts noticeably before one submitted earlier. */
  private static void assertStartedInOrder(List<String> ids, Map<String, JsonObject> ended) {
    for (int i = 1; i < ids.size(); i++) {
      Instant previous = Instant.parse(ended.get(ids.get(i - 1)).getString("startedAt"));
      Instant started = Instant.parse(ended.get(ids.get(i)).getString("startedAt"));
      // Two builds handed over together report "running" from two threads: allow them a few hundred ms.
      assertThat(started).as("start of job %d", i).isAfter(previous.minusMillis(300));
    }
  }

  /** Over every job's [startedAt, finishedAt], no moment is inside three of them. */
  private static void assertNoThreeOverlap(List<String> ids, Map<String, JsonObject> ended) {
    List<long[]> events = new ArrayList<>();
    for (String id : ids) {
      JsonObject job = ended.get(id);
      events.add(new long[] {micros(job.getString("startedAt")), +1});
      events.add(new long[] {micros(job.getString("finishedAt")), -1});
    }
    // At the same instant an end counts before a start: a slot freed is then taken.
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int open = 0;
    for (long[] event : events) {
      open += (int) event[1];
      assertThat(open).as("builds between their start and end at once").isLessThanOrEqualTo(LIMIT);
    }
  }

  private static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private static Map<String, JsonObject> mine(List<String> ids) {
    JsonArray all = slipway.get("/api/jobs").bodyAsJsonArray();
    Map<String, JsonObject> byId = new HashMap<>();
    for (Object o : all) {
      JsonObject job = (JsonObject) o;
      if (ids.contains(job.getString("id"))) {
        byId.put(job.getString("id"), job);
      }
    }
    assertThat(byId).as("every job of the burst is listed").hasSize(ids.size());
    return byId;
  }
}
