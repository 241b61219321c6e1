package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.SlipwayProcess;
import dev.slipway.testing.SlipwayServer;
import dev.slipway.testing.SseClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the cluster tests share: waiting for nodes and states, and checking a stream's lines. */
final class Clusters {
  static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString(("admin:"
      + SlipwayProcess.ADMIN_PASSWORD).getBytes());
  private static final long WAIT_MS = 60_000;

  private Clusters() {
  }

  /** Waits until {@code via}'s node list shows these workers alive with their engines, and these web nodes alive. */
  static void awaitNodes(SlipwayProcess via, Set<String> workers, Set<String> webs) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    Set<String> seen = Set.of();
    while (System.currentTimeMillis() < deadline) {
      Set<String> ready = new HashSet<>();
      for (Object o : via.get("/api/nodes").bodyAsJsonArray()) {
        JsonObject node = (JsonObject) o;
        boolean worker = node.getJsonArray("roles").contains("worker");
        if (node.getBoolean("alive") && (!worker || node.getBoolean("reachable"))) {
          ready.add(node.getString("name"));
        }
      }
      seen = ready;
      if (ready.containsAll(workers) && ready.containsAll(webs)) {
        return;
      }
      SlipwayServer.sleep(250);
    }
    throw new AssertionError("nodes ready after " + WAIT_MS + " ms: " + seen);
  }

  static JsonObject submitted(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 202);
    return response.bodyAsJsonObject();
  }

  static JsonObject awaitState(SlipwayProcess via, String id, String state) {
    return awaitState(via, id, state, WAIT_MS);
  }

  static JsonObject awaitState(SlipwayProcess via, String id, String state, long waitMs) {
    long deadline = System.currentTimeMillis() + waitMs;
    JsonObject job = via.job(id);
    while (!state.equals(job.getString("state")) && System.currentTimeMillis() < deadline) {
      SlipwayServer.sleep(200);
      job = via.job(id);
    }
    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo(state);
    return job;
  }

  /** Lines {@code from}..{@code to} of a printer, each once and in order, each event's id its line number. */
  static void assertEveryLineOnce(List<SseClient.Event> events, long from, long to) {
    long expected = from;
    for (SseClient.Event event : events) {
      assertThat(event.id()).as("line number").isEqualTo(Long.toString(expected));
      assertThat(event.data()).contains("line " + expected);
      expected++;
    }
    assertThat(expected - 1).as("last line").isEqualTo(to);
  }

  static JsonArray array(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonArray();
  }
}
