package dev.slipway.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A container's log read straight from the engine's API socket, {@code GET /containers/ID/logs}, the fastest any
 * client can get it: HTTP/1.0 (so the body is neither chunked nor kept open), Docker's 8-byte frame headers
 * stripped, lines counted, and with {@code timestamps} each line handed over with the engine's own time.
 */
final class EngineLogs {
  /** Receives each line as the engine stored it; {@code text} has no newline and no timestamp. */
  interface LineSink {
    void line(long epochNanos, String text);
  }

  record Result(long lines, long bytes) {
  }

  private final Path socket;

  EngineLogs(Path socket) {
    this.socket = socket;
  }

  /** Reads the whole log of a stopped container (stdout and stderr) and counts its lines. */
  Result count(String containerId) throws IOException {
    return read(containerId, false, null);
  }

  Result read(String containerId, boolean timestamps, LineSink sink) throws IOException {
    String request = "GET /containers/" + containerId + "/logs?stdout=1&stderr=1" + (timestamps ? "&timestamps=1" : "")
        + " HTTP/1.0\r\nHost: docker\r\n\r\n";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      Frames frames = new Frames(sink);
      ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        frames.feed(buffer);
        buffer.compact();
      }
      frames.end();
      return new Result(frames.lines, frames.bytes);
    }
  }

  /** The response after its headers: frames of [stream, 0, 0, 0, size (4 bytes, big-endian)] then size bytes. */
  private static final class Frames {
    private final LineSink sink;
    private final byte[] header = new byte[8];
    private final StringBuilder status = new StringBuilder();
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    private boolean inHeaders = true;
    private int headerEnd;
    private int headerFill;
    private long remaining;
    /** The last byte of each stream (stdin, stdout, stderr): a log may end with a line that has no newline. */
    private final byte[] lastByte = {'\n', '\n', '\n'};
    long lines;
    long bytes;

    Frames(LineSink sink) {
      this.sink = sink;
    }

    void feed(ByteBuffer in) throws IOException {
      while (in.hasRemaining()) {
        if (inHeaders) {
          headers(in.get());
        } else if (remaining == 0) {
          header[headerFill++] = in.get();
          if (headerFill == 8) {
            headerFill = 0;
            remaining = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
          }
        } else {
          int n = (int) Math.min(remaining, in.remaining());
          payload(in, n);
          remaining -= n;
        }
      }
    }

    /** "\r\n\r\n" ends the HTTP headers; any status but 200 is an error (its body is no log). */
    private void headers(byte b) throws IOException {
      status.append((char) b);
      headerEnd = (b == '\r' || b == '\n') ? headerEnd + 1 : 0;
      if (headerEnd == 4) {
        inHeaders = false;
        if (!status.toString().matches("(?s)HTTP/1\\.\\d 200.*")) {
          throw new IOException("the engine answered " + status.toString().trim());
        }
      }
    }

    /** A last line without a newline (a program killed mid-line) is a line too, as {@code docker logs} shows it. */
    void end() {
      for (byte b : lastByte) {
        if (b != '\n') {
          lines++;
        }
      }
      if (sink != null && line.size() > 0) {
        emit();
      }
    }

    private void payload(ByteBuffer in, int n) {
      bytes += n;
      if (n > 0) {
        lastByte[Math.min(header[0] & 0xff, 2)] = in.get(in.position() + n - 1);
      }
      if (sink == null) {
        // Only counting: scan the backing array, as fast as a client that does nothing with the text can.
        byte[] array = in.array();
        int from = in.arrayOffset() + in.position();
        for (int i = from; i < from + n; i++) {
          if (array[i] == '\n') {
            lines++;
          }
        }
        in.position(in.position() + n);
        return;
      }
      for (int i = 0; i < n; i++) {
        byte b = in.get();
        if (b == '\n') {
          lines++;
          emit();
        } else {
          line.write(b);
        }
      }
    }

    /** "2026-11-29T05:45:25.433028651Z text": the engine's RFC 3339 time, a space, the line. */
    private void emit() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      int space = text.indexOf(' ');
      java.time.Instant at = java.time.Instant.parse(space < 0 ? text : text.substring(0, space));
      sink.line(at.getEpochSecond() * 1_000_000_000L + at.getNano(), space < 0 ? "" : text.substring(space + 1));
    }
  }
}
