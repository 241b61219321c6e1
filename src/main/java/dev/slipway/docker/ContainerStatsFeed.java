package dev.slipway.docker;

import com.github.dockerjava.api.model.Statistics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's stats stream of one container, shared by everyone who follows it: started for the first follower,
 * closed when the last one leaves (or stops answering) and when the container stops, which each follower hears as
 * {@code {"end": "stats"}}. The engine sends a sample about once a second, so this sends at that pace.
 */
final class ContainerStatsFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerStatsFeed.class);
  private static final DeliveryOptions ACKED = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  private final String containerId;
  private final Consumer<ContainerStatsFeed> onEnd;
  private final Set<String> followers = new LinkedHashSet<>();
  private final Callback callback = new Callback();
  private boolean ended;

  ContainerStatsFeed(Vertx vertx, String containerId, Consumer<ContainerStatsFeed> onEnd) {
    this.vertx = vertx;
    this.containerId = containerId;
    this.onEnd = onEnd;
  }

  String containerId() {
    return containerId;
  }

  /** Blocking only until the call is made. */
  void start(DockerClients docker) {
    docker.streams().statsCmd(containerId).withNoStream(false).exec(callback);
  }

  /** False when the feed has ended meanwhile: the caller starts a new one. */
  synchronized boolean add(String to) {
    return !ended && followers.add(to);
  }

  /** The follower left: the last one to leave closes the engine's stream. */
  void remove(String to) {
    boolean last;
    synchronized (this) {
      last = followers.remove(to) && followers.isEmpty();
    }
    if (last) {
      stop();
    }
  }

  synchronized boolean has(String to) {
    return followers.contains(to);
  }

  void stop() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      followers.clear();
    }
    callback.close();
    onEnd.accept(this);
  }

  private synchronized List<String> followers() {
    return List.copyOf(followers);
  }

  private void sample(Statistics stats) {
    JsonObject sample = StatsSample.of(stats);
    if (sample == null) {
      finish();
      return;
    }
    for (String to : followers()) {
      vertx.eventBus().request(to, new JsonObject().put("stats", sample), ACKED).onFailure(e -> {
        LOG.debug("stats follower {} is gone: {}", to, e.getMessage());
        remove(to);
      });
    }
  }

  /** The container stopped (or the engine ended the stream): every follower hears it, then the feed is closed. */
  private void finish() {
    List<String> told = followers();
    stop();
    told.forEach(to -> vertx.eventBus().send(to, new JsonObject().put("end", "stats")));
  }

  private final class Callback extends StoppableCallback<Statistics> {
    @Override
    public void onNext(Statistics stats) {
      sample(stats);
    }

    @Override
    public void onError(Throwable t) {
      if (!stopped()) {
        LOG.debug("stats of {} ended: {}", containerId, t.toString());
        finish();
      }
    }

    @Override
    public void onComplete() {
      if (!stopped()) {
        finish();
      }
    }
  }
}
