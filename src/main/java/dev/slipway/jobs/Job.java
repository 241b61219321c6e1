package dev.slipway.jobs;

import dev.slipway.domain.JobKind;
import dev.slipway.domain.JobPhase;
import dev.slipway.domain.JobState;
import dev.slipway.logs.SecretMasker;
import dev.slipway.logs.StreamMasker;
import java.util.HashMap;
import java.util.Map;
import dev.slipway.store.JobRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A job while it lives (queued or running), as the jobs owner holds it. Its state changes only through
 * {@link #moveTo}; the database row follows every change. Event-loop confined: not thread-safe.
 */
final class Job {
  final String id;
  final JobKind kind;
  final String user;
  final String node;
  final Instant createdAt;
  final String target;
  /** The request as anyone may see it: no secret value. */
  final JsonObject params;
  /** The requests themselves, with secret values: in memory only, for the worker. Null after a restart. */
  final BuildRequest build;
  final RunRequest run;
  final SecretMasker masker;
  /** One per stream: a secret cut across two pieces of a long line is masked in both (see {@link StreamMasker}). */
  private final Map<String, StreamMasker> streamMaskers = new HashMap<>();
  /** Set by a cancel; a launch checks it when its build ends, where no Docker work is under way to stop. */
  boolean cancelRequested;
  /** Log writes, one after the other: each batch is stored before it is published, in order. */
  Future<Void> writes = Future.succeededFuture();
  /** Per container stream, the engine time of its last stored line and how many carry it: where a reattach resumes. */
  JsonObject resumeMarks = new JsonObject();
  long storedLines;
  /**
   * True for a run with secrets taken up after a restart: its secret values were never stored, so nothing could mask
   * them; its output is left out (the engine still has it) and only its end is recorded.
   */
  boolean withholdsOutput;
  boolean withheldNoted;
  /** The number the next line gets: lines are numbered when they arrive, stored in that order. */
  long nextLine = 1;
  private JobState state = JobState.QUEUED;
  private JobPhase phase;
  private Instant startedAt;
  private Instant finishedAt;
  private final JsonObject result = new JsonObject();
  private int step;
  private int totalSteps;
  /** What the Docker worker reported of the build: steps, comparison, reproducibility ({@link #noteBuildFacts}). */
  private JsonObject buildFacts = new JsonObject();

  Job(String id, JobKind kind, String user, String node, Instant createdAt, JsonObject params, BuildRequest build,
      RunRequest run) {
    this.id = id;
    this.kind = kind;
    this.user = user;
    this.node = node;
    this.createdAt = createdAt;
    this.params = params;
    this.build = build;
    this.run = run;
    this.masker = run == null ? SecretMasker.NONE : run.masker();
    this.phase = kind.firstPhase();
    // Stored in its own column for the history's filter: masked like everything else a secret could hide in.
    this.target = masker.mask(build != null ? (build.app() != null ? build.app() : "upload") + " → " + build.tag()
        : run != null ? run.image() : "");
  }

  /**
   * A job as the database had it when Slipway started: its requests' secret values are gone, so a run that has any
   * cannot mask its output any more, and its output is withheld from then on (see {@link #withholdsOutput}).
   */
  static Job restored(JobRecord r) {
    Job job = new Job(r.id(), r.kind(), r.user(), r.node(), r.createdAt(), r.params(), null, null);
    JsonObject run = r.params().getJsonObject("run");
    job.withholdsOutput = run != null && !run.getJsonObject("secretEnv", new JsonObject()).isEmpty();
    job.state = r.state();
    job.phase = r.phase();
    job.startedAt = r.startedAt();
    job.storedLines = r.lines();
    job.nextLine = r.lines() + 1;
    job.step = r.step();
    job.totalSteps = r.totalSteps();
    job.buildFacts = r.buildFacts().copy();
    putIfSet(job.result, "imageId", r.imageId());
    putIfSet(job.result, "containerId", r.containerId());
    putIfSet(job.result, "ports", r.ports());
    return job;
  }

  /** The line as it may be stored and shown: secret values masked, in the order the stream's lines came. */
  String mask(String stream, String text) {
    if ("system".equals(stream)) {
      return masker.mask(text);
    }
    return streamMaskers.computeIfAbsent(stream, s -> masker.stream()).mask(text);
  }

  JobState state() {
    return state;
  }

  JobPhase phase() {
    return phase;
  }

  boolean finished() {
    return state.isFinal();
  }

  String imageId() {
    return result.getString("imageId");
  }

  String containerId() {
    return result.getString("containerId");
  }

  /**
   * The one transition: to {@code next}, recording what the worker reported ({@code imageId}, {@code containerId},
   * {@code ports}, {@code exitCode}, {@code error}). Returns false, changing nothing, when the move is not allowed.
   */
  boolean moveTo(JobState next, JsonObject details) {
    if (!state.canMoveTo(next)) {
      return false;
    }
    Instant now = Instant.now();
    if (startedAt == null && next == JobState.RUNNING) {
      startedAt = now;
    }
    if (next.isFinal()) {
      finishedAt = now;
    }
    state = next;
    record(details);
    return true;
  }

  /** A launch whose build succeeded goes on to run the image it built; it stays running. */
  void enterRunPhase(JsonObject details) {
    record(details);
    phase = JobPhase.RUN;
  }

  private void record(JsonObject details) {
    for (String key : new String[] {"imageId", "containerId", "ports", "exitCode", "error"}) {
      if (details.containsKey(key)) {
        Object value = details.getValue(key);
        result.put(key, value instanceof String s ? masker.mask(s) : value);
      }
    }
  }

  /**
   * Takes the build's {@code steps}, {@code comparison} and {@code reproducibility} from a worker's report, true when it
   * had any. The progress is the last step's: the worker reads steps from the daemon's items, where a {@code Step N/M}
   * line printed by a {@code RUN} is not taken for one. Instructions are masked like the log's lines.
   */
  boolean noteBuildFacts(JsonObject report) {
    boolean any = false;
    for (String key : new String[] {"steps", "comparison", "reproducibility"}) {
      if (report.getValue(key) != null) {
        buildFacts.put(key, report.getValue(key));
        any = true;
      }
    }
    JsonArray steps = report.getJsonArray("steps", new JsonArray());
    for (int i = 0; i < steps.size(); i++) {
      JsonObject s = steps.getJsonObject(i);
      s.put("instruction", masker.mask(s.getString("instruction", "")));
      if (i == steps.size() - 1) {
        step = s.getInteger("n", 0);
        totalSteps = s.getInteger("total", 0);
      }
    }
    return any;
  }

  JobRecord record() {
    JsonArray ports = result.getJsonArray("ports");
    return new JobRecord(id, kind, state, phase, user, node, target, params, createdAt, startedAt, finishedAt,
        result.getString("imageId"), result.getString("containerId"), ports == null ? new JsonArray() : ports,
        result.getInteger("exitCode"), result.getString("error"), storedLines, step, totalSteps, buildFacts.copy());
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
