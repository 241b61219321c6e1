package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import dev.slipway.testing.TestImages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reader that stops reading costs Slipway nothing: it is cut off as soon as its connection's write queue is full,
 * while a reader beside it gets every line at full speed; reconnecting, it catches up from the stored log.
 */
@ExtendWith(VertxExtension.class)
class SlowReaderTest {
  private static final String FLOOD = "slipway-test/slow-reader:flood";
  /** About 12 MB of events: more than the kernel's socket buffers and Slipway's write queue hold together. */
  private static final int LINES = 300_000;
  private static final List<String> CONTAINERS = new ArrayList<>();
  private static SlipwayServer slipway;
  private static Vertx clients;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    TestImages.shell(FLOOD, "sleep 2; seq 1 " + LINES + "; sleep 600");
    slipway = SlipwayServer.start(vertx);
    clients = Vertx.vertx();
  }

  @AfterAll
  static void cleanUp() {
    clients.close();
    CONTAINERS.forEach(DockerEngine::removeContainer);
    TestImages.remove(FLOOD);
  }

  @Test
  void aReaderThatStopsReadingIsCutOffAndTheOthersGetEverything() throws Exception {
    String id = slipway.submit("/api/runs", new JsonObject().put("image", FLOOD)).getString("id");
    String events = "/api/jobs/" + id + "/events";
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", slipway.port));
      OutputStream out = stalled.getOutputStream();
      out.write(("GET " + events + " HTTP/1.1\r\nHost: 127.0.0.1:" + slipway.port + "\r\nAccept: text/event-stream\r\n"
          + "Authorization: " + SlipwayServer.ADMIN_AUTHORIZATION + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Future<SseClient.Result> reader = SseClient.read(clients, slipway.port, events, null,
          e -> "log".equals(e.event()) && e.id().equals(Integer.toString(LINES)));

      SseClient.Result result = SlipwayServer.await(reader);
      assertThat(result.named("log")).hasSize(LINES);
      assertThat(result.named("log").get(LINES - 1).data()).isEqualTo(Integer.toString(LINES));

      // The job still runs, quietly: a reader still connected would now block; a reader cut off reads to the end.
      stalled.setSoTimeout(15_000);
      long received = readUntilClosed(stalled.getInputStream());
      assertThat(received).as("bytes the stalled reader got before it was cut off").isLessThan(LINES * 30L);
    }

    SseClient.Result caughtUp = SlipwayServer.await(SseClient.read(clients, slipway.port, events, "1000",
        e -> "log".equals(e.event()) && e.id().equals(Integer.toString(LINES))));
    assertThat(caughtUp.named("log")).hasSize(LINES - 1000);
    assertThat(caughtUp.named("log").get(0).id()).isEqualTo("1001");
    CONTAINERS.add(slipway.job(id).getString("containerId"));
    slipway.postJson("/api/jobs/" + id + "/cancel", new JsonObject());
    slipway.awaitEnd(id, 60);
  }

  /** Reads until the server closes or resets the connection; fails if it stays open and silent. */
  private static long readUntilClosed(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the stalled reader is still connected after " + total + " bytes", e);
    } catch (IOException reset) {
      // cut off: what was in flight is gone, as it should be
    }
    return total;
  }
}
