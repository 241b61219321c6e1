package dev.slipway.jobs;

import dev.slipway.domain.Names;
import dev.slipway.domain.BadRequest;
import dev.slipway.domain.Caller;
import dev.slipway.domain.FieldErrors;
import dev.slipway.apps.AppCatalog;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A validated build: an app folder or an uploaded context archive, a tag, build args and no-cache, and the user it
 * builds for (the image carries the name as a label).
 */
public record BuildRequest(String app, String contextDir, String contextFile, String tag,
                           Map<String, String> buildArgs, boolean noCache, String user) {
  /** Every field a build body may have: anything else is a typo, refused rather than silently ignored. */
  static final Set<String> FIELDS = Set.of("app", "contextFile", "tag", "buildArgs", "noCache");

  /** Blocking (resolves the app's folder). A launch's body goes to {@link #forLaunch} instead. */
  public static BuildRequest from(JsonObject body, AppCatalog apps, Path uploads) {
    // Every field is checked, so a refusal names all that is wrong at once (each under its name: a form marks it).
    FieldErrors errors = new FieldErrors();
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        errors.add(field, new BadRequest("unknown field '" + field + "' in the build request"
            + (field.equals("run") ? " (run settings belong to a launch)" : "")));
      }
    }
    String app = errors.read("app", () -> Inputs.string(body, "app"));
    String contextFile = errors.read("contextFile", () -> Inputs.string(body, "contextFile"));
    if (errors.isEmpty() && (app == null) == (contextFile == null)) {
      errors.add("app", new BadRequest("give either an app or an uploaded build context"));
    }
    if (contextFile != null && !isUpload(contextFile, uploads)) {
      errors.add("contextFile", new BadRequest("contextFile must be an archive in Slipway's uploads folder " + uploads));
    }
    String tag = errors.read("tag", () -> {
      String given = Inputs.string(body, "tag");
      return Names.tag(given == null ? null : given.trim());
    });
    Map<String, String> buildArgs = errors.read("buildArgs", () -> Inputs.stringMap(body, "buildArgs", "build arg"));
    boolean noCache = Boolean.TRUE.equals(errors.read("noCache", () -> Inputs.flag(body, "noCache")));
    String contextDir = app == null ? null : errors.read("app", () -> apps.resolve(app).toString());
    errors.throwIfAny();
    return new BuildRequest(app, contextDir, contextFile, tag, buildArgs, noCache, null);
  }

  /**
   * Blocking. The build half of a launch: the body's fields but its {@code run} object. When the build half is
   * refused, the run half's shape is checked too (with the default limits; the caller's role is checked later), so
   * the refusal names every field of both at once.
   */
  public static BuildRequest forLaunch(JsonObject body, AppCatalog apps, Path uploads) {
    JsonObject build = body.copy();
    build.remove("run");
    FieldErrors errors = new FieldErrors();
    BuildRequest request = errors.read("", () -> from(build, apps, uploads));
    // The app's slipway.json may require secrets (the notebook's PASSWORD): without them nothing is started.
    String app = request != null ? request.app() : body.getValue("app") instanceof String name ? name : null;
    try {
      errors.check("run", () -> apps.requireSecrets(app, body.getValue("run")));
    } catch (BadRequest notAboutAField) {
      if (request != null) {
        throw notAboutAField;
      }
      // An app that cannot be found is the build half's to report (it did, or its other fields did).
    }
    if (!errors.isEmpty() && body.getValue("run") instanceof JsonObject run) {
      errors.check("run", () -> RunRequest.from(run, "launch:check", Caller.SYSTEM, RunLimits.defaults()));
    }
    errors.throwIfAny();
    return request;
  }

  public BuildRequest withUser(String name) {
    return new BuildRequest(app, contextDir, contextFile, tag, buildArgs, noCache, name);
  }

  /** The same build from another context archive: an accepted upload moves to the job's own file. */
  public BuildRequest withContextFile(String file) {
    return new BuildRequest(app, contextDir, file, tag, buildArgs, noCache, user);
  }

  /**
   * Blocking. A queued build as the database keeps it ({@link #toJson()}), after a restart: an app's folder is
   * resolved again, an upload is its kept archive ({@code contextFile}, null when it is gone).
   */
  public static BuildRequest restore(JsonObject stored, AppCatalog apps, String contextFile, String user) {
    String app = stored.getString("app");
    if (app == null && contextFile == null) {
      throw new BadRequest(410, "its uploaded build context is gone");
    }
    Map<String, String> args = new java.util.LinkedHashMap<>();
    stored.getJsonObject("buildArgs", new JsonObject()).forEach(e -> args.put(e.getKey(), String.valueOf(e.getValue())));
    return new BuildRequest(app, app == null ? null : apps.resolve(app).toString(), contextFile, stored.getString("tag"),
        args, stored.getBoolean("noCache", false), user);
  }

  /** Only files in the uploads folder are Slipway's to build from and to delete. */
  public static boolean isUpload(String file, Path uploads) {
    Path path = Path.of(file).toAbsolutePath().normalize();
    return path.startsWith(uploads) && !path.equals(uploads);
  }

  public JsonObject toWorker(String jobId) {
    return new JsonObject().put("jobId", jobId).put("contextDir", contextDir).put("contextFile", contextFile)
        .put("tag", tag).put("buildArgs", new JsonObject(Map.copyOf(buildArgs))).put("noCache", noCache)
        .put("user", user);
  }

  /** What anyone may see of the request. */
  public JsonObject toJson() {
    return toJson(SecretMasker.NONE);
  }

  /** As {@link #toJson()}, with the values of a launch's secrets masked in its build args and tag. */
  public JsonObject toJson(SecretMasker masker) {
    JsonObject shownArgs = new JsonObject();
    buildArgs.forEach((k, v) -> shownArgs.put(k, masker.mask(v)));
    return new JsonObject().put("app", app).put("upload", contextFile != null).put("tag", masker.mask(tag))
        .put("buildArgs", shownArgs).put("noCache", noCache);
  }
}
