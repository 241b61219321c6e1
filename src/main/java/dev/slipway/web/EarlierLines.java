package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.LogLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /jobs/{id}/lines?before=N}: the job page keeps only the newest lines of a long log, and this gives it
 * back up to {@value #PAGE} lines before line N, as the log's own line fragments, preceded by the control that loads
 * the lines before those. An htmx request gets the fragment to put at the top of the log; a plain one a page.
 * {@code &after=M} reads only lines after line M: a gap in the page between lines shown (the page shows the lines
 * around a line it was sent to, {@code #L123}, above the newest ones) is filled from its end like the top.
 */
final class EarlierLines {
  static final int PAGE = 1000;
  /** About what one log page of the jobs verticle holds: a few huge lines must not make one answer of megabytes. */
  private static final long MAX_CHARS = 2L * 1024 * 1024;

  private final Templates templates;
  private final BusClient bus;

  EarlierLines(Templates templates, BusClient bus) {
    this.templates = templates;
    this.bus = bus;
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    long before;
    long shownAfter;
    try {
      before = beforeOf(ctx.queryParams().get("before"));
      shownAfter = afterOf(ctx.queryParams().get("after"), before);
    } catch (BadRequest e) {
      ctx.fail(e);
      return;
    }
    long after = Math.max(shownAfter, before - 1 - PAGE);
    read(ctx, id, after, before, new ArrayDeque<>(), 0).onSuccess(read -> {
      List<LogLine> lines = List.copyOf(read);
      // The first line shown; with none (a number past the end), nothing is said to be hidden before it.
      long first = lines.isEmpty() ? shownAfter + 1 : lines.get(0).n();
      Map<String, Object> params = new HashMap<>();
      params.put("jobId", id);
      params.put("first", first);
      params.put("lines", lines);
      params.put("after", shownAfter);
      String title = lines.isEmpty() ? "No lines" : "Lines " + first + "–" + lines.get(lines.size() - 1).n();
      if (Pages.wantsFragment(ctx)) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .end(templates.render("logLines.jte", params));
      } else {
        params.put("title", title);
        Pages.respond(templates, ctx, 200, title + " of job " + id.substring(0, Math.min(8, id.length())),
            "logLinesPage.jte", params);
      }
    }).onFailure(ctx::fail);
  }

  /**
   * Reads the lines after {@code after} and before {@code before} page by page (a page may stop short at its size
   * in characters). Past {@link #MAX_CHARS} the oldest lines are let go, so the answer ends right before
   * {@code before} without a gap, and its first line says where the next "load earlier" starts.
   */
  private Future<Deque<LogLine>> read(RoutingContext ctx, String id, long after, long before, Deque<LogLine> kept,
                                      long chars) {
    if (after >= before - 1) {
      return Future.succeededFuture(kept);
    }
    JsonObject query = new JsonObject().put("id", id).put("after", after).put("limit", (int) (before - 1 - after));
    return bus.request(ctx, Bus.LOG, query).compose(reply -> {
      JsonArray page = reply.getJsonArray("lines");
      long total = chars;
      long last = after;
      for (Object item : page) {
        LogLine line = LogLine.fromJson((JsonObject) item);
        if (line.n() >= before) {
          break;
        }
        kept.addLast(line);
        total += line.text().length();
        last = line.n();
      }
      while (total > MAX_CHARS && kept.size() > 1) {
        total -= kept.removeFirst().text().length();
      }
      long stored = reply.getJsonObject("job").getLong("lines", 0L);
      boolean more = last > after && last < before - 1 && last < stored;
      return more ? read(ctx, id, last, before, kept, total) : Future.succeededFuture(kept);
    });
  }

  /** The lines shown above the gap end at line {@code after}: 0 (the default) when there is no gap but the top. */
  private static long afterOf(String raw, long before) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    if (!raw.trim().matches("\\d{1,18}") || Long.parseLong(raw.trim()) >= before) {
      throw new BadRequest("after must be a line number below before");
    }
    return Long.parseLong(raw.trim());
  }

  private static long beforeOf(String raw) {
    if (raw == null || !raw.trim().matches("\\d{1,18}") || Long.parseLong(raw.trim()) < 1) {
      throw new BadRequest("before must be a line number (1 or more)");
    }
    return Long.parseLong(raw.trim());
  }
}
