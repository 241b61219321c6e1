package dev.slipway.store;

import dev.slipway.domain.LogLine;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The record format of {@link FileLogStore}: {@code n TAB stream TAB ts TAB text LF}, with \\, \n and \r escaped. */
final class LogRecords {
  private LogRecords() {
  }

  static byte[] encode(LogLine line, StringBuilder scratch) {
    scratch.setLength(0);
    scratch.append(line.n()).append('\t').append(line.stream()).append('\t')
        .append(line.ts() == null ? "" : line.ts()).append('\t');
    String text = line.text();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> scratch.append("\\\\");
        case '\n' -> scratch.append("\\n");
        case '\r' -> scratch.append("\\r");
        default -> scratch.append(c);
      }
    }
    return scratch.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  static LogLine decode(String record) {
    int a = record.indexOf('\t');
    int b = record.indexOf('\t', a + 1);
    int c = record.indexOf('\t', b + 1);
    String ts = record.substring(b + 1, c);
    return new LogLine(Long.parseLong(record.substring(0, a)), record.substring(a + 1, b),
        unescape(record.substring(c + 1)), ts.isEmpty() ? null : ts);
  }

  private static String unescape(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Reads whole records from {@code offset} (line {@code before} + 1 starts there), skipping up to {@code after}. */
  static List<LogLine> readFrom(FileChannel log, long offset, long before, long after, int limit, long maxChars)
      throws IOException {
    List<LogLine> out = new ArrayList<>();
    InputStream in = new BufferedInputStream(Channels.newInputStream(log.position(offset)), 64 * 1024);
    ByteArrayOutputStream record = new ByteArrayOutputStream(256);
    long n = before;
    long chars = 0;
    int b;
    while (out.size() < limit && chars < maxChars && (b = in.read()) >= 0) {
      if (b != '\n') {
        record.write(b);
        continue;
      }
      n++;
      if (n > after) {
        LogLine line = decode(record.toString(StandardCharsets.UTF_8));
        chars += line.text().length();
        out.add(line);
      }
      record.reset();
    }
    return out;
  }

  /** What a scan of a whole log file found: its tail, and where its last whole record ends. */
  record Scan(LogTail tail, long endOffset) {
  }

  /** Scans the whole log: the last whole record, and each stream's last time (see {@link LogTail}). */
  static Scan scanTail(FileChannel log, java.util.List<Long> indexOffsets) throws IOException {
    InputStream in = new BufferedInputStream(Channels.newInputStream(log.position(0)), 64 * 1024);
    ByteArrayOutputStream record = new ByteArrayOutputStream(256);
    long lines = 0;
    long end = 0;
    long position = 0;
    io.vertx.core.json.JsonObject marks = new io.vertx.core.json.JsonObject();
    int b;
    while ((b = in.read()) >= 0) {
      position++;
      if (b != '\n') {
        record.write(b);
        continue;
      }
      if (lines % FileLogStore.INDEX_EVERY == 0) {
        indexOffsets.add(end);
      }
      LogLine line = decode(record.toString(StandardCharsets.UTF_8));
      record.reset();
      lines++;
      end = position;
      mark(marks, line);
    }
    return new Scan(new LogTail(lines, marks), end);
  }

  /** Counts a container line into its stream's mark: the last time, and how many lines carry it. */
  static void mark(io.vertx.core.json.JsonObject marks, LogLine line) {
    if (line.ts() == null) {
      return;
    }
    io.vertx.core.json.JsonObject mark = marks.getJsonObject(line.stream());
    if (mark != null && line.ts().equals(mark.getString("ts"))) {
      mark.put("count", mark.getInteger("count") + 1);
    } else {
      marks.put(line.stream(), new io.vertx.core.json.JsonObject().put("ts", line.ts()).put("count", 1));
    }
  }
}
