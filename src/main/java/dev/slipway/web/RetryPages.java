package dev.slipway.web;

import dev.slipway.domain.JobKind;
import dev.slipway.apps.AppCatalog;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-run ({@code POST /jobs/{id}/rerun}: the same parameters again, as a new job) and Edit &amp; retry
 * ({@code GET /jobs/{id}/edit}: the job's form, filled in). A job with secrets cannot re-run as is, since their
 * values are never stored: Re-run then opens Edit &amp; retry, which says so.
 */
final class RetryPages {
  /** {@code ?for=rerun} on the edit page: Re-run sent the user here. */
  private static final String FROM_RERUN = "rerun";

  private final Vertx vertx;
  private final Templates templates;
  private final BusClient bus;
  private final AppCatalog apps;
  private final WorkerNodes nodes;

  RetryPages(Vertx vertx, Templates templates, BusClient bus, AppCatalog apps, WorkerNodes nodes) {
    this.vertx = vertx;
    this.templates = templates;
    this.bus = bus;
    this.apps = apps;
    this.nodes = nodes;
  }

  void rerun(RoutingContext ctx) {
    bus.request(ctx, Bus.GET, new JsonObject().put("id", ctx.pathParam("id"))).onSuccess(job -> {
      Resubmission again = Resubmission.of(job);
      if (!again.possible()) {
        ctx.fail(new BadRequest(409, again.refusal()));
      } else if (again.needsEdit()) {
        // The job's id comes from the server (a UUID), so it is safe in a Location header.
        Pages.redirect(ctx, "/jobs/" + job.getString("id") + "/edit?for=" + FROM_RERUN);
      } else {
        bus.request(ctx, again.address(), again.body())
            .onSuccess(created -> Pages.redirect(ctx, "/jobs/" + created.getString("id")))
            .onFailure(e -> {
              HttpError error = HttpError.of(e);
              // The job's form with the refusal: a name or port taken since (pre-start checks) shows at its field,
              // at the form's own address (the job's id is the server's, a UUID: safe in a header).
              ctx.response().putHeader("HX-Push-Url", "/jobs/" + job.getString("id") + "/edit");
              show(ctx, job, error, error.status(), false);
            });
      }
    }).onFailure(ctx::fail);
  }

  /** A reload of a refused Re-run's address: its job's Edit &amp; retry form (the id as the server knows it). */
  void rerunPage(RoutingContext ctx) {
    bus.request(ctx, Bus.GET, new JsonObject().put("id", ctx.pathParam("id")))
        .onSuccess(job -> Pages.redirect(ctx, "/jobs/" + job.getString("id") + "/edit"))
        .onFailure(ctx::fail);
  }

  void edit(RoutingContext ctx) {
    bus.request(ctx, Bus.GET, new JsonObject().put("id", ctx.pathParam("id")))
        .onSuccess(job -> show(ctx, job, (HttpError) null, 200, FROM_RERUN.equals(ctx.queryParams().get("for"))))
        .onFailure(ctx::fail);
  }

  /** The job's form, filled in; its Node choice starts at "Any" (a job does not record whether it was pinned). */
  private void show(RoutingContext ctx, JsonObject job, HttpError error, int status, boolean fromRerun) {
    Resubmission again = Resubmission.of(job);
    if (!again.possible()) {
      ctx.fail(new BadRequest(409, again.refusal()));
      return;
    }
    nodes.choice().onSuccess(choice -> show(ctx, job, error, status, fromRerun, choice)).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx, JsonObject job, HttpError refusal, int status, boolean fromRerun,
                    NodeChoice choice) {
    Map<String, String> fields = refusal == null ? Map.of() : refusal.fields();
    String error = refusal == null || !fields.isEmpty() ? null : refusal.message();
    EditForm edit = EditForm.of(job);
    List<String> notices = new ArrayList<>(edit.notices());
    if (fromRerun && !notices.isEmpty()) {
      notices.set(0, "Re-run cannot send this job again by itself. " + notices.get(0));
    }
    JobView view = new JobView(job, PageRoutes.host(ctx));
    Map<String, Object> params = new HashMap<>();
    params.put("form", edit.form());
    params.put("error", error);
    params.put("notices", notices);
    params.put("retryOf", view);
    params.put("nodes", choice);
    params.put("errors", FormErrors.of(JobKind.RUN.wire().equals(view.kind()) ? "run-"
        : "app-" + edit.form().getString("app") + "-", fields, java.util.Set.of()));
    if (JobKind.RUN.wire().equals(view.kind())) {
      Pages.respond(templates, ctx, status, "Edit & retry", "run.jte", params);
      return;
    }
    String name = edit.form().getString("app");
    vertx.executeBlocking(apps::list, false).compose(list -> list.stream()
            .filter(app -> app.getString("name").equals(name)).findFirst()
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new BadRequest(404, "the app '" + name + "' is no longer in the "
                + "apps folder, so this " + view.kind() + " cannot be retried"))))
        .onSuccess(app -> {
          params.put("app", app);
          Pages.respond(templates, ctx, status, "Edit & retry", "editApp.jte", params);
        })
        .onFailure(ctx::fail);
  }
}
