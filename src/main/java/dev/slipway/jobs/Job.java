package dev.slipway.jobs;

import dev.slipway.logs.Ansi;
import dev.slipway.logs.SecretMasker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A build, run or launch job and its whole log. Owned by the jobs verticle's event loop: not thread-safe. */
final class Job {
  static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "cancelled");
  /** {@code system} lines are Slipway's own notes in a job's log, such as where a launch moves on to run. */
  static final Set<String> STREAMS = Set.of("stdout", "stderr", "system");
  private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) :");
  /** A job keeps at most this much log in memory; past it the oldest lines go (line numbers keep counting). */
  static final int MAX_LINES = 100_000;
  static final long MAX_CHARS = 32L * 1024 * 1024;

  final String id = UUID.randomUUID().toString();
  final String kind;
  final BuildRequest build;
  final RunRequest run;
  /** Set by a cancel; a launch checks it when its build ends, where no Docker work is under way to stop. */
  boolean cancelRequested;
  private final SecretMasker masker;
  private final List<LogLine> lines = new ArrayList<>();
  private long firstLine = 1;
  private long chars;
  private final Instant createdAt = Instant.now();
  private final JsonObject result = new JsonObject();
  private String state = "queued";
  private String phase;
  private Instant startedAt;
  private Instant finishedAt;
  private int step;
  private int totalSteps;

  Job(String kind, BuildRequest build, RunRequest run) {
    this.kind = kind;
    this.build = build;
    this.run = run;
    this.masker = run == null ? SecretMasker.NONE : run.masker();
    this.phase = build != null ? "build" : "run";
  }

  boolean finished() {
    return FINAL_STATES.contains(state);
  }

  String phase() {
    return phase;
  }

  /** Appends a masked line; returns it, or null when the job has ended (late output of a cancelled stream). */
  LogLine append(String stream, String text) {
    if (finished()) {
      return null;
    }
    LogLine line = new LogLine(firstLine + lines.size(), STREAMS.contains(stream) ? stream : "stdout",
        masker.mask(text));
    lines.add(line);
    chars += line.text().length();
    if (lines.size() > MAX_LINES || chars > MAX_CHARS) {
      dropOldest(Math.max(1, lines.size() / 10));
    }
    return line;
  }

  private void dropOldest(int count) {
    List<LogLine> oldest = lines.subList(0, count);
    oldest.forEach(l -> chars -= l.text().length());
    oldest.clear();
    firstLine += count;
  }

  /** True when the line moved the build's {@code Step N/M} progress. */
  boolean trackProgress(LogLine line) {
    if (!"build".equals(phase)) {
      return false;
    }
    Matcher m = STEP.matcher(Ansi.strip(line.text()));
    if (!m.find()) {
      return false;
    }
    step = Integer.parseInt(m.group(1));
    totalSteps = Integer.parseInt(m.group(2));
    return true;
  }

  List<LogLine> linesAfter(long after, int limit) {
    int from = (int) Math.min(Math.max(after - firstLine + 1, 0), lines.size());
    return List.copyOf(lines.subList(from, Math.min(lines.size(), from + limit)));
  }

  void running(JsonObject update) {
    if (startedAt == null) {
      startedAt = Instant.now();
    }
    state = "running";
    record(update);
  }

  /** A launch whose build succeeded goes on to run the image it built. */
  void buildDone(JsonObject update) {
    record(update);
    phase = "run";
  }

  void finish(String finalState, JsonObject update) {
    if (startedAt == null) {
      startedAt = Instant.now();
    }
    state = finalState;
    finishedAt = Instant.now();
    record(update);
  }

  private void record(JsonObject update) {
    for (String key : List.of("imageId", "tag", "containerId", "ports", "exitCode", "error")) {
      if (update.containsKey(key)) {
        Object value = update.getValue(key);
        result.put(key, value instanceof String s ? masker.mask(s) : value);
      }
    }
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("kind", kind)
        .put("state", state)
        .put("phase", phase)
        .put("createdAt", createdAt.toString())
        .put("startedAt", startedAt == null ? null : startedAt.toString())
        .put("finishedAt", finishedAt == null ? null : finishedAt.toString())
        .put("lines", firstLine - 1 + lines.size());
    if (firstLine > 1) {
      json.put("droppedLines", firstLine - 1);
    }
    if (startedAt != null) {
      json.put("durationMs", Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt).toMillis());
    }
    if (build != null) {
      json.put("build", build.toJson());
    }
    if (run != null) {
      json.put("run", run.toJson());
    }
    if (totalSteps > 0) {
      json.put("progress", new JsonObject().put("step", step).put("total", totalSteps));
    }
    json.mergeIn(result.copy());
    if (!json.containsKey("ports")) {
      json.put("ports", new JsonArray());
    }
    return json;
  }
}
