package dev.slipway.web;

import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The search box of a job page. It is a plain GET form to the job page itself ({@code /jobs/{id}?q=…}, which shows
 * the results above the log, so a search can be bookmarked and works without JavaScript); htmx asks
 * {@code /jobs/{id}/search?q=…} for the same fragment ({@code logSearch.jte}) and swaps it in place, and the address
 * bar then shows the job page's URL of the search.
 */
final class LogSearchPage {
  private final Templates templates;
  private final BusClient bus;

  LogSearchPage(Templates templates, BusClient bus) {
    this.templates = templates;
    this.bus = bus;
  }

  /**
   * The search the job page's URL asks for ({@link LogSearchView#NONE} without {@code q}). A query the jobs owner
   * refuses (a regular expression that does not compile) is shown in the form, so this fails only as the job page
   * would: an unknown job, a service that does not answer.
   */
  Future<LogSearchView> view(RoutingContext ctx, String jobId) {
    MultiMap query = ctx.queryParams();
    String q = query.get("q");
    if (q == null || q.isEmpty()) {
      return Future.succeededFuture(LogSearchView.NONE);
    }
    boolean regex = query.contains("regex");
    boolean matchCase = query.contains("matchCase");
    JsonObject body;
    try {
      body = SearchParams.body(query);
    } catch (BadRequest e) {
      return Future.succeededFuture(LogSearchView.refused(jobId, q, regex, matchCase, e.getMessage()));
    }
    return bus.request(ctx, Bus.SEARCH, body.copy().put("id", jobId))
        .map(answer -> LogSearchView.found(jobId, body, answer))
        .recover(e -> HttpError.of(e).status() == Bus.BAD_REQUEST
            ? Future.succeededFuture(LogSearchView.refused(jobId, q, regex, matchCase, HttpError.of(e).message()))
            : Future.failedFuture(e));
  }

  /** {@code GET /jobs/{id}/search}: the fragment for htmx; anything else goes to the job page of the search. */
  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String page = "/jobs/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    if (!Pages.wantsFragment(ctx)) {
      // The query came in a URL, so it is fit for one as it stands.
      String query = ctx.request().query();
      Pages.redirect(ctx, page + (query == null ? "" : "?" + query));
      return;
    }
    view(ctx, id).onSuccess(view -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("HX-Replace-Url", page + view.query())
            .end(templates.render("logSearch.jte", Map.of("jobId", id, "search", view))))
        .onFailure(ctx::fail);
  }
}
