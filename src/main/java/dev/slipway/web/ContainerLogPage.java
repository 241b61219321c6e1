package dev.slipway.web;

import dev.slipway.domain.ContainerState;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the page of a container's log shows, from the node's container list. */
public record ContainerLogPage(String id, String name, String image, String node, String state, String jobId) {
  static ContainerLogPage of(JsonObject row) {
    return new ContainerLogPage(row.getString("id"), row.getString("name"), row.getString("image"),
        row.getString("node"), row.getString("state"), row.getString("jobId"));
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public boolean running() {
    return ContainerState.isRunning(state);
  }

  /** The page's event stream: the last 1,000 lines, then live, with stats while it runs. */
  public String streamUrl() {
    return "/containers/" + encode(id) + "/logs/stream?node=" + encode(node) + "&stats=" + running();
  }

  public String downloadUrl() {
    return "/api/containers/" + encode(id) + "/logs?node=" + encode(node) + "&download=1";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
  }
}
