package dev.slipway.docker;

import dev.slipway.logs.LineAssembler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One stream (stdout or stderr) of a container's log read with the engine's timestamps. The engine writes each
 * message as {@code TIME SPACE content}; a message ends with a line break, or after {@value #PARTIAL} bytes of a
 * longer line (the rest follows as further messages, each with its own time), or at the end of the log. Frames do
 * not keep to message borders, so the bytes are parsed here as they come.
 *
 * <p>Messages already stored are skipped: those before the resume time, and at it, as many whole lines as were
 * stored (the pieces of a long line share one time, so lines are counted at their line break, not per message). A
 * stream's times never go back, so this is exact per stream. Not thread-safe.
 */
final class TimestampedMessages {
  static final int PARTIAL = 16 * 1024;
  private static final int MAX_TIME_CHARS = 40;

  private final LineAssembler lines;
  private final ByteArrayOutputStream time = new ByteArrayOutputStream(MAX_TIME_CHARS);
  private boolean inContent;
  private int contentBytes;
  private boolean skipping;
  private Instant messageTs;
  private Instant resumeTs;
  private int skipAtResumeTs;
  private Instant lastTs;
  private String lastTsText;
  private int seenAtLastTs;

  TimestampedMessages(int maxLineChars, LineAssembler.LineSink sink) {
    this.lines = new LineAssembler(maxLineChars, sink);
  }

  /** Skip what is stored: messages before {@code ts}, and the first {@code count} messages at it. */
  void resumeAfter(String ts, int count) {
    resumeTs = parse(ts);
    skipAtResumeTs = count;
    if (resumeTs != null) {
      lastTs = resumeTs;
      lastTsText = ts;
      seenAtLastTs = count;
    }
  }

  /** Before reading the log again: what was seen counts as stored, and the next byte starts a message. */
  void rewind() {
    if (lastTs != null) {
      resumeTs = lastTs;
      skipAtResumeTs = seenAtLastTs;
    }
    inContent = false;
    time.reset();
  }

  /** The time of the message being read: a line gets the time of the message that ends it. */
  String currentTs() {
    return lastTsText;
  }

  Instant lastTs() {
    return lastTs;
  }

  void feed(byte[] bytes) {
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (!inContent) {
        if (bytes[i] == ' ' || time.size() >= MAX_TIME_CHARS) {
          startMessage(bytes[i] == ' ' ? null : bytes[i]);
          start = i + 1;
        } else {
          time.write(bytes[i]);
        }
        continue;
      }
      contentBytes++;
      if (bytes[i] == '\n' || contentBytes >= PARTIAL) {
        content(bytes, start, i + 1);
        if (skipping && bytes[i] == '\n' && messageTs.equals(resumeTs)) {
          skipAtResumeTs--;
        }
        inContent = false;
        start = i + 1;
      }
    }
    if (inContent && start < bytes.length) {
      content(bytes, start, bytes.length);
    }
  }

  /** A message's time is read: decide whether the message is new. A prefix that is no time is content. */
  private void startMessage(Byte notSpace) {
    String text = time.toString(StandardCharsets.US_ASCII);
    time.reset();
    inContent = true;
    contentBytes = 0;
    Instant ts = parse(text);
    if (ts == null) {
      skipping = false;
      messageTs = null;
      byte[] raw = (notSpace == null ? text + " " : text).getBytes(StandardCharsets.ISO_8859_1);
      lines.feed(notSpace == null ? raw : append(raw, notSpace));
      return;
    }
    messageTs = ts;
    skipping = resumeTs != null && (ts.isBefore(resumeTs) || ts.equals(resumeTs) && skipAtResumeTs > 0);
    if (!skipping) {
      seenAtLastTs = ts.equals(lastTs) ? seenAtLastTs + 1 : 1;
      lastTs = ts;
      lastTsText = text;
    }
  }

  private void content(byte[] bytes, int from, int to) {
    if (!skipping && to > from) {
      lines.feed(java.util.Arrays.copyOfRange(bytes, from, to));
    }
  }

  /** The end of the log: an unfinished line is reported as it stands. */
  void finish() {
    lines.finish();
  }

  private static byte[] append(byte[] raw, byte b) {
    byte[] out = java.util.Arrays.copyOf(raw, raw.length + 1);
    out[raw.length] = b;
    return out;
  }

  private static Instant parse(String text) {
    if (text.length() < 20 || text.charAt(0) < '0' || text.charAt(0) > '9') {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
