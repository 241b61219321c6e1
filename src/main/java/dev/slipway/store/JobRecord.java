package dev.slipway.store;

import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as the database keeps it and the API shows it. {@code params} is the request as anyone may see it (secret
 * values are never in it): {@code {"build": {…}?, "run": {…}?}}. {@code buildFacts} is what the Docker worker reported of a
 * build, {@code {"steps"?, "comparison"?, "reproducibility"?}} (see {@code builds.BuildSteps}), empty for a run.
 */
public record JobRecord(String id, JobKind kind, JobState state, JobPhase phase, String user, String node,
                        String target, JsonObject params, Instant createdAt, Instant startedAt, Instant finishedAt,
                        String imageId, String containerId, JsonArray ports, Integer exitCode, String error,
                        long lines, int step, int totalSteps, JsonObject buildFacts) {

  /** A job without build facts (a run, or a build before its worker reported any). */
  public JobRecord(String id, JobKind kind, JobState state, JobPhase phase, String user, String node, String target,
                   JsonObject params, Instant createdAt, Instant startedAt, Instant finishedAt, String imageId,
                   String containerId, JsonArray ports, Integer exitCode, String error, long lines, int step,
                   int totalSteps) {
    this(id, kind, state, phase, user, node, target, params, createdAt, startedAt, finishedAt, imageId, containerId,
        ports, exitCode, error, lines, step, totalSteps, new JsonObject());
  }

  /** The job's JSON for the API, the bus and the templates. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("kind", kind.wire())
        .put("state", state.wire())
        .put("phase", phase.wire())
        .put("user", user)
        .put("node", node)
        .put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("lines", lines)
        .put("ports", ports == null ? new JsonArray() : ports.copy());
    if (startedAt != null) {
      json.put("durationMs", Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt).toMillis());
    }
    params.forEach(e -> json.put(e.getKey(), e.getValue() instanceof JsonObject o ? o.copy() : e.getValue()));
    if (totalSteps > 0) {
      json.put("progress", new JsonObject().put("step", step).put("total", totalSteps));
    }
    // What the Docker worker reported of a build: steps, comparison (with the previous build), reproducibility.
    if (buildFacts != null) {
      buildFacts.forEach(e -> json.put(e.getKey(), e.getValue() instanceof JsonObject o ? o.copy()
          : e.getValue() instanceof JsonArray a ? a.copy() : e.getValue()));
    }
    putIfSet(json, "imageId", imageId);
    putIfSet(json, "containerId", containerId);
    putIfSet(json, "exitCode", exitCode);
    putIfSet(json, "error", error);
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
