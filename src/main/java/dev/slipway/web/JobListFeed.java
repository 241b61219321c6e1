package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The dashboard's job table, kept current for every open dashboard on this node at once: on job state changes (at
 * most every {@value #QUIET_MS} ms) it asks for the list ONCE and renders it once per host name the pages were
 * opened with, however many dashboards are open. The list is the same for every role (a viewer sees every job), so
 * one request, made as one of the followers, serves them all.
 *
 * <p>Runs on the HTTP verticle's event loop only.
 */
final class JobListFeed {
  static final long QUIET_MS = 300;

  /** An open dashboard. */
  interface Follower {
    Caller caller();

    String host();

    void onTable(String html);

    /** The list was refused to this follower (its account gone, say): it must leave. */
    void refused();
  }

  private final Vertx vertx;
  private final BusClient bus;
  private final BiFunction<JsonObject, String, String> render;
  private final Set<Follower> followers = new LinkedHashSet<>();
  private MessageConsumer<JsonObject> states;
  private boolean scheduled;

  /** {@code render} turns a {@link Bus#LIST} reply into the table's HTML for a host name. */
  JobListFeed(Vertx vertx, BusClient bus, BiFunction<JsonObject, String, String> render) {
    this.vertx = vertx;
    this.bus = bus;
    this.render = render;
  }

  /** Adds a dashboard; it gets the table within {@value #QUIET_MS} ms, and again after every change. */
  void join(Follower follower) {
    followers.add(follower);
    if (states == null) {
      states = vertx.eventBus().consumer(Bus.STATES, m -> schedule());
    }
    schedule();
  }

  void leave(Follower follower) {
    followers.remove(follower);
    if (followers.isEmpty() && states != null) {
      states.unregister();
      states = null;
    }
  }

  private void schedule() {
    if (scheduled || followers.isEmpty()) {
      return;
    }
    scheduled = true;
    vertx.setTimer(QUIET_MS, t -> {
      if (followers.isEmpty()) {
        scheduled = false;
        return;
      }
      Follower asker = followers.iterator().next();
      bus.request(asker.caller(), null, Bus.LIST, new JsonObject()).onComplete(reply -> {
        scheduled = false;
        if (reply.succeeded()) {
          send(reply.result());
        } else {
          // Whatever the reason, the one it was asked for goes (it reconnects, signed in or not); the rest ask again.
          asker.refused();
          schedule();
        }
      });
    });
  }

  private void send(JsonObject list) {
    Map<String, String> byHost = new HashMap<>();
    for (Follower follower : List.copyOf(followers)) {
      follower.onTable(byHost.computeIfAbsent(follower.host(), host -> render.apply(list, host)));
    }
  }

  int size() {
    return followers.size();
  }
}
