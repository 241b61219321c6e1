package dev.slipway.jobs;

import dev.slipway.bus.Bus;
import dev.slipway.bus.OutputBatch;
import dev.slipway.domain.LogLine;
import dev.slipway.metrics.SlipwayMeters;
import dev.slipway.store.LogStore;
import dev.slipway.store.LogTail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the worker's batches of lines: numbers them, masks them, appends them to the job's stored log (one batch
 * after the other), and only then publishes them and answers the worker, whose next batches wait
 * for that answer. A follower that subscribes first and reads the stored log second misses nothing.
 */
final class JobOutput {
  private static final Logger LOG = LoggerFactory.getLogger(JobOutput.class);
  private final Vertx vertx;
  private final LiveJobs live;
  private final LogStore logs;
  private final SlipwayMeters meters;

  JobOutput(Vertx vertx, LiveJobs live, LogStore logs) {
    this.vertx = vertx;
    this.live = live;
    this.logs = logs;
    this.meters = SlipwayMeters.of(vertx);
  }

  void onBatch(Message<OutputBatch> msg) {
    OutputBatch body = msg.body();
    Job job = live.get(body.jobId());
    if (job == null || job.finished() || !job.phase().wire().equals(body.phase())) {
      msg.reply(new JsonObject());
      return;
    }
    if (job.withholdsOutput) {
      withhold(job);
      msg.reply(new JsonObject());
      return;
    }
    append(job, body.lines()).onComplete(stored -> msg.reply(new JsonObject()));
  }

  /** Says once, in the log, why the output of a run with secrets stops after a restart. */
  private void withhold(Job job) {
    if (!job.withheldNoted) {
      job.withheldNoted = true;
      note(job, "── Slipway restarted: this run's secret values are never stored, so its further output cannot be "
          + "masked and is not shown here (docker logs still has it); the job ends when the container does ──");
    }
  }

  /** Slipway's own note in a job's log, such as where a launch moves on to run. */
  Future<Void> note(Job job, String text) {
    return append(job, List.of(new OutputBatch.Line("system", text, null)));
  }

  private Future<Void> append(Job job, List<OutputBatch.Line> batch) {
    List<LogLine> lines = new ArrayList<>(batch.size());
    long n = job.nextLine;
    for (OutputBatch.Line in : batch) {
      String stream = stream(in.stream());
      String text = job.mask(stream, in.text() == null ? "" : in.text());
      lines.add(new LogLine(n++, stream, text, in.ts()));
    }
    job.nextLine = n;
    job.writes = job.writes.transform(previous -> logs.append(job.id, lines))
        .onSuccess(v -> stored(job, lines))
        .onFailure(e -> LOG.error("job {}: could not store {} log lines: {}", job.id, lines.size(), e.getMessage()));
    return job.writes;
  }

  private void stored(Job job, List<LogLine> lines) {
    JsonArray out = new JsonArray();
    for (LogLine line : lines) {
      out.add(line.toJson());
      LogTail.mark(job.resumeMarks, line);
    }
    job.storedLines = lines.get(lines.size() - 1).n();
    meters.linesStored(lines.size());
    vertx.eventBus().publish(Bus.jobLines(job.id), new JsonObject().put("lines", out));
  }

  private static String stream(String stream) {
    return "stderr".equals(stream) || "system".equals(stream) ? stream : "stdout";
  }
}
