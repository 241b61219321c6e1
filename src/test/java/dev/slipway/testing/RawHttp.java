package dev.slipway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.x over a plain socket, for requests no well-behaved client sends (a missing or malformed Host, a client
 * that writes its whole body before it reads). Everything else goes through {@link SlipwayServer}'s client.
 */
public final class RawHttp {
  private RawHttp() {
  }

  /** A response as read off the wire; header names in lower case. */
  public record Response(int status, Map<String, String> headers, String body) {
  }

  /**
   * Writes {@code head} (request line and headers, without the blank line that ends them) and then all of
   * {@code body}, and only then reads the response. Fails if the whole exchange takes longer than {@code seconds}.
   */
  public static Response exchange(int port, String head, byte[] body, int seconds) {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    AtomicBoolean timedOut = new AtomicBoolean();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      watchdog.schedule(() -> {
        timedOut.set(true);
        closeQuietly(socket);
      }, seconds, TimeUnit.SECONDS);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new AssertionError("no complete answer within " + seconds + " s", e);
      }
      throw new UncheckedIOException(e);
    } finally {
      watchdog.shutdownNow();
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("the server closed the connection without an answer");
    }
    Map<String, String> headers = new TreeMap<>();
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing to end a hung exchange: nothing more to do
    }
  }
}
