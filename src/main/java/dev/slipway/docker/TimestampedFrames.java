package dev.slipway.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.logs.LineAssembler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * A container's log frames, read with the engine's timestamps ({@code docker logs -t}): each frame is one log
 * message, prefixed with its RFC 3339 time. The time is taken off and kept with the lines, so a follower can resume
 * exactly after the last stored line: frames before it are skipped, and of the frames that share its time, as many
 * as were stored. Not thread-safe: one stream of frames at a time.
 */
final class TimestampedFrames {
  private final LineAssembler out;
  private final LineAssembler err;
  private Instant skipUntil;
  private int skipAtUntil;
  private Instant lastTs;
  private String lastTsText;
  private int seenAtLastTs;

  /** {@code sink} receives each line with the time of the frame that ended it. */
  TimestampedFrames(JobReporter reporter, int maxLineChars, String resumeAfterTs, int linesAtThatTs) {
    this.out = new LineAssembler(maxLineChars, text -> reporter.line("stdout", text, lastTsText));
    this.err = new LineAssembler(maxLineChars, text -> reporter.line("stderr", text, lastTsText));
    if (resumeAfterTs != null) {
      skipUntil = parse(resumeAfterTs);
      skipAtUntil = linesAtThatTs;
      lastTs = skipUntil;
      lastTsText = resumeAfterTs;
      seenAtLastTs = linesAtThatTs;
    }
  }

  /** The time to ask the engine for (whole seconds, one early: its filter is coarse); null for everything. */
  Integer sinceSeconds() {
    return lastTs == null ? null : (int) Math.max(0, lastTs.getEpochSecond() - 1);
  }

  /** Feeds a frame unless it was already seen (its time is before the last one, or it is one of those at it). */
  void feed(Frame frame) {
    byte[] payload = frame.getPayload();
    int space = timestampEnd(payload);
    if (space < 0) {
      assembler(frame).feed(payload);
      return;
    }
    String text = new String(payload, 0, space, StandardCharsets.US_ASCII);
    Instant ts = parse(text);
    if (ts == null) {
      assembler(frame).feed(payload);
      return;
    }
    if (lastTs != null && ts.isBefore(lastTs)) {
      return;
    }
    if (ts.equals(lastTs)) {
      if (skipAtUntil > 0) {
        skipAtUntil--;
        return;
      }
      seenAtLastTs++;
    } else {
      skipAtUntil = 0;
      seenAtLastTs = 1;
    }
    lastTs = ts;
    lastTsText = text;
    assembler(frame).feed(Arrays.copyOfRange(payload, space + 1, payload.length));
  }

  /** Before reading the log again from {@link #sinceSeconds()}: what was fed so far counts as seen. */
  void rewind() {
    skipAtUntil = seenAtLastTs;
    seenAtLastTs = 0;
  }

  /** Ends both streams: an unfinished last line is reported as it stands. */
  void finish() {
    out.finish();
    err.finish();
  }

  private LineAssembler assembler(Frame frame) {
    return frame.getStreamType() == StreamType.STDERR ? err : out;
  }

  private static int timestampEnd(byte[] payload) {
    for (int i = 0; i < Math.min(payload.length, 40); i++) {
      if (payload[i] == ' ') {
        return i >= 20 && payload[0] >= '0' && payload[0] <= '9' ? i : -1;
      }
    }
    return -1;
  }

  private static Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
