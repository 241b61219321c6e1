package dev.slipway.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.metrics.SlipwayMeters;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker's follows of any container's log and stats ({@link Bus#DOCKER_FOLLOW_LOGS}, {@link Bus#DOCKER_FOLLOW_STATS},
 * {@link Bus#DOCKER_UNFOLLOW}), counted in {@code slipway_container_follows{kind}}, so an operator (and a test) sees
 * that a follower who left holds no engine stream. Any signed-in user may read them (viewers too).
 */
final class ContainerFollows {
  /** Followers' addresses must be of this form: the worker never sends to an address of Slipway's own. */
  static final String FOLLOWER_PREFIX = Bus.containerFollower("");
  private final Vertx vertx;
  private final DockerClients docker;
  private final EngineCalls calls;
  private final ContainerGuard guard;
  private final Pool db;
  private final String node;
  private final int maxLineChars;
  private final Map<String, ContainerLogFollow> logs = new ConcurrentHashMap<>();
  /** Stats streams by container id; a follower is in at most one. */
  private final Map<String, ContainerStatsFeed> stats = new ConcurrentHashMap<>();

  ContainerFollows(Vertx vertx, DockerClients docker, EngineCalls calls, ContainerGuard guard, Pool db, String node,
                   int maxLineChars) {
    this.vertx = vertx;
    this.docker = docker;
    this.calls = calls;
    this.guard = guard;
    this.db = db;
    this.node = node;
    this.maxLineChars = maxLineChars;
    counted();
  }

  void followLogs(Message<JsonObject> msg) {
    if (calls.engineAnswers(msg)) {
      guard.callerOf(msg).onSuccess(who -> calls.call(msg, () -> startLogs(msg.body())));
    }
  }

  void followStats(Message<JsonObject> msg) {
    if (calls.engineAnswers(msg)) {
      guard.callerOf(msg).onSuccess(who -> calls.call(msg, () -> startStats(msg.body())));
    }
  }

  void unfollow(Message<JsonObject> msg) {
    String to = msg.body().getString("to", "");
    ContainerLogFollow follow = logs.get(to);
    if (follow != null) {
      follow.stop();
    }
    stats.values().forEach(feed -> feed.remove(to));
    msg.reply(new JsonObject());
  }

  /** When the worker stops: every engine stream it holds for followers is closed. */
  void stopAll() {
    logs.values().forEach(ContainerLogFollow::stop);
    stats.values().forEach(ContainerStatsFeed::stop);
  }

  /** Blocking. Replies before the first batch goes out, so the follower knows what it follows first. */
  private JsonObject startLogs(JsonObject body) {
    String to = followerAddress(body);
    Integer tail = body.getInteger("tail");
    if (tail != null && tail < 0) {
      throw new BadRequest("tail must be 0 or more lines");
    }
    String since = body.getString("since");
    if (since != null && !isTime(since)) {
      throw new BadRequest("since must be an engine time such as 2026-11-29T12:00:00.123456789Z");
    }
    InspectContainerResponse container = inspect(body.getString("id", ""));
    JsonObject reply = describe(container);
    String job = jobOf(container.getId());
    if (job != null) {
      // Its engine log holds the run's secrets unmasked; the job's stored log is the masked one.
      return reply.put("job", job);
    }
    ContainerLogFollow follow = new ContainerLogFollow(vertx, to, maxLineChars, since, () -> {
      logs.remove(to);
      counted();
    });
    if (logs.putIfAbsent(to, follow) != null) {
      throw new BadRequest(Bus.CONFLICT, "a follow already sends to " + to);
    }
    counted();
    // The follow starts once this reply is on its way: its batches come after it.
    vertx.runOnContext(v -> calls.blocking(() -> {
      try {
        follow.start(docker, container.getId(), tail, body.getBoolean("follow", true));
      } catch (RuntimeException e) {
        follow.stop();
        vertx.eventBus().send(to, new JsonObject().put("end", "logs").put("error", DockerErrors.describe(e)));
      }
    }));
    return reply;
  }

  /** Blocking: one engine stream per container, shared by its followers. */
  private JsonObject startStats(JsonObject body) {
    String to = followerAddress(body);
    InspectContainerResponse container = inspect(body.getString("id", ""));
    if (!Boolean.TRUE.equals(container.getState().getRunning())) {
      throw new BadRequest(Bus.CONFLICT, "container " + name(container) + " is not running: it has no live stats");
    }
    synchronized (stats) {
      ContainerStatsFeed feed = stats.get(container.getId());
      if (feed == null || !feed.add(to)) {
        feed = new ContainerStatsFeed(vertx, container.getId(), ended -> {
          stats.remove(ended.containerId(), ended);
          counted();
        });
        feed.add(to);
        stats.put(container.getId(), feed);
        counted();
        feed.start(docker);
      }
    }
    return new JsonObject();
  }

  private InspectContainerResponse inspect(String id) {
    if (id.isBlank() || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new BadRequest(Bus.NOT_FOUND, "there is no container '" + id + "' on node " + node);
    }
    try {
      return docker.control().inspectContainerCmd(id).exec();
    } catch (NotFoundException e) {
      throw new BadRequest(Bus.NOT_FOUND, "there is no container '" + id + "' on node " + node);
    }
  }

  private static JsonObject describe(InspectContainerResponse container) {
    return new JsonObject().put("id", container.getId()).put("name", name(container))
        .put("running", Boolean.TRUE.equals(container.getState().getRunning()));
  }

  private static String name(InspectContainerResponse container) {
    return container.getName() == null ? container.getId().substring(0, 12) : container.getName().replaceFirst("^/", "");
  }

  private static String followerAddress(JsonObject body) {
    String to = body.getString("to", "");
    if (!to.startsWith(FOLLOWER_PREFIX) || to.length() > FOLLOWER_PREFIX.length() + 64) {
      throw new BadRequest("to must be an address starting with " + FOLLOWER_PREFIX);
    }
    return to;
  }

  private static boolean isTime(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Blocking (the worker's own threads): the job of this Slipway that ran the container, or null. */
  private String jobOf(String containerId) {
    try {
      var rows = db.preparedQuery("SELECT id FROM jobs WHERE container_id = ?").execute(Tuple.of(containerId))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      var found = rows.iterator();
      return found.hasNext() ? ((Row) found.next()).getValue(0).toString() : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up container " + containerId, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not look up container " + containerId + ": " + e.getMessage(), e);
    }
  }

  private void counted() {
    SlipwayMeters meters = SlipwayMeters.of(vertx);
    meters.containerFollows("logs", logs.size());
    meters.containerFollows("stats", stats.size());
  }
}
