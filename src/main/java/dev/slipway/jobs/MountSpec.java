package dev.slipway.jobs;

import dev.slipway.domain.BadRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A mount as {@code docker run -v} writes it: {@code SOURCE:/container/path[:ro]}. A source that starts with
 * {@code /} is a host path (a bind mount); anything else is a named volume, named as Docker allows.
 */
public record MountSpec(boolean bind, String source, String target, boolean readOnly) {
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}");
  private static final Pattern PATH = Pattern.compile("/[^:\\p{Cntrl}]*");
  /** Where Docker's engine listens on Linux; a bind of the socket or of a folder above it hands out the host. */
  static final List<Path> DOCKER_SOCKETS = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"));

  /** A 400 naming {@code field} when {@code spec} is not {@code SOURCE:/path[:ro|:rw]}. */
  static MountSpec parse(Object spec, String field) {
    if (!(spec instanceof String text)) {
      throw new BadRequest(field + " entries are strings such as \"data:/data\" or \"data:/data:ro\", not " + spec);
    }
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || parts.length == 3 && !parts[2].matches("ro|rw")) {
      throw new BadRequest(field + ": '" + text + "' is not SOURCE:/container/path, optionally with :ro or :rw");
    }
    boolean bind = parts[0].startsWith("/");
    if (bind ? !isPath(parts[0]) : !VOLUME_NAME.matcher(parts[0]).matches()) {
      throw new BadRequest(field + ": '" + parts[0] + "' is neither a volume name (letters, digits and _ . -, "
          + "at least 2 characters, starting with a letter or digit) nor an absolute host path");
    }
    if (!isPath(parts[1]) || trimmed(parts[1]).equals("/")) {
      throw new BadRequest(field + ": the container path '" + parts[1] + "' must be absolute, such as /data, "
          + "without .. and not / itself");
    }
    return new MountSpec(bind, trimmed(parts[0]), trimmed(parts[1]), parts.length == 3 && parts[2].equals("ro"));
  }

  /** Whether this mount shows the host's Docker socket inside the container. */
  boolean mountsDockerSocket() {
    return bind && DOCKER_SOCKETS.stream().anyMatch(socket -> socket.startsWith(Path.of(source)));
  }

  String spec() {
    return source + ":" + target + (readOnly ? ":ro" : "");
  }

  JsonObject toWorker() {
    return new JsonObject().put("type", bind ? "bind" : "volume").put("source", source).put("target", target)
        .put("readOnly", readOnly);
  }

  private static boolean isPath(String path) {
    return PATH.matcher(path).matches() && !List.of(path.split("/")).contains("..")
        && !List.of(path.split("/")).contains(".");
  }

  private static String trimmed(String path) {
    String clean = path.replaceAll("/{2,}", "/");
    return clean.length() > 1 && clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
  }
}
