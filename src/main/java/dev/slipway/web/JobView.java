package dev.slipway.web;

import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job as the templates show it. {@code host} is the name the browser used, for links to published ports. */
public record JobView(JsonObject json, String host) {
  public record PortLink(String label, String url) {
  }

  public String id() {
    return json.getString("id");
  }

  public String shortId() {
    return id().substring(0, 8);
  }

  public String kind() {
    return json.getString("kind");
  }

  public String state() {
    return json.getString("state");
  }

  public String phase() {
    return json.getString("phase");
  }

  public boolean finished() {
    return JobState.parse(state()).isFinal();
  }

  /** What the job builds or runs: its tag, or its image. */
  public String target() {
    JsonObject build = json.getJsonObject("build");
    if (build != null) {
      String app = build.getString("app");
      return (app != null ? app : "upload") + " → " + build.getString("tag");
    }
    return json.getJsonObject("run", new JsonObject()).getString("image", "");
  }

  /** The worker node that owns the job: where it is queued, built and run. */
  public String node() {
    return json.getString("node");
  }

  public String createdAt() {
    return Rows.time(json.getString("createdAt", ""));
  }

  public int step() {
    return json.getJsonObject("progress", new JsonObject()).getInteger("step", 0);
  }

  public int totalSteps() {
    return json.getJsonObject("progress", new JsonObject()).getInteger("total", 0);
  }

  public String imageId() {
    return json.getString("imageId");
  }

  public String tag() {
    JsonObject build = json.getJsonObject("build");
    return build == null ? null : build.getString("tag");
  }

  public String containerId() {
    return json.getString("containerId");
  }

  public Integer exitCode() {
    return json.getInteger("exitCode");
  }

  public String error() {
    return json.getString("error");
  }

  /** How long a finished job took; nothing while it runs, since the page would show a stale number. */
  public String duration() {
    Long ms = json.getLong("durationMs");
    if (ms == null || !finished()) {
      return "";
    }
    Duration d = Duration.ofMillis(ms);
    return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format("%.1f s", ms / 1000.0);
  }

  /** When the job started (epoch ms), or null before it did: the page counts the elapsed time from it. */
  public Long startedAtMs() {
    String started = json.getString("startedAt");
    return started == null ? null : java.time.Instant.parse(started).toEpochMilli();
  }

  /** The elapsed time as the server sees it now, for a running job; the page's script keeps it going. */
  public String elapsed() {
    Long started = startedAtMs();
    if (started == null || finished()) {
      return "";
    }
    return elapsedText(Math.max(0, System.currentTimeMillis() - started));
  }

  /** {@code 5 s}, {@code 2 min 05 s}, {@code 1 h 02 min}: as forms.js writes it. */
  static String elapsedText(long ms) {
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + String.format("%02d", s % 60) + " s";
    }
    return s / 3600 + " h " + String.format("%02d", s / 60 % 60) + " min";
  }

  /**
   * A run (or a launch's run) that Slipway stopped: {@code cancelled} to the API, since it did not end by itself, but
   * "stopped" to a person, who asked for it. A job cancelled before its container ran stays "cancelled".
   */
  public boolean stopped() {
    return JobState.CANCELLED.wire().equals(state()) && JobPhase.RUN.wire().equals(phase()) && containerId() != null;
  }

  /** The state as the page says it: "stopped" for a stopped run (its {@code data-state} stays the API's). */
  public String stateLabel() {
    return stopped() ? "stopped" : state();
  }

  /** {@code exit-ok} for 0, {@code exit-error} for anything else: only a non-zero exit is an error. */
  public String exitClass() {
    return exitCode() == null ? null : exitCode() == 0 ? "exit-ok" : "exit-error";
  }

  /** One link per host port: the engine lists a binding for IPv4 and another for IPv6. */
  public List<PortLink> portLinks() {
    Map<String, PortLink> links = new LinkedHashMap<>();
    for (Object o : json.getJsonArray("ports", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      if (p.getInteger("hostPort") == null) {
        continue;
      }
      String label = p.getInteger("hostPort") + " → " + p.getInteger("containerPort") + "/" + p.getString("protocol");
      links.putIfAbsent(label, new PortLink(label, "tcp".equals(p.getString("protocol"))
          ? "http://" + host + ":" + p.getInteger("hostPort") + "/" : null));
    }
    return List.copyOf(links.values());
  }

  /** The build's steps, or null before the first (and for a run). */
  public TimelineView timeline() {
    return TimelineView.of(json);
  }

  /** The reproducibility record of the image the job builds, or null. */
  public RecordView record() {
    return RecordView.of(json.getJsonObject("reproducibility"), null);
  }

  public JsonObject env() {
    return json.getJsonObject("run", new JsonObject()).getJsonObject("env", new JsonObject());
  }

  public JsonObject secretEnv() {
    return json.getJsonObject("run", new JsonObject()).getJsonObject("secretEnv", new JsonObject());
  }
}
