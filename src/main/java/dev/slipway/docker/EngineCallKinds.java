package dev.slipway.docker;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names a call to the engine's API by what it does, from its method and path: {@code containers.start},
 * {@code images.inspect}, {@code build}, {@code ping}. The names come from two fixed lists, never from the ids, image
 * names or tags in the path, so the latency meters they label stay a bounded set; anything else is {@code other}.
 */
final class EngineCallKinds {
  static final String OTHER = "other";
  private static final Pattern VERSION = Pattern.compile("/v\\d+(\\.\\d+)?(?=/)");
  private static final Set<String> RESOURCES = Set.of("containers", "images", "build", "_ping", "version", "info",
      "events", "volumes", "networks", "exec", "system", "auth", "commit", "plugins", "distribution", "session");
  /** The last part of a path that says what is done to the thing it names ({@code json}: inspect it). */
  private static final Map<String, String> ACTIONS = Map.ofEntries(
      Map.entry("json", "inspect"), Map.entry("start", "start"), Map.entry("stop", "stop"), Map.entry("kill", "kill"),
      Map.entry("restart", "restart"), Map.entry("wait", "wait"), Map.entry("logs", "logs"),
      Map.entry("attach", "attach"), Map.entry("top", "top"), Map.entry("stats", "stats"),
      Map.entry("pause", "pause"), Map.entry("unpause", "unpause"), Map.entry("rename", "rename"),
      Map.entry("resize", "resize"), Map.entry("exec", "exec"), Map.entry("archive", "archive"),
      Map.entry("changes", "changes"), Map.entry("export", "export"), Map.entry("update", "update"),
      Map.entry("tag", "tag"), Map.entry("push", "push"), Map.entry("history", "history"),
      Map.entry("get", "get"), Map.entry("load", "load"), Map.entry("search", "search"),
      Map.entry("connect", "connect"), Map.entry("disconnect", "disconnect"));
  /** What a two-part path does to its resource ({@code /containers/json} lists, {@code /images/create} pulls). */
  private static final Map<String, String> COLLECTION = Map.of("json", "list", "create", "create", "prune", "prune",
      "df", "df", "load", "load", "search", "search", "get", "get");

  private EngineCallKinds() {
  }

  static String of(String method, String path) {
    String bare = path == null ? "" : path;
    int query = bare.indexOf('?');
    if (query >= 0) {
      bare = bare.substring(0, query);
    }
    bare = VERSION.matcher(bare).replaceFirst("");
    String[] parts = bare.replaceFirst("^/+", "").split("/+");
    String resource = parts[0];
    if (!RESOURCES.contains(resource)) {
      return OTHER;
    }
    String name = resource.startsWith("_") ? resource.substring(1) : resource;
    if (parts.length == 1) {
      return name;
    }
    String last = parts[parts.length - 1];
    if (parts.length == 2 && COLLECTION.containsKey(last)) {
      return name + "." + COLLECTION.get(last);
    }
    if (parts.length > 2 && ACTIONS.containsKey(last)) {
      return name + "." + ACTIONS.get(last);
    }
    return "DELETE".equals(method == null ? "" : method.toUpperCase(Locale.ROOT)) ? name + ".remove"
        : name + "." + OTHER;
  }
}
