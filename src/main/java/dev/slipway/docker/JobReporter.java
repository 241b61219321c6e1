package dev.slipway.docker;

import dev.slipway.bus.Bus;
import dev.slipway.logs.LineAssembler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Sends one job's lines and state changes to the jobs verticle, in the order they happen. */
final class JobReporter {
  private final EventBus bus;
  private final String jobId;
  private final String phase;
  private final int maxLineChars;

  JobReporter(EventBus bus, String jobId, String phase, int maxLineChars) {
    this.bus = bus;
    this.jobId = jobId;
    this.phase = phase;
    this.maxLineChars = maxLineChars;
  }

  String jobId() {
    return jobId;
  }

  /** A line assembler whose lines go to this job, tagged with {@code stream}. */
  LineAssembler lines(String stream) {
    return lines(stream, text -> { });
  }

  /** As {@link #lines(String)}, showing each line to {@code tap} first. */
  LineAssembler lines(String stream, LineAssembler.LineSink tap) {
    return new LineAssembler(maxLineChars, text -> {
      tap.line(text);
      line(stream, text);
    });
  }

  void line(String stream, String text) {
    bus.send(Bus.JOB_OUTPUT, new JsonObject().put("jobId", jobId).put("stream", stream).put("text", text));
  }

  void running(JsonObject details) {
    update("running", details);
  }

  void succeeded(JsonObject details) {
    update("succeeded", details);
  }

  void failed(String error, JsonObject details) {
    update("failed", details.copy().put("error", error));
  }

  void cancelled(JsonObject details) {
    update("cancelled", details);
  }

  private void update(String state, JsonObject details) {
    bus.send(Bus.JOB_UPDATE, details.copy().put("jobId", jobId).put("phase", phase).put("state", state));
  }
}
