package dev.slipway.web;

import dev.slipway.apps.AppCatalog;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The REST API under {@code /api}: JSON in and out, errors as {@code {"error": "…"}}. */
final class ApiRoutes {
  private static final long JSON_LIMIT = 1024 * 1024;

  private final Vertx vertx;
  private final BusClient bus;
  private final AppCatalog apps;
  private final UploadReceiver uploads;
  private final JobStreams streams;
  private final WorkerNodes nodes;
  private final MergedLists lists;

  ApiRoutes(Vertx vertx, AppCatalog apps, UploadReceiver uploads, JobStreams streams, WorkerNodes nodes) {
    this.vertx = vertx;
    this.bus = new BusClient(vertx);
    this.apps = apps;
    this.uploads = uploads;
    this.streams = streams;
    this.nodes = nodes;
    this.lists = new MergedLists(bus, nodes);
  }

  void mount(Router router) {
    BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_LIMIT);
    router.route("/api/*").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      if (isArchive(ctx)) {
        ctx.next();
      } else {
        json.handle(ctx);
      }
    });
    router.get("/api/apps").handler(ctx -> reply(ctx, 200,
        vertx.executeBlocking(() -> new JsonArray(apps.list()), false)));
    router.post("/api/builds").handler(this::submitBuild);
    router.post("/api/runs").handler(ctx -> submit(ctx, Bus.SUBMIT_RUN, body(ctx)));
    router.post("/api/launches").handler(ctx -> submit(ctx, Bus.SUBMIT_LAUNCH, body(ctx)));
    router.get("/api/jobs").handler(ctx -> reply(ctx, 200, bus.request(ctx, Bus.LIST,
        JobFilters.listRequest(ctx.queryParams(), null)).map(r -> {
          ctx.response().putHeader("X-Total-Count", String.valueOf(r.getLong("total")));
          return r.getJsonArray("jobs");
        })));
    router.get("/api/jobs/:id").handler(ctx -> reply(ctx, 200, bus.request(ctx, Bus.GET, idOf(ctx))));
    router.get("/api/jobs/:id/log").handler(new LogDownload(bus, streams)::handle);
    router.get("/api/jobs/:id/events").handler(ctx -> streams.follow(ctx, ctx.pathParam("id"), SseFormat.RAW));
    router.post("/api/jobs/:id/cancel").handler(ctx -> reply(ctx, 202, bus.request(ctx, Bus.CANCEL, idOf(ctx))));
    router.get("/api/images").handler(ctx -> reply(ctx, 200, lists.images(ctx)));
    router.get("/api/containers").handler(ctx -> reply(ctx, 200, lists.containers(ctx)));
    router.post("/api/containers/:id/stop").handler(ctx -> reply(ctx, 200, onNode(ctx, Bus.DOCKER_STOP)
        .map(node -> new JsonObject().put("stopped", ctx.pathParam("id")).put("node", node))));
    router.post("/api/containers/:id/start").handler(ctx -> reply(ctx, 200, onNode(ctx, Bus.DOCKER_START)
        .map(node -> new JsonObject().put("started", ctx.pathParam("id")).put("node", node))));
    router.post("/api/containers/:id/restart").handler(ctx -> reply(ctx, 200, onNode(ctx, Bus.DOCKER_RESTART)
        .map(node -> new JsonObject().put("restarted", ctx.pathParam("id")).put("node", node))));
    router.delete("/api/images/:id").handler(ctx -> onNode(ctx, Bus.DOCKER_REMOVE_IMAGE)
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail));
    router.delete("/api/containers/:id").handler(ctx -> onNode(ctx, Bus.DOCKER_REMOVE)
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail));
  }

  private void submitBuild(RoutingContext ctx) {
    if (!isArchive(ctx)) {
      submit(ctx, Bus.SUBMIT_BUILD, body(ctx));
      return;
    }
    JsonObject request;
    try {
      request = archiveBuildRequest(ctx);
      Names.tag(request.getString("tag"));
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    submit(ctx, Bus.SUBMIT_BUILD, receiveContext(vertx, uploads, ctx).map(file -> request.put("contextFile", file)));
  }

  /** An archive's build settings come in the query: {@code ?tag=NAME&noCache=true&buildArg=NAME=value…}. */
  private static JsonObject archiveBuildRequest(RoutingContext ctx) {
    JsonObject args = new JsonObject();
    for (String arg : ctx.queryParams().getAll("buildArg")) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new BadRequest("buildArg must be NAME=value, not '" + arg + "'");
      }
      args.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return new JsonObject().put("tag", ctx.queryParams().get("tag")).put("buildArgs", args)
        .put("noCache", "true".equals(ctx.queryParams().get("noCache")));
  }

  /** Receives and checks an uploaded context; the file is removed again when it is refused. */
  static Future<String> receiveContext(Vertx vertx, UploadReceiver uploads, RoutingContext ctx) {
    return uploads.receive(ctx.request()).compose(uploads::checked);
  }

  private void submit(RoutingContext ctx, String address, Future<JsonObject> body) {
    reply(ctx, 202, body.compose(b -> bus.request(ctx, address, b)));
  }

  private static boolean isArchive(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.matches("(?i)\\s*application/(x-tar|tar|gzip|x-gzip|x-compressed-tar)\\s*(;.*)?");
  }

  /** A JSON object, sent as JSON (which a cross-site form cannot do), naming no server-side file. */
  static Future<JsonObject> body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return Future.failedFuture(new BadRequest(415, "send the request body as application/json"));
    }
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null && body.containsKey("contextFile")) {
        return Future.failedFuture(new BadRequest("contextFile is not accepted over HTTP: upload the archive instead"));
      }
      return body == null ? Future.failedFuture(new BadRequest("send a JSON object as the request body"))
          : Future.succeededFuture(body);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new BadRequest("the request body is not a JSON object"));
    }
  }

  /** The worker {@code address} of the node {@code ?node=} names (or this one) acts on {@code :id}; the node's name. */
  private Future<String> onNode(RoutingContext ctx, String address) {
    return nodes.target(ctx.queryParams().get(WorkerNodes.PARAMETER))
        .compose(node -> bus.request(ctx, Bus.onNode(node, address), idOf(ctx)).map(node));
  }

  private static JsonObject idOf(RoutingContext ctx) {
    return new JsonObject().put("id", ctx.pathParam("id"));
  }

  private static void reply(RoutingContext ctx, int status, Future<?> result) {
    result.onSuccess(value -> ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(value instanceof JsonObject o ? o.encode() : ((JsonArray) value).encode()))
        .onFailure(ctx::fail);
  }
}
