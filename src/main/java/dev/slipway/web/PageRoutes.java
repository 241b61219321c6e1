package dev.slipway.web;

import dev.slipway.apps.AppCatalog;
import dev.slipway.bus.Bus;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.FieldErrors;
import dev.slipway.domain.Names;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The dashboard: plain pages and forms that work without JavaScript, with htmx on top. Every fragment template serves
 * both the whole page and an htmx swap.
 */
final class PageRoutes {
  private final Vertx vertx;
  private final Templates templates;
  private final AppCatalog apps;
  private final BusClient bus;
  private final JobStreams streams;
  private final UploadReceiver uploads;
  private final String uploadsDir;
  private final long uploadLimit;
  private final long heartbeatMs;
  private final WorkerNodes nodes;
  private final MergedLists lists;
  private final LogSearchPage searches;

  PageRoutes(Vertx vertx, Templates templates, AppCatalog apps, UploadReceiver uploads, JobStreams streams,
             String uploadsDir, long uploadLimit, long heartbeatMs, WorkerNodes nodes) {
    this.vertx = vertx;
    this.templates = templates;
    this.apps = apps;
    this.bus = new BusClient(vertx);
    this.streams = streams;
    this.uploads = uploads;
    this.uploadsDir = uploadsDir;
    this.uploadLimit = uploadLimit;
    this.heartbeatMs = heartbeatMs;
    this.nodes = nodes;
    this.lists = new MergedLists(bus, nodes);
    this.searches = new LogSearchPage(templates, bus);
  }

  void mount(Router router) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(1024 * 1024);
    BodyHandler upload = BodyHandler.create(uploadsDir).setBodyLimit(uploadLimit).setDeleteUploadedFilesOnEnd(true);
    router.get("/").handler(ctx -> dashboard(ctx, null));
    router.get("/fragments/health").handler(this::healthBanner);
    router.get("/fragments/jobs").handler(ctx -> jobsTable(ctx).onSuccess(html -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").end(html)).onFailure(ctx::fail));
    JobListFeed jobList = new JobListFeed(vertx, bus, (list, host) -> templates.render("jobsTable.jte",
        Map.of("jobs", jobViews(list.getJsonArray("jobs"), host), "jobCount", list.getInteger("total"))));
    router.get("/fragments/jobs/stream").handler(ctx -> new JobListStream(vertx, ctx, jobList, heartbeatMs).start());
    router.get("/jobs/:id").handler(this::job);
    router.get("/jobs/:id/lines").handler(new EarlierLines(templates, bus)::handle);
    router.get("/jobs/:id/search").handler(searches::handle);
    router.get("/jobs/:id/stream").handler(ctx -> streams.follow(ctx, ctx.pathParam("id"),
        new HtmlFormat(templates, host(ctx))));
    router.post("/jobs/:id/cancel").handler(form).handler(ctx -> bus.request(ctx, Bus.CANCEL,
        new JsonObject().put("id", ctx.pathParam("id")))
        .onSuccess(job -> redirect(ctx, "/jobs/" + job.getString("id")))
        .onFailure(e -> {
          if (HttpError.of(e).status() == Bus.CONFLICT) {
            // 409: the job exists (it has just ended), so its id is safe in a Location header.
            redirect(ctx, "/jobs/" + ctx.pathParam("id"));
          } else {
            ctx.fail(e);
          }
        }));
    AppPages appPages = new AppPages(vertx, templates, apps);
    router.post("/builds").handler(form).handler(ctx -> submitApp(ctx, appPages, Bus.SUBMIT_BUILD, "build",
        FormInput::build));
    router.get("/apps/:name").handler(appPages::show);
    router.post("/launches").handler(form).handler(ctx -> submitApp(ctx, appPages, Bus.SUBMIT_LAUNCH, "launch",
        (f, unreadable) -> FormInput.build(f, unreadable).put("run", FormInput.run(f, unreadable))));
    router.post("/uploads").handler(upload).handler(ctx -> uploadedBuild(ctx)
        .compose(body -> bus.request(ctx, Bus.SUBMIT_BUILD, body))
        .onSuccess(job -> redirect(ctx, "/jobs/" + job.getString("id")))
        .onFailure(e -> dashboard(ctx, FormRefusal.of(e, ctx.request().formAttributes(), uploadEntered(ctx), Map.of()))));
    router.get("/run").handler(new ImageRunForm(bus, nodes)::prefill).handler(ctx -> runForm(ctx,
        ctx.get(ImageRunForm.KEY, new JsonObject().put("image", ctx.queryParams().get("image"))), null));
    router.post("/runs").handler(form).handler(this::submitRun);
    ListPages listPages = new ListPages(templates, lists, nodes);
    router.get("/images").handler(listPages::images);
    router.get("/containers").handler(listPages::containers);
    // A form's address is a page too: reloading it after a refusal (or going back to it) shows its form, not a 404.
    router.get("/builds").handler(ctx -> redirect(ctx, "/"));
    router.get("/launches").handler(ctx -> redirect(ctx, "/"));
    router.get("/uploads").handler(ctx -> redirect(ctx, "/"));
    router.get("/runs").handler(ctx -> redirect(ctx, "/run"));
    router.post("/containers/:id/stop").handler(form).handler(ctx -> containerAction(ctx, Bus.DOCKER_STOP));
    router.post("/containers/:id/start").handler(form).handler(ctx -> containerAction(ctx, Bus.DOCKER_START));
    router.post("/containers/:id/restart").handler(form).handler(ctx -> containerAction(ctx, Bus.DOCKER_RESTART));
    RemovalPages removals = new RemovalPages(templates, bus, nodes);
    router.post("/containers/:id/remove").handler(form).handler(removals::container);
    router.post("/images/remove").handler(form).handler(removals::image);
    router.get("/history").handler(new HistoryPage(templates, bus, nodes)::handle);
    RetryPages retries = new RetryPages(vertx, templates, bus, apps, nodes);
    router.post("/jobs/:id/rerun").handler(form).handler(retries::rerun);
    router.get("/jobs/:id/edit").handler(retries::edit);
    router.get("/jobs/:id/rerun").handler(retries::rerunPage);
  }

  /** The dashboard; after a refused submission ({@code refused} not null) with the refusal and what was entered. */
  private void dashboard(RoutingContext ctx, FormRefusal refused) {
    Future<List<JsonObject>> appList = vertx.executeBlocking(apps::list, false);
    Future<JsonObject> jobs = bus.request(ctx, Bus.LIST, new JsonObject());
    Future<NodeChoice> choice = nodes.choice();
    Future.all(appList, jobs, choice).onSuccess(v -> {
      Map<String, Object> params = new HashMap<>();
      params.put("apps", appList.result());
      params.put("jobs", jobViews(jobs.result().getJsonArray("jobs"), host(ctx)));
      params.put("jobCount", jobs.result().getInteger("total"));
      params.put("error", refused == null ? null : refused.banner());
      params.put("upload", refused == null ? null : refused.entered());
      params.put("uploadErrors", refused == null ? FormErrors.NONE : FormErrors.of("upload-", refused.fields(), Set.of()));
      params.put("nodes", choice.result());
      if (refused != null) {
        // The dashboard is where the upload form lives: its address, not /uploads, goes in the address bar.
        ctx.response().putHeader("HX-Push-Url", "/");
      }
      params.put("uploadLimit", Rows.size(uploadLimit));
      respond(ctx, refused == null ? 200 : refused.status(), "Dashboard", "dashboard.jte", params);
    }).onFailure(ctx::fail);
  }

  private Future<String> jobsTable(RoutingContext ctx) {
    return bus.request(ctx, Bus.LIST, new JsonObject()).map(r -> templates.render("jobsTable.jte",
        Map.of("jobs", jobViews(r.getJsonArray("jobs"), host(ctx)), "jobCount", r.getInteger("total"))));
  }

  private static List<JobView> jobViews(JsonArray jobs, String host) {
    return jobs.stream().limit(30).map(j -> new JobView((JsonObject) j, host)).toList();
  }

  private void job(RoutingContext ctx) {
    Future<JsonObject> job = bus.request(ctx, Bus.GET, new JsonObject().put("id", ctx.pathParam("id")));
    Future<LogSearchView> search = searches.view(ctx, ctx.pathParam("id"));
    Future<JsonObject> app = job.compose(this::appOf);
    Future.all(job, search, app)
        .onSuccess(v -> {
          Map<String, Object> params = new HashMap<>();
          params.put("job", new JobView(job.result(), host(ctx)));
          params.put("search", search.result());
          params.put("app", app.result());
          respond(ctx, 200, "Job " + job.result().getString("id").substring(0, 8), "job.jte", params);
        })
        .onFailure(ctx::fail);
  }

  /** A build's app as it is now, for its Dockerfile advice; null for other jobs, or an app that is gone. */
  private Future<JsonObject> appOf(JsonObject job) {
    String app = job.getJsonObject("build", new JsonObject()).getString("app");
    return app == null ? Future.succeededFuture(null)
        : vertx.executeBlocking(() -> apps.describe(app), false).otherwise((JsonObject) null);
  }

  /** The upload form's fields as typed, to fill in again (a file cannot be: the browser must choose it again). */
  private static JsonObject uploadEntered(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    return new JsonObject().put("tag", form.get("tag")).put("noCache", form.contains("noCache"));
  }

  private Future<JsonObject> uploadedBuild(RoutingContext ctx) {
    List<FileUpload> files = ctx.fileUploads();
    if (files.isEmpty() || files.get(0).size() == 0) {
      // The tag is checked too, so both problems show at once.
      FieldErrors errors = new FieldErrors();
      errors.add("context", new BadRequest("choose a tar or tar.gz file to upload"));
      String tag = ctx.request().getFormAttribute("tag");
      errors.check("tag", () -> Names.tag(tag == null ? null : tag.strip()));
      return Future.failedFuture(errors.toBadRequest());
    }
    String kept = uploadsDir + "/context-" + UUID.randomUUID() + ".tar";
    JsonObject build = FormInput.build(ctx.request().formAttributes());
    return vertx.fileSystem().move(files.get(0).uploadedFileName(), kept)
        .compose(v -> uploads.checked(kept))
        .recover(e -> {
          if (!(e instanceof BadRequest bad) || bad.code() != 400 || !bad.fields().isEmpty()) {
            return Future.failedFuture(e);
          }
          // The archive's problem is the file field's; the tag is checked too, so both show at once.
          FieldErrors errors = new FieldErrors();
          errors.add("context", bad);
          String tag = ctx.request().getFormAttribute("tag");
          errors.check("tag", () -> Names.tag(tag == null ? null : tag.strip()));
          return Future.failedFuture(errors.toBadRequest());
        })
        .map(file -> build.put("contextFile", file));
  }

  /** An app's Build or Launch form; a refusal shows the dashboard again with that form as it was filled in. */
  /**
   * An app's Build or Launch form; a refusal shows the app's own page (a page to reload) with the form as it was
   * filled in and every error next to its field.
   */
  private void submitApp(RoutingContext ctx, AppPages appPages, String address, String kind,
                         BiFunction<MultiMap, Map<String, String>, JsonObject> toBody) {
    MultiMap form = ctx.request().formAttributes();
    Map<String, String> unreadable = new LinkedHashMap<>();
    Future.succeededFuture(form).map(f -> toBody.apply(f, unreadable)).map(body -> FormInput.pinned(form, body))
        .compose(body -> bus.request(ctx, address, body))
        .onSuccess(job -> redirect(ctx, "/jobs/" + job.getString("id")))
        .onFailure(e -> {
          FormRefusal refused = FormRefusal.of(e, form, AppPages.entered(form, kind), unreadable);
          nodes.choice().onComplete(choice -> appPages.refused(ctx, refused, choice.result(),
              () -> dashboard(ctx, refused)));
        });
  }

  private void submitRun(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    Map<String, String> unreadable = new LinkedHashMap<>();
    Future.succeededFuture(form).map(f -> FormInput.run(f, unreadable)).map(body -> FormInput.pinned(form, body))
        .compose(body -> bus.request(ctx, Bus.SUBMIT_RUN, body))
        .onSuccess(job -> redirect(ctx, "/jobs/" + job.getString("id")))
        .onFailure(e -> {
          FormRefusal refused = FormRefusal.of(e, form, "run", unreadable);
          // The run form's own address, so a reload shows the form (empty again) rather than a 404.
          ctx.response().putHeader("HX-Push-Url", "/run");
          runForm(ctx, refused.entered(), refused);
        });
  }

  private void runForm(RoutingContext ctx, JsonObject entered, FormRefusal refused) {
    nodes.choice().onSuccess(choice -> {
      Map<String, Object> params = new HashMap<>();
      params.put("form", entered);
      params.put("error", refused == null ? null : refused.banner());
      params.put("errors", refused == null ? FormErrors.NONE : FormErrors.of("run-", refused.fields(), Set.of()));
      params.put("nodes", choice);
      respond(ctx, refused == null ? 200 : refused.status(), "Run an image", "run.jte", params);
    }).onFailure(ctx::fail);
  }

  /** On the node the form names ({@link WorkerNodes#PARAMETER}, a hidden field of each row). */
  private void containerAction(RoutingContext ctx, String address) {
    nodes.target(ctx.request().getFormAttribute(WorkerNodes.PARAMETER))
        .compose(node -> bus.request(ctx, Bus.onNode(node, address), new JsonObject().put("id", ctx.pathParam("id"))))
        .onSuccess(r -> redirect(ctx, ListQuery.fromKept(ctx.request().getFormAttribute("back")).url("/containers")))
        .onFailure(ctx::fail);
  }

  /** The engine's state for the banner; a web-only node has no engine of its own (the Nodes page shows the workers'). */
  private void healthBanner(RoutingContext ctx) {
    if (!bus.hasWorker()) {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end("");
      return;
    }
    vertx.eventBus().<JsonObject>request(bus.worker(Bus.DOCKER_PING), new JsonObject()).onComplete(reply -> {
      JsonObject docker = reply.succeeded() ? reply.result().body()
          : new JsonObject().put("reachable", false).put("error", HttpError.of(reply.cause()).message());
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
          .end(templates.render("health.jte", Map.of("docker", docker)));
    });
  }

  /** The whole page for a normal or boosted request; the fragment alone for an htmx swap. */
  void respond(RoutingContext ctx, int status, String title, String template, Map<String, Object> params) {
    Pages.respond(templates, ctx, status, title, template, params);
  }

  /** A boosted form follows a 303 like a browser would, and keeps its HX-Boosted header on the new page. */
  static void redirect(RoutingContext ctx, String location) {
    Pages.redirect(ctx, location);
  }

  static String host(RoutingContext ctx) {
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().host();
    return host.matches("[A-Za-z0-9.\\-\\[\\]:]+") ? host : "localhost";
  }
}
