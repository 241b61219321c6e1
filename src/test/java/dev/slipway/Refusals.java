package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.testing.DockerEngine;
import dev.slipway.testing.SlipwayServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Shared checks for the bad-input tests: the error shape, and that a refusal left nothing behind. */
final class Refusals {
  private Refusals() {
  }

  /**
   * The status, a JSON body that is exactly {@code {"error": "…"}} (with {@code "fields"} when the refusal names
   * fields), and a message naming the problem.
   */
  static String assertError(HttpResponse<Buffer> response, int status, String... fragments) {
    assertThat(response.statusCode()).as("status of a response with body %s", response.bodyAsString())
        .isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).contains("error").isSubsetOf("error", "fields");
    assertThat(body.getString("error")).contains(fragments);
    return body.getString("error");
  }

  static boolean imageExists(String tag) {
    try {
      DockerEngine.client().inspectImageCmd(tag).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  static int jobCount(SlipwayServer slipway) {
    return Integer.parseInt(slipway.get("/api/jobs").getHeader("X-Total-Count")); // the list itself is one page
  }

  /** Files left in the server's upload folder, after giving asynchronous deletes a moment to finish. */
  static List<String> uploadsLeft(SlipwayServer slipway) {
    Path uploads = slipway.dataDir.resolve("uploads");
    long deadline = System.currentTimeMillis() + 3000;
    List<String> left = list(uploads);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      SlipwayServer.sleep(100);
      left = list(uploads);
    }
    return left;
  }

  private static List<String> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
