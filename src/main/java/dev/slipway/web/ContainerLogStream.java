package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One reader of a container's log (any container on a worker node's engine), as events or plain text, with its
 * stats when asked. Nothing is stored: the engine's log is the source, read through the node's Docker worker
 * ({@link ContainerTap}). A batch is answered once the reader's write queue has room, so a slow reader slows the
 * engine's stream; one that takes nothing for {@value #DRAIN_LIMIT_MS} ms is cut off (it can resume with
 * {@code Last-Event-ID}). When the reader leaves, the tap closes and the worker stops following the engine.
 */
final class ContainerLogStream implements ContainerTap.Listener {
  private static final long DRAIN_LIMIT_MS = 30_000;

  /** What to read: {@code since} an engine time to resume after, {@code tail} lines to start with (null: all). */
  record Request(String node, String id, Integer tail, String since, boolean follow, boolean stats, String user) {
  }

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final ContainerLogFormat format;
  private final Request request;
  private final long heartbeatMs;
  private final String fileName;
  private ContainerTap tap;
  private HttpServerResponse response;
  private final List<Runnable> beforeOpen = new ArrayList<>();
  private long heartbeat = -1;
  private boolean closed;

  /** {@code fileName}: sent as an attachment of that name (plain text only), or null. */
  ContainerLogStream(Vertx vertx, RoutingContext ctx, ContainerLogFormat format, Request request, long heartbeatMs,
                     String fileName) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.format = format;
    this.request = request;
    this.heartbeatMs = heartbeatMs;
    this.fileName = fileName;
  }

  void start() {
    ctx.response().closeHandler(v -> close());
    ContainerTap.open(vertx, request.node(), request.user(), this)
        .compose(opened -> {
          tap = opened;
          if (closed) {
            tap.close();
            return io.vertx.core.Future.failedFuture("the reader left");
          }
          return tap.logs(request.id(), request.tail(), request.since(), request.follow());
        })
        .onSuccess(this::open)
        .onFailure(e -> {
          close();
          if (!ctx.response().headWritten()) {
            ctx.fail(e);
          }
        });
  }

  /** The worker follows (or says whose job the container is): the response starts. */
  private void open(JsonObject container) {
    if (closed) {
      return;
    }
    String job = container.getString("job");
    if (job != null && !format.events()) {
      close();
      ctx.fail(new BadRequest(Bus.CONFLICT, "container " + container.getString("name") + " was run by the job " + job
          + ": read its log, with secrets masked, at /api/jobs/" + job + "/log"));
      return;
    }
    response = ctx.response();
    if (format.events()) {
      heartbeat = Sse.open(vertx, response, heartbeatMs, this::cutOff);
    } else {
      response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8");
      if (fileName != null) {
        response.putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
      }
    }
    if (job != null) {
      response.write(format.end(null, job));
      response.end();
      close();
      return;
    }
    if (request.stats() && container.getBoolean("running", false)) {
      tap.stats(request.id()).onFailure(e -> stats(null));
    }
    beforeOpen.forEach(Runnable::run);
    beforeOpen.clear();
  }

  @Override
  public void lines(JsonArray lines, Runnable done) {
    if (response == null) {
      beforeOpen.add(() -> lines(lines, done));
      return;
    }
    if (closed) {
      return;
    }
    if (!lines.isEmpty()) {
      response.write(Buffer.buffer(format.lines(lines)));
    }
    Drain.within(vertx, response, DRAIN_LIMIT_MS).onSuccess(v -> done.run()).onFailure(e -> cutOff());
  }

  @Override
  public void stats(JsonObject sample) {
    if (response != null && !closed && format.events()) {
      response.write(format.stats(sample));
    }
  }

  @Override
  public void ended(String what, String error) {
    if (response == null) {
      beforeOpen.add(() -> ended(what, error));
      return;
    }
    if (closed) {
      return;
    }
    if ("stats".equals(what)) {
      stats(null);
      return;
    }
    if (request.stats()) {
      // The log ends when the container stops: so do its stats.
      stats(null);
    }
    response.write(format.end(error, null));
    response.end();
    close();
  }

  private void cutOff() {
    if (!closed && response != null) {
      response.reset();
    }
    close();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(heartbeat);
    if (tap != null) {
      tap.close();
    }
  }
}
