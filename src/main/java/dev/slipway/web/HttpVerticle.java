package dev.slipway.web;

import dev.slipway.Config;
import dev.slipway.apps.AppCatalog;
import dev.slipway.auth.Authenticator;
import dev.slipway.bus.Bus;
import dev.slipway.domain.NodeRole;
import dev.slipway.metrics.SlipwayMeters;
import dev.slipway.cluster.NodeRegistry;
import dev.slipway.store.Database;
import dev.slipway.uploads.ContextArchive;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the dashboard, the REST API, the event streams and the health check. */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  /** Long enough for any pause in an upload; event streams send a heartbeat well within it. */
  private static final int IDLE_TIMEOUT_SECONDS = 120;
  /** Names the node that answered, on every response. */
  public static final String NODE_HEADER = "X-Slipway-Node";
  private final Templates templates = new Templates();
  private AccountRoutes accounts;
  private Pool nodesDb;
  private ConsoleRoutes consoles;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    Path uploadsDir = Config.uploadsDir(config);
    long limit = config.getLong(Config.UPLOAD_LIMIT, 512L * 1024 * 1024);
    AppCatalog apps = new AppCatalog(Path.of(config.getString(Config.APPS_DIR, "docker/examples")));
    long heartbeatMs = config.getInteger(Config.HEARTBEAT, 15) * 1000L;
    JobStreams streams = new JobStreams(vertx, heartbeatMs);
    UploadReceiver uploads = new UploadReceiver(vertx, uploadsDir.toString(), limit, new ContextArchive.Limits(
        config.getLong(Config.CONTEXT_LIMIT, 2L << 30), config.getInteger(Config.CONTEXT_MAX_ENTRIES, 100_000)));

    Router router = Router.router(vertx);
    // Behind a proxy that spreads requests over the web nodes, operators (and tests) see which node answered.
    String node = config.getString(Config.NODE_NAME, "local");
    router.route().handler(ctx -> {
      ctx.response().putHeader(NODE_HEADER, node);
      ctx.next();
    });
    // This machine's names come from a (reverse) DNS lookup, which blocks: made off the loop before the server listens.
    RequestGuard[] guard = {null};
    router.route().handler(ctx -> guard[0].handle(ctx));
    router.get("/health").handler(this::health);
    accounts = new AccountRoutes(vertx, config, templates);
    router.route().handler(accounts.authentication());
    nodesDb = Database.pool(vertx, config, 2, "sql-web-nodes");
    WorkerNodes nodes = new WorkerNodes(new NodeRegistry(nodesDb), config);
    new ApiRoutes(vertx, apps, uploads, streams, nodes).mount(router);
    new NodeRoutes(templates, nodes).mount(router);
    new ContainerLogRoutes(vertx, templates, nodes, heartbeatMs).mount(router);
    consoles = new ConsoleRoutes(vertx, templates, nodes);
    consoles.mount(router);
    router.get("/metrics").handler(SlipwayMeters.of(vertx).scrapeHandler());
    accounts.mount(router);
    new PageRoutes(vertx, templates, apps, uploads, streams, uploadsDir.toString(), limit, heartbeatMs, nodes)
        .mount(router);
    new StoppedBy(vertx, templates, new dev.slipway.audit.StopRecords(nodesDb)).mount(router);
    // GET and HEAD only: a catch-all for every method would turn a wrong method on any path into a 404.
    router.route("/webjars/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86400));
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticHandler.create("webroot"));
    router.route().failureHandler(this::onFailure);
    router.errorHandler(404, ctx -> unrouted(ctx, router));
    router.errorHandler(405, ctx -> unrouted(ctx, router));

    return vertx.executeBlocking(() -> RequestGuard.forBindAddress(config.getString(Config.BIND_ADDRESS, "127.0.0.1"),
            Config.allowedHosts(config)), false)
        .compose(made -> {
          guard[0] = made;
          return vertx.fileSystem().mkdirs(uploadsDir.toString());
        })
        .compose(v -> removeLeftoverUploads(uploadsDir.toString()))
        .compose(v -> vertx.executeBlocking(() -> ServerOptions.of(config, IDLE_TIMEOUT_SECONDS), false))
        .compose(options -> vertx.createHttpServer(options)
            .requestHandler(router)
            .listen(config.getInteger(Config.HTTP_PORT, 8080), config.getString(Config.BIND_ADDRESS, "127.0.0.1")));
  }

  @Override
  public Future<?> stop() {
    if (consoles != null) {
      consoles.closeAll();
    }
    Future<Void> nodesClosed = nodesDb == null ? Future.succeededFuture() : nodesDb.close();
    return accounts == null ? nodesClosed : Future.join(nodesClosed, accounts.close());
  }

  /** Uploads only live while their request and build do: whatever is there at start-up was left by a crash. */
  private Future<Void> removeLeftoverUploads(String dir) {
    return vertx.fileSystem().readDir(dir).compose(files -> Future.all(files.stream()
        .map(file -> vertx.fileSystem().delete(file).recover(e -> Future.succeededFuture())).toList()))
        .mapEmpty();
  }

  /** 200 while this node serves; a worker node also says whether its engine answers (503 when it does not). */
  private void health(RoutingContext ctx) {
    if (!NodeRole.parseAll(config().getString(Config.ROLES, "web,worker")).contains(NodeRole.WORKER)) {
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(new JsonObject()
          .put("status", "ok").put("node", config().getString(Config.NODE_NAME)).put("roles", "web").encode());
      return;
    }
    vertx.eventBus().<JsonObject>request(Bus.onNode(config().getString(dev.slipway.Config.NODE_NAME, "local"), Bus.DOCKER_PING), new JsonObject())
        .onComplete(reply -> {
      JsonObject docker = reply.succeeded() ? reply.result().body()
          : new JsonObject().put("reachable", false).put("error", HttpError.of(reply.cause()).message());
      boolean up = docker.getBoolean("reachable", false);
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(new JsonObject().put("status", up ? "ok" : "degraded").put("docker", docker).encode());
    });
  }

  private void onFailure(RoutingContext ctx) {
    if (ctx.failure() instanceof Authenticator.TooManyAttempts tooMany) {
      ctx.response().putHeader("Retry-After", String.valueOf(tooMany.retryAfterSeconds()));
    }
    respond(ctx, ctx.failure() != null ? HttpError.of(ctx.failure(), ctx.statusCode())
        : HttpError.ofStatus(ctx.statusCode()));
  }

  /**
   * No route took the request. A path that has routes, but none for this method, is a 405 naming the methods it
   * has (also when the static files' GET route let it fall through); any other is a 404.
   */
  private void unrouted(RoutingContext ctx, Router router) {
    java.util.Set<String> allowed = AllowedMethods.of(router, ctx.normalizedPath());
    if (allowed.isEmpty() || allowed.contains(ctx.request().method().name())) {
      respond(ctx, HttpError.ofStatus(404));
      return;
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    respond(ctx, new HttpError(405, ctx.request().method().name() + " is not allowed here; this path takes "
        + String.join(", ", allowed)));
  }

  private void respond(RoutingContext ctx, HttpError error) {
    RefusedBodies.discard(ctx.request());
    if (ctx.response().headWritten()) {
      LOG.debug("failure after the response started: {}", error.message());
      ctx.response().reset();
      return;
    }
    String path = ctx.normalizedPath();
    if (Authentication.forScripts(path) || path.equals("/health") || !accepts(ctx, "text/html")) {
      ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(error.toJson().encode());
      return;
    }
    ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "text/html; charset=utf-8")
        .end(templates.page(Authentication.caller(ctx), "Error", "error.jte",
            Map.of("status", error.status(), "message", error.message())));
  }

  private static boolean accepts(RoutingContext ctx, String type) {
    String accept = ctx.request().getHeader("Accept");
    return accept == null || accept.contains(type) || accept.contains("*/*");
  }
}
