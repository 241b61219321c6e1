package dev.slipway.apps;

import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The apps Slipway can build: each folder right under the apps directory that holds a Dockerfile. */
public final class AppCatalog {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path root;

  public AppCatalog(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Blocking: reads the file system. */
  public List<JsonObject> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(dir -> NAME.matcher(dir.getFileName().toString()).matches())
          .filter(dir -> Files.isRegularFile(dir.resolve("Dockerfile")))
          .filter(this::isInside)
          .sorted(Comparator.comparing(Path::getFileName))
          .map(this::describe)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the apps directory " + root + ": " + e.getMessage(), e);
    }
  }

  /** Blocking: the app's folder, inside the apps directory even through symbolic links, or a 400/404. */
  public Path resolve(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BadRequest("invalid app name '" + name + "': an app is a folder name under the apps directory");
    }
    Path dir = root.resolve(name).normalize();
    try {
      Path real = dir.toRealPath();
      if (!real.startsWith(root.toRealPath()) || !Files.isRegularFile(real.resolve("Dockerfile"))) {
        throw new BadRequest(404, "no app named '" + name + "'");
      }
      return real;
    } catch (IOException e) {
      throw new BadRequest(404, "no app named '" + name + "'");
    }
  }

  private boolean isInside(Path dir) {
    try {
      return dir.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private JsonObject describe(Path dir) {
    return AppDescriber.describe(dir, dir.getFileName().toString(), root.relativize(dir).toString()).json();
  }

  /** Blocking: one app as {@link #list()} shows it, or a 400/404 as {@link #resolve} gives. */
  public JsonObject describe(String name) {
    return AppDescriber.describe(resolve(name), name, name).json();
  }

  /**
   * Blocking: refuses a launch of {@code app} whose {@code run} settings lack a secret the app requires (its
   * slipway.json), or when its slipway.json cannot be read, so nothing starts with the app half configured. A
   * malformed {@code run} passes here: the run request refuses it next, saying why.
   */
  public void requireSecrets(String app, Object run) {
    if (app == null) {
      return;
    }
    AppDescriber.Described described = AppDescriber.describe(resolve(app), app, app);
    if (described.manifestProblem() != null) {
      throw new BadRequest("the app " + app + " cannot be launched until its manifest is fixed: "
          + described.manifestProblem());
    }
    JsonObject secrets = run instanceof JsonObject r && r.getValue("secretEnv") instanceof JsonObject s ? s
        : new JsonObject();
    List<String> missing = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    for (AppManifest.Secret secret : described.manifest().requiredSecrets()) {
      if (!(secrets.getValue(secret.name()) instanceof String value) || value.isBlank()) {
        missing.add("run.secretEnv." + secret.name() + (secret.description() == null ? ""
            : " (" + secret.description() + ")"));
        fields.put("run.secretEnv." + secret.name(), secret.name() + " is required to launch " + app + ": enter it.");
      }
    }
    if (!missing.isEmpty()) {
      throw new BadRequest(400, String.join(", ", missing) + (missing.size() > 1 ? " are" : " is")
          + " required to launch " + app + ": give " + (missing.size() > 1 ? "each" : "it") + " a value", fields);
    }
  }
}
