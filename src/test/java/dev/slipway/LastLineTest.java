package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.bus.Bus;
import dev.slipway.testing.DirectUsers;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A last line without a newline, printed just before the container exits, races the end of the engine's follow
 * stream. It must be in the stored log every time, on both streams.
 */
@ExtendWith(VertxExtension.class)
class LastLineTest {
  private static final int RUNS = 20;
  private static final String NAME = "slipway-test-lastline-" + Long.toHexString(System.nanoTime()) + "-";
  private static SlipwayServer slipway;

  @BeforeAll
  static void start(Vertx vertx) {
    DockerEngine.require();
    slipway = SlipwayServer.start(vertx);
  }

  @AfterAll
  static void cleanUp() {
    for (int i = 0; i < RUNS; i++) {
      DockerEngine.removeContainer(NAME + i);
    }
  }

  @Test
  void aLastLineWithoutANewlineJustBeforeExitIsAlwaysStored() {
    for (int i = 0; i < RUNS; i++) {
      // Still running when Slipway starts following it, and gone just after: the follow stream then ends before
      // the engine has written the unfinished last line (with the docker CLI, 4 times out of 5).
      String script = "sleep 0.5; seq 1 200; echo err-1 >&2; printf 'err-last-" + i + "' >&2; printf 'out-last-" + i
          + "'";
      String id = slipway.submit("/api/runs", new JsonObject().put("image", DockerEngine.BUSYBOX).put("name", NAME + i)
          .put("command", new JsonArray().add("sh").add("-c").add(script))).getString("id");
      JsonObject done = slipway.awaitEnd(id, 30);
      assertThat(done.getString("state")).as("run %d", i).isEqualTo("succeeded");

      JsonArray lines = SlipwayServer.await(DirectUsers.request(slipway, "admin", Bus.LOG,
          new JsonObject().put("id", id))).getJsonArray("lines");
      List<String> out = new ArrayList<>();
      for (int n = 1; n <= 200; n++) {
        out.add(String.valueOf(n));
      }
      out.add("out-last-" + i);
      assertThat(stream(lines, "stdout")).as("stdout of run %d", i).isEqualTo(out);
      assertThat(stream(lines, "stderr")).as("stderr of run %d", i).containsExactly("err-1", "err-last-" + i);
      assertThat(done.getLong("lines")).isEqualTo(lines.size());
    }
  }

  private static List<String> stream(JsonArray lines, String stream) {
    List<String> texts = new ArrayList<>();
    for (Object o : lines) {
      JsonObject line = (JsonObject) o;
      if (stream.equals(line.getString("stream"))) {
        texts.add(line.getString("text"));
      }
    }
    return texts;
  }
}
