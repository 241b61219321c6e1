package dev.slipway.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A container's log (stdout and stderr) read with the engine's timestamps ({@code docker logs -t}): the times are
 * taken off and kept with the lines, so a follower can resume exactly after the last stored line of each stream.
 */
final class TimestampedFrames {
  private final TimestampedMessages out;
  private final TimestampedMessages err;

  /** Where a whole line goes, with its stream ({@code stdout}, {@code stderr}) and the engine's time of it. */
  interface Sink {
    void line(String stream, String text, String ts);
  }

  /** {@code resume}: {@code {"stdout": {"ts", "count"}, "stderr": {…}}}, either may be missing. */
  TimestampedFrames(JobReporter reporter, int maxLineChars, JsonObject resume) {
    this(reporter::line, maxLineChars, resume);
  }

  TimestampedFrames(Sink sink, int maxLineChars, JsonObject resume) {
    TimestampedMessages[] self = new TimestampedMessages[2];
    this.out = self[0] = new TimestampedMessages(maxLineChars, text -> sink.line("stdout", text, self[0].currentTs()));
    this.err = self[1] = new TimestampedMessages(maxLineChars, text -> sink.line("stderr", text, self[1].currentTs()));
    JsonObject marks = resume == null ? new JsonObject() : resume;
    mark(out, marks.getJsonObject("stdout"));
    mark(err, marks.getJsonObject("stderr"));
  }

  private static void mark(TimestampedMessages stream, JsonObject mark) {
    if (mark != null && mark.getString("ts") != null) {
      stream.resumeAfter(mark.getString("ts"), mark.getInteger("count", 0));
    }
  }

  /**
   * The time to ask the engine for, in whole seconds and a second early (its filter is coarse): the latest time
   * seen on either stream, since whatever is missing comes after it; null for the whole log.
   */
  Integer sinceSeconds() {
    Instant latest = out.lastTs() == null ? err.lastTs()
        : err.lastTs() == null || out.lastTs().isAfter(err.lastTs()) ? out.lastTs() : err.lastTs();
    return latest == null ? null : (int) Math.max(0, latest.getEpochSecond() - 1);
  }

  void feed(Frame frame) {
    (frame.getStreamType() == StreamType.STDERR ? err : out).feed(frame.getPayload());
  }

  /** Before reading the log again from {@link #sinceSeconds()}: what was fed so far counts as seen. */
  void rewind() {
    out.rewind();
    err.rewind();
  }

  /** Ends both streams: an unfinished last line is reported as it stands. */
  void finish() {
    out.finish();
    err.finish();
  }
}
