package dev.slipway.apps;

import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The apps Slipway can build: each folder right under the apps directory that holds a Dockerfile. */
public final class AppCatalog {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern EXPOSE = Pattern.compile("(?im)^\\s*EXPOSE\\s+(.+)$");

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
    return new JsonObject()
        .put("name", dir.getFileName().toString())
        .put("path", root.relativize(dir).toString())
        .put("exposedPorts", exposedPorts(dir.resolve("Dockerfile")));
  }

  private static JsonArray exposedPorts(Path dockerfile) {
    List<String> ports = new ArrayList<>();
    try {
      Matcher m = EXPOSE.matcher(Files.readString(dockerfile));
      while (m.find()) {
        for (String port : m.group(1).trim().split("\\s+")) {
          ports.add(port);
        }
      }
    } catch (IOException e) {
      return new JsonArray();
    }
    return new JsonArray(ports);
  }
}
