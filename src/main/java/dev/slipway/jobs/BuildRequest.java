package dev.slipway.jobs;

import dev.slipway.domain.Names;
import dev.slipway.domain.BadRequest;
import dev.slipway.apps.AppCatalog;
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
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new BadRequest("unknown field '" + field + "' in the build request"
            + (field.equals("run") ? " (run settings belong to a launch)" : ""));
      }
    }
    String app = body.getString("app");
    String contextFile = body.getString("contextFile");
    if ((app == null) == (contextFile == null)) {
      throw new BadRequest("give either an app or an uploaded build context");
    }
    if (contextFile != null && !isUpload(contextFile, uploads)) {
      throw new BadRequest("contextFile must be an archive in Slipway's uploads folder " + uploads);
    }
    String tag = Names.tag(body.getValue("tag") instanceof String s ? s.trim() : null);
    String contextDir = app == null ? null : apps.resolve(app).toString();
    return new BuildRequest(app, contextDir, contextFile, tag,
        Inputs.stringMap(body, "buildArgs", "build arg"), Inputs.flag(body, "noCache"), null);
  }

  /** Blocking. The build half of a launch: the body's fields but its {@code run} object. */
  public static BuildRequest forLaunch(JsonObject body, AppCatalog apps, Path uploads) {
    JsonObject build = body.copy();
    build.remove("run");
    return from(build, apps, uploads);
  }

  public BuildRequest withUser(String name) {
    return new BuildRequest(app, contextDir, contextFile, tag, buildArgs, noCache, name);
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
    return new JsonObject().put("app", app).put("upload", contextFile != null).put("tag", tag)
        .put("buildArgs", new JsonObject(Map.copyOf(buildArgs))).put("noCache", noCache);
  }
}
