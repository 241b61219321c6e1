package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The log of any container on a worker node's engine, like Dozzle: the page {@code /containers/{id}/logs}, its event
 * stream, and {@code GET /api/containers/{id}/logs} (text, or events with {@code Accept: text/event-stream}).
 * {@code ?node=} names the node in a cluster (as the Containers page's rows do). Viewers may read them.
 */
final class ContainerLogRoutes {
  /** Lines the page starts with; the whole log is a download away. */
  static final int PAGE_TAIL = 1000;
  private final Vertx vertx;
  private final Templates templates;
  private final BusClient bus;
  private final WorkerNodes nodes;
  private final long heartbeatMs;

  ContainerLogRoutes(Vertx vertx, Templates templates, WorkerNodes nodes, long heartbeatMs) {
    this.vertx = vertx;
    this.templates = templates;
    this.bus = new BusClient(vertx);
    this.nodes = nodes;
    this.heartbeatMs = heartbeatMs;
  }

  void mount(Router router) {
    router.get("/containers/:id/logs").handler(this::page);
    router.get("/containers/:id/logs/stream").handler(ctx -> stream(ctx, ContainerLogFormat.html(templates), true,
        PAGE_TAIL, flag(ctx, "stats", false), null));
    router.get("/api/containers/:id/logs").handler(this::api);
  }

  private void page(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    nodes.target(ctx.queryParams().get(WorkerNodes.PARAMETER))
        .compose(node -> bus.request(ctx, Bus.onNode(node, Bus.DOCKER_CONTAINERS), new JsonObject().put("filter", "all"))
            .map(list -> one(list.getJsonArray("containers").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("id", "").startsWith(id) || id.equals(c.getString("name"))).toList(), id, node)
                .copy().put("node", node)))
        .onSuccess(row -> Pages.respond(templates, ctx, 200, "Logs of " + row.getString("name"), "containerLogs.jte",
            Map.of("page", ContainerLogPage.of(row))))
        .onFailure(ctx::fail);
  }

  /** The container {@code id} names (as the engine takes it: its name, its id or a prefix), unless it names several. */
  private static JsonObject one(java.util.List<JsonObject> found, String id, String node) {
    java.util.Optional<JsonObject> named = found.stream().filter(c -> id.equals(c.getString("name"))
        || id.equals(c.getString("id"))).findFirst();
    if (named.isPresent() || found.size() == 1) {
      return named.orElse(found.get(0));
    }
    throw new BadRequest(Bus.NOT_FOUND, found.isEmpty() ? "there is no container '" + id + "' on node " + node
        : "'" + id + "' is the start of " + found.size() + " containers' ids on node " + node + ": give more of it");
  }

  /** Text by default (the whole log, then the end); events, following, with {@code Accept: text/event-stream}. */
  private void api(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    boolean events = accept != null && accept.contains("text/event-stream");
    boolean download = flag(ctx, "download", false);
    String file = download ? "container-" + ctx.pathParam("id").replaceAll("[^A-Za-z0-9_.-]", "") + ".log" : null;
    Integer tail;
    try {
      tail = tailOf(ctx);
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    stream(ctx, events && !download ? ContainerLogFormat.JSON : ContainerLogFormat.TEXT,
        flag(ctx, "follow", events && !download), tail, events && flag(ctx, "stats", false), file);
  }

  private void stream(RoutingContext ctx, ContainerLogFormat format, boolean follow, Integer tail, boolean stats,
                      String file) {
    String since;
    try {
      since = sinceOf(ctx);
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    String user = Authentication.caller(ctx).user();
    nodes.target(ctx.queryParams().get(WorkerNodes.PARAMETER)).onSuccess(node -> new ContainerLogStream(vertx, ctx,
        format, new ContainerLogStream.Request(node, ctx.pathParam("id"), since == null ? tail : null, since, follow,
        stats, user), heartbeatMs, file).start()).onFailure(ctx::fail);
  }

  /** {@code ?tail=N}: the last N lines; absent, the whole log. */
  private static Integer tailOf(RoutingContext ctx) {
    String raw = ctx.queryParams().get("tail");
    if (raw == null || raw.isBlank() || raw.equals("all")) {
      return null;
    }
    if (!raw.matches("\\d{1,9}")) {
      throw new BadRequest("tail must be a number of lines (or all)");
    }
    return Integer.parseInt(raw);
  }

  /** {@code Last-Event-ID} (else {@code ?after=}): the engine time of the last line the reader has. */
  private static String sinceOf(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null || raw.isBlank()) {
      raw = ctx.queryParams().get("after");
    }
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      Instant.parse(raw.trim());
      return raw.trim();
    } catch (DateTimeParseException e) {
      throw new BadRequest("Last-Event-ID and after must be the time of a log line, as its event id has it");
    }
  }

  private static boolean flag(RoutingContext ctx, String name, boolean otherwise) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return otherwise;
    }
    return !raw.equals("0") && !raw.equalsIgnoreCase("false");
  }
}
