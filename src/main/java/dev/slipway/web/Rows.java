package dev.slipway.web;

import dev.slipway.domain.ContainerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The engine's images and containers as table rows. */
public final class Rows {
  /**
   * {@code slipway}: this Slipway built it, for {@code user} (null when unknown); {@code node} lists it; {@code record}:
   * its reproducibility record, from its labels (null for an image Slipway did not build, or built before there was one).
   */
  public record Image(String id, String shortId, List<String> tags, String size, String created, String user,
                      boolean slipway, String node, RecordView record) {
    /** The image's name in the page's words: its first tag, or its short id. */
    public String name() {
      return tags.isEmpty() ? shortId : tags.get(0);
    }
  }

  /** {@code slipway}: this Slipway started it, for {@code user} (null when unknown); {@code node} lists it. */
  public record Container(String id, String name, String image, String state, String status, String jobId,
                          List<JobView.PortLink> ports, String user, boolean slipway, String node) {
    public boolean running() {
      return ContainerState.isUp(state);
    }
  }

  private Rows() {
  }

  static List<Image> images(JsonArray json) {
    List<Image> rows = new ArrayList<>();
    for (Object o : json) {
      JsonObject i = (JsonObject) o;
      String id = i.getString("id", "");
      List<String> tags = new ArrayList<>();
      i.getJsonArray("tags", new JsonArray()).forEach(t -> tags.add(String.valueOf(t)));
      String created = time(Instant.ofEpochSecond(i.getLong("created", 0L)).toString());
      rows.add(new Image(id, id.replaceFirst("^sha256:", "").substring(0, Math.min(12, id.length())), tags,
          size(i.getLong("size", 0L)), created, i.getString("user"), i.getBoolean("slipway", false),
          i.getString("node"), RecordView.of(i.getJsonObject("reproducibility"), created)));
    }
    return rows;
  }

  static List<Container> containers(JsonArray json, String host) {
    List<Container> rows = new ArrayList<>();
    for (Object o : json) {
      JsonObject c = (JsonObject) o;
      JobView ports = new JobView(new JsonObject().put("id", "").put("ports", c.getJsonArray("ports")), host);
      rows.add(new Container(c.getString("id"), c.getString("name"), shortImage(c.getString("image")), c.getString("state"),
          c.getString("status"), c.getString("jobId"), ports.portLinks(), c.getString("user"),
          c.getBoolean("slipway", false), c.getString("node")));
    }
    return rows;
  }

  /** A node a list could not ask: {@code error} says why. */
  public record Unreachable(String node, String error) {
  }

  static List<Unreachable> unreachable(JsonArray json) {
    List<Unreachable> rows = new ArrayList<>();
    json.forEach(o -> rows.add(new Unreachable(((JsonObject) o).getString("node"), ((JsonObject) o).getString("error"))));
    return rows;
  }

  /** ISO instants as the pages show them: {@code 2026-11-28 16:44:44Z}. */
  public static String time(String instant) {
    return instant.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z");
  }

  private static String shortImage(String image) {
    return image != null && image.startsWith("sha256:") ? image.substring(7, Math.min(image.length(), 19)) : image;
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format("%.1f KB", bytes / 1024.0);
    }
    return bytes < 1024L * 1024 * 1024 ? String.format("%.1f MB", bytes / 1024.0 / 1024)
        : String.format("%.2f GB", bytes / 1024.0 / 1024 / 1024);
  }
}
